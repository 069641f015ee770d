// web-identity-kit/credentials: temporary AWS credentials that stay fresh, framework-free.
export { createCredentialSession, type CredentialSession, type CredentialSessionOptions } from './session';
export type { CredentialsSnapshot, SessionIdentity, SessionStatus } from './snapshot';
export type { TokenSource, IdTokenWithClaims } from './token-source';
export { SignInRequiredError, SessionDisposedError } from './errors';
export { readClaims, sessionNameFrom, type IdTokenClaims } from './jwt';
export { SESSION_DEFAULTS } from './defaults';
export type { LockManagerLike, ChannelLike, TabEnvironment, FreshnessMarker } from './tab-sync';
export type { Timers } from './timer';
export { toAwsCredentials, type CredentialsOutput } from '../sts/to-credentials';
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, TemporaryCredentials } from '../shared/types';
