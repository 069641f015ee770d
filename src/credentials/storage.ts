// Opt-in persistence in sessionStorage (this tab only, gone when it closes). Never localStorage:
// credentials there outlive the tab and reach every future page of the origin. Any script of the
// origin can write there too, so a record is taken back only when it looks like what STS issued.
import { optionalGlobal } from '../shared/optional-global';
import { readCredentialsRecord } from './record-check';
import type { CredentialsRecord } from './snapshot';

const store = (): Storage | undefined => {
  try {
    return optionalGlobal('sessionStorage');
  } catch {
    return undefined; // storage disabled (e.g. privacy settings)
  }
};

/** The stored credentials if they are well-formed and unexpired at `now` (local epoch ms); else none, and the record is dropped. */
export function loadState(key: string, now: number): CredentialsRecord | undefined {
  let raw: string | null | undefined;
  try {
    raw = store()?.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let record: CredentialsRecord | undefined;
  try {
    record = readCredentialsRecord(JSON.parse(raw), now);
    // Unlike a tab message, a stored record is only worth taking while it is unexpired.
    if (record && record.expiration <= now) record = undefined;
  } catch {
    /* not JSON: discarded below */
  }
  if (!record) clearState(key);
  return record;
}

export function saveState(key: string, s: CredentialsRecord): void {
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
