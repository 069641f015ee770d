// Where ID tokens come from: the interface an IdP adapter implements, and how the session reads it.
import { StsConfigurationError } from '../sts/errors';

/**
 * Where ID tokens come from. The session asks for one before each STS call; `forceRenew` asks
 * the IdP for a new one (silent renew, refresh token, popup) because the last was expired or
 * refused. `null` means nobody is signed in.
 */
export interface TokenSource {
  /** The current ID token, a renewed one when `forceRenew` is true, or null when nobody is signed in. */
  getIdToken(options: { forceRenew: boolean }): Promise<string | null>;
  /** Tells the session that the signed-in user changed (sign-in, sign-out, another account). */
  subscribe?(onChange: () => void): () => void;
  /** Starts a sign-in (e.g. a redirect to the IdP). */
  signIn?(): Promise<void>;
  /** Forgets the user locally (e.g. removes the stored tokens). */
  signOut?(): Promise<void>;
}

/** The source's current ID token, or null when nobody is signed in (or the source cannot say). */
export const currentIdToken = (source: TokenSource): Promise<string | null> => source.getIdToken({ forceRenew: false }).catch(() => null);

/**
 * Starts a sign-in through the source.
 *
 * @throws StsConfigurationError when the source cannot start one.
 */
export async function startSignIn(source: TokenSource): Promise<void> {
  if (!source.signIn) {
    throw new StsConfigurationError(
      'This token source cannot start a sign-in',
      'Sign the user in with your identity provider, then call refresh().',
    );
  }
  await source.signIn();
}
