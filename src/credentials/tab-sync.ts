// Tabs of one origin share one refresh: a Web Lock makes one tab at a time refresh, and a
// BroadcastChannel hands its result (and sign-outs) to the others. Where either is missing the
// session simply works per tab.
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

/** The parts of the Web Locks API the session uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
/** The parts of BroadcastChannel the session uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  close(): void;
}

/**
 * A shared, non-secret note of how long the last refresh's credentials last (localStorage in
 * browsers): a tab that gets the lock after another tab refreshed knows to wait for them.
 */
export interface FreshnessMarker {
  read(name: string): string | undefined;
  write(name: string, value: string): void;
}

/** The marker's content: when the shared credentials expire and how long they lived. */
export interface SharedFreshness {
  expiration: number;
  lifetime: number;
}

export interface TabEnvironment {
  locks?: LockManagerLike;
  channel?: (name: string) => ChannelLike;
  marker?: FreshnessMarker;
}

export class TabSync {
  readonly #name: string;
  readonly #locks?: LockManagerLike;
  #channel?: ChannelLike;
  readonly #marker?: FreshnessMarker;
  readonly #handlers = new Set<(m: TabMessage) => void>();

  readonly #env: TabEnvironment | false;

  constructor(name: string, env: TabEnvironment | false) {
    this.#name = name;
    this.#env = env;
    if (!env) return;
    this.#locks = env.locks;
    this.#marker = env.marker;
  }

  /** Joins the other tabs; until then nothing is sent or received. */
  open(): void {
    if (!this.#env || this.#channel) return;
    this.#channel = this.#env.channel?.(this.#name);
    this.#channel?.addEventListener('message', (e) => this.#receive(e.data as TabMessage));
    this.#channel?.postMessage({ type: 'hello' } satisfies TabMessage);
  }

  #receive(m: TabMessage) {
    if (!m || typeof m !== 'object') return;
    this.#handlers.forEach((h) => h(m));
  }

  /** Runs fn holding the cross-tab refresh lock (at once where there are no locks). */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#locks ? this.#locks.request(`${this.#name}:refresh`, fn) : fn();
  }

  publish(m: TabMessage): void {
    this.#channel?.postMessage(m);
    if (m.type === 'credentials') this.#marker?.write(this.#name, `${m.state.expiration}:${m.state.lifetime}`);
    if (m.type === 'signed-out') this.#marker?.write(this.#name, '');
  }

  /** The credentials another tab last shared, if any tab did and nobody signed out since. */
  shared(): SharedFreshness | undefined {
    const [expiration, lifetime] = (this.#channel ? (this.#marker?.read(this.#name) ?? '') : '').split(':').map(Number);
    return expiration > 0 && lifetime > 0 ? { expiration, lifetime } : undefined;
  }

  onMessage(handler: (m: TabMessage) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Asks the other tabs for their credentials; the first usable answer, or undefined after `ms`. */
  ask(ms: number, usable: (s: SharedCredentials) => boolean, timers: Timers, request: TabMessage = { type: 'ask' }): Promise<SharedCredentials | undefined> {
    if (!this.#channel) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const stop = this.onMessage((m) => {
        if (m.type === 'credentials' && usable(m.state)) finish(m.state);
      });
      const timer = timers.setTimeout(() => finish(undefined), ms);
      const finish = (s: SharedCredentials | undefined) => {
        stop();
        timers.clearTimeout(timer);
        resolve(s);
      };
      this.publish(request);
    });
  }

  close(): void {
    this.#handlers.clear();
    this.#channel?.close();
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser's own Web Locks, BroadcastChannel and localStorage (for the marker only). */
export function browserTabs(): TabEnvironment {
  const g = globalThis as any;
  const locks = g.navigator?.locks as LockManagerLike | undefined;
  const BC = g.BroadcastChannel as (new (name: string) => ChannelLike) | undefined;
  const marker: FreshnessMarker = {
    read(name) {
      try {
        return g.localStorage?.getItem(`${name}:shared`) ?? undefined;
      } catch {
        return undefined;
      }
    },
    write(name, value) {
      try {
        g.localStorage?.setItem(`${name}:shared`, value);
      } catch {
        /* storage disabled: tabs then wait for nobody and call STS themselves */
      }
    },
  };
  return { locks, channel: BC ? (name) => new BC(name) : undefined, marker };
}
