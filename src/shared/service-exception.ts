// The one base of every error answer from an AWS service (STS, S3), with the AWS SDK v3's field
// names (@smithy/smithy-client's ServiceException), so code that branches on `$fault`,
// `$metadata` or `$retryable` works the same with the SDK and with the kit.

/** Facts about the HTTP exchange of a call, as the AWS SDK v3 reports them in `$metadata`. */
export interface ResponseMetadata {
  /** The HTTP status of the last answer. */
  httpStatusCode?: number;
  /** The service's request ID, to quote to AWS support. */
  requestId?: string;
  /** How many attempts were made, the first included. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

/** Whether retrying may help, and whether the wait should be a throttling one; as the SDK's `$retryable`. */
export interface RetryableTrait {
  /** The service asked to slow down (Throttling, SlowDown, HTTP 429): retried with a longer backoff. */
  readonly throttling: boolean;
}

/** What {@link ServiceException}'s constructor takes: its fields. */
export interface ServiceExceptionOptions {
  /** The exception's name, as the SDK names it (e.g. `InvalidIdentityTokenException`, `AccessDenied`). */
  name: string;
  /** The service's own words. */
  message: string;
  /** The service's error code, e.g. `InvalidIdentityToken`, `NoSuchBucket`. */
  Code?: string;
  /** 'server' when the service failed, 'client' when the request was at fault. */
  $fault: 'client' | 'server';
  /** Facts about the HTTP exchange. */
  $metadata: ResponseMetadata;
  /** Set when a retry may help. */
  $retryable?: RetryableTrait;
  /** The kit's advice; never contains a secret. */
  hint?: string;
}

/**
 * An error answer from an AWS service: the base of {@link StsServiceException} and
 * {@link s3!S3ServiceException}, named and shaped as the AWS SDK v3's `ServiceException`. Branch on
 * `instanceof ServiceException` for "the service said no", and show `hint` to say what to do.
 *
 * @example
 * ```ts
 * import { ServiceException } from 'web-identity-kit';
 *
 * try {
 *   await session.refresh({ force: true });
 * } catch (e) {
 *   if (e instanceof ServiceException) console.warn(e.name, e.$metadata.requestId, e.hint);
 * }
 * ```
 */
export class ServiceException extends Error {
  /** The service's error code, e.g. `InvalidIdentityToken` for InvalidIdentityTokenException. */
  readonly Code?: string;
  /** 'server' when the service failed, 'client' when the request was at fault. */
  readonly $fault: 'client' | 'server';
  /** Facts about the HTTP exchange: status, request ID, attempts, total retry delay. */
  $metadata: ResponseMetadata;
  /** Set when a retry may help; `throttling` when the service asked to slow down. */
  readonly $retryable?: RetryableTrait;
  /** The kit's advice; `message` stays the service's own words, as in the SDK. */
  readonly hint?: string;
  constructor(options: ServiceExceptionOptions) {
    super(options.message);
    this.name = options.name;
    this.Code = options.Code;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
    this.$retryable = options.$retryable;
    this.hint = options.hint;
  }
}
