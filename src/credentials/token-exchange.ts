// Trading the signed-in user's ID token for credentials: read the token (renewed once when it has
// expired, judged here and only here, on STS's clock), call AssumeRoleWithWebIdentity, and when
// STS refuses the token itself, renew it and try once more. Whatever is still refused means the
// user has to sign in again.
import { ExpiredTokenException, IDPRejectedClaimException, InvalidIdentityTokenException } from '../sts/errors';
import type { Logger } from '../shared/types';
import { isRetryable } from '../shared/retry';
import type { WebIdentityCaller, WebIdentityOutput } from '../sts/web-identity';
import { SESSION_DEFAULTS } from './defaults';
import { SignInRequiredError } from './errors';
import { sessionNameFrom, type IdTokenClaims } from './jwt';
import { readIdToken, type IdToken, type TokenSource } from './token-source';

/** The role to assume and where the ID tokens come from. */
export interface RoleRequest {
  /** The ARN of the IAM role to assume; its trust policy must trust the IdP. Required. */
  roleArn: string;
  /** Where ID tokens come from, e.g. oidcTokenSource(userManager). Required. */
  tokenSource: TokenSource;
  /** Default: the ID token's `sub`, made to fit STS's pattern. */
  roleSessionName?: string | ((claims: IdTokenClaims) => string);
  /** How long the credentials last, 900 to 43200 seconds. Default: the role's (STS uses 3600). */
  durationSeconds?: number;
  /** A session policy (JSON) that narrows the role's permissions. */
  policy?: string;
  /** Managed session policies, by ARN. */
  policyArns?: (string | { arn: string })[];
  /** Only for OAuth 2.0 access tokens from Amazon or Facebook: the provider's domain. */
  providerId?: string;
}

export interface TokenExchange extends RoleRequest {
  sts: WebIdentityCaller;
  /** The clock STS judges expiry by (epoch ms). */
  serverNow: () => number;
  logger?: Logger;
}

/** STS answers that mean "this token will not do": renew it once, then ask for sign-in. */
const needsNewToken = (e: unknown) =>
  e instanceof ExpiredTokenException ||
  e instanceof IDPRejectedClaimException ||
  (e instanceof InvalidIdentityTokenException && !isRetryable(e));

/**
 * One exchange. `beforeCall` sees the claims of the token about to be sent, so the session can
 * drop another user's credentials at once when the signed-in user changed.
 */
export async function exchangeIdToken(
  x: TokenExchange,
  beforeCall: (claims: IdTokenClaims) => void = () => {},
): Promise<{ out: WebIdentityOutput; claims: IdTokenClaims }> {
  const assume = ({ token, claims }: IdToken) => {
    beforeCall(claims);
    return x.sts.assumeRoleWithWebIdentity({
      RoleArn: x.roleArn,
      RoleSessionName:
        typeof x.roleSessionName === 'function' ? x.roleSessionName(claims) : (x.roleSessionName ?? sessionNameFrom(claims.sub)),
      WebIdentityToken: token,
      DurationSeconds: x.durationSeconds,
      Policy: x.policy,
      PolicyArns: x.policyArns?.map((p) => (typeof p === 'string' ? { arn: p } : p)),
      ProviderId: x.providerId,
    });
  };
  let id = await idToken(x, false);
  try {
    return { out: await assume(id), claims: id.claims };
  } catch (e) {
    if (!needsNewToken(e)) throw e;
    x.logger?.info?.(`web-identity-kit: STS refused the ID token (${(e as Error).name}); renewing it`);
  }
  id = await idToken(x, true);
  try {
    return { out: await assume(id), claims: id.claims };
  } catch (again) {
    if (needsNewToken(again))
      throw new SignInRequiredError('token-rejected', `STS refused the renewed ID token too: ${(again as Error).message}`, again);
    throw again;
  }
}

/** An ID token that has not expired (renewed once if it had; see below), else SignInRequiredError. */
async function idToken(x: TokenExchange, forceRenew: boolean): Promise<IdToken> {
  let id: IdToken | null;
  try {
    id = await readIdToken(x.tokenSource, forceRenew);
  } catch (e) {
    throw new SignInRequiredError(
      'renewal-failed',
      `The ID token could not be ${forceRenew ? 'renewed' : 'read'}: ${(e as Error)?.message ?? e}`,
      e,
    );
  }
  if (!id) {
    throw forceRenew
      ? new SignInRequiredError('renewal-failed', 'The identity provider gave no renewed ID token')
      : new SignInRequiredError('signed-out', 'No one is signed in');
  }
  const exp = id.claims.exp;
  if (typeof exp === 'number' && exp * 1000 <= x.serverNow() + SESSION_DEFAULTS.idTokenExpirySkewSeconds * 1000) {
    if (!forceRenew) return idToken(x, true);
    // Just renewed and still past its exp on this device's idea of STS's clock: that idea is what
    // is likely wrong (a clock ahead, no Date header to correct it). STS judges the token; if it
    // has expired indeed, STS says so and the caller asks for sign-in.
    x.logger?.warn?.("web-identity-kit: the renewed ID token looks expired by this device's clock (is it ahead?); STS will judge it");
  }
  return id;
}
