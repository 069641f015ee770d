// oidc-client-ts as a token source. oidc-client-ts renews on access-token expiry only; the ID
// token the kit trades with STS has its own exp, which the credential session judges (once, on
// the clock corrected by STS's Date header) and asks this source to renew. The token goes with the
// claims oidc-client-ts already decoded (User.profile), so the kit does not decode it again.
import { UserManager, type User, type UserManagerSettings } from 'oidc-client-ts';
import type { TokenSource } from '../credentials/token-source';

/** The options of {@link oidcTokenSource}. */
export interface OidcTokenSourceOptions {
  /** How to get a new ID token: 'silent' (refresh token or hidden iframe; default), 'popup' or 'redirect'. */
  renew?: 'silent' | 'popup' | 'redirect';
}

/**
 * A token source over an oidc-client-ts UserManager. A plain read gives the ID token held,
 * expired or not: this device's clock may be wrong, and judging exp on it made a clock two hours
 * ahead renew every token and then throw the renewed one away. `forceRenew` renews once however
 * many callers ask at once (two refresh-token grants in flight would spend the same token).
 */
export function oidcTokenSource(userManager: UserManager, options: OidcTokenSourceOptions = {}): TokenSource {
  const signIn = async (): Promise<User | null> => {
    switch (options.renew ?? 'silent') {
      case 'popup':
        return userManager.signinPopup();
      case 'redirect':
        await userManager.signinRedirect();
        return null; // the page is leaving; the callback will bring a new token
      default:
        return userManager.signinSilent();
    }
  };
  let renewing: Promise<User | null> | undefined;
  const renew = () => (renewing ??= signIn().finally(() => (renewing = undefined)));
  /** The user whose ID token to hand out: the one held, or a renewed one. */
  const userFor = async (forceRenew: boolean): Promise<User | null> => {
    const user = await userManager.getUser();
    if (!user) return null;
    return !forceRenew && user.id_token ? user : renew();
  };
  return {
    getIdToken: async ({ forceRenew }) => (await userFor(forceRenew))?.id_token ?? null,
    async getIdTokenWithClaims({ forceRenew }) {
      const user = await userFor(forceRenew);
      return user?.id_token ? { idToken: user.id_token, claims: user.profile } : null;
    },
    subscribe(onChange) {
      const offs = [
        userManager.events.addUserLoaded(() => onChange()),
        userManager.events.addUserUnloaded(() => onChange()),
        userManager.events.addUserSignedOut(() => onChange()),
      ];
      return () => offs.forEach((off) => off());
    },
    signIn: () => userManager.signinRedirect(),
    signOut: () => userManager.removeUser(),
  };
}

/**
 * A UserManager with safe defaults for a single-page app: authorization code with PKCE, the
 * response in the query, and renewal left to the credential session (which knows when the ID
 * token, not the access token, runs out).
 */
export function createUserManager(settings: UserManagerSettings): UserManager {
  return new UserManager({
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid profile email',
    automaticSilentRenew: false,
    ...settings,
  });
}

const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

/**
 * Completes a redirect sign-in when the page is the redirect target, then removes `code`,
 * `state` and the rest from the address bar, so a reload or a shared link does not replay them.
 * Returns the user, or null when this page load is not a sign-in callback.
 */
export async function handleSignInCallback(userManager: UserManager, location: Location = globalThis.location): Promise<User | null> {
  const url = new URL(location.href);
  const isCallback = url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
  if (!isCallback) return null;
  try {
    return (await userManager.signinCallback(url.href)) ?? null;
  } finally {
    CALLBACK_PARAMS.forEach((p) => url.searchParams.delete(p));
    // The whole URL, not pathname + search: a path that starts with `//` would be read as
    // protocol-relative (another host), which replaceState refuses, leaving code and state behind.
    globalThis.history?.replaceState(globalThis.history.state, '', url.href);
  }
}
