// Credentials STS just issued, as the session keeps them: who they are for, and until when on this
// device's clock. The expiration handed out (to AWS SDK clients too) is a local deadline, not STS's
// Expiration: SDK v3 clients compare it with their own Date.now(), and on a clock ahead of STS's
// they would find STS's value expired and ask for credentials on every request. The local deadline
// is what this device's clock reads when STS's reads Expiration (give or take the answer's
// transit), and it is wall-clock epoch ms, so other tabs and a reload read it too.
import { credentialsProblem, type CompleteCredentials } from '../sts/check-credentials';
import { WebIdentityKitError } from '../sts/errors';
import { AssumeRoleWithWebIdentity } from '../sts/model';
import type { WebIdentityOutput } from '../sts/web-identity';
import type { IdTokenClaims } from './jwt';
import { grantedLifetimeMs } from './lifetime';
import type { CredentialsRecord, SessionIdentity } from './snapshot';

/** An AssumeRoleWithWebIdentity answer, with what the session knew when it arrived. */
export interface Issued {
  out: WebIdentityOutput;
  /** The claims of the ID token sent. */
  claims?: IdTokenClaims;
  /** When the answer arrived, on the session's clock (epoch ms). */
  receivedAt: number;
  /** When the answer arrived, on STS's clock as far as the STS client knows it (epoch ms). */
  serverReceivedAt: number;
  /** The DurationSeconds asked for, if any. */
  requestedSeconds?: number;
}

/** The record of the credentials in the answer, expiring at their local deadline. */
export function issuedRecord({ out, claims, receivedAt, serverReceivedAt, requestedSeconds }: Issued): CredentialsRecord {
  // The built-in client has refused such answers already (a DeserializationError): only an app's
  // own STS caller can hand them on, so the advice is about that caller, not the network.
  const problem = credentialsProblem(AssumeRoleWithWebIdentity, out);
  if (problem) {
    throw new WebIdentityKitError(
      'StsCredentialsMissingError',
      problem,
      'The sts caller given to createCredentialSession must return the AssumeRoleWithWebIdentity output as STS sent it.',
    );
  }
  // Complete once credentialsProblem finds nothing wrong: four non-empty members, a valid Date.
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = out.Credentials as CompleteCredentials;
  // Judged by the lifetime STS granted, counted from their arrival on the local clock: a clock
  // ahead of STS by more than the lifetime would otherwise see them expired on arrival.
  const lifetime = grantedLifetimeMs({
    expiration: Expiration.getTime(),
    serverReceivedAt,
    requestedSeconds,
    tokenIssuedAt: typeof claims?.iat === 'number' ? claims.iat : undefined,
  });
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: receivedAt + lifetime,
    lifetime,
    identity: identityOf(out, claims),
  };
}

/** Who the credentials are for: what STS said, else what the ID token says. */
function identityOf(out: WebIdentityOutput, claims: IdTokenClaims | undefined): SessionIdentity {
  return {
    assumedRoleArn: out.AssumedRoleUser?.Arn,
    assumedRoleId: out.AssumedRoleUser?.AssumedRoleId,
    subject: out.SubjectFromWebIdentityToken ?? claims?.sub,
    provider: out.Provider ?? claims?.iss,
    audience: out.Audience,
    sourceIdentity: out.SourceIdentity,
  };
}

/** What the log says of credentials just issued: no secret, both expirations. */
export function describeIssued(r: CredentialsRecord, out: WebIdentityOutput): string {
  const until = new Date(r.expiration).toISOString();
  const sts = out.Credentials?.Expiration?.toISOString();
  return `web-identity-kit: credentials ${r.accessKeyId} for ${Math.round(r.lifetime / 1000)} s, until ${until} on this device's clock (STS says ${sts})`;
}
