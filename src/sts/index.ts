export { StsClient } from './client';
export { STS_OPERATIONS } from './operations';
export {
  assumeRoleWithWebIdentity,
  webIdentityClient,
  type WebIdentityCaller,
  type WebIdentityOutput,
  type WebIdentitySettings,
} from './web-identity';
export { toAwsCredentials, type CredentialsOutput } from './to-credentials';
export { resolveStsEndpoint, type EndpointSettings, type ResolvedEndpoint } from './endpoint';
export type { CallOptions } from './call';
export type { PresignOptions } from './presign';
export type { FetchLike, StsClientSettings } from './config';
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger, TemporaryCredentials } from '../shared/types';
export * from './errors';
// Every row of the table, its SDK-named types and the error table: a new row is exported with no edit here.
export * from './model';
export type * from './command-types';
export type { StsOperations, StsOperationName } from './operations';
export type {
  Shape,
  Members,
  StringShape,
  IntegerShape,
  BooleanShape,
  TimestampShape,
  ListShape,
  MapShape,
  StructureShape,
  ValueOf,
  OutputValueOf,
} from './shapes';
