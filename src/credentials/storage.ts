// Opt-in persistence in sessionStorage (this tab only, gone when it closes). Never localStorage:
// credentials there outlive the tab and reach every future page of the origin. Any script of the
// origin can write there too, so a record is taken back only when it looks like what STS issued.
import { optionalGlobal } from '../shared/optional-global';
import { STS_MAX_DURATION_SECONDS } from './lifetime';
import type { SessionIdentity } from './snapshot';
import type { SharedCredentials } from './tab-sync';

/** AWS access key ids: upper-case letters and digits (STS's pattern allows 16 to 128). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Nothing STS issues lasts longer than 12 hours; a little slack for how the lifetime was measured. */
const LONGEST_MS = (STS_MAX_DURATION_SECONDS + 300) * 1000;
const IDENTITY_FIELDS = ['assumedRoleArn', 'assumedRoleId', 'subject', 'provider', 'audience', 'sourceIdentity'] as const;

const store = (): Storage | undefined => {
  try {
    return optionalGlobal('sessionStorage');
  } catch {
    return undefined; // storage disabled (e.g. privacy settings)
  }
};

/** The stored credentials if they are well-formed and unexpired at `now` (local epoch ms); else none, and the record is dropped. */
export function loadState(key: string, now: number): SharedCredentials | undefined {
  let raw: string | null | undefined;
  try {
    raw = store()?.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let record: SharedCredentials | undefined;
  try {
    record = readRecord(JSON.parse(raw), now);
  } catch {
    /* not JSON: discarded below */
  }
  if (!record) clearState(key);
  return record;
}

/** A fresh object of exactly the expected fields, or undefined if any is missing or out of range. */
function readRecord(v: unknown, now: number): SharedCredentials | undefined {
  if (!isObject(v)) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration, lifetime } = v;
  const identity = readIdentity(v.identity);
  const ok =
    typeof accessKeyId === 'string' &&
    ACCESS_KEY_ID.test(accessKeyId) &&
    isFilled(secretAccessKey) &&
    isFilled(sessionToken) &&
    typeof expiration === 'number' &&
    expiration > now &&
    expiration <= now + LONGEST_MS &&
    typeof lifetime === 'number' &&
    lifetime > 0 &&
    lifetime <= LONGEST_MS &&
    identity;
  return ok ? { accessKeyId, secretAccessKey, sessionToken, expiration, lifetime, identity } : undefined;
}

function readIdentity(v: unknown): SessionIdentity | undefined {
  if (!isObject(v)) return undefined;
  const identity: SessionIdentity = {};
  for (const k of IDENTITY_FIELDS) {
    const field = v[k];
    if (field === undefined) continue;
    if (typeof field !== 'string') return undefined;
    identity[k] = field;
  }
  return identity;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFilled = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function saveState(key: string, s: SharedCredentials): void {
  try {
    store()?.setItem(key, JSON.stringify(s));
  } catch {
    /* full or disabled: the session still works from memory */
  }
}

export function clearState(key: string): void {
  try {
    store()?.removeItem(key);
  } catch {
    /* nothing stored */
  }
}
