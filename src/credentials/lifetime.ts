// How long credentials STS just issued will last, on this device's clock. STS states an absolute
// Expiration on its own clock; a device clock ahead of STS by more than the lifetime would judge
// fresh credentials expired the moment they arrive (and refresh in a loop), one behind would
// serve them after they expired. So the session keeps a local deadline: the moment the answer
// arrived plus the lifetime STS granted, estimated here.

/** STS's default DurationSeconds for AssumeRoleWithWebIdentity. */
export const STS_DEFAULT_DURATION_SECONDS = 3600;
/** The longest DurationSeconds STS grants (a role's maximum session duration can be at most this). */
export const STS_MAX_DURATION_SECONDS = 43_200;

/** The longest lifetime STS grants when asked for `requestedSeconds` (ms): never more than asked. */
const longestGrantMs = (requestedSeconds?: number): number =>
  Math.min(requestedSeconds ?? STS_DEFAULT_DURATION_SECONDS, STS_MAX_DURATION_SECONDS) * 1000;

export interface IssuedCredentials {
  /** STS's Expiration (epoch ms, on STS's clock). */
  expiration: number;
  /**
   * When the answer arrived, on STS's clock as the STS client knows it (epoch ms): its clock plus
   * the offset learnt from Date headers; its clock alone where none was readable.
   */
  serverReceivedAt: number;
  /** The DurationSeconds asked for, if any. */
  requestedSeconds?: number;
  /** The `iat` (seconds) of the ID token sent: STS cannot have issued credentials before it. */
  tokenIssuedAt?: number;
}

/**
 * The smallest of what bounds the lifetime (ms), so the estimate errs on the early side:
 * - Expiration minus the server's time on arrival: exact where the Date header was readable
 *   (browsers see it only if STS exposes it); without it this is the lifetime seen on the client's
 *   clock, exact when clocks agree and shorter when that clock is ahead.
 *   Not positive (the local clock is ahead by more than the lifetime): no information, skipped.
 * - What was asked for (or STS's default): STS never grants more, which caps a clock running behind.
 * - Expiration minus the ID token's iat: the token existed before the credentials.
 */
export function grantedLifetimeMs(i: IssuedCredentials): number {
  const bounds = [longestGrantMs(i.requestedSeconds)];
  const observed = i.expiration - i.serverReceivedAt;
  if (observed > 0) bounds.push(observed);
  const sinceToken = typeof i.tokenIssuedAt === 'number' ? i.expiration - i.tokenIssuedAt * 1000 : NaN;
  if (sinceToken > 0) bounds.push(sinceToken);
  return Math.min(...bounds);
}
