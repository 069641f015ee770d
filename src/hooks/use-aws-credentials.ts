// useAwsCredentials(): the session's snapshot for React, through useSyncExternalStore. The result
// tracks which fields the component reads, so a component that shows only `status` does not
// re-render when credentials are refreshed under the same status.
import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import type { CredentialSession } from '../credentials/session';
import type { CredentialsSnapshot } from '../credentials/snapshot';
import { useCredentialSession } from './context';

const FIELDS = ['status', 'credentials', 'expiresAt', 'identity', 'error', 'lastRefreshError'] as const;
type Field = (typeof FIELDS)[number];

export interface AwsCredentialsState extends Pick<CredentialsSnapshot, Field> {
  /** An AWS SDK v3 credential provider, stable for the session's life: `new S3Client({ credentials: getCredentials })`. */
  getCredentials: CredentialSession['getCredentials'];
  refresh: CredentialSession['refresh'];
  signIn: CredentialSession['signIn'];
  signOut: CredentialSession['signOut'];
}

/** What a server render sees: nothing is known until the browser takes over. */
const SERVER_SNAPSHOT: CredentialsSnapshot = Object.freeze({ status: 'loading' as const });
const getServerSnapshot = () => SERVER_SNAPSHOT;

// One pending promise per session for Suspense, so every render throws the same one.
const pending = new WeakMap<CredentialSession, Promise<void>>();

export function useAwsCredentials(options: { suspense?: boolean } = {}): AwsCredentialsState {
  const session = useCredentialSession();
  const used = useRef(new Set<Field>()).current;
  const last = useRef<{ session?: CredentialSession; snapshot?: CredentialsSnapshot }>({}).current;

  // Keeps the previous snapshot while none of the fields this component read has changed.
  const getSnapshot = useCallback(() => {
    const next = session.getSnapshot();
    const prev = last.session === session ? last.snapshot : undefined;
    if (prev && prev !== next && [...used].every((k) => Object.is(prev[k], next[k]))) return prev;
    last.session = session;
    last.snapshot = next;
    return next;
  }, [session, used, last]);

  const snapshot = useSyncExternalStore(session.subscribe, getSnapshot, getServerSnapshot);

  if (options.suspense && snapshot.status === 'loading' && !snapshot.credentials && typeof window !== 'undefined') {
    let promise = pending.get(session);
    if (!promise) {
      const done = () => void pending.delete(session);
      promise = session.getCredentials().then(done, done);
      pending.set(session, promise);
    }
    throw promise;
  }

  return useMemo(() => {
    const result = {
      getCredentials: session.getCredentials,
      refresh: session.refresh,
      signIn: session.signIn,
      signOut: session.signOut,
    } as AwsCredentialsState;
    for (const k of FIELDS) {
      Object.defineProperty(result, k, {
        enumerable: true,
        get: () => {
          used.add(k);
          return snapshot[k];
        },
      });
    }
    return result;
  }, [session, snapshot, used]);
}
