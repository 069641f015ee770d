// A signature refused for its time, for the signed calls only: an unsigned call
// (AssumeRoleWithWebIdentity) carries no time to refuse, so an app that makes only those does not
// ship this.
import { setServerTime } from './clock';
import type { ResolvedConfig } from './config';
import { StsServiceException } from './errors';

const CLOCK_SKEW_CODES = new Set([
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'AuthFailure',
]);

/**
 * Whether STS refused the signature for its time, with the server's clock now known (the call is
 * then signed again). Browsers cannot read the Date header of a cross-origin answer, so the
 * server's time is also taken from the message STS sends
 * ("Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125100Z - 15 min.)").
 */
export function isClockSkew(error: Error, config: ResolvedConfig, clockMoved: boolean): boolean {
  if (!(error instanceof StsServiceException) || !CLOCK_SKEW_CODES.has(error.Code)) return false;
  if (clockMoved) return true;
  const m = /\((\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z [-+]/.exec(error.message);
  if (!m) return false;
  return setServerTime(config, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
