import type { TemporaryCredentials } from '../shared/types';
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
 *   complete Credentials.
 */
export function toAwsCredentials(output: CredentialsOutput): TemporaryCredentials {
  const c = output.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new WebIdentityKitError(
      'StsCredentialsMissingError',
      'The STS output holds no complete Credentials',
      'Pass the output of an operation that returns credentials (AssumeRole*, GetSessionToken, GetFederationToken, ...).',
    );
  }
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
