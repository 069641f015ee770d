// What the session shows the world: an immutable snapshot, replaced whole on every change, so
// React (useSyncExternalStore) and any other reader compare by identity. Its string and JSON
// forms never hold a secret.
import type { TemporaryCredentials } from '../sts/to-credentials';

export type SessionStatus = 'signed-out' | 'loading' | 'ready' | 'refreshing' | 'error';

export interface SessionIdentity {
  assumedRoleArn?: string;
  assumedRoleId?: string;
  subject?: string;
  provider?: string;
  audience?: string;
  sourceIdentity?: string;
}

export interface CredentialsSnapshot {
  readonly status: SessionStatus;
  readonly credentials?: TemporaryCredentials;
  readonly expiresAt?: Date;
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
