// <StsProvider>: hands one CredentialSession to everything below it. Give it a session you made,
// or the OIDC settings and role to build one (it then also completes the sign-in redirect).
import { useEffect, useState, type ReactNode } from 'react';
import type { UserManagerSettings } from 'oidc-client-ts';
import { createCredentialSession, type CredentialSession, type CredentialSessionOptions } from '../credentials/session';
import { StsContext } from '../hooks/context';
import { createUserManager, handleSignInCallback, oidcTokenSource, type OidcTokenSourceOptions } from '../oidc/user-manager';

type SessionSettings = Omit<CredentialSessionOptions, 'tokenSource'>;

export type StsProviderProps = { children?: ReactNode } & (
  | { session: CredentialSession }
  | ({ oidc: UserManagerSettings; renew?: OidcTokenSourceOptions['renew'] } & SessionSettings)
);

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
  /** Settles a redirect sign-in before the first credentials are asked for. */
  callback?: () => Promise<unknown>;
  owned: boolean;
}

function build(props: StsProviderProps): Held {
  if ('session' in props) return { session: props.session, owned: false };
  if (typeof window === 'undefined') return { session: SERVER_SESSION, owned: false };
  const { oidc, renew, children: _children, ...settings } = props;
  const userManager = createUserManager(oidc);
  const session = createCredentialSession({ ...settings, tokenSource: oidcTokenSource(userManager, { renew }) });
  return { session, owned: true, callback: () => handleSignInCallback(userManager) };
}

// A session the provider made is disposed when the provider goes away for good; StrictMode's
// rehearsal unmount is followed at once by a remount, which cancels the disposal.
const disposals = new WeakMap<CredentialSession, ReturnType<typeof setTimeout>>();

export function StsProvider(props: StsProviderProps) {
  // Built once: later prop changes do not replace the session (pass a new `key` for that).
  const [held] = useState(() => build(props));
  const { session, owned, callback } = held;

  useEffect(() => {
    clearTimeout(disposals.get(session));
    // Deferred, so StrictMode's first, discarded mount starts nothing: one session, one STS call.
    const start = setTimeout(async () => {
      try {
        await callback?.();
      } catch {
        /* a failed callback leaves the user signed out; the session reports it */
      }
      session.getCredentials().catch(() => {
        /* the snapshot says why (signed-out, error) */
      });
    }, 0);
    return () => {
      clearTimeout(start);
      if (owned) disposals.set(session, setTimeout(() => session.dispose(), 0));
    };
  }, [session, owned, callback]);

  return <StsContext.Provider value={session}>{props.children}</StsContext.Provider>;
}
