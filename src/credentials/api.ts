// What an app gives and gets: the options of createCredentialSession and the session it returns,
// whose methods are bound (they can be passed around, as to an S3Client) and, all but
// getSnapshot, start the session's work on first use.
import type { Logger, TemporaryCredentials } from '../shared/types';
import type { WebIdentityCaller, WebIdentitySettings } from '../sts/web-identity';
import type { CredentialsSnapshot } from './snapshot';
import type { SnapshotStore } from './store';
import type { TabEnvironment } from './tab-sync';
import type { Timers } from './timer';
import type { RoleRequest } from './token-exchange';
import { startSignIn, type TokenSource } from './token-source';

/**
 * The options of {@link credentials.createCredentialSession | createCredentialSession}: the role to assume, where ID tokens come from, and
 * how the session refreshes, shares and stores credentials. Defaults are in {@link credentials.SESSION_DEFAULTS | SESSION_DEFAULTS}.
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
 * Temporary AWS credentials for one role that stay fresh: made by {@link credentials.createCredentialSession | createCredentialSession}.
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

/** The methods of the session object behind the API. */
type SessionMethods = Pick<CredentialSession, 'getCredentials' | 'refresh' | 'signOut' | 'dispose'>;

/** The session's public face over its methods and store. */
export function sessionApi(s: SessionMethods, store: SnapshotStore, source: TokenSource): CredentialSession {
  const used = <A extends unknown[], R>(f: (...a: A) => R) => store.whenUsed(f);
  return {
    getCredentials: used((options?: { forceRefresh?: boolean }) => s.getCredentials(options)),
    getSnapshot: store.get,
    subscribe: used((listener: () => void) => store.subscribe(listener)),
    refresh: used((options?: { force?: boolean }) => s.refresh(options)),
    signIn: used(() => startSignIn(source)),
    signOut: used(() => s.signOut()),
    dispose: () => s.dispose(),
  };
}
