// CredentialSession's refresh state machine: when to call STS (ahead of expiry, in two windows,
// on a background timer, with backoff after a failure), one call however many callers and tabs
// ask at once, valid credentials still served when a refresh fails, and an answer kept only while
// it is still the signed-in user's. Around it: the snapshot store (store.ts), the credentials held
// (held.ts), the tab peers (peers.ts), the page's events (page-events.ts), the parts (options.ts).
import type { TemporaryCredentials } from '../shared/types';
import type { WebIdentityOutput } from '../sts/web-identity';
import { sessionApi, type CredentialSession, type CredentialSessionOptions } from './api';
import { SessionDisposedError, SignInRequiredError } from './errors';
import { HeldCredentials, restoredSnapshot } from './held';
import { describeIssued, issuedRecord } from './issued';
import type { IdTokenClaims } from './jwt';
import { sessionParts, type SessionParts } from './options';
import { onPageReturn } from './page-events';
import { Peers } from './peers';
import { RefreshTimer } from './refresh-timer';
import { SnapshotStore } from './store';
import { exchangeIdToken } from './token-exchange';
import { currentIdToken } from './token-source';

export type { CredentialSession, CredentialSessionOptions } from './api';

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

const isSignedOut = (e: unknown) => e instanceof SignInRequiredError && e.reason === 'signed-out';

class Session {
  readonly api: CredentialSession;
  readonly #o: CredentialSessionOptions;
  readonly #p: SessionParts;
  readonly #store: SnapshotStore;
  readonly #held: HeldCredentials;
  readonly #timer: RefreshTimer;
  readonly #peers: Peers;
  #stops: (() => void)[] = [];
  #inflight?: Promise<TemporaryCredentials>;
  #disposed = false;
  /** Bumped by every user change the token source reports; a refresh in flight then checks whose answer it has. */
  #generation = 0;
  /** Bumped by every sign-out, so a refresh that started before one cannot bring credentials back. */
  #epoch = 0;

  constructor(o: CredentialSessionOptions) {
    this.#o = o;
    this.#p = sessionParts(o);
    this.#store = new SnapshotStore(restoredSnapshot(this.#p), () => this.#start());
    this.#timer = new RefreshTimer(this.#p, () => this.#background());
    this.#held = new HeldCredentials(this.#store, this.#p, this.#timer);
    this.#peers = new Peers(this.#p.tabs, this.#p.timers, this.#held, {
      hasUser: async () => (await currentIdToken(o.tokenSource)) !== null && !this.#disposed,
      refresh: (options) => this.refresh(options),
      signedOutElsewhere: () => (this.#signOutHere(), void o.tokenSource.signOut?.()),
    });
    this.api = sessionApi(this, this.#store, o.tokenSource);
  }

  /** Everything that reaches outside waits for first use (store.ts). */
  #start() {
    const unsubscribe = this.#o.tokenSource.subscribe?.(() => void this.#onUserChange());
    this.#stops = [this.#peers.open(), onPageReturn(() => this.#recheck()), unsubscribe ?? (() => {})];
    this.#held.resume();
  }

  async getCredentials({ forceRefresh = false } = {}): Promise<TemporaryCredentials> {
    if (forceRefresh) return this.refresh({ force: true });
    if (this.#disposed) throw new SessionDisposedError();
    const c = this.#held.unexpired();
    // Credentials that just landed are served even inside the mandatory window (they lasted
    // almost nothing): asking STS again at once would only start a loop.
    if (c && (this.#held.leftMs() > this.#p.windows.mandatoryMs || this.#held.landedWithinSpacing())) {
      this.#recheck();
      return c;
    }
    try {
      return await this.refresh();
    } catch (e) {
      // Static stability: a failed refresh still leaves credentials that have not expired.
      const still = this.#held.unexpired();
      if (still) return still;
      throw e;
    }
  }

  refresh({ force = false }: { force?: boolean } = {}): Promise<TemporaryCredentials> {
    if (this.#disposed) return Promise.reject(new SessionDisposedError());
    this.#inflight ??= this.#refreshOnce(force).finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  #background() {
    this.refresh().catch(() => {
      /* recorded in the snapshot; callers still have valid credentials */
    });
  }

  /** Refreshes in the background if due: on use, and back from a hidden or offline spell (page-events.ts), when the timer could not. */
  #recheck() {
    if (this.#held.dueInBackground()) this.#background();
  }

  async #refreshOnce(force: boolean): Promise<TemporaryCredentials> {
    // Signed in with credentials that expired (a tab back from sleep): still 'refreshing', not
    // 'loading', so what shows the signed-in app stays mounted for the moment STS takes.
    this.#store.update({ status: this.#held.unexpired() || this.#store.get().identity ? 'refreshing' : 'loading' });
    try {
      return await this.#peers.withLock(async () => {
        const c = force ? undefined : this.#held.fresh();
        if (c) {
          this.#store.update({ status: 'ready' });
          return c;
        }
        // While we waited for the lock, another tab may have refreshed for everyone.
        return (!force && (await this.#peers.justRefreshed())) || (await this.#callSts());
      });
    } catch (e) {
      // No user of our own, but another tab has one: it refreshes for us (outside our lock).
      const borrowed = isSignedOut(e) ? await this.#peers.refreshedForUs(force) : undefined;
      if (borrowed) return borrowed;
      this.#refreshFailed(e as Error);
      throw e;
    }
  }

  async #callSts(): Promise<TemporaryCredentials> {
    for (;;) {
      const epoch = this.#epoch;
      const generation = this.#generation;
      const { out, claims } = await exchangeIdToken(this.#p.exchange, (next) => {
        // Another user signed in: the old user's credentials must not be served a moment longer.
        const current = this.#store.get().identity?.subject;
        if (current && next.sub && next.sub !== current) this.#held.drop('loading');
      });
      const receivedAt = this.#p.now();
      const serverReceivedAt = this.#p.serverNow();
      // The token source said the user changed while STS was answering: keep the answer only if
      // it is still for the user signed in now (a renewal of the same user's token changes nothing).
      const stillTheirs = generation === this.#generation || (await currentIdToken(this.#o.tokenSource))?.claims.sub === claims.sub;
      // Signed out while STS was answering: those credentials belong to nobody now.
      if (epoch !== this.#epoch) throw new SignInRequiredError('signed-out', 'Signed out during the refresh');
      if (stillTheirs) return this.#accept(out, claims, receivedAt, serverReceivedAt);
      this.#o.logger?.info?.('web-identity-kit: the user changed during the refresh; asking STS again');
    }
  }

  /** `receivedAt` and `serverReceivedAt`: when the answer arrived, on the session's clock and on STS's. */
  #accept(out: WebIdentityOutput, claims: IdTokenClaims, receivedAt: number, serverReceivedAt: number): TemporaryCredentials {
    const record = issuedRecord({ out, claims, receivedAt, serverReceivedAt, requestedSeconds: this.#o.durationSeconds });
    this.#o.logger?.info?.(describeIssued(record, out));
    this.#peers.announce(record);
    return this.#held.hold(record);
  }

  #refreshFailed(e: Error) {
    if (this.#disposed) return;
    this.#o.logger?.warn?.(`web-identity-kit: refresh failed: ${e.name}: ${e.message}`);
    // No user in this tab while shared credentials are still good: keep serving them.
    if (e instanceof SignInRequiredError && !(isSignedOut(e) && this.#held.unexpired())) return this.#held.drop('signed-out', e);
    if (!this.#held.unexpired()) return this.#held.drop('error', e);
    this.#store.update({ status: 'ready', lastRefreshError: e });
    this.#timer.afterFailure();
  }

  async #onUserChange() {
    if (this.#disposed) return;
    this.#generation++;
    // A refresh in flight keeps its answer only if it is for the user signed in now (#callSts):
    // let it finish, then look at who is signed in.
    await this.#inflight?.catch(() => {});
    if (this.#disposed) return;
    const id = await currentIdToken(this.#o.tokenSource);
    if (!id) {
      if (this.#store.get().status !== 'signed-out') await this.signOut();
    } else if (id.claims.sub !== this.#store.get().identity?.subject) {
      this.refresh({ force: true }).catch(() => {});
    }
  }

  /** Forgets the credentials, in every tab, and signs out of the token source. */
  async signOut() {
    this.#signOutHere();
    this.#peers.signOutEverywhere();
    await this.#o.tokenSource.signOut?.();
  }

  /** Forgets the credentials in this tab, stored copy included; a refresh in flight cannot bring them back (#epoch). */
  #signOutHere() {
    this.#epoch++;
    this.#held.drop('signed-out', undefined, true);
  }

  dispose() {
    this.#disposed = true;
    this.#timer.stop();
    this.#stops.forEach((stop) => stop());
    this.#peers.close();
    this.#store.close();
  }
}
