// Tabs of one origin share one refresh: a Web Lock makes one tab at a time refresh, and a
// BroadcastChannel hands its result (and sign-outs) to the others. Where either is missing the
// session simply works per tab.
//
// Who may take part. Any script of the origin can open the channel (its name is no secret), so
// every message is checked (tab-messages.ts) and must carry the session nonce. The tab that calls
// STS, holding the Web Lock, makes a new random nonce and writes it with the freshness marker
// (localStorage) before it broadcasts the credentials; peers read it there, send it with every
// message, and take or answer only messages that carry it. A script that merely posts to the
// channel (a forged 'ask', 'credentials' or 'signed-out', or another kit's session that happens to
// share the name) gets nothing and changes nothing.
// Its limits: the nonce is not a secret from the origin. A script that reads localStorage, or
// listens on the channel while the credentials are broadcast after each refresh, has them; so has
// one that reads the page's memory. Against such a script (an XSS) nothing kept in the page holds;
// this stops cross-talk between sessions and forged or malformed messages, not a hostile script.
// Where localStorage is unavailable, peers cannot learn the nonce: each tab then works on its own.
import { optionalGlobal } from '../shared/optional-global';
import type { CredentialsRecord } from './snapshot';
import { readTabMessage, type TabMessage, type WireMessage } from './tab-messages';
import type { Timers } from './timer';

export type { TabMessage } from './tab-messages';

/** The parts of the Web Locks API the session uses. */
export interface LockManagerLike {
  /** Runs `callback` while holding the exclusive lock `name`, as navigator.locks.request does. */
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
/** The parts of BroadcastChannel the session uses. */
export interface ChannelLike {
  /** Sends a message to the other tabs' channels of the same name. */
  postMessage(message: unknown): void;
  /** Receives the other tabs' messages. */
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  /** Stops sending and receiving. */
  close(): void;
}

/**
 * A shared, non-secret note of how long the last refresh's credentials last (localStorage in
 * browsers): a tab that gets the lock after another tab refreshed knows to wait for them.
 */
export interface FreshnessMarker {
  /** The marker's value, or undefined when none is set or it cannot be read. */
  read(name: string): string | undefined;
  /** Sets the marker's value (must not throw). */
  write(name: string, value: string): void;
}

/** The marker's content: when the shared credentials expire and how long they lived. */
export interface SharedFreshness {
  expiration: number;
  lifetime: number;
}

/**
 * What tab sharing needs of the browser (Web Locks, BroadcastChannel, localStorage for the marker);
 * {@link CredentialSessionOptions.tabs} takes one for tests. Any part missing: that tab works alone.
 */
export interface TabEnvironment {
  /** Lets one tab at a time refresh. */
  locks?: LockManagerLike;
  /** Opens the channel refreshed credentials and sign-outs are shared on. */
  channel?: (name: string) => ChannelLike;
  /** Where the last refresh's expiry is noted for tabs that get the lock after it. */
  marker?: FreshnessMarker;
}

export class TabSync {
  readonly #name: string;
  readonly #now: () => number;
  #channel?: ChannelLike;
  readonly #handlers = new Set<(m: TabMessage) => void>();
  /** Undefined when tabs are not shared. */
  readonly #env?: TabEnvironment;
  /** The session nonce as this tab last saw it: in the marker, or made or taken by this tab. */
  #nonce?: string;

  /** `name` says which sessions are peers (tab-scope.ts); `now` is the clock expirations are judged by. */
  constructor(name: string, env: TabEnvironment | false, now: () => number = Date.now) {
    this.#name = name;
    this.#env = env || undefined;
    this.#now = now;
  }

  /** Joins the other tabs; until then nothing is sent or received. */
  open(): void {
    if (!this.#env || this.#channel) return;
    this.#channel = this.#env.channel?.(this.#name);
    this.#channel?.addEventListener('message', (e) => this.#receive(e.data));
    this.#send({ type: 'hello' });
  }

  /** Hands on well-formed messages of this session; drops everything else without a word. */
  #receive(data: unknown) {
    const received = readTabMessage(data, this.#now());
    if (!received || received.nonce !== this.#current()) return;
    this.#nonce = received.message.type === 'signed-out' ? undefined : received.nonce;
    this.#handlers.forEach((h) => h(received.message));
  }

  /** The session nonce: the marker's, which the last tab to call STS wrote, else the one last seen. */
  #current(): string | undefined {
    const fromMarker = this.#readMarker()?.nonce;
    if (fromMarker) this.#nonce = fromMarker;
    return this.#nonce;
  }

  /** Sends with the session nonce; without one there is no session to speak to. */
  #send(m: TabMessage) {
    const nonce = this.#current();
    if (nonce) this.#channel?.postMessage({ ...m, nonce } satisfies WireMessage);
  }

  #readMarker(): (SharedFreshness & { nonce: string }) | undefined {
    const [expiration, lifetime, nonce] = (this.#env?.marker?.read(this.#name) ?? '').split(':');
    return nonce ? { expiration: Number(expiration), lifetime: Number(lifetime), nonce } : undefined;
  }

  /** Runs fn holding the cross-tab refresh lock (at once where there are no locks). */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = this.#env?.locks;
    return locks ? locks.request(`${this.#name}:refresh`, fn) : fn();
  }

  /**
   * Hands credentials just issued by STS to the other tabs. Called holding the lock: a new nonce
   * goes into the marker first, so tabs that read it from now on speak the new one.
   */
  announce(state: CredentialsRecord): void {
    if (!this.#env) return;
    const previous = this.#current();
    this.#nonce = newNonce();
    this.#env?.marker?.write(this.#name, `${state.expiration}:${state.lifetime}:${this.#nonce}`);
    // A write to localStorage reaches other tabs later than a BroadcastChannel message may: a peer
    // that still reads the old marker would drop the new nonce. The peers of the old nonce hear
    // these credentials under it too; they are the same peers, so nothing new is let in.
    if (previous) this.#channel?.postMessage({ type: 'credentials', state, nonce: previous } satisfies WireMessage);
    this.#send({ type: 'credentials', state });
  }

  /** Answers another tab, or tells them all of a sign-out (which ends the nonce). */
  publish(m: TabMessage): void {
    this.#send(m);
    if (m.type !== 'signed-out') return;
    this.#env?.marker?.write(this.#name, '');
    this.#nonce = undefined;
  }

  /** The credentials another tab last shared, if any tab did and nobody signed out since. */
  shared(): SharedFreshness | undefined {
    const marked = this.#channel ? this.#readMarker() : undefined;
    return marked && marked.expiration > 0 && marked.lifetime > 0
      ? { expiration: marked.expiration, lifetime: marked.lifetime }
      : undefined;
  }

  onMessage(handler: (m: TabMessage) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Asks the other tabs for their credentials; the first answer `wanted` accepts, or undefined after `ms`. */
  ask(
    ms: number,
    wanted: (s: CredentialsRecord) => boolean,
    timers: Timers,
    request: TabMessage = { type: 'ask' },
  ): Promise<CredentialsRecord | undefined> {
    if (!this.#channel || !this.#current()) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const stop = this.onMessage((m) => {
        if (m.type === 'credentials' && wanted(m.state)) finish(m.state);
      });
      const timer = timers.setTimeout(() => finish(undefined), ms);
      const finish = (s: CredentialsRecord | undefined) => {
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

/** 128 random bits, hex: what a tab must say to be heard by its peers. */
function newNonce(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The browser's own Web Locks, BroadcastChannel and localStorage (for the marker only). */
export function browserTabs(): TabEnvironment {
  const locks: LockManagerLike | undefined = optionalGlobal('navigator')?.locks;
  const BC: (new (name: string) => ChannelLike) | undefined = optionalGlobal('BroadcastChannel');
  const marker: FreshnessMarker = {
    read(name) {
      try {
        return optionalGlobal('localStorage')?.getItem(`${name}:shared`) ?? undefined;
      } catch {
        return undefined;
      }
    },
    write(name, value) {
      try {
        optionalGlobal('localStorage')?.setItem(`${name}:shared`, value);
      } catch {
        /* storage disabled: tabs then wait for nobody and call STS themselves */
      }
    },
  };
  return { locks, channel: BC ? (name) => new BC(name) : undefined, marker };
}
