// AssumeRoleWithWebIdentity: the ID token is checked as AWS checks it (signature against the IdP's
// JWKS, issuer, audience, expiry), then the role's trust policy, then a role session is issued.
import { compactVerify, createRemoteJWKSet, decodeJwt, type JWTPayload } from 'jose';
import { wildcardMatch } from '../iam/credentials-store';
import { StsError } from './errors';
import { textOf, type QueryInput } from './form';
import {
  assumedRoleUser,
  credentialsResult,
  issueRoleSession,
  roleSessionSeconds,
  sessionPolicyOf,
  type RoleConfig,
  type SessionIssuer,
} from './roles';

export interface OidcProviderConfig {
  /** The issuer URL exactly as in the tokens' `iss`. */
  url: string;
  /** The audiences (client ids) registered for it. */
  clientIds: string[];
  /** Subjects the provider reports as rejected (IDPRejectedClaim), to reproduce that answer. */
  rejectedSubjects?: string[];
}

export interface WebIdentityOptions extends SessionIssuer {
  providers: OidcProviderConfig[];
  roles: RoleConfig[];
}

const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
const NO_KEYS =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const NOT_VALIDATED =
  'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';

export function createWebIdentity(o: WebIdentityOptions) {
  const jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  function keysOf(issuer: string) {
    let set = jwks.get(issuer);
    if (!set) {
      // The discovery document's jwks_uri would say the same; oidc-provider serves it here.
      set = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/jwks`), { timeoutDuration: 5000, cooldownDuration: 0 });
      jwks.set(issuer, set);
    }
    return set;
  }

  async function checkSignature(token: string, provider: OidcProviderConfig) {
    try {
      await compactVerify(token, keysOf(provider.url));
    } catch (e) {
      const { code, message } =
        e instanceof Error ? { code: (e as { code?: unknown }).code, message: e.message } : { code: '', message: '' };
      if (/fetch|JWKS|timed out|ECONNREFUSED/i.test(`${String(code)} ${message}`)) throw new StsError('InvalidIdentityToken', NO_KEYS);
      throw new StsError('InvalidIdentityToken', NOT_VALIDATED);
    }
  }

  function checkTimes(claims: JWTPayload, now: number) {
    const seconds = Math.floor(now / 1000);
    // AWS takes exp strictly; iat and nbf may be a little ahead of its clock (5 minutes here).
    if (typeof claims.exp !== 'number' || seconds >= claims.exp) {
      throw new StsError(
        'ExpiredTokenException',
        `Token expired: current date/time ${seconds} must be before the expiration date/time ${String(claims.exp)}`,
      );
    }
    if ((claims.nbf ?? 0) > seconds + 300 || (claims.iat ?? 0) > seconds + 300) {
      throw new StsError('InvalidIdentityToken', 'Token used before issued');
    }
  }

  async function verifyToken(token: string, now: number) {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new StsError('InvalidIdentityToken', NOT_A_JWT);
    }
    const provider = o.providers.find((p) => p.url === claims.iss);
    if (!provider) throw new StsError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claims.iss ?? ''}`);
    const audience = ([] as string[]).concat(claims.aud ?? []).find((a) => provider.clientIds.includes(a));
    if (audience === undefined) throw new StsError('InvalidIdentityToken', 'Incorrect token audience');
    await checkSignature(token, provider);
    checkTimes(claims, now);
    const subject = String(claims.sub);
    if (provider.rejectedSubjects?.includes(subject)) {
      throw new StsError('IDPRejectedClaim', 'The identity provider rejected the claims of the token.', 403);
    }
    return { subject, provider, audience };
  }

  function trustedRole(roleArn: string, provider: OidcProviderConfig, audience: string, subject: string): RoleConfig {
    const role = o.roles.find((r) => r.arn === roleArn);
    const federated = provider.url.replace(/^https?:\/\//, '');
    const subjectOk = !role?.trust.subjects || role.trust.subjects.some((p) => wildcardMatch(p, subject));
    if (!role || role.trust.federated !== federated || !role.trust.audiences.includes(audience) || !subjectOk) {
      throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    }
    return role;
  }

  /** The answer's Result, in the order real STS writes it. */
  async function assumeRoleWithWebIdentity(input: QueryInput, now: number) {
    const { subject, provider, audience } = await verifyToken(textOf(input, 'WebIdentityToken') ?? '', now);
    const role = trustedRole(textOf(input, 'RoleArn') ?? '', provider, audience, subject);
    const seconds = roleSessionSeconds(o, input, role);
    const { policy, packedPolicySize } = sessionPolicyOf(input);
    const c = issueRoleSession(o, role, textOf(input, 'RoleSessionName') ?? '', seconds, now, policy);
    return {
      Audience: audience,
      AssumedRoleUser: assumedRoleUser(c),
      Provider: provider.url,
      Credentials: credentialsResult(c),
      SubjectFromWebIdentityToken: subject,
      PackedPolicySize: packedPolicySize,
    };
  }

  return { assumeRoleWithWebIdentity };
}
