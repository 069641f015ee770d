// The session's peers, the other tabs of the origin that would get the same credentials: taking
// the credentials another tab got, refreshing for a tab that has no user of its own, and signing
// out everywhere. TabSync (tab-sync.ts) carries the messages and checks them; this decides what
// the session does with them.
import type { TemporaryCredentials } from '../shared/types';
import { SESSION_DEFAULTS } from './defaults';
import type { HeldCredentials } from './held';
import type { CredentialsRecord } from './snapshot';
import type { TabMessage, TabSync } from './tab-sync';
import type { Timers } from './timer';

/** What the peers need of their session, beyond the credentials it holds. */
export interface PeerSession {
  /** Whether someone is signed in in this tab. */
  hasUser(): Promise<boolean>;
  /** The session's own refresh. */
  refresh(options: { force: boolean }): Promise<TemporaryCredentials>;
  /** Another tab signed out: forget the credentials and the user here too. */
  signedOutElsewhere(): void;
}

/** A session's dealings with the other tabs of its scope, over a TabSync. */
export class Peers {
  readonly #tabs: TabSync;
  readonly #timers: Timers;
  readonly #held: HeldCredentials;
  readonly #session: PeerSession;

  constructor(tabs: TabSync, timers: Timers, held: HeldCredentials, session: PeerSession) {
    this.#tabs = tabs;
    this.#timers = timers;
    this.#held = held;
    this.#session = session;
  }

  /** Joins the other tabs; returns what stops listening to them. */
  open(): () => void {
    this.#tabs.open();
    return this.#tabs.onMessage((m) => this.#hear(m));
  }

  /** Runs `fn` while no other tab refreshes. */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#tabs.withLock(fn);
  }

  /** When another tab says it just refreshed, its credentials are on their way: waits for them. */
  async justRefreshed(): Promise<TemporaryCredentials | undefined> {
    const marked = this.#tabs.shared();
    if (!marked || !this.#held.outsideRefreshWindow(marked.expiration, marked.lifetime)) return undefined;
    return this.#takeIfWanted(await this.#ask(SESSION_DEFAULTS.peerWaitMs));
  }

  /** This tab has no user, but tabs have shared credentials: one that has a user refreshes for it. */
  async refreshedForUs(force: boolean): Promise<TemporaryCredentials | undefined> {
    if (!this.#tabs.shared()) return undefined;
    return this.#takeIfWanted(await this.#ask(SESSION_DEFAULTS.peerRefreshWaitMs, { type: 'refresh-request', force }));
  }

  /** Hands credentials just issued by STS to the other tabs (called holding the lock). */
  announce(record: CredentialsRecord): void {
    this.#tabs.announce(record);
  }

  /** Tells the other tabs to sign out too. */
  signOutEverywhere(): void {
    this.#tabs.publish({ type: 'signed-out' });
  }

  close(): void {
    this.#tabs.close();
  }

  #ask(ms: number, request?: TabMessage) {
    return this.#tabs.ask(ms, (r) => this.#held.forThisUserOutsideRefreshWindow(r), this.#timers, request);
  }

  #takeIfWanted(record: CredentialsRecord | undefined): TemporaryCredentials | undefined {
    return record && this.#held.forThisUserOutsideRefreshWindow(record) ? this.#held.hold(record) : undefined;
  }

  #hear(m: TabMessage) {
    if (m.type === 'credentials') this.#takeIfWanted(m.state);
    else if (m.type === 'signed-out') this.#session.signedOutElsewhere();
    else if (m.type === 'ask' || m.type === 'hello') this.#share(this.#held.unexpiredRecord());
    else if (m.type === 'refresh-request') void this.#refreshFor(m.force);
  }

  #share(record: CredentialsRecord | undefined) {
    if (record) this.#tabs.publish({ type: 'credentials', state: record });
  }

  /**
   * A tab without a user asks: if this one has a user, it shares its credentials when they are
   * not yet due, and else (or when the asker forced it, say after S3 said ExpiredToken) refreshes;
   * the refresh's result reaches the asker as every refresh's does.
   */
  async #refreshFor(force: boolean) {
    if (!(await this.#session.hasUser())) return;
    if (!force && this.#held.fresh()) this.#share(this.#held.unexpiredRecord());
    else this.#session.refresh({ force }).catch(() => {});
  }
}
