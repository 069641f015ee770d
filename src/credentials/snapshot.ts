// The session's state, in the two forms it takes: the snapshot it shows the world (immutable,
// replaced whole on every change, so React's useSyncExternalStore and any other reader compare by
// identity; its string and JSON forms never hold a secret) and the record it keeps, hands to other
// tabs and (opt-in) stores: plain data that survives structured cloning and JSON.
import type { TemporaryCredentials } from '../shared/types';

/**
 * Where the session is: 'loading' (first credentials on their way), 'ready', 'refreshing' (valid
 * credentials still served meanwhile), 'signed-out' (sign-in needed) or 'error' (see `error`).
 */
export type SessionStatus = 'signed-out' | 'loading' | 'ready' | 'refreshing' | 'error';

/** Who the credentials are for, from the AssumeRoleWithWebIdentity answer (no secrets). */
export interface SessionIdentity {
  /** The ARN of the assumed-role session (AssumedRoleUser.Arn). */
  assumedRoleArn?: string;
  /** The role ID and session name (AssumedRoleUser.AssumedRoleId). */
  assumedRoleId?: string;
  /** The ID token's subject as STS read it (SubjectFromWebIdentityToken). */
  subject?: string;
  /** The IdP that issued the token, as STS names it. */
  provider?: string;
  /** The token's audience (the client ID). */
  audience?: string;
  /** The source identity of the session, when one was set. */
  sourceIdentity?: string;
}

/**
 * What the session shows: an immutable snapshot, replaced whole on every change. Its toString,
 * toJSON and Node inspection forms hide SecretAccessKey and SessionToken.
 */
export interface CredentialsSnapshot {
  /** Where the session is. */
  readonly status: SessionStatus;
  /** The current credentials, while valid ones are held. */
  readonly credentials?: TemporaryCredentials;
  /** When the current credentials expire. */
  readonly expiresAt?: Date;
  /** Who the credentials are for. */
  readonly identity?: SessionIdentity;
  /** Why status is 'error' or 'signed-out' (a SignInRequiredError when sign-in is needed). */
  readonly error?: Error;
  /** The last background refresh that failed while valid credentials were still served. */
  readonly lastRefreshError?: Error;
}

/**
 * Credentials as the session keeps them, hands to other tabs and (opt-in) stores them. It holds
 * the secrets: never logged, and read back from outside only through record-check.ts.
 */
export interface CredentialsRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** When they expire: a deadline on this device's clock, in epoch ms (see lifetime.ts). */
  expiration: number;
  /** How long they lived when issued (ms): tells other tabs how early to refresh short-lived ones. */
  lifetime: number;
  identity: SessionIdentity;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function redacted(c: TemporaryCredentials) {
  return { accessKeyId: c.accessKeyId, secretAccessKey: '[redacted]', sessionToken: '[redacted]', expiration: c.expiration };
}

/**
 * A frozen copy of `value` whose JSON and Node inspection forms are `view()` and whose string form
 * is `text()`: none of the three enumerable, so spreading the copy carries none of them.
 */
function guarded<T extends object>(value: T, view: () => unknown, text: () => string): T {
  const hidden = (f: () => unknown) => ({ enumerable: false, value: f });
  return Object.freeze(Object.defineProperties({ ...value }, { toJSON: hidden(view), [INSPECT]: hidden(view), toString: hidden(text) }));
}

/** Credentials whose toString, toJSON and Node inspection hide the secret parts. */
export const guardCredentials = (c: TemporaryCredentials): TemporaryCredentials =>
  guarded(
    c,
    () => redacted(c),
    () => `Credentials(${c.accessKeyId}, expires ${c.expiration.toISOString()})`,
  );

export const makeSnapshot = (s: CredentialsSnapshot): CredentialsSnapshot =>
  guarded(
    s,
    () => ({ ...s, credentials: s.credentials && redacted(s.credentials) }),
    () => `CredentialsSnapshot(${s.status}${s.expiresAt ? `, expires ${s.expiresAt.toISOString()}` : ''})`,
  );

/** The snapshot of a session that holds the credentials of `r`. */
export function readySnapshot(r: CredentialsRecord): CredentialsSnapshot {
  const credentials = guardCredentials({
    accessKeyId: r.accessKeyId,
    secretAccessKey: r.secretAccessKey,
    sessionToken: r.sessionToken,
    expiration: new Date(r.expiration),
    ...(r.identity.assumedRoleArn ? { accountId: r.identity.assumedRoleArn.split(':')[4] } : {}),
  });
  return makeSnapshot({ status: 'ready', credentials, expiresAt: credentials.expiration, identity: r.identity });
}

/** The record of credentials held, as another tab takes them. */
export function recordOf(c: TemporaryCredentials, identity: SessionIdentity, lifetime: number): CredentialsRecord {
  const { accessKeyId, secretAccessKey, sessionToken } = c;
  return { accessKeyId, secretAccessKey, sessionToken, expiration: c.expiration.getTime(), lifetime, identity };
}
