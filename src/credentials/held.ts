// The credentials the session holds, and what is asked of them: have they expired (their local
// deadline passed), are they inside their refresh window, did they just land. Holding credentials
// means showing them in the snapshot, scaling the refresh windows to their lifetime, timing their
// background refresh and, when the app chose sessionStorage, keeping them there for a reload.
import type { TemporaryCredentials } from '../shared/types';
import { SESSION_DEFAULTS } from './defaults';
import type { RefreshTimer } from './refresh-timer';
import type { RefreshWindows } from './refresh-windows';
import { makeSnapshot, readySnapshot, recordOf, type CredentialsRecord, type CredentialsSnapshot, type SessionStatus } from './snapshot';
import { clearState, loadState, saveState } from './storage';
import type { SnapshotStore } from './store';

interface HeldParts {
  now: () => number;
  windows: RefreshWindows;
  /** The sessionStorage key, when credentials are kept there. */
  storageKey?: string;
}

/** The snapshot a session starts from: after a reload, the stored credentials if they are not due. */
export function restoredSnapshot({ now, windows, storageKey }: HeldParts): CredentialsSnapshot {
  const stored = storageKey ? loadState(storageKey, now()) : undefined;
  if (!stored || stored.expiration - now() <= windows.mandatoryMs) return makeSnapshot({ status: 'loading' });
  windows.setLifetime(stored.lifetime);
  return readySnapshot(stored);
}

/** The credentials a session holds, over its snapshot store; see the file's first comment. */
export class HeldCredentials {
  readonly #store: SnapshotStore;
  readonly #p: HeldParts;
  readonly #timer: RefreshTimer;
  /** When the current credentials landed (local clock). */
  #landedAt = -Infinity;

  constructor(store: SnapshotStore, parts: HeldParts, timer: RefreshTimer) {
    this.#store = store;
    this.#p = parts;
    this.#timer = timer;
  }

  /** Times the refresh of credentials held before the session started (restored after a reload). */
  resume(): void {
    const c = this.#store.get().credentials;
    if (c) this.#timer.aheadOf(c.expiration.getTime(), this.#landedAt);
  }

  /**
   * The credentials held, if their deadline has not passed. The deadline is on the local clock
   * (issued.ts), so it is judged by the local clock, whatever STS's says.
   */
  unexpired(): TemporaryCredentials | undefined {
    const c = this.#store.get().credentials;
    return c && c.expiration.getTime() > this.#p.now() ? c : undefined;
  }

  /** The credentials held, if they have not expired and are not yet due for a refresh. */
  fresh(): TemporaryCredentials | undefined {
    const c = this.unexpired();
    return c && this.outsideRefreshWindow(c.expiration.getTime()) ? c : undefined;
  }

  /**
   * Whether the credentials held (expired or not) are due for a refresh in the background: inside
   * the advisory window, and not just landed (asking STS again at once would only start a loop).
   */
  dueInBackground(): boolean {
    return !!this.#store.get().credentials && this.leftMs() <= this.#p.windows.advisoryMs && !this.landedWithinSpacing();
  }

  /** Whether credentials expiring then, having lived that long (default: the ones held), have more than their refresh window left. */
  outsideRefreshWindow(expiration: number, lifetime?: number): boolean {
    const { windows } = this.#p;
    return expiration - this.#p.now() > windows.refreshWindowMs(lifetime === undefined ? undefined : windows.scaleFor(lifetime));
  }

  /** Whether another tab's credentials are for the user here (or there is none yet) and not due. */
  forThisUserOutsideRefreshWindow(r: CredentialsRecord): boolean {
    const mine = this.#store.get().identity?.subject;
    return (!mine || r.identity.subject === mine) && this.outsideRefreshWindow(r.expiration, r.lifetime);
  }

  /** The credentials held, as another tab takes them, while they have not expired. */
  unexpiredRecord(): CredentialsRecord | undefined {
    const c = this.unexpired();
    const identity = this.#store.get().identity;
    return c && identity ? recordOf(c, identity, this.#p.windows.lifetime) : undefined;
  }

  /** How long the credentials held have left (local clock, ms); 0 without credentials. */
  leftMs(): number {
    const c = this.#store.get().credentials;
    return c ? c.expiration.getTime() - this.#p.now() : 0;
  }

  /** Whether they landed less than the minimum refresh spacing ago: no refresh is started then. */
  landedWithinSpacing(): boolean {
    return this.#p.now() - this.#landedAt < SESSION_DEFAULTS.minRefreshSpacingSeconds * 1000;
  }

  /**
   * Holds the credentials of `r` (just issued, another tab's) from now on, refreshed ahead of
   * their expiry; returns them as handed out.
   */
  hold(r: CredentialsRecord): TemporaryCredentials {
    const held = this.#store.get().credentials;
    // Already held: a tab hears the same credentials more than once (announced, then shared when
    // it asks). Taking them again would re-render every consumer, write storage and re-time the
    // refresh for nothing; only a refresh that found them here still has to end as 'ready'.
    if (held?.accessKeyId === r.accessKeyId) {
      this.#store.update({ status: 'ready' });
      return held;
    }
    this.#landedAt = this.#p.now();
    this.#p.windows.setLifetime(r.lifetime);
    this.#store.set(readySnapshot(r));
    if (this.#p.storageKey) saveState(this.#p.storageKey, r);
    this.#timer.aheadOf(r.expiration, this.#landedAt);
    return this.#store.get().credentials!;
  }

  /** Holds nothing any more, and no refresh is timed; `forget` drops the stored copy too (a sign-out). */
  drop(status: SessionStatus, error?: Error, forget = false): void {
    this.#timer.cancel();
    this.#store.clear(status, error);
    if (forget && this.#p.storageKey) clearState(this.#p.storageKey);
  }
}
