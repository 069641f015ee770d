// Opt-in persistence in sessionStorage (this tab only, gone when it closes). Never localStorage:
// credentials there outlive the tab and reach every future page of the origin.
import type { SharedCredentials } from './tab-sync';

const store = (): Storage | undefined => {
  try {
    return (globalThis as any).sessionStorage;
  } catch {
    return undefined; // storage disabled (e.g. privacy settings)
  }
};

export function loadState(key: string): SharedCredentials | undefined {
  try {
    const raw = store()?.getItem(key);
    const s = raw ? (JSON.parse(raw) as SharedCredentials) : undefined;
    return s && typeof s.expiration === 'number' && s.accessKeyId && s.secretAccessKey && s.sessionToken ? s : undefined;
  } catch {
    return undefined;
  }
}

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
