// web-identity-kit/react: the React adapter over the framework-free core.
export { StsProvider, type StsProviderProps } from './components/sts-provider';
export { useAwsCredentials, type AwsCredentialsState } from './hooks/use-aws-credentials';
export { useCredentialSession } from './hooks/context';
export { SignInButton, SignOutButton, type ButtonProps } from './components/sign-in-button';
export { RequireCredentials, type RequireCredentialsProps } from './components/require-credentials';
export { CredentialsStatus, formatRemaining, type CredentialsStatusProps } from './components/credentials-status';
export { useS3Upload, type S3UploadState, type S3UploadSettings, type UploadStatus } from './hooks/use-s3-upload';
export { useS3UploadQueue, type S3UploadQueueState, type S3UploadQueueSettings } from './hooks/use-s3-upload-queue';
export { S3Uploader, type S3UploaderProps } from './components/s3-uploader';
export { formatBytes } from './components/format';
