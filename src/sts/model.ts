// The STS 2011-06-15 API as data: shapes with the model's constraints, one row per operation.
// Source: the botocore STS model (operations, members, constraints, error codes), plus the members
// and operations that the newest @aws-sdk/client-sts has and that model lacks (marked "SDK":
// their constraints are not published, so none are checked).
//
// Adding an operation is adding a row: an exported `op(...)` below, and its four SDK-named types
// beside it (one-liners over the row). STS_OPERATIONS (operations.ts) is read off the exported
// rows, and the client's camelCase method, the entry's exports and the test stub follow from the
// table with no edit.
import type { MetadataBearer } from './command-types';
import {
  enumString,
  integer,
  list,
  map,
  sensitiveString,
  string,
  structure,
  timestamp,
  type OutputValueOf,
  type StructureShape,
  type ValueOf,
} from './shapes';

/** The STS API version every request names (`Version=2011-06-15`). */
export const STS_API_VERSION = '2011-06-15';
/** The XML namespace of STS responses. */
export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

// ---- member shapes --------------------------------------------------------------------------

const ARN_RE = /^[\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u;
const POLICY_RE = /^[\t\n\r\x20-\xFF]+$/;
const NAME_RE = /^[\w+=,.@-]*$/;
const TAG_KEY_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const arn = string({ min: 20, max: 2048, pattern: ARN_RE });
const roleSessionName = string({ min: 2, max: 64, pattern: NAME_RE });
const sourceIdentity = string({ min: 2, max: 64, pattern: NAME_RE });
const sessionPolicy = string({ min: 1, max: 2048, pattern: POLICY_RE });
const unrestrictedSessionPolicy = string({ min: 1, pattern: POLICY_RE });
const roleDurationSeconds = integer({ min: 900, max: 43200 });
const durationSeconds = integer({ min: 900, max: 129600 });
const serialNumber = string({ min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/ });
// Not "sensitive" in the model, but a one-time MFA code is a secret all the same.
const tokenCode = string({ min: 6, max: 6, pattern: /^\d*$/, sensitive: true });
const nonNegativeInteger = integer({ min: 0 });
const plainString = string();
// SDK-only members (MinimumSessionTokenSize, SessionTokenUtilization, SessionTokenSize, ...):
// constraints unpublished.
const sdkInteger = integer();

const PolicyDescriptorType = structure({ arn });
// STS allows at most 10 managed session policies; the model does not say so, the API reference does.
const policyArns = list(PolicyDescriptorType, { max: 10 });
const tagKey = string({ min: 1, max: 128, pattern: TAG_KEY_RE });
const Tag = structure({ Key: tagKey, Value: string({ min: 0, max: 256, pattern: TAG_VALUE_RE }) }, ['Key', 'Value']);
const tags = list(Tag, { max: 50 });
const ProvidedContext = structure({ ProviderArn: arn, ContextAssertion: string({ min: 4, max: 2048 }) });

const Credentials = structure(
  {
    AccessKeyId: string({ min: 16, max: 128, pattern: /^\w*$/ }),
    SecretAccessKey: sensitiveString(),
    SessionToken: sensitiveString(),
    Expiration: timestamp,
  },
  ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'],
);
const AssumedRoleUser = structure({ AssumedRoleId: string({ min: 2, max: 193, pattern: /^[\w+=,.@:-]*$/ }), Arn: arn }, [
  'AssumedRoleId',
  'Arn',
]);
const FederatedUser = structure({ FederatedUserId: string({ min: 2, max: 193, pattern: /^[\w+=,.@:-]*$/ }), Arn: arn }, [
  'FederatedUserId',
  'Arn',
]);
// SDK: who the session acts for when identity propagation is in use.
const TrustedIdentityPropagationContext = structure({
  OriginIdentity: structure({
    Subject: sensitiveString(),
    SubjectType: sensitiveString(),
    Issuer: sensitiveString(),
    FederatedProviderArn: plainString,
  }),
  TransactionContext: structure({ IdentityProvider: map(sensitiveString(), true) }),
});
const ScopedSession = structure({ ScopedSessionId: plainString, Arn: plainString }, ['ScopedSessionId', 'Arn']);

// ---- errors ------------------------------------------------------------------------------

// Each modelled error's HTTP status, then 'trim' where its awsQuery wire code is the SDK's class name
// less "Exception" (IDPCommunicationErrorException: IDPCommunicationError); else they are the same.
const ERRORS = {
  ExpiredTokenException: [400],
  ExpiredTradeInTokenException: [400],
  IDPCommunicationErrorException: [400, 'trim'],
  IDPRejectedClaimException: [403, 'trim'],
  InsufficientSessionLifetimeException: [400, 'trim'], // SDK
  InvalidAuthorizationMessageException: [400],
  InvalidContextAssertionException: [400, 'trim'], // SDK
  InvalidIdentityTokenException: [400, 'trim'],
  InvalidSubjectCredentialsException: [400, 'trim'], // SDK
  JWTPayloadSizeExceededException: [400],
  MalformedPolicyDocumentException: [400, 'trim'],
  OutboundWebIdentityFederationDisabledException: [403],
  PackedPolicyTooLargeException: [400, 'trim'],
  RegionDisabledException: [403],
  SessionDurationEscalationException: [403],
} as const;
type Errors = typeof ERRORS;

/** Modelled errors: the SDK's class name, the awsQuery wire code and the HTTP status STS uses. */
export const STS_ERRORS = Object.fromEntries(
  (Object.entries(ERRORS) as [string, readonly [number, 'trim'?]][]).map(([name, [status, trim]]) => [
    name,
    { code: trim ? name.replace(/Exception$/, '') : name, status },
  ]),
) as {
  readonly [K in keyof Errors]: {
    readonly code: Errors[K] extends readonly [number, 'trim'] ? (K extends `${infer C}Exception` ? C : K) : K;
    readonly status: Errors[K][0];
  };
};
/** The SDK class name of a modelled STS error, e.g. `InvalidIdentityTokenException`. */
export type StsErrorName = keyof typeof STS_ERRORS;

// ---- operations --------------------------------------------------------------------------

/**
 * One row of the operation table: the operation's name, input and output shapes, the modelled
 * errors it can return and whether it is signed. The exported operations (e.g.
 * {@link AssumeRoleWithWebIdentity}) are of this type, and {@link STS_OPERATIONS} holds them all.
 */
export interface Operation<I extends StructureShape = StructureShape, O extends StructureShape = StructureShape> {
  readonly name: string;
  readonly input: I;
  readonly output: O;
  readonly errors: readonly StsErrorName[];
  /** 'none': sent unsigned, needs no credentials (the model's smithy.api#noAuth). */
  readonly auth: 'sigv4' | 'none';
}

const op = /* @__NO_SIDE_EFFECTS__ */ <I extends StructureShape, O extends StructureShape>(
  name: string,
  auth: 'sigv4' | 'none',
  input: I,
  output: O,
  errors: readonly StsErrorName[] = [],
): Operation<I, O> => ({ name, auth, input, output, errors });

/** The input type of an {@link Operation}, e.g. `InputOf<typeof AssumeRole>` is {@link AssumeRoleRequest}. */
export type InputOf<T> = T extends Operation<infer I, StructureShape> ? ValueOf<I> : never;
/** The output type of an {@link Operation}, e.g. `OutputOf<typeof AssumeRole>` is {@link AssumeRoleResponse}. */
export type OutputOf<T> = T extends Operation<StructureShape, infer O> ? OutputValueOf<O> : never;

/** The AssumeRole operation: temporary credentials for an IAM role, called with the credentials of an IAM principal (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const AssumeRole = op(
  'AssumeRole',
  'sigv4',
  structure(
    {
      RoleArn: arn,
      RoleSessionName: roleSessionName,
      PolicyArns: policyArns,
      Policy: unrestrictedSessionPolicy,
      DurationSeconds: roleDurationSeconds,
      Tags: tags,
      TransitiveTagKeys: list(tagKey, { max: 50 }),
      ExternalId: string({ min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ }),
      SerialNumber: serialNumber,
      TokenCode: tokenCode,
      SourceIdentity: sourceIdentity,
      ProvidedContexts: list(ProvidedContext, { min: 1, max: 5 }),
      MinimumSessionTokenSize: sdkInteger,
    },
    ['RoleArn', 'RoleSessionName'],
  ),
  structure({
    Credentials,
    AssumedRoleUser,
    PackedPolicySize: nonNegativeInteger,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
  }),
  [
    'MalformedPolicyDocumentException',
    'PackedPolicyTooLargeException',
    'RegionDisabledException',
    'ExpiredTokenException',
    'InvalidContextAssertionException', // SDK
  ],
);
/** The request of AssumeRole; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleRequest = InputOf<typeof AssumeRole>;
/** The response of AssumeRole; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleResponse = OutputOf<typeof AssumeRole>;
/** The input of the AssumeRole command: the {@link AssumeRoleRequest}, under the SDK's name. */
export type AssumeRoleCommandInput = AssumeRoleRequest;
/** The output of the AssumeRole command: the {@link AssumeRoleResponse} plus `$metadata`. */
export type AssumeRoleCommandOutput = AssumeRoleResponse & MetadataBearer;

/** The AssumeRoleWithSAML operation: temporary credentials for a role, in exchange for a SAML assertion (unsigned). Pass it to {@link StsClient.send} or use the client's method. */
export const AssumeRoleWithSAML = op(
  'AssumeRoleWithSAML',
  'none',
  structure(
    {
      RoleArn: arn,
      PrincipalArn: arn,
      SAMLAssertion: sensitiveString({ min: 4, max: 100000 }),
      PolicyArns: policyArns,
      Policy: sessionPolicy,
      DurationSeconds: roleDurationSeconds,
      MinimumSessionTokenSize: sdkInteger,
    },
    ['RoleArn', 'PrincipalArn', 'SAMLAssertion'],
  ),
  structure({
    Credentials,
    AssumedRoleUser,
    PackedPolicySize: nonNegativeInteger,
    Subject: plainString,
    SubjectType: plainString,
    Issuer: plainString,
    Audience: plainString,
    NameQualifier: plainString,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
    TrustedIdentityPropagationContext,
  }),
  [
    'MalformedPolicyDocumentException',
    'PackedPolicyTooLargeException',
    'IDPRejectedClaimException',
    'InvalidIdentityTokenException',
    'ExpiredTokenException',
    'RegionDisabledException',
  ],
);
/** The request of AssumeRoleWithSAML; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleWithSAMLRequest = InputOf<typeof AssumeRoleWithSAML>;
/** The response of AssumeRoleWithSAML; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleWithSAMLResponse = OutputOf<typeof AssumeRoleWithSAML>;
/** The input of the AssumeRoleWithSAML command: the {@link AssumeRoleWithSAMLRequest}, under the SDK's name. */
export type AssumeRoleWithSAMLCommandInput = AssumeRoleWithSAMLRequest;
/** The output of the AssumeRoleWithSAML command: the {@link AssumeRoleWithSAMLResponse} plus `$metadata`. */
export type AssumeRoleWithSAMLCommandOutput = AssumeRoleWithSAMLResponse & MetadataBearer;

/** The AssumeRoleWithWebIdentity operation: temporary credentials for a role, in exchange for an OIDC ID token (unsigned; what a browser app calls). Pass it to {@link StsClient.send} or use the client's method. */
export const AssumeRoleWithWebIdentity = op(
  'AssumeRoleWithWebIdentity',
  'none',
  structure(
    {
      RoleArn: arn,
      RoleSessionName: roleSessionName,
      WebIdentityToken: sensitiveString({ min: 4, max: 20000 }),
      ProviderId: string({ min: 4, max: 2048 }),
      PolicyArns: policyArns,
      Policy: sessionPolicy,
      DurationSeconds: roleDurationSeconds,
      MinimumSessionTokenSize: sdkInteger,
    },
    ['RoleArn', 'RoleSessionName', 'WebIdentityToken'],
  ),
  structure({
    Credentials,
    SubjectFromWebIdentityToken: string({ min: 6, max: 255 }),
    AssumedRoleUser,
    PackedPolicySize: nonNegativeInteger,
    Provider: plainString,
    Audience: plainString,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
    TrustedIdentityPropagationContext,
  }),
  [
    'MalformedPolicyDocumentException',
    'PackedPolicyTooLargeException',
    'IDPRejectedClaimException',
    'IDPCommunicationErrorException',
    'InvalidIdentityTokenException',
    'ExpiredTokenException',
    'RegionDisabledException',
  ],
);
/** The request of AssumeRoleWithWebIdentity; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleWithWebIdentityRequest = InputOf<typeof AssumeRoleWithWebIdentity>;
/** The response of AssumeRoleWithWebIdentity; members as in the STS API reference. @useDeclaredType */
export type AssumeRoleWithWebIdentityResponse = OutputOf<typeof AssumeRoleWithWebIdentity>;
/** The input of the AssumeRoleWithWebIdentity command: the {@link AssumeRoleWithWebIdentityRequest}, under the SDK's name. */
export type AssumeRoleWithWebIdentityCommandInput = AssumeRoleWithWebIdentityRequest;
/** The output of the AssumeRoleWithWebIdentity command: the {@link AssumeRoleWithWebIdentityResponse} plus `$metadata`. */
export type AssumeRoleWithWebIdentityCommandOutput = AssumeRoleWithWebIdentityResponse & MetadataBearer;

/** The AssumeRoot operation: short-term credentials for privileged tasks on a member account of an organization (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const AssumeRoot = op(
  'AssumeRoot',
  'sigv4',
  structure(
    {
      TargetPrincipal: string({ min: 12, max: 2048 }),
      TaskPolicyArn: PolicyDescriptorType,
      DurationSeconds: integer({ min: 0, max: 900 }),
      MinimumSessionTokenSize: sdkInteger,
    },
    ['TargetPrincipal', 'TaskPolicyArn'],
  ),
  structure({
    Credentials,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
  }),
  ['RegionDisabledException', 'ExpiredTokenException'],
);
/** The request of AssumeRoot; members as in the STS API reference. @useDeclaredType */
export type AssumeRootRequest = InputOf<typeof AssumeRoot>;
/** The response of AssumeRoot; members as in the STS API reference. @useDeclaredType */
export type AssumeRootResponse = OutputOf<typeof AssumeRoot>;
/** The input of the AssumeRoot command: the {@link AssumeRootRequest}, under the SDK's name. */
export type AssumeRootCommandInput = AssumeRootRequest;
/** The output of the AssumeRoot command: the {@link AssumeRootResponse} plus `$metadata`. */
export type AssumeRootCommandOutput = AssumeRootResponse & MetadataBearer;

/** The DecodeAuthorizationMessage operation: the decoded form of an encoded authorization-failure message (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const DecodeAuthorizationMessage = op(
  'DecodeAuthorizationMessage',
  'sigv4',
  structure({ EncodedMessage: string({ min: 1, max: 10240 }) }, ['EncodedMessage']),
  structure({ DecodedMessage: plainString }),
  ['InvalidAuthorizationMessageException'],
);
/** The request of DecodeAuthorizationMessage; members as in the STS API reference. @useDeclaredType */
export type DecodeAuthorizationMessageRequest = InputOf<typeof DecodeAuthorizationMessage>;
/** The response of DecodeAuthorizationMessage; members as in the STS API reference. @useDeclaredType */
export type DecodeAuthorizationMessageResponse = OutputOf<typeof DecodeAuthorizationMessage>;
/** The input of the DecodeAuthorizationMessage command: the {@link DecodeAuthorizationMessageRequest}, under the SDK's name. */
export type DecodeAuthorizationMessageCommandInput = DecodeAuthorizationMessageRequest;
/** The output of the DecodeAuthorizationMessage command: the {@link DecodeAuthorizationMessageResponse} plus `$metadata`. */
export type DecodeAuthorizationMessageCommandOutput = DecodeAuthorizationMessageResponse & MetadataBearer;

/** The GetAccessKeyInfo operation: the account that owns an access key ID (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const GetAccessKeyInfo = op(
  'GetAccessKeyInfo',
  'sigv4',
  structure({ AccessKeyId: string({ min: 16, max: 128, pattern: /^\w*$/ }) }, ['AccessKeyId']),
  structure({ Account: plainString }),
);
/** The request of GetAccessKeyInfo; members as in the STS API reference. @useDeclaredType */
export type GetAccessKeyInfoRequest = InputOf<typeof GetAccessKeyInfo>;
/** The response of GetAccessKeyInfo; members as in the STS API reference. @useDeclaredType */
export type GetAccessKeyInfoResponse = OutputOf<typeof GetAccessKeyInfo>;
/** The input of the GetAccessKeyInfo command: the {@link GetAccessKeyInfoRequest}, under the SDK's name. */
export type GetAccessKeyInfoCommandInput = GetAccessKeyInfoRequest;
/** The output of the GetAccessKeyInfo command: the {@link GetAccessKeyInfoResponse} plus `$metadata`. */
export type GetAccessKeyInfoCommandOutput = GetAccessKeyInfoResponse & MetadataBearer;

/** The GetCallerIdentity operation: the account, user ID and ARN of the credentials that sign the call (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const GetCallerIdentity = op(
  'GetCallerIdentity',
  'sigv4',
  structure({}),
  structure({ UserId: plainString, Account: plainString, Arn: arn }),
);
/** The request of GetCallerIdentity; members as in the STS API reference. @useDeclaredType */
export type GetCallerIdentityRequest = InputOf<typeof GetCallerIdentity>;
/** The response of GetCallerIdentity; members as in the STS API reference. @useDeclaredType */
export type GetCallerIdentityResponse = OutputOf<typeof GetCallerIdentity>;
/** The input of the GetCallerIdentity command: the {@link GetCallerIdentityRequest}, under the SDK's name. */
export type GetCallerIdentityCommandInput = GetCallerIdentityRequest;
/** The output of the GetCallerIdentity command: the {@link GetCallerIdentityResponse} plus `$metadata`. */
export type GetCallerIdentityCommandOutput = GetCallerIdentityResponse & MetadataBearer;

/** The GetDelegatedAccessToken operation: credentials in exchange for a trade-in token (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const GetDelegatedAccessToken = op(
  'GetDelegatedAccessToken',
  'sigv4',
  structure({ TradeInToken: sensitiveString() }, ['TradeInToken']),
  structure({ Credentials, PackedPolicySize: nonNegativeInteger, AssumedPrincipal: arn }),
  ['ExpiredTradeInTokenException', 'RegionDisabledException', 'PackedPolicyTooLargeException'],
);
/** The request of GetDelegatedAccessToken; members as in the STS API reference. @useDeclaredType */
export type GetDelegatedAccessTokenRequest = InputOf<typeof GetDelegatedAccessToken>;
/** The response of GetDelegatedAccessToken; members as in the STS API reference. @useDeclaredType */
export type GetDelegatedAccessTokenResponse = OutputOf<typeof GetDelegatedAccessToken>;
/** The input of the GetDelegatedAccessToken command: the {@link GetDelegatedAccessTokenRequest}, under the SDK's name. */
export type GetDelegatedAccessTokenCommandInput = GetDelegatedAccessTokenRequest;
/** The output of the GetDelegatedAccessToken command: the {@link GetDelegatedAccessTokenResponse} plus `$metadata`. */
export type GetDelegatedAccessTokenCommandOutput = GetDelegatedAccessTokenResponse & MetadataBearer;

/** The GetFederationToken operation: temporary credentials for a federated user (signed with long-term IAM user credentials). Pass it to {@link StsClient.send} or use the client's method. */
export const GetFederationToken = op(
  'GetFederationToken',
  'sigv4',
  structure(
    {
      Name: string({ min: 2, max: 32, pattern: NAME_RE }),
      Policy: sessionPolicy,
      PolicyArns: policyArns,
      DurationSeconds: durationSeconds,
      Tags: tags,
      MinimumSessionTokenSize: sdkInteger,
    },
    ['Name'],
  ),
  structure({
    Credentials,
    FederatedUser,
    PackedPolicySize: nonNegativeInteger,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
  }),
  ['MalformedPolicyDocumentException', 'PackedPolicyTooLargeException', 'RegionDisabledException'],
);
/** The request of GetFederationToken; members as in the STS API reference. @useDeclaredType */
export type GetFederationTokenRequest = InputOf<typeof GetFederationToken>;
/** The response of GetFederationToken; members as in the STS API reference. @useDeclaredType */
export type GetFederationTokenResponse = OutputOf<typeof GetFederationToken>;
/** The input of the GetFederationToken command: the {@link GetFederationTokenRequest}, under the SDK's name. */
export type GetFederationTokenCommandInput = GetFederationTokenRequest;
/** The output of the GetFederationToken command: the {@link GetFederationTokenResponse} plus `$metadata`. */
export type GetFederationTokenCommandOutput = GetFederationTokenResponse & MetadataBearer;

// SDK: newer than the botocore model; constraints unpublished, errors as the SDK lists them.
/** The GetScopedCredentials operation: credentials scoped down by a session policy (signed; newer than the botocore model). Pass it to {@link StsClient.send} or use the client's method. */
export const GetScopedCredentials = op(
  'GetScopedCredentials',
  'sigv4',
  structure({
    Policy: plainString,
    DurationSeconds: sdkInteger,
    MinimumSessionTokenSize: sdkInteger,
    ScopedSessionDescription: plainString,
  }),
  structure({
    Credentials,
    SessionInfo: ScopedSession,
    SessionTokenUtilization: sdkInteger,
    SessionTokenSize: sdkInteger,
    ScopedPoliciesCount: sdkInteger,
    SourceIdentity: plainString,
  }),
  [
    'InsufficientSessionLifetimeException',
    'InvalidSubjectCredentialsException',
    'MalformedPolicyDocumentException',
    'PackedPolicyTooLargeException',
  ],
);
/** The request of GetScopedCredentials; members as in the STS API reference. @useDeclaredType */
export type GetScopedCredentialsRequest = InputOf<typeof GetScopedCredentials>;
/** The response of GetScopedCredentials; members as in the STS API reference. @useDeclaredType */
export type GetScopedCredentialsResponse = OutputOf<typeof GetScopedCredentials>;
/** The input of the GetScopedCredentials command: the {@link GetScopedCredentialsRequest}, under the SDK's name. */
export type GetScopedCredentialsCommandInput = GetScopedCredentialsRequest;
/** The output of the GetScopedCredentials command: the {@link GetScopedCredentialsResponse} plus `$metadata`. */
export type GetScopedCredentialsCommandOutput = GetScopedCredentialsResponse & MetadataBearer;

/** The GetSessionToken operation: temporary credentials for an IAM user or the root user, optionally with MFA (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const GetSessionToken = op(
  'GetSessionToken',
  'sigv4',
  structure({
    DurationSeconds: durationSeconds,
    SerialNumber: serialNumber,
    TokenCode: tokenCode,
    MinimumSessionTokenSize: sdkInteger,
  }),
  structure({ Credentials, SessionTokenUtilization: sdkInteger, SessionTokenSize: sdkInteger }),
  ['RegionDisabledException'],
);
/** The request of GetSessionToken; members as in the STS API reference. @useDeclaredType */
export type GetSessionTokenRequest = InputOf<typeof GetSessionToken>;
/** The response of GetSessionToken; members as in the STS API reference. @useDeclaredType */
export type GetSessionTokenResponse = OutputOf<typeof GetSessionToken>;
/** The input of the GetSessionToken command: the {@link GetSessionTokenRequest}, under the SDK's name. */
export type GetSessionTokenCommandInput = GetSessionTokenRequest;
/** The output of the GetSessionToken command: the {@link GetSessionTokenResponse} plus `$metadata`. */
export type GetSessionTokenCommandOutput = GetSessionTokenResponse & MetadataBearer;

/** The GetWebIdentityToken operation: a signed JWT that represents the caller, for outbound web identity federation (signed). Pass it to {@link StsClient.send} or use the client's method. */
export const GetWebIdentityToken = op(
  'GetWebIdentityToken',
  'sigv4',
  structure(
    {
      Audience: list(string({ min: 1, max: 1000 }), { min: 1, max: 10 }),
      SigningAlgorithm: string({ min: 5, max: 5 }),
      DurationSeconds: integer({ min: 60, max: 3600 }),
      Scope: plainString, // SDK
      SubjectMode: enumString('AWSIdentity', 'OriginIdentity'), // SDK
      Tags: tags,
    },
    ['Audience', 'SigningAlgorithm'],
  ),
  structure({ WebIdentityToken: sensitiveString(), Expiration: timestamp }),
  ['SessionDurationEscalationException', 'OutboundWebIdentityFederationDisabledException', 'JWTPayloadSizeExceededException'],
);
/** The request of GetWebIdentityToken; members as in the STS API reference. @useDeclaredType */
export type GetWebIdentityTokenRequest = InputOf<typeof GetWebIdentityToken>;
/** The response of GetWebIdentityToken; members as in the STS API reference. @useDeclaredType */
export type GetWebIdentityTokenResponse = OutputOf<typeof GetWebIdentityToken>;
/** The input of the GetWebIdentityToken command: the {@link GetWebIdentityTokenRequest}, under the SDK's name. */
export type GetWebIdentityTokenCommandInput = GetWebIdentityTokenRequest;
/** The output of the GetWebIdentityToken command: the {@link GetWebIdentityTokenResponse} plus `$metadata`. */
export type GetWebIdentityTokenCommandOutput = GetWebIdentityTokenResponse & MetadataBearer;

// ---- shapes used by several operations, named as @aws-sdk/client-sts names them ---------------

/**
 * Temporary security credentials: access key ID, secret access key, session token and expiration.
 * SecretAccessKey and SessionToken are secrets: never log them.
 *
 * @useDeclaredType
 */
export type Credentials = OutputValueOf<typeof Credentials>;
/**
 * The assumed role's ARN and ID (the role ID plus the session name), to identify the session in
 * policies and CloudTrail.
 *
 * @useDeclaredType
 */
export type AssumedRoleUser = OutputValueOf<typeof AssumedRoleUser>;
/**
 * A session tag: a key-value pair passed to the session, usable in policies as `aws:PrincipalTag`.
 *
 * @useDeclaredType
 */
export type Tag = ValueOf<typeof Tag>;
/**
 * The ARN of a managed policy to use as a session policy (`{ arn }`).
 *
 * @useDeclaredType
 */
export type PolicyDescriptorType = ValueOf<typeof PolicyDescriptorType>;
