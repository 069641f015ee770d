// Where ID tokens come from: the interface an IdP adapter implements, and how the session reads
// it. A source that has already decoded the token (oidc-client-ts keeps its claims as
// User.profile) hands the claims over with it; the kit decodes a JWT only when it got no claims.
import { StsConfigurationError } from '../sts/errors';
import { readClaims, type IdTokenClaims } from './jwt';

/** An ID token with the claims its source already decoded. */
export interface IdTokenWithClaims {
  /** The raw JWT, sent to STS as WebIdentityToken. */
  idToken: string;
  /** Its claims (sub, exp, iat, iss, ...); read from `idToken` when absent. */
  claims?: IdTokenClaims;
}

/**
 * Where ID tokens come from. The session asks for one before each STS call; `forceRenew` asks
 * the IdP for a new one (silent renew, refresh token, popup) because the last was expired or
 * refused. `null` means nobody is signed in.
 */
export interface TokenSource {
  /** The current ID token, a renewed one when `forceRenew` is true, or null when nobody is signed in. */
  getIdToken(options: { forceRenew: boolean }): Promise<string | null>;
  /**
   * Optional: the same token as getIdToken gives, with the claims the source has already decoded,
   * so the session need not decode it again. When present, the session asks this instead of getIdToken.
   */
  getIdTokenWithClaims?(options: { forceRenew: boolean }): Promise<IdTokenWithClaims | null>;
  /** Tells the session that the signed-in user changed (sign-in, sign-out, another account). */
  subscribe?(onChange: () => void): () => void;
  /** Starts a sign-in (e.g. a redirect to the IdP). */
  signIn?(): Promise<void>;
  /** Forgets the user locally (e.g. removes the stored tokens). */
  signOut?(): Promise<void>;
}

/** An ID token as the session works with it: the token, and its claims read once. */
export interface IdToken {
  token: string;
  /** Empty for a token that is not a JWT: STS judges it. */
  claims: IdTokenClaims;
}

/** The source's ID token with its claims (renewed when `forceRenew`), or null when nobody is signed in. Rejects as the source does. */
export async function readIdToken(source: TokenSource, forceRenew: boolean): Promise<IdToken | null> {
  const got: { idToken: string | null; claims?: IdTokenClaims } | null = source.getIdTokenWithClaims
    ? await source.getIdTokenWithClaims({ forceRenew })
    : { idToken: await source.getIdToken({ forceRenew }) };
  return got?.idToken ? { token: got.idToken, claims: got.claims ?? readClaims(got.idToken) ?? {} } : null;
}

/** The source's current ID token, or null when nobody is signed in (or the source cannot say). */
export const currentIdToken = (source: TokenSource): Promise<IdToken | null> => readIdToken(source, false).catch(() => null);

/**
 * Starts a sign-in through the source.
 *
 * @throws StsConfigurationError when the source cannot start one.
 */
export async function startSignIn(source: TokenSource): Promise<void> {
  if (!source.signIn) {
    throw new StsConfigurationError(
      'This token source cannot start a sign-in',
      'Sign in with your identity provider, then call refresh().',
    );
  }
  await source.signIn();
}
