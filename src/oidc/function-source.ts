import type { TokenSource } from '../credentials/token-source';

/**
 * A token source from any IdP SDK (Auth0, Cognito user pools, Google Identity Services,
 * Firebase): `getIdToken(forceRenew)` returns the current ID token, a renewed one when asked,
 * or null when nobody is signed in.
 */
export function functionTokenSource(
  getIdToken: (forceRenew: boolean) => Promise<string | null | undefined> | string | null | undefined,
  more: Omit<TokenSource, 'getIdToken' | 'getIdTokenWithClaims'> = {},
): TokenSource {
  return { ...more, getIdToken: async ({ forceRenew }) => (await getIdToken(forceRenew)) ?? null };
}
