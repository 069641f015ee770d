// <StsProvider>: hands one CredentialSession to everything below it. Give it a session you made,
// or the OIDC settings (or UserManager) and role to build one with createOidcCredentialSession.
import { useEffect, useState, type ReactNode } from 'react';
import type { CredentialSession } from '../credentials/session';
import { StsContext } from '../hooks/context';
import { createOidcCredentialSession, type OidcCredentialSessionOptions } from '../oidc/oidc-session';

/**
 * Either a session the app made, or what `createOidcCredentialSession` takes: `oidc` (settings,
 * or a UserManager shared with e.g. react-oidc-context) and the role to assume.
 */
export type StsProviderProps = { children?: ReactNode } & ({ session: CredentialSession } | OidcCredentialSessionOptions);

/** On the server nothing is signed in or fetched: status stays 'loading' until the browser runs. */
const SERVER_SESSION: CredentialSession = {
  getCredentials: () => Promise.reject(new Error('No credentials during server rendering')),
  getSnapshot: () => ({ status: 'loading' }),
  subscribe: () => () => {},
  refresh: () => Promise.reject(new Error('No credentials during server rendering')),
  signIn: async () => {},
  signOut: async () => {},
  dispose: () => {},
};

interface Held {
  session: CredentialSession;
  owned: boolean;
}

function build(props: StsProviderProps): Held {
  if ('session' in props) return { session: props.session, owned: false };
  if (typeof window === 'undefined') return { session: SERVER_SESSION, owned: false };
  const { children: _children, ...options } = props;
  // The session completes a redirect sign-in itself, before its first STS call.
  return { session: createOidcCredentialSession(options), owned: true };
}

// A session the provider made is disposed when the provider goes away for good; StrictMode's
// rehearsal unmount is followed at once by a remount, which cancels the disposal.
const disposals = new WeakMap<CredentialSession, ReturnType<typeof setTimeout>>();

export function StsProvider(props: StsProviderProps) {
  // Built once: later prop changes do not replace the session (pass a new `key` for that).
  const [held] = useState(() => build(props));
  const { session, owned } = held;

  useEffect(() => {
    clearTimeout(disposals.get(session));
    // Deferred, so StrictMode's first, discarded mount starts nothing: one session, one STS call.
    const start = setTimeout(() => {
      session.getCredentials().catch(() => {
        /* the snapshot says why (signed-out, error) */
      });
    }, 0);
    return () => {
      clearTimeout(start);
      if (owned)
        disposals.set(
          session,
          setTimeout(() => session.dispose(), 0),
        );
    };
  }, [session, owned]);

  return <StsContext.Provider value={session}>{props.children}</StsContext.Provider>;
}
