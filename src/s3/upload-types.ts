// The public shape of one upload: what it resolves to, the states it goes through, and the handle
// uploadToS3 returns. Apart from the orchestration (upload.ts) so that file holds one concept.

/** What a finished upload resolves to. */
export interface UploadResult {
  /** The bucket the object is in. */
  bucket: string;
  /** The object's key. */
  key: string;
  /** The object's ETag, as S3 gave it (quoted). */
  etag: string;
  /** The object's URL. */
  location: string;
  /** The object's version, in a versioned bucket. */
  versionId?: string;
}

/**
 * Where an upload is: running, paused (by you), waiting for the network (the browser is offline:
 * nothing is sent and no retry spent until it is back), or settled as done, failed or aborted.
 */
export type UploadState = 'running' | 'paused' | 'waiting-for-network' | 'done' | 'failed' | 'aborted';

/** A running upload, made by {@link uploadToS3}: its outcome, and pause, resume and abort. */
export interface Upload {
  /**
   * Resolves when the object is in the bucket. Rejects with {@link S3UploadError} (naming the part
   * when one was to blame), {@link S3UploadSourceError} when the file can no longer be read,
   * {@link S3CorsError}, {@link S3NetworkError} or {@link S3ServiceException} once retries are
   * spent, or with the abort reason. Time offline does not count: the upload waits for the network.
   */
  done: Promise<UploadResult>;
  /**
   * Stops the parts in flight (sent again, whole, on resume). No part or CompleteMultipartUpload
   * is sent while paused; a CreateMultipartUpload or ListParts already under way finishes (as does
   * the CreateMultipartUpload of an upload paused right after {@link uploadToS3} returned).
   */
  pause(): void;
  /** Continues a paused upload (once the network is back, if the browser is offline). */
  resume(): void;
  /**
   * Sends nothing more, stops every request (waiting for a CreateMultipartUpload in flight, whose
   * id it needs), then AbortMultipartUpload: nothing is left in the bucket. After a sign-out it is
   * signed with the last credentials the upload had, while they are unexpired. The state is
   * 'aborted' at once; while the browser is offline, AbortMultipartUpload is sent when it is back
   * online, and the returned promise (and `done`'s rejection) wait for it.
   */
  abort(): Promise<void>;
  /** Where the upload is now. */
  readonly state: UploadState;
  /** The multipart upload's ID, once S3 gave one (none for a single PUT). */
  readonly uploadId?: string;
}
