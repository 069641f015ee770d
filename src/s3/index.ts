// web-identity-kit/s3: browser uploads that survive real networks and expiring credentials.
export { uploadToS3, type Upload, type UploadResult, type UploadState } from './upload';
export { choosePartSize, type UploadOptions } from './defaults';
export { createUploadLimiter, type UploadLimiter } from './limiter';
export {
  createUploadQueue,
  type UploadQueue,
  type UploadQueueOptions,
  type QueueItem,
  type QueueItemStatus,
  type QueueSnapshot,
} from './queue';
export { filesFromDrop, filesFromInput, type PickedFile } from './picked-files';
export { pickFiles, canPickFileHandles, type PickFilesOptions } from './file-handles';
export type { ResumeNeeds } from './queue-restore';
export { presignS3Url, type PresignOptions as S3PresignOptions } from './presign';
export {
  S3ServiceException,
  S3CorsError,
  S3UploadError,
  S3UploadSourceError,
  S3NetworkError,
  S3ValidationError,
  corsRuleFor,
} from './errors';
// Thrown when credentials lack a key or secret (the signer checks before signing): caught by type without the STS entry.
export { CredentialsProviderError, WebIdentityKitError } from '../shared/errors';
// The base of S3ServiceException, so an S3-only app can catch any AWS error answer without the STS entry.
export { ServiceException, type ServiceExceptionOptions, type ResponseMetadata, type RetryableTrait } from '../shared/service-exception';
export type { NetworkStatus } from '../shared/network-status';
export { memoryResumeStore, indexedDbResumeStore, type ResumeStore, type ResumeRecord, type ResumeSource } from './resume-store';
export { fetchTransport, xhrTransport, type Transport, type S3Request, type S3Answer } from './transport';
export type { UploadProgress } from './progress';
export type { S3Credentials } from './signer';
export { S3_DEFAULTS } from './defaults';
export { objectUrl, encodeKey, type ObjectAddress } from './address';
