// What the session shows the world: an immutable snapshot, replaced whole on every change, so
// React (useSyncExternalStore) and any other reader compare by identity. Its string and JSON
// forms never hold a secret.
import type { TemporaryCredentials } from '../sts/to-credentials';

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

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function redacted(c: TemporaryCredentials) {
  return { accessKeyId: c.accessKeyId, secretAccessKey: '[redacted]', sessionToken: '[redacted]', expiration: c.expiration };
}

/** Credentials whose toString, toJSON and Node inspection hide the secret parts. */
export function guardCredentials(c: TemporaryCredentials): TemporaryCredentials {
  const safe = { ...c };
  const hidden = { enumerable: false, value: () => redacted(c) };
  Object.defineProperties(safe, {
    toJSON: hidden,
    [INSPECT]: hidden,
    toString: { enumerable: false, value: () => `Credentials(${c.accessKeyId}, expires ${c.expiration.toISOString()})` },
  });
  return Object.freeze(safe);
}

export function makeSnapshot(s: CredentialsSnapshot): CredentialsSnapshot {
  const view = () => ({ ...s, credentials: s.credentials && redacted(s.credentials) });
  const snapshot = { ...s };
  Object.defineProperties(snapshot, {
    toJSON: { enumerable: false, value: view },
    [INSPECT]: { enumerable: false, value: view },
    toString: {
      enumerable: false,
      value: () => `CredentialsSnapshot(${s.status}${s.expiresAt ? `, expires ${s.expiresAt.toISOString()}` : ''})`,
    },
  });
  return Object.freeze(snapshot);
}
