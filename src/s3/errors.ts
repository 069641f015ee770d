// S3's failures, typed: S3's own error answers, the browser's CORS refusals (with the fix), and
// an upload's failure naming the part that failed.
import { WebIdentityKitError } from '../shared/errors';
import { retryableOf } from '../shared/retry';
import { ServiceException, type ResponseMetadata } from '../shared/service-exception';

/** An error answer from S3, named by its code (`name` is e.g. `AccessDenied`, as in the SDK). */
export class S3ServiceException extends ServiceException {
  /** S3's error code, e.g. `AccessDenied`, `NoSuchBucket`, `RequestTimeTooSkewed`. */
  declare readonly Code: string;
  /** S3's request ID, to quote to AWS support. */
  readonly RequestId?: string;
  /** S3's extended request ID. */
  readonly HostId?: string;
  /** S3's clock, when it says the request's time was too far from it (RequestTimeTooSkewed). */
  readonly ServerTime?: Date;
  constructor(init: {
    Code: string;
    message: string;
    RequestId?: string;
    HostId?: string;
    $metadata: ResponseMetadata;
    hint?: string;
    ServerTime?: Date;
  }) {
    const status = init.$metadata.httpStatusCode ?? 0;
    super({ ...init, name: init.Code, $fault: status >= 500 ? 'server' : 'client', $retryable: retryableOf(init.Code, status) });
    if (init.RequestId) this.RequestId = init.RequestId;
    if (init.HostId) this.HostId = init.HostId;
    if (init.ServerTime) this.ServerTime = init.ServerTime;
  }
}

/** Bad options, caught before any request. */
export class S3ValidationError extends WebIdentityKitError {
  readonly option: string;
  constructor(option: string, message: string, hint: string) {
    super('S3ValidationError', `${option} ${message}`, hint);
    this.option = option;
  }
}

/** The browser blocked the request or hid a header: the bucket's CORS rule needs a change. */
export class S3CorsError extends WebIdentityKitError {
  /** The bucket CORS configuration that fixes it (aws s3api put-bucket-cors --cors-configuration). */
  readonly corsConfiguration: unknown;
  constructor(message: string, corsConfiguration: unknown) {
    const json = JSON.stringify(corsConfiguration, null, 2);
    super(
      'S3CorsError',
      `${message}\nApply this CORS configuration to the bucket:\n${json}`,
      `aws s3api put-bucket-cors --bucket <bucket> --cors-configuration '${JSON.stringify(corsConfiguration)}'`,
    );
    this.corsConfiguration = corsConfiguration;
  }
}

/** No answer: offline, DNS, reset, or a stalled connection. */
export class S3NetworkError extends WebIdentityKitError {
  /** Always retried: no answer came, so the next attempt may get one. */
  readonly $retryable = { throttling: false } as const;
  constructor(message: string, cause?: unknown) {
    // Said of every upload, resumeKey or not: only one started again with the same resumeKey keeps its parts.
    super(
      'S3NetworkError',
      message,
      'Check the connection and start the upload again (with the same resumeKey, only the missing parts are sent).',
      { cause },
    );
  }
}

/** An upload failed for good; `partNumber` names the part when one was to blame. */
export class S3UploadError extends WebIdentityKitError {
  readonly partNumber?: number;
  readonly uploadId?: string;
  constructor(message: string, o: { partNumber?: number; uploadId?: string; cause?: unknown; resumable: boolean; hint?: string }) {
    super(
      'S3UploadError',
      message,
      o.hint ??
        (o.resumable ? 'Start the upload again with the same resumeKey: only the missing parts are sent.' : 'Start the upload again.'),
      { cause: o.cause },
    );
    if (o.partNumber !== undefined) this.partNumber = o.partNumber;
    if (o.uploadId) this.uploadId = o.uploadId;
  }
}

/**
 * The body can no longer be read: the file changed on disk, was moved or deleted, or (Chromium's
 * ERR_BLOB_REFERENCED_BLOB_BROKEN) its Blob lost what it was made of. Told apart from a network
 * failure by reading one byte of the part that failed, so the user is not sent to check a
 * connection or a CORS rule that are fine. Retrying cannot help; picking the file again can.
 */
export class S3UploadSourceError extends S3UploadError {
  /** Whether an upload with the same resumeKey keeps the parts already stored. */
  readonly resumable: boolean;
  /** `partNumber` is absent when the file could not even be opened again (a restored upload, see an upload queue's `restore()`). */
  constructor(o: { partNumber?: number; uploadId?: string; cause?: unknown; resumable: boolean }) {
    super('The file changed or can no longer be read; pick it again', {
      ...o,
      hint: o.resumable
        ? 'Pick the file again and upload it with the same resumeKey: if it is the same file, only the missing parts are sent.'
        : 'Pick the file again and start its upload again.',
    });
    this.name = 'S3UploadSourceError';
    this.resumable = o.resumable;
  }
}

/** The CORS rule a browser upload needs: this origin, the methods, any header, and ETag exposed. */
export function corsRuleFor(origin: string) {
  return {
    CORSRules: [
      {
        AllowedOrigins: [origin],
        AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
        AllowedHeaders: ['*'],
        // Date lets the AWS SDK correct a skewed clock (it reads the header of a refused request).
        ExposeHeaders: ['ETag', 'x-amz-version-id', 'x-amz-checksum-crc32', 'Date'],
        MaxAgeSeconds: 3000,
      },
    ],
  };
}
