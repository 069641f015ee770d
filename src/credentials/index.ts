// web-identity-kit/credentials: the CredentialSession lands here (issue 4). Until then this entry
// re-exports the credential types and the helper that turns an STS output into SDK credentials.
export { toAwsCredentials, type TemporaryCredentials } from '../sts/to-credentials';
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '../sts/config';
