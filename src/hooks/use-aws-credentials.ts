// useAwsCredentials(): the session's snapshot for React, through useSyncExternalStore. The result
// tracks which fields the component reads, so a component that shows only `status` does not
// re-render when credentials are refreshed under the same status.
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { CredentialSession } from '../credentials/session';
import type { CredentialsSnapshot } from '../credentials/snapshot';
import { useCredentialSession } from './context';
import { sessionMethods } from './session-methods';
import { FieldTracker } from './tracked-fields';

const FIELDS = ['status', 'credentials', 'expiresAt', 'identity', 'error', 'lastRefreshError'] as const;
type Field = (typeof FIELDS)[number];

/**
 * What {@link useAwsCredentials} returns: the fields of the session's
 * {@link credentials.CredentialsSnapshot | CredentialsSnapshot} and its methods.
 */
export interface AwsCredentialsState extends Pick<CredentialsSnapshot, Field> {
  /**
   * An AWS SDK v3 credential provider, stable for the session's life: `new S3Client({ credentials: getCredentials })`.
   * All four functions keep their identity across renders and work detached from the result.
   */
  getCredentials: CredentialSession['getCredentials'];
  /** Gets new credentials now unless fresh ones are at hand; see {@link credentials.CredentialSession.refresh | CredentialSession.refresh}. */
  refresh: CredentialSession['refresh'];
  /** Starts a sign-in through the session's token source (e.g. a redirect to the IdP). */
  signIn: CredentialSession['signIn'];
  /** Forgets the credentials, in every tab, and signs out of the token source. */
  signOut: CredentialSession['signOut'];
}

/** What a server render sees: nothing is known until the browser takes over. */
const SERVER_SNAPSHOT: CredentialsSnapshot = Object.freeze({ status: 'loading' as const });
const getServerSnapshot = () => SERVER_SNAPSHOT;

const pending = new WeakMap<CredentialSession, Promise<void>>();

/**
 * The session's credentials and status for React. The result tracks which fields the component
 * reads, so a component that shows only `status` does not re-render when credentials are refreshed
 * under the same status. The functions keep their identity across renders.
 *
 * @param options - `suspense: true` suspends while the first credentials load (default false).
 * @throws Error when no {@link StsProvider} is above the component.
 *
 * @example
 * ```tsx
 * function Upload() {
 *   const { status, getCredentials, signIn } = useAwsCredentials();
 *   const s3 = useMemo(() => new S3Client({ region: 'eu-west-1', credentials: getCredentials }), [getCredentials]);
 *   if (status === 'signed-out') return <button onClick={() => void signIn()}>Sign in</button>;
 *   // ...
 * }
 * ```
 */
export function useAwsCredentials(options: { suspense?: boolean } = {}): AwsCredentialsState {
  const session = useCredentialSession();
  const methods = sessionMethods(session);
  const [tracker] = useState(() => new FieldTracker<CredentialsSnapshot>());

  // Keeps the previous snapshot while none of the fields this component read has changed.
  const getSnapshot = useCallback(() => tracker.select(session, session.getSnapshot()), [session, tracker]);

  const snapshot = useSyncExternalStore(methods.subscribe, getSnapshot, getServerSnapshot);

  if (options.suspense && snapshot.status === 'loading' && !snapshot.credentials && typeof window !== 'undefined') {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- Suspense's protocol before React 19's use(): throw the promise to wait on
    throw pendingCredentials(session);
  }

  return useMemo(() => {
    const { getCredentials, refresh, signIn, signOut } = methods;
    return tracker.expose({ getCredentials, refresh, signIn, signOut }, snapshot, FIELDS);
  }, [methods, snapshot, tracker]);
}

/** The promise Suspense waits on: one per session, so every render throws the same one. */
function pendingCredentials(session: CredentialSession): Promise<void> {
  let promise = pending.get(session);
  if (!promise) {
    const done = () => void pending.delete(session);
    promise = session.getCredentials().then(done, done);
    pending.set(session, promise);
  }
  return promise;
}
