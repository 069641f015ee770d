// The one check a credentials record passes when it comes back from outside (a tab message,
// sessionStorage): any script of the origin can write to both, so a record is read like an answer
// from an unknown server: the shape, types and bounds of STS's own output, or nothing.
import { STS_MAX_DURATION_SECONDS } from './lifetime';
import type { CredentialsRecord, SessionIdentity } from './snapshot';

/** STS issues credentials for 12 hours at most, plus room for two clocks to differ by 5 minutes. */
const LONGEST_MS = (STS_MAX_DURATION_SECONDS + 300) * 1000;
/** AWS access key ids: upper-case letters and digits (STS's pattern allows 16 to 128). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Secrets end up in signatures and the X-Amz-Security-Token header: printable ASCII, no spaces. */
const SECRET = /^[\x21-\x7e]+$/;
const IDENTITY_FIELDS = ['assumedRoleArn', 'assumedRoleId', 'subject', 'provider', 'audience', 'sourceIdentity'] as const;

export type Fields = Record<string, unknown>;
export const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own properties only: nothing inherited (say, from a polluted Object.prototype) counts. */
export const own = (o: Fields, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isSecret = (v: unknown): v is string => typeof v === 'string' && SECRET.test(v);

/**
 * A fresh copy of well-formed credentials (no field but the known ones), or undefined. `now`
 * (epoch ms) bounds the expiration; whether they are still unexpired is the caller's call.
 */
export function readCredentialsRecord(v: unknown, now: number): CredentialsRecord | undefined {
  if (!isFields(v)) return undefined;
  const [accessKeyId, secretAccessKey, sessionToken, expiration, lifetime] = [
    'accessKeyId',
    'secretAccessKey',
    'sessionToken',
    'expiration',
    'lifetime',
  ].map((k) => own(v, k));
  const ok =
    typeof accessKeyId === 'string' &&
    ACCESS_KEY_ID.test(accessKeyId) &&
    isSecret(secretAccessKey) &&
    isSecret(sessionToken) &&
    isTime(expiration) &&
    expiration <= now + LONGEST_MS &&
    isTime(lifetime) &&
    lifetime <= LONGEST_MS;
  if (!ok) return undefined;
  const identity = readIdentity(own(v, 'identity'));
  return identity && { accessKeyId, secretAccessKey, sessionToken, expiration, lifetime, identity };
}

function readIdentity(v: unknown): SessionIdentity | undefined {
  if (!isFields(v)) return undefined;
  const identity: SessionIdentity = {};
  for (const key of IDENTITY_FIELDS) {
    const value = own(v, key);
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    identity[key] = value;
  }
  return identity;
}
