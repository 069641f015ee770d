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

/**
 * Hands one {@link credentials.CredentialSession | CredentialSession} to the kit's hooks and
 * components below it. Give it a `session` you made, or the options of
 * {@link oidc.createOidcCredentialSession | createOidcCredentialSession} to make one (disposed when
 * the provider unmounts for good). The session is made once: later prop changes do not replace it
 * (pass a new `key` for that). It starts fetching credentials after mount; during server rendering
 * nothing is fetched and the status stays 'loading'.
 *
 * @throws {@link sts.StsConfigurationError | StsConfigurationError} during render when the options
 *   cannot make a session (e.g. no roleArn).
 *
 * @example
 * ```tsx
 * import { StsProvider, useAwsCredentials } from 'web-identity-kit/react';
 *
 * <StsProvider
 *   oidc={{ authority: 'https://accounts.example.com', client_id: 'my-spa', redirect_uri: location.origin }}
 *   roleArn="arn:aws:iam::123456789012:role/web-upload"
 *   region="eu-west-1"
 * >
 *   <App />
 * </StsProvider>;
 * ```
 */
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
