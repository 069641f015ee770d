// CredentialSession: the one source of truth for an app's temporary AWS credentials. It trades
// ID tokens for credentials with STS, refreshes ahead of expiry in the background, makes one STS
// call however many callers (and tabs) ask at once, keeps serving valid credentials when a
// refresh fails, and renews the ID token when STS refuses it.
import { optionalGlobal } from '../shared/optional-global';
import { StsConfigurationError } from '../sts/errors';
import type { Logger } from '../sts/config';
import { toAwsCredentials, type TemporaryCredentials } from '../sts/to-credentials';
import { webIdentityClient, type WebIdentityCaller, type WebIdentityOutput, type WebIdentitySettings } from '../sts/web-identity';
import { SESSION_DEFAULTS } from './defaults';
import { SessionDisposedError, SignInRequiredError } from './errors';
import { readClaims, type IdTokenClaims } from './jwt';
import { grantedLifetimeMs } from './lifetime';
import { RefreshWindows } from './refresh-windows';
import { guardCredentials, makeSnapshot, type CredentialsSnapshot, type SessionIdentity, type SessionStatus } from './snapshot';
import { loadState, saveState, clearState } from './storage';
import { browserTabs, TabSync, type SharedCredentials, type TabEnvironment, type TabMessage, type Timers } from './tab-sync';
import { tabScopeName } from './tab-scope';
import { startTimer } from './timer';
import { exchangeIdToken, type RoleRequest, type TokenExchange } from './token-exchange';

/**
 * The options of {@link createCredentialSession}: the role to assume, where ID tokens come from, and
 * how the session refreshes, shares and stores credentials. Defaults are in {@link SESSION_DEFAULTS}.
 */
export interface CredentialSessionOptions extends RoleRequest {
  /** STS region; ignored when `sts` is an StsClient. */
  region?: string;
  /** An StsClient (or anything with assumeRoleWithWebIdentity), or settings for the built-in one. */
  sts?: WebIdentityCaller | WebIdentitySettings;
  /**
   * When to refresh: in the background once less than `advisorySeconds` remain (default 300), and
   * with callers waiting once less than `mandatorySeconds` remain (default 60).
   */
  refreshWindows?: { advisorySeconds?: number; mandatorySeconds?: number };
  /** Share refreshes and sign-outs across tabs of this origin. Default true. */
  shareAcrossTabs?: boolean;
  /**
   * 'memory' (default): credentials die with the page. 'sessionStorage': they survive a reload of
   * this tab, readable by any script on the origin (an XSS could take them): opt in knowingly.
   */
  storage?: 'memory' | 'sessionStorage';
  /** The local clock (epoch ms); injectable for tests. */
  now?: () => number;
  /** Where to log refreshes and failures (never secrets). Default: no logging. */
  logger?: Logger;
  /** For tests: the timers background refreshes are scheduled with. Default: the global setTimeout. */
  timers?: Timers;
  /** For tests: the randomness of the refresh jitter, from 0 to 1. Default Math.random. */
  random?: () => number;
  /** For tests: the tab environment (locks, channel, freshness marker); false: no sharing. */
  tabs?: TabEnvironment | false;
}

/**
 * Temporary AWS credentials for one role that stay fresh: made by {@link createCredentialSession}.
 * Every method but getSnapshot starts the session on first use (tab sharing, page events, the token
 * source's subscription), so a session that is made and dropped leaves nothing behind.
 */
export interface CredentialSession {
  /**
   * An AWS SDK v3 credential provider: `new S3Client({ credentials: session.getCredentials })`.
   * `{ forceRefresh: true }` (as the SDK passes after an ExpiredToken answer) gets new ones.
   */
  getCredentials: (options?: { forceRefresh?: boolean }) => Promise<TemporaryCredentials>;
  /** The current state, immutable and replaced whole on every change (for useSyncExternalStore). */
  getSnapshot: () => CredentialsSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
  /**
   * Gets new credentials now unless fresh ones are at hand (`force: true`: in any case). Concurrent
   * calls, in this tab and others, share one STS call.
   *
   * @throws {@link credentials.SignInRequiredError | SignInRequiredError} when there is no usable ID token.
   * @throws {@link credentials.SessionDisposedError | SessionDisposedError} after dispose().
   */
  refresh: (options?: { force?: boolean }) => Promise<TemporaryCredentials>;
  /**
   * Starts a sign-in through the token source (e.g. a redirect to the IdP).
   *
   * @throws {@link sts.StsConfigurationError | StsConfigurationError} when the token source cannot start one.
   */
  signIn: () => Promise<void>;
  /** Forgets the credentials, in every tab when shared, and signs out of the token source. */
  signOut: () => Promise<void>;
  /** Stops timers and listeners; later calls reject with {@link credentials.SessionDisposedError | SessionDisposedError}. */
  dispose: () => void;
}

/**
 * Creates a session that trades ID tokens for temporary AWS credentials with STS
 * AssumeRoleWithWebIdentity and keeps them fresh: it refreshes ahead of expiry in the background
 * (see {@link SESSION_DEFAULTS} for the windows), makes one STS call however many callers and tabs
 * ask at once, keeps serving valid credentials when a refresh fails, and renews the ID token once
 * when STS refuses it. Credentials live in memory unless `storage: 'sessionStorage'` is chosen.
 *
 * Credential getters reject with {@link credentials.SignInRequiredError | SignInRequiredError} when nobody is signed in or the token
 * cannot be renewed, and with the STS errors of {@link sts.assumeRoleWithWebIdentity | assumeRoleWithWebIdentity} when STS fails.
 *
 * @throws {@link sts.StsConfigurationError | StsConfigurationError} when `roleArn` or `tokenSource` is missing, or `storage` is
 *   'localStorage' (not offered: any script could read the credentials long after the tab closed).
 *
 * @example
 * ```ts
 * import { createCredentialSession } from 'web-identity-kit/credentials';
 * import { functionTokenSource } from 'web-identity-kit/oidc';
 * import { S3Client } from '@aws-sdk/client-s3';
 *
 * const session = createCredentialSession({
 *   region: 'eu-west-1',
 *   roleArn: 'arn:aws:iam::123456789012:role/web-upload',
 *   tokenSource: functionTokenSource(async () => myIdToken()),
 * });
 * const s3 = new S3Client({ region: 'eu-west-1', credentials: session.getCredentials });
 * ```
 */
export function createCredentialSession(options: CredentialSessionOptions): CredentialSession {
  return new Session(options).api;
}

class Session {
  readonly api: CredentialSession;
  readonly #o: CredentialSessionOptions;
  readonly #sts: WebIdentityCaller;
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #windows: RefreshWindows;
  readonly #exchange: TokenExchange;
  readonly #tabs: TabSync;
  readonly #key: string;
  readonly #listeners = new Set<() => void>();
  readonly #cleanups: (() => void)[] = [];
  #snapshot: CredentialsSnapshot = makeSnapshot({ status: 'loading' });
  #inflight?: Promise<TemporaryCredentials>;
  #cancelTimer = () => {};
  #failures = 0;
  /** When the current credentials landed (local clock): the next refresh waits a little at least. */
  #landedAt = -Infinity;
  #disposed = false;

  constructor(o: CredentialSessionOptions) {
    if (!o.roleArn) throw new StsConfigurationError('createCredentialSession needs a roleArn', 'Pass the ARN of the IAM role to assume.');
    if (!o.tokenSource?.getIdToken)
      throw new StsConfigurationError(
        'createCredentialSession needs a tokenSource',
        'Pass oidcTokenSource(userManager) or functionTokenSource(getIdToken).',
      );
    if ((o.storage as string) === 'localStorage') {
      throw new StsConfigurationError(
        "storage 'localStorage' is not offered",
        "Credentials in localStorage outlive the tab and any script can read them; use 'memory' or, knowingly, 'sessionStorage'.",
      );
    }
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#timers = o.timers ?? {
      setTimeout: (f, ms) => setTimeout(f, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.#random = o.random ?? Math.random;
    this.#windows = new RefreshWindows(o.refreshWindows);
    this.#sts =
      o.sts && 'assumeRoleWithWebIdentity' in o.sts
        ? o.sts
        : webIdentityClient({ region: o.region, now: o.now, logger: o.logger, ...o.sts });
    this.#exchange = { ...o, sts: this.#sts, serverNow: this.#serverNow };
    this.#key = `web-identity-kit:${o.roleArn}`;
    const share = o.shareAcrossTabs ?? SESSION_DEFAULTS.shareAcrossTabs;
    this.#tabs = new TabSync(tabScopeName(o), share ? (o.tabs ?? browserTabs()) : false, this.#now);
    // Everything that reaches outside (tabs, page events, the token source) waits for first use,
    // so a session made and dropped (React StrictMode's double render) leaves nothing behind.
    const started =
      <A extends unknown[], R>(f: (...a: A) => R) =>
      (...a: A): R => (this.#start(), f(...a));
    this.api = {
      getCredentials: started((options?: { forceRefresh?: boolean }) =>
        options?.forceRefresh ? this.refresh(true) : this.getCredentials(),
      ),
      getSnapshot: () => this.#snapshot,
      subscribe: started((l: () => void) => (this.#listeners.add(l), () => void this.#listeners.delete(l))),
      refresh: started((r?: { force?: boolean }) => this.refresh(r?.force)),
      signIn: started(() => this.#signIn()),
      signOut: started(() => this.signOut(true)),
      dispose: () => this.dispose(),
    };
    const stored = o.storage === 'sessionStorage' ? loadState(this.#key, this.#now()) : undefined;
    if (stored && stored.expiration - this.#now() > this.#windows.mandatoryMs) {
      this.#snapshot = this.#snapshotOf(stored);
      this.#windows.setLifetime(stored.lifetime);
    }
  }

  #started = false;

  #start() {
    if (this.#started || this.#disposed) return;
    this.#started = true;
    this.#tabs.open();
    this.#cleanups.push(this.#tabs.onMessage((m) => this.#onTabMessage(m)));
    this.#watchPage();
    const unsubscribe = this.#o.tokenSource.subscribe?.(() => void this.#onUserChange());
    if (unsubscribe) this.#cleanups.push(unsubscribe);
    const c = this.#snapshot.credentials;
    if (c) this.#scheduleRefresh(c.expiration.getTime());
  }

  // ---- reading ----------------------------------------------------------------------------

  async getCredentials(): Promise<TemporaryCredentials> {
    if (this.#disposed) throw new SessionDisposedError();
    const c = this.#valid();
    if (c) {
      const left = c.expiration.getTime() - this.#now();
      // Credentials that just landed are served even inside the mandatory window (they lasted
      // almost nothing): asking STS again at once would only start a loop.
      if (left > this.#windows.mandatoryMs || this.#justLanded()) {
        if (left <= this.#windows.advisoryMs && !this.#justLanded()) this.#background();
        return c;
      }
    }
    try {
      return await this.refresh();
    } catch (e) {
      // Static stability: a failed refresh still leaves credentials that have not expired.
      const still = this.#valid();
      if (still) return still;
      throw e;
    }
  }

  /**
   * The current credentials if they have not expired. Their expiration is a deadline on the local
   * clock (see #accept), so it is judged by the local clock, whatever STS's says.
   */
  #valid(): TemporaryCredentials | undefined {
    const c = this.#snapshot.credentials;
    return c && c.expiration.getTime() > this.#now() ? c : undefined;
  }

  #justLanded = () => this.#now() - this.#landedAt < SESSION_DEFAULTS.minRefreshSpacingSeconds * 1000;

  /** STS's clock, as learnt from its Date headers: what it judges the ID token's exp by. */
  #serverNow = () => this.#now() + (this.#sts.systemClockOffset || 0);

  // ---- refreshing -------------------------------------------------------------------------

  refresh(force = false): Promise<TemporaryCredentials> {
    if (this.#disposed) return Promise.reject(new SessionDisposedError());
    this.#inflight ??= this.#doRefresh(force).finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  #background() {
    this.refresh().catch(() => {
      /* recorded in the snapshot; callers still have valid credentials */
    });
  }

  async #doRefresh(force: boolean): Promise<TemporaryCredentials> {
    // Signed in with credentials that expired (a tab back from sleep): still 'refreshing', not
    // 'loading', so what shows the signed-in app stays mounted for the moment STS takes.
    this.#update({ status: this.#valid() || this.#snapshot.identity ? 'refreshing' : 'loading' });
    try {
      return await this.#tabs.withLock(async () => {
        // While we waited for the lock, another tab may have refreshed for everyone.
        if (!force) {
          const fresh = this.#fresh() ?? (await this.#fromOtherTab());
          if (fresh) return fresh;
        }
        return await this.#callSts();
      });
    } catch (e) {
      // No user of our own, but another tab has one: it refreshes for us (outside our lock).
      if (e instanceof SignInRequiredError && e.reason === 'signed-out' && this.#tabs.shared()) {
        const borrowed = this.#adoptIfUsable(
          await this.#tabs.ask(SESSION_DEFAULTS.peerRefreshWaitMs, (s) => this.#usable(s), this.#timers, {
            type: 'refresh-request',
            force,
          }),
        );
        if (borrowed) return borrowed;
      }
      this.#refreshFailed(e as Error);
      throw e;
    }
  }

  /** When another tab says it refreshed, its credentials are on their way: wait for them. */
  async #fromOtherTab(): Promise<TemporaryCredentials | undefined> {
    const shared = this.#tabs.shared();
    if (!shared || shared.expiration - this.#now() <= this.#windows.refreshWindowMs(this.#windows.scaleFor(shared.lifetime)))
      return undefined;
    return this.#adoptIfUsable(await this.#tabs.ask(SESSION_DEFAULTS.peerWaitMs, (s) => this.#usable(s), this.#timers));
  }

  /** Credentials with more than the refresh window left: no refresh needed. */
  #fresh(): TemporaryCredentials | undefined {
    const c = this.#valid();
    if (!c || c.expiration.getTime() - this.#now() <= this.#windows.refreshWindowMs()) return undefined;
    this.#update({ status: 'ready' });
    return c;
  }

  async #callSts(): Promise<TemporaryCredentials> {
    for (;;) {
      const epoch = this.#epoch;
      const generation = this.#generation;
      const { out, claims } = await exchangeIdToken(this.#exchange, (next) => {
        // Another user signed in: the old user's credentials must not be served a moment longer.
        const current = this.#snapshot.identity?.subject;
        if (current && next.sub && next.sub !== current) this.#clear('loading');
      });
      const receivedAt = this.#now();
      // The token source said the user changed while STS was answering: keep the answer only if
      // it is still for the user signed in now (a renewal of the same user's token changes nothing).
      const stillTheirs = generation === this.#generation || (await this.#currentSubject()) === claims?.sub;
      // Signed out while STS was answering: those credentials belong to nobody now.
      if (epoch !== this.#epoch) throw new SignInRequiredError('signed-out', 'Signed out while credentials were being fetched');
      if (stillTheirs) return this.#accept(out, claims, receivedAt);
      this.#o.logger?.info?.('web-identity-kit: the signed-in user changed during the refresh; asking STS again for the new one');
    }
  }

  /** The subject of the token source's current ID token, if anyone is signed in. */
  async #currentSubject(): Promise<string | undefined> {
    const token = await this.#o.tokenSource.getIdToken({ forceRenew: false }).catch(() => null);
    return token ? readClaims(token)?.sub : undefined;
  }

  #accept(out: WebIdentityOutput, claims: IdTokenClaims | undefined, receivedAt: number): TemporaryCredentials {
    const c = toAwsCredentials(out);
    const identity: SessionIdentity = {
      assumedRoleArn: out.AssumedRoleUser?.Arn,
      assumedRoleId: out.AssumedRoleUser?.AssumedRoleId,
      subject: out.SubjectFromWebIdentityToken ?? claims?.sub,
      provider: out.Provider ?? claims?.iss,
      audience: out.Audience,
      sourceIdentity: out.SourceIdentity,
    };
    // Judged by the lifetime STS granted, counted from their arrival on the local clock: a clock
    // ahead of STS by more than the lifetime would otherwise see them expired on arrival.
    const lifetime = grantedLifetimeMs({
      expiration: c.expiration.getTime(),
      receivedAt,
      serverOffset: this.#sts.systemClockOffset || 0,
      requestedSeconds: this.#o.durationSeconds,
      tokenIssuedAt: typeof claims?.iat === 'number' ? claims.iat : undefined,
    });
    // The expiration handed out (to AWS SDK clients too) is that local deadline, not STS's
    // Expiration: SDK v3 clients compare it with their own Date.now(), and on a clock ahead of
    // STS's they would find STS's value expired and ask for credentials on every request. The
    // local deadline is what this device's clock reads when STS's reads Expiration (give or take
    // the answer's transit), and it is wall-clock epoch ms, so other tabs and a reload read it too.
    const state: SharedCredentials = { ...c, expiration: receivedAt + lifetime, lifetime, identity };
    this.#o.logger?.info?.(
      `web-identity-kit: credentials ${c.accessKeyId} for ${Math.round(lifetime / 1000)} s, until ${new Date(state.expiration).toISOString()} on this device's clock (STS says ${c.expiration.toISOString()})`,
    );
    this.#tabs.announce(state);
    return this.#adopt(state);
  }

  /** Makes shared or stored credentials the current ones. */
  #adopt(s: SharedCredentials): TemporaryCredentials {
    this.#failures = 0;
    this.#landedAt = this.#now();
    this.#windows.setLifetime(s.lifetime);
    this.#snapshot = this.#snapshotOf(s);
    this.#emit();
    if (this.#o.storage === 'sessionStorage') saveState(this.#key, s);
    this.#scheduleRefresh(s.expiration);
    return this.#snapshot.credentials!;
  }

  #snapshotOf(s: SharedCredentials): CredentialsSnapshot {
    const credentials = guardCredentials({
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken,
      expiration: new Date(s.expiration),
      ...(s.identity.assumedRoleArn ? { accountId: s.identity.assumedRoleArn.split(':')[4] } : {}),
    });
    return makeSnapshot({ status: 'ready', credentials, expiresAt: credentials.expiration, identity: s.identity });
  }

  /**
   * The background refresh: when the advisory window opens, a little earlier at random; never
   * sooner than the minimum spacing after credentials landed, however little they last.
   */
  #scheduleRefresh(expiration: number) {
    const spacing = SESSION_DEFAULTS.minRefreshSpacingSeconds * 1000;
    this.#schedule(Math.max(this.#windows.refreshAt(expiration, this.#random()), this.#landedAt + spacing));
  }

  #usable(s: SharedCredentials): boolean {
    const mine = this.#snapshot.identity?.subject;
    return (
      (!mine || s.identity.subject === mine) &&
      s.expiration - this.#now() > this.#windows.refreshWindowMs(this.#windows.scaleFor(s.lifetime))
    );
  }

  /** The current credentials as another tab would take them. */
  #shareable(): SharedCredentials | undefined {
    const c = this.#valid();
    const identity = this.#snapshot.identity;
    return c && identity ? { ...c, expiration: c.expiration.getTime(), lifetime: this.#windows.lifetime, identity } : undefined;
  }

  #adoptIfUsable(s: SharedCredentials | undefined) {
    return s && this.#usable(s) ? this.#adopt(s) : undefined;
  }

  #refreshFailed(e: Error) {
    if (this.#disposed) return;
    this.#o.logger?.warn?.(`web-identity-kit: refresh failed: ${e.name}: ${e.message}`);
    // No user in this tab while shared credentials are still good: keep serving them.
    if (e instanceof SignInRequiredError && !(e.reason === 'signed-out' && this.#valid())) {
      this.#clear('signed-out', e);
      return;
    }
    if (this.#valid()) {
      this.#update({ status: 'ready', lastRefreshError: e });
      // Retry in the background: 1 s, 2 s, 4 s, ... capped, with jitter so tabs do not align.
      const delay = Math.min(SESSION_DEFAULTS.maxRetryDelaySeconds, 2 ** this.#failures++) * 1000 * (0.5 + this.#random() / 2);
      this.#schedule(this.#now() + delay);
    } else {
      this.#clear('error', e);
    }
  }

  /** Runs the background refresh at `at` (local clock), in place of any refresh scheduled before. */
  #schedule(at: number) {
    this.#cancelTimer();
    if (this.#disposed) return;
    this.#cancelTimer = startTimer(this.#timers, () => this.#background(), at - this.#now());
  }

  // ---- other tabs, the page, the user -------------------------------------------------------

  #onTabMessage(m: TabMessage) {
    if (m.type === 'credentials') this.#adoptIfUsable(m.state);
    else if (m.type === 'signed-out') void this.signOut(false);
    else if (m.type === 'ask' || m.type === 'hello') {
      const state = this.#shareable();
      if (state) this.#tabs.publish({ type: 'credentials', state });
    } else if (m.type === 'refresh-request') void this.#refreshForOthers(m.force);
  }

  /**
   * A tab without a user asks: if this one has a user, it shares fresh credentials, refreshing
   * first when they are due or when the asker forced it (say, after S3 said ExpiredToken).
   */
  async #refreshForOthers(force: boolean) {
    const token = await this.#o.tokenSource.getIdToken({ forceRenew: false }).catch(() => null);
    if (!token || this.#disposed) return;
    const state = !force && this.#fresh() && this.#shareable();
    if (state) this.#tabs.publish({ type: 'credentials', state });
    else this.refresh(force).catch(() => {});
  }

  /** Hidden tabs' timers are throttled: look again when the page is back or the network returns. */
  #watchPage() {
    const recheck = () => {
      const c = this.#snapshot.credentials;
      if (c && c.expiration.getTime() - this.#now() <= this.#windows.advisoryMs && !this.#justLanded()) this.#background();
    };
    const doc = optionalGlobal('document');
    const win = optionalGlobal('window');
    if (doc?.addEventListener) {
      const onVisible = () => doc.visibilityState === 'visible' && recheck();
      doc.addEventListener('visibilitychange', onVisible);
      this.#cleanups.push(() => doc.removeEventListener('visibilitychange', onVisible));
    }
    if (win?.addEventListener) {
      win.addEventListener('online', recheck);
      this.#cleanups.push(() => win.removeEventListener('online', recheck));
    }
  }

  /** Bumped by every user change the token source reports; a refresh in flight then checks whose answer it has. */
  #generation = 0;

  async #onUserChange() {
    if (this.#disposed) return;
    this.#generation++;
    // A refresh in flight keeps its answer only if it is for the user signed in now (#callSts):
    // let it finish, then look at who is signed in.
    await this.#inflight?.catch(() => {});
    if (this.#disposed) return;
    let token: string | null = null;
    try {
      token = await this.#o.tokenSource.getIdToken({ forceRenew: false });
    } catch {
      /* treated as signed out below */
    }
    const sub = token ? readClaims(token)?.sub : undefined;
    if (!token) {
      if (this.#snapshot.status !== 'signed-out') await this.signOut(true);
    } else if (sub !== this.#snapshot.identity?.subject) {
      this.refresh(true).catch(() => {});
    }
  }

  async #signIn() {
    if (!this.#o.tokenSource.signIn) {
      throw new StsConfigurationError(
        'This token source cannot start a sign-in',
        'Sign the user in with your identity provider, then call refresh().',
      );
    }
    await this.#o.tokenSource.signIn();
  }

  /** Bumped by every sign-out, so a refresh that started before one cannot bring credentials back. */
  #epoch = 0;

  async signOut(everywhere: boolean) {
    this.#epoch++;
    this.#clear('signed-out');
    if (this.#o.storage === 'sessionStorage') clearState(this.#key);
    if (everywhere) this.#tabs.publish({ type: 'signed-out' });
    await this.#o.tokenSource.signOut?.();
  }

  dispose() {
    this.#disposed = true;
    this.#cancelTimer();
    this.#cleanups.forEach((c) => c());
    this.#tabs.close();
    this.#listeners.clear();
  }

  // ---- snapshot ---------------------------------------------------------------------------

  #clear(status: SessionStatus, error?: Error) {
    this.#cancelTimer();
    this.#snapshot = makeSnapshot({ status, error });
    this.#emit();
  }

  #update(change: Partial<CredentialsSnapshot>) {
    const next = { ...this.#snapshot, ...change };
    const keys = Object.keys(next) as (keyof CredentialsSnapshot)[];
    if (keys.every((k) => next[k] === this.#snapshot[k])) return;
    this.#snapshot = makeSnapshot(next);
    this.#emit();
  }

  #emit() {
    this.#listeners.forEach((l) => l());
  }
}
