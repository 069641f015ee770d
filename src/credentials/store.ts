// The session as a store: one immutable snapshot, read with get(), replaced whole by set() and
// update(), watched with subscribe() (what useSyncExternalStore needs). The work behind it starts
// on first use: a store made and dropped (React StrictMode's rehearsal render) leaves nothing
// behind.
import { makeSnapshot, type CredentialsSnapshot, type SessionStatus } from './snapshot';

/** An observable holder of one immutable snapshot, whose work starts on first use. */
export class SnapshotStore {
  #snapshot: CredentialsSnapshot;
  readonly #listeners = new Set<() => void>();
  /** The work to start on first use; undefined once started or closed. */
  #start?: () => void;

  constructor(initial: CredentialsSnapshot, start: () => void) {
    this.#snapshot = initial;
    this.#start = start;
  }

  get = (): CredentialsSnapshot => this.#snapshot;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Replaces the snapshot and tells the listeners. */
  set(next: CredentialsSnapshot): void {
    this.#snapshot = next;
    this.#listeners.forEach((l) => l());
  }

  /** Changes some fields; nothing happens (no new snapshot, no call) when none differs. */
  update(change: Partial<CredentialsSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    const keys = Object.keys(next) as (keyof CredentialsSnapshot)[];
    if (keys.every((k) => next[k] === this.#snapshot[k])) return;
    this.set(makeSnapshot(next));
  }

  /** A snapshot without credentials. */
  clear(status: SessionStatus, error?: Error): void {
    this.set(makeSnapshot({ status, error }));
  }

  /** `f`, made to start the work first on the first call of any function wrapped so. */
  whenUsed<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R {
    return (...a) => {
      const start = this.#start;
      this.#start = undefined;
      start?.();
      return f(...a);
    };
  }

  /** Nothing starts any more, and no listener is called again. */
  close(): void {
    this.#start = undefined;
    this.#listeners.clear();
  }
}
