// Sign-in and credentials in one call: the UserManager, the redirect callback and the credential
// session wired together, so an app without React needs no glue of its own. <StsProvider oidc>
// is built on it.
import { UserManager, type UserManagerSettings } from 'oidc-client-ts';
import { createCredentialSession, type CredentialSession, type CredentialSessionOptions } from '../credentials/session';
import { createUserManager, handleSignInCallback, oidcTokenSource, type OidcTokenSourceOptions } from './user-manager';

/**
 * The options of {@link createOidcCredentialSession}: those of {@link credentials.CredentialSessionOptions | CredentialSessionOptions}
 * with the IdP (`oidc`) in place of a token source.
 */
export interface OidcCredentialSessionOptions extends Omit<CredentialSessionOptions, 'tokenSource'> {
  /**
   * The IdP: settings for a new UserManager (made with `createUserManager`'s defaults), or a
   * UserManager the app already has, e.g. react-oidc-context's, so both share one sign-in and
   * one renewal.
   */
  oidc: UserManagerSettings | UserManager;
  /** How a new ID token is fetched when the current one runs out. Default 'silent'. */
  renew?: OidcTokenSourceOptions['renew'];
  /**
   * Complete a redirect sign-in found in the page's address before the first STS call (and clean
   * `code` and `state` from it). Default true. Pass false when something else already does, such
   * as react-oidc-context's `<AuthProvider>`: a callback can be completed only once.
   */
  handleCallback?: boolean;
}

export interface OidcCredentialSession extends CredentialSession {
  /** The UserManager the session signs in with: the one given, or the one made from settings. */
  readonly userManager: UserManager;
}

/**
 * Makes (or takes) the UserManager, completes a redirect sign-in on first use, and returns the
 * credential session, whose `signIn()` redirects to the IdP and `signOut()` forgets the user in
 * every tab. Refreshes, tab sharing and storage are those of
 * {@link credentials.createCredentialSession | createCredentialSession}, with the same defaults.
 *
 * @throws {@link sts.StsConfigurationError | StsConfigurationError} for a missing roleArn or an unsupported
 *   storage, as createCredentialSession does.
 *
 * @example
 * ```ts
 * import { createOidcCredentialSession } from 'web-identity-kit/oidc';
 *
 * const session = createOidcCredentialSession({
 *   region: 'eu-west-1',
 *   roleArn: 'arn:aws:iam::123456789012:role/web-upload',
 *   oidc: {
 *     authority: 'https://accounts.example.com',
 *     client_id: 'my-spa',
 *     redirect_uri: location.origin + '/callback',
 *   },
 * });
 * await session.signIn(); // redirects to the IdP; on return, getCredentials() has credentials
 * ```
 */
export function createOidcCredentialSession(options: OidcCredentialSessionOptions): OidcCredentialSession {
  const { oidc, renew, handleCallback = true, ...settings } = options;
  const userManager = oidc instanceof UserManager ? oidc : createUserManager(oidc);
  const source = oidcTokenSource(userManager, { renew });
  // The callback runs once, when the session first asks for a token: a session made and dropped
  // (React StrictMode's rehearsal) must not spend the one-time code.
  let callback: Promise<unknown> | undefined;
  // A failed callback (the IdP said no, or the state was already used) leaves the user signed
  // out, which the session's snapshot shows; the reason goes to the logger (no token in it).
  const complete = () =>
    handleSignInCallback(userManager).catch((e: Error) =>
      settings.logger?.warn?.(`web-identity-kit: sign-in callback failed: ${e.message}`),
    );
  const callbackSettled = () => (callback ??= handleCallback && typeof location !== 'undefined' ? complete() : Promise.resolve());
  const withClaims = source.getIdTokenWithClaims?.bind(source);
  const afterCallback =
    <T>(read: (request: { forceRenew: boolean }) => Promise<T>) =>
    async (request: { forceRenew: boolean }) => (await callbackSettled(), read(request));
  const session = createCredentialSession({
    ...settings,
    tokenSource: {
      ...source,
      getIdToken: afterCallback((request) => source.getIdToken(request)),
      getIdTokenWithClaims: withClaims && afterCallback(withClaims),
    },
  });
  return { ...session, userManager };
}
