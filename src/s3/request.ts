// Sending one S3 request well: signed as it leaves, retried with backoff on what is transient
// (5xx, SlowDown, RequestTimeout, network, stalls), re-signed with fresh credentials once after
// ExpiredToken, and turned into a typed error otherwise. While the browser says it is offline no
// attempt leaves and none is counted: a lost connection is waited out, not retried against.
import { whenOnline, type NetworkStatus } from '../shared/network-status';
import { isRetryable, isThrottling, type RetryDelay } from '../shared/retry';
import { sleep } from '../shared/sleep';
import { field, readRoot } from '../shared/xml';
import { S3NetworkError, S3ServiceException } from './errors';
import type { S3Signer } from './signer';
import type { S3Answer, Transport } from './transport';

export interface RequestContext {
  signer: S3Signer;
  /** This machine's clock and how far S3's is ahead of it (learnt from RequestTimeTooSkewed). */
  clock: { now: () => number; offset: number };
  transport: Transport;
  maxAttempts: number;
  stallTimeoutMs: number;
  /** Told `network` when the attempt got no answer at all (status 0): S3's default then waits longer. */
  retryDelay: RetryDelay;
  /** Whether the browser says it is online: no attempt leaves while it says not. */
  network: NetworkStatus;
}

export interface S3Call {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Blob | Uint8Array | string;
  onUploadProgress?: (loaded: number) => void;
  /** Called before each attempt, e.g. to reset a part's progress. */
  onAttempt?: (attempt: number) => void;
  /**
   * Once aborted, no attempt leaves (nor is a retry awaited), but one already sent is not cut:
   * for calls whose answer must be known, as CreateMultipartUpload's id, or the upload lingers.
   */
  stop?: AbortSignal;
  /** Cleaning up (AbortMultipartUpload): sign with the last credentials if the provider now fails. */
  orLastGoodCredentials?: boolean;
  /**
   * Called when an attempt got no answer: rejects when the body can no longer be read (a file
   * changed on disk), which no retry would mend and a network error would misname.
   */
  checkBody?: () => Promise<void>;
}

/** A retryable failure of the request itself; the credentials provider's failures are its own to retry. */
const ownRetryable = (e: unknown): boolean => (e instanceof S3NetworkError || e instanceof S3ServiceException) && isRetryable(e);

export async function send(ctx: RequestContext, call: S3Call, signal?: AbortSignal): Promise<S3Answer> {
  let refreshed = false;
  let skewCorrected = false;
  const sign = (method: string, url: string, headers: Record<string, string>, date: Date) =>
    call.orLastGoodCredentials
      ? ctx.signer.signWithLastGood(method, url, headers, date)
      : ctx.signer.sign(method, url, headers, date, ctx.clock.now());
  const stopped = () => (signal?.throwIfAborted(), call.stop?.throwIfAborted());
  for (let attempt = 1; ; attempt++) {
    stopped();
    await whenOnline(ctx.network, signal ?? call.stop);
    call.onAttempt?.(attempt);
    let error: unknown;
    try {
      const signingDate = new Date(ctx.clock.now() + ctx.clock.offset);
      const headers = await sign(call.method, call.url, call.headers ?? {}, signingDate);
      stopped(); // paused or aborted while signing: send nothing
      const answer = await ctx.transport({
        method: call.method,
        url: call.url,
        headers,
        body: call.body,
        signal,
        onUploadProgress: call.onUploadProgress,
        stallTimeoutMs: ctx.stallTimeoutMs,
      });
      const failure = errorOf(answer, attempt);
      if (!failure) return answer;
      error = failure;
      if (failure.Code === 'ExpiredToken' && !refreshed) {
        refreshed = true;
        await ctx.signer.refresh();
        attempt--; // a re-sign with new credentials is not a retry
        continue;
      }
      if (failure.Code === 'RequestTimeTooSkewed' && failure.ServerTime && !skewCorrected) {
        skewCorrected = true;
        ctx.clock.offset = failure.ServerTime.getTime() - ctx.clock.now();
        attempt--; // nor is a re-sign on S3's time
        continue;
      }
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (call.stop?.aborted) throw call.stop.reason;
      error = e;
    }
    const noAnswer = error instanceof S3NetworkError;
    if (noAnswer) await call.checkBody?.();
    // Failed because the browser went offline (its event may not have come yet): not an attempt.
    if (noAnswer && !ctx.network.isOnline()) {
      attempt--;
      continue;
    }
    if (!ownRetryable(error) || attempt >= ctx.maxAttempts) throw error;
    await sleep(ctx.retryDelay(attempt, isThrottling(error), noAnswer), signal ?? call.stop);
  }
}

/** S3's error, from a failed status, or from a 200 whose body is an <Error> (CompleteMultipartUpload does that). */
export function errorOf(a: S3Answer, attempts: number): S3ServiceException | undefined {
  const $metadata = { httpStatusCode: a.status, requestId: a.header('x-amz-request-id') ?? undefined, attempts };
  if (a.status < 300 && !/^\s*(<\?xml[^>]*\?>\s*)?<Error[\s>]/.test(a.body)) return undefined;
  try {
    const content = readRoot(a.body, 'Error');
    const get = (n: string) => field(content, n);
    const serverTime = get('ServerTime') ? new Date(get('ServerTime')!) : undefined;
    return new S3ServiceException({
      ServerTime: serverTime && !Number.isNaN(serverTime.getTime()) ? serverTime : undefined,
      Code: get('Code') ?? 'UnknownError',
      message: get('Message') ?? get('Code') ?? `HTTP ${a.status}`,
      RequestId: get('RequestId') ?? $metadata.requestId,
      HostId: get('HostId'),
      $metadata,
      hint: HINTS[get('Code') ?? ''],
    });
  } catch {
    // HEAD answers have no body; proxies send HTML.
    const Code = a.status === 404 ? 'NotFound' : a.status === 403 ? 'Forbidden' : a.status >= 500 ? 'InternalError' : 'UnknownError';
    return new S3ServiceException({
      Code,
      message: `S3 answered HTTP ${a.status}${a.body ? ' with a body that is not S3 XML' : ''}`,
      $metadata,
    });
  }
}

const HINTS: Record<string, string> = {
  AccessDenied: 'Check that the role\u2019s policy (and any session policy) allows s3:PutObject on this key\u2019s prefix.',
  SignatureDoesNotMatch: 'Check that the region matches the bucket\u2019s and that the credentials are intact.',
  InvalidAccessKeyId: 'The credentials are not known to S3: sign in again.',
  ExpiredToken: 'The credentials expired: the kit refreshed them once; sign in again if it persists.',
  NoSuchBucket: 'Check the bucket name and region.',
  NoSuchUpload: 'The multipart upload was aborted, completed or expired: start a new upload.',
  EntityTooSmall: 'Every part but the last must be at least 5 MiB.',
};
