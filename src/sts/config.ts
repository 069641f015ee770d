// The client's settings and their defaults, in one place.
import { resolveStsEndpoint } from './endpoint';
import { isSecureOrLoopback, PLAIN_HTTP_HINT } from '../shared/loopback';
import { backoff, type RetryDelay } from '../shared/retry';
import { StsConfigurationError } from './errors';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '../shared/types';

/** The part of `fetch` the client uses; inject one to route, trace or test requests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The settings of {@link StsClient} (and, without `credentials`, of {@link assumeRoleWithWebIdentity}).
 * Named as in @aws-sdk/client-sts where the SDK has the setting.
 */
export interface StsClientSettings {
  /** e.g. 'eu-west-1'. Required unless `endpoint` is given. */
  region?: string;
  /** A custom endpoint URL; wins over the region's. http only for loopback hosts. */
  endpoint?: string;
  /** Use the region's FIPS endpoint. Default false. */
  useFipsEndpoint?: boolean;
  /** Use the region's dual-stack (IPv4 and IPv6) endpoint. Default false. */
  useDualstackEndpoint?: boolean;
  /** The legacy global endpoint (sts.amazonaws.com) for the regions that had it. */
  useGlobalEndpoint?: boolean;
  /** For the signed operations: a value or an async provider (any AWS SDK v3 credential provider). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Injectable transport; defaults to the global fetch, looked up at call time. */
  fetch?: FetchLike;
  /** Attempts per call, the first included: 1 to 10. Default 3. */
  maxAttempts?: number;
  /** Milliseconds allowed for one attempt, until the whole body is read: 1 to 2147483647. Default 10000. */
  requestTimeoutMs?: number;
  /** Milliseconds to add to the local clock to get the server's (within a year); learnt from responses too. */
  systemClockOffset?: number;
  /** Where to log retries and failures (never secrets). Default: no logging. */
  logger?: Logger;
  /** The local clock, in epoch milliseconds; injectable for tests. Default Date.now. */
  now?: () => number;
  /** The delay before retry number `attempt` (1-based). Default: full-jitter exponential backoff. */
  retryDelay?: RetryDelay;
}

export const DEFAULTS = {
  maxAttempts: 3,
  requestTimeoutMs: 10_000,
  /** Standard retry mode's base delays and cap, as in the AWS SDKs. */
  retryBaseDelayMs: 100,
  throttlingRetryBaseDelayMs: 500,
  maxRetryDelayMs: 20_000,
  /** Bodies larger than this are not STS answers (they are a few KB). */
  maxResponseBytes: 1 << 20,
} as const;

/** STS's default retryDelay: full jitter from 100 ms (500 ms after throttling), capped at 20 s. */
export const fullJitterBackoff = backoff(DEFAULTS.retryBaseDelayMs, DEFAULTS.maxRetryDelayMs, DEFAULTS.throttlingRetryBaseDelayMs);

export interface ResolvedConfig {
  url: string;
  signingRegion: string;
  fetch: FetchLike;
  maxAttempts: number;
  requestTimeoutMs: number;
  /** Shared and updated from each response's Date header. */
  clock: { offset: number; now: () => number };
  retryDelay: RetryDelay;
  logger?: Logger;
}

const LIMITS = {
  /** Attempts per call: retries are for brief failures, and each waits up to 20 s of backoff. */
  maxAttempts: 10,
  /** setTimeout's largest delay; a longer one (or Infinity) fires at once. */
  timerMs: 2 ** 31 - 1,
  /** A clock a year off is broken, not skewed; NaN would make every signature an invalid date. */
  clockOffsetMs: 366 * 86_400_000,
} as const;

/**
 * A number from min to max; NaN, Infinity and non-numbers fail (a NaN maxAttempts retried
 * without end, an Infinity timeout fired at once), and fractions too where a count is meant.
 */
function checkRange(name: string, what: string, value: unknown, [min, max]: [number, number], whole: boolean, hint: string): void {
  const ok = typeof value === 'number' && (whole ? Number.isInteger(value) : Number.isFinite(value));
  if (ok && value >= min && value <= max) return;
  const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
  throw new StsConfigurationError(`${name} must be ${what} from ${min} to ${max}, got ${got}`, hint);
}

export function resolveConfig(settings: StsClientSettings): ResolvedConfig {
  const { url, signingRegion } = resolveStsEndpoint(settings);
  const target = new URL(url);
  if (!isSecureOrLoopback(target)) {
    throw new StsConfigurationError(
      `Refusing to send tokens and signed requests to ${target.protocol}//${target.hostname}: only https is allowed there`,
      PLAIN_HTTP_HINT,
    );
  }
  const maxAttempts = settings.maxAttempts ?? DEFAULTS.maxAttempts;
  const requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const offset = settings.systemClockOffset ?? 0;
  const ms = 'a finite number of milliseconds';
  checkRange('maxAttempts', 'a whole number', maxAttempts, [1, LIMITS.maxAttempts], true, 'Use 1 for no retries.');
  checkRange('requestTimeoutMs', ms, requestTimeoutMs, [1, LIMITS.timerMs], false, `Leave it unset for ${DEFAULTS.requestTimeoutMs} ms.`);
  const offsetRange: [number, number] = [-LIMITS.clockOffsetMs, LIMITS.clockOffsetMs];
  checkRange('systemClockOffset', ms, offset, offsetRange, false, 'Leave it unset: STS answers set it.');
  return {
    url,
    signingRegion,
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    maxAttempts,
    requestTimeoutMs,
    clock: { offset, now: settings.now ?? Date.now },
    retryDelay: settings.retryDelay ?? fullJitterBackoff,
    logger: settings.logger,
  };
}
