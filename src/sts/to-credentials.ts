import type { TemporaryCredentials } from '../shared/types';
import { missingMembers, type CompleteCredentials } from './check-credentials';
import { WebIdentityKitError } from './errors';

/**
 * Any STS output that carries credentials (AssumeRole*, GetSessionToken, GetFederationToken, ...):
 * what {@link toAwsCredentials} reads.
 */
export interface CredentialsOutput {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
  AssumedRoleUser?: { Arn?: string };
  FederatedUser?: { Arn?: string };
}

/**
 * Any credentials-returning output as an AWS SDK v3 credential identity, ready for
 * `new S3Client({ credentials })` (the PHP SDK's createCredentials). The account ID comes from the
 * assumed role's or federated user's ARN.
 *
 * @throws {@link WebIdentityKitError} named `StsCredentialsMissingError` when the output holds no
 *   complete Credentials (a member missing or empty, or Expiration not a valid Date).
 */
export function toAwsCredentials(output: CredentialsOutput): TemporaryCredentials {
  const missing = missingMembers(output.Credentials);
  if (missing.length) {
    throw new WebIdentityKitError(
      'StsCredentialsMissingError',
      `The STS output holds no complete Credentials (${missing.join(', ')} missing, empty or not a valid date)`,
      'Pass the output of an operation that returns credentials (AssumeRole*, GetSessionToken, GetFederationToken, ...).',
    );
  }
  const c = output.Credentials as CompleteCredentials;
  const arn = output.AssumedRoleUser?.Arn ?? output.FederatedUser?.Arn;
  const accountId = arn?.split(':')[4];
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
    ...(accountId ? { accountId } : {}),
  };
}
