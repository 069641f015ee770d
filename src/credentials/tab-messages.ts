// What tabs of one session say to each other over their BroadcastChannel, and the check every
// received message passes before the session sees it. Any script of the origin can post to that
// channel, so a message is read like an answer from an unknown server: the shape, types and bounds
// of STS's own output, or it is dropped, silently and without throwing.
import type { SessionIdentity } from './snapshot';

export interface SharedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiration: number;
  /** How long they lived when issued (ms): tells other tabs how early to refresh short-lived ones. */
  lifetime: number;
  identity: SessionIdentity;
}

export type TabMessage =
  | { type: 'credentials'; state: SharedCredentials }
  | { type: 'signed-out' }
  | { type: 'ask' }
  | { type: 'hello' }
  /** From a tab with no signed-in user of its own: a tab that has one refreshes for everyone. */
  | { type: 'refresh-request'; force: boolean };

/** On the wire every message carries the session's nonce (see TabSync). */
export type WireMessage = TabMessage & { nonce: string };

/** STS issues credentials for 12 hours at most (DurationSeconds' maximum). */
const MAX_LIFETIME_MS = 12 * 3600_000;
/** Room for the clocks two tabs judge expirations by to differ. */
const CLOCK_ROOM_MS = 5 * 60_000;
/** STS's AccessKeyId: 16 to 128 word characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;
/** Secrets end up in signatures and the X-Amz-Security-Token header: printable ASCII, no spaces. */
const SECRET = /^[\x21-\x7e]+$/;
const NONCE = /^[\w-]{16,128}$/;
const IDENTITY_FIELDS = ['assumedRoleArn', 'assumedRoleId', 'subject', 'provider', 'audience', 'sourceIdentity'] as const;

type Fields = Record<string, unknown>;
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own properties only: nothing inherited (say, from a polluted Object.prototype) counts. */
const own = (o: Fields, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonce = (v: unknown): v is string => typeof v === 'string' && NONCE.test(v);

/**
 * The message in `data` with its nonce, or undefined when it is not one this kit sends, well
 * formed. `now` (epoch ms) bounds the expiration. Never throws.
 */
export function readTabMessage(data: unknown, now: number): { message: TabMessage; nonce: string } | undefined {
  try {
    return read(data, now);
  } catch {
    return undefined; // a getter or proxy that throws (not structured-cloned data): not a message
  }
}

function read(data: unknown, now: number): { message: TabMessage; nonce: string } | undefined {
  if (!isFields(data)) return undefined;
  const nonce = own(data, 'nonce');
  const message = readMessage(data, now);
  return message && isNonce(nonce) ? { message, nonce } : undefined;
}

function readMessage(data: Fields, now: number): TabMessage | undefined {
  switch (own(data, 'type')) {
    case 'signed-out':
      return { type: 'signed-out' };
    case 'ask':
      return { type: 'ask' };
    case 'hello':
      return { type: 'hello' };
    case 'refresh-request': {
      const force = own(data, 'force');
      return typeof force === 'boolean' ? { type: 'refresh-request', force } : undefined;
    }
    case 'credentials': {
      const state = readCredentials(own(data, 'state'), now);
      return state && { type: 'credentials', state };
    }
    default:
      return undefined; // unknown types (a newer kit's, or anybody's): ignored
  }
}

/** A fresh copy of well-formed credentials (no field but the known ones), or undefined. */
function readCredentials(v: unknown, now: number): SharedCredentials | undefined {
  if (!isFields(v)) return undefined;
  const [accessKeyId, secretAccessKey, sessionToken, expiration, lifetime] = [
    'accessKeyId',
    'secretAccessKey',
    'sessionToken',
    'expiration',
    'lifetime',
  ].map((k) => own(v, k));
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId)) return undefined;
  if (typeof secretAccessKey !== 'string' || !SECRET.test(secretAccessKey)) return undefined;
  if (typeof sessionToken !== 'string' || !SECRET.test(sessionToken)) return undefined;
  if (!isTime(expiration) || expiration > now + MAX_LIFETIME_MS + CLOCK_ROOM_MS) return undefined;
  if (!isTime(lifetime) || lifetime > MAX_LIFETIME_MS + CLOCK_ROOM_MS) return undefined;
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
