// The standard retry rules both services follow, in one place: which answers are worth another
// attempt, which ask for a slower one, and how long to wait (full jitter, as the AWS SDKs).
import { ServiceException, type RetryableTrait } from './service-exception';

// The AWS SDKs' throttling codes (@smithy/service-error-classification).
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
// Codes of failures that pass on their own, whatever the HTTP status they come with.
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable']);

/** Whether an STS or AWS error code means throttling (e.g. `Throttling`), which is retried with a longer backoff. */
export const isThrottlingCode = (code: string): boolean => THROTTLING_CODES.has(code);

/** The `$retryable` of a service's error answer: throttling (by code or 429), 5xx, or a transient code. */
export function retryableOf(code: string, httpStatusCode = 0): RetryableTrait | undefined {
  const throttling = isThrottlingCode(code) || httpStatusCode === 429;
  return throttling || httpStatusCode >= 500 || TRANSIENT_CODES.has(code) ? { throttling } : undefined;
}

/** Whether the error asks to slow down (a throttling `$retryable`, or HTTP 429), so the retry waits longer. */
export const isThrottling = (error: unknown): boolean =>
  error instanceof ServiceException && (!!error.$retryable?.throttling || error.$metadata.httpStatusCode === 429);

/**
 * Whether another attempt may succeed: an error marked `$retryable` (a service answer so
 * classified, or a network failure or timeout, which carry the mark too), or an HTTP 429.
 */
export const isRetryable = (error: unknown): boolean =>
  isThrottling(error) || (error instanceof Error && '$retryable' in error && !!error.$retryable);

/**
 * The delay before retry number `attempt` (1-based), in milliseconds: `throttling` when the service
 * asked to slow down, `network` when the attempt got no answer at all (status 0).
 * Written as a method's type, whose parameters TypeScript checks both ways, so that a function
 * declared with the flags required, e.g. `(attempt: number, throttling: boolean) => number`, fits.
 *
 * @inline
 */
export type RetryDelay = { delay(attempt: number, throttling?: boolean, network?: boolean): number }['delay'];

/**
 * Full-jitter exponential backoff, the AWS SDKs' standard mode: a random wait from 0 up to
 * base·2^(attempt−1), capped at `maxDelayMs`, so clients that failed together do not retry together.
 *
 * @param baseDelayMs - The first retry waits up to this, doubling with each retry.
 * @param maxDelayMs - No retry waits longer than this.
 * @param throttlingBaseDelayMs - As baseDelayMs, after a throttling answer.
 * @param networkBaseDelayMs - As baseDelayMs, after an attempt that got no answer: a connection
 *   that keeps failing (a Wi-Fi handover, a captive network) gets some seconds to come back.
 * @param random - A number in [0, 1); injectable for tests. Default Math.random, read at each call.
 */
export const backoff =
  (
    baseDelayMs: number,
    maxDelayMs: number,
    throttlingBaseDelayMs = baseDelayMs,
    networkBaseDelayMs = baseDelayMs,
    random?: () => number,
  ): RetryDelay =>
  (attempt, throttling = false, network = false) =>
    (random ?? Math.random)() *
    Math.min(maxDelayMs, (network ? networkBaseDelayMs : throttling ? throttlingBaseDelayMs : baseDelayMs) * 2 ** (attempt - 1));
