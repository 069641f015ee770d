// The SDK's names for what a command takes and gives back (`AssumeRoleWithWebIdentityCommandInput`,
// `...CommandOutput` with `$metadata`), so code typed against @aws-sdk/client-sts moves over by
// changing the import only. The shapes themselves are the model's *Request / *Response types.
import type { ResponseMetadata } from './errors';
import type * as M from './model';

/** What every command output carries besides the response: `$metadata` (HTTP status, request ID, attempts). */
export interface MetadataBearer {
  /** Facts about the HTTP exchange, as the SDK reports them. */
  $metadata: ResponseMetadata;
}

/** The input of the AssumeRole command: the {@link M.AssumeRoleRequest | AssumeRoleRequest}, under the SDK's name. */
export type AssumeRoleCommandInput = M.AssumeRoleRequest;
/** The output of the AssumeRole command: the {@link M.AssumeRoleResponse | AssumeRoleResponse} plus `$metadata`. */
export type AssumeRoleCommandOutput = M.AssumeRoleResponse & MetadataBearer;
/** The input of the AssumeRoleWithSAML command: the {@link M.AssumeRoleWithSAMLRequest | AssumeRoleWithSAMLRequest}, under the SDK's name. */
export type AssumeRoleWithSAMLCommandInput = M.AssumeRoleWithSAMLRequest;
/** The output of the AssumeRoleWithSAML command: the {@link M.AssumeRoleWithSAMLResponse | AssumeRoleWithSAMLResponse} plus `$metadata`. */
export type AssumeRoleWithSAMLCommandOutput = M.AssumeRoleWithSAMLResponse & MetadataBearer;
/** The input of the AssumeRoleWithWebIdentity command: the {@link M.AssumeRoleWithWebIdentityRequest | AssumeRoleWithWebIdentityRequest}, under the SDK's name. */
export type AssumeRoleWithWebIdentityCommandInput = M.AssumeRoleWithWebIdentityRequest;
/** The output of the AssumeRoleWithWebIdentity command: the {@link M.AssumeRoleWithWebIdentityResponse | AssumeRoleWithWebIdentityResponse} plus `$metadata`. */
export type AssumeRoleWithWebIdentityCommandOutput = M.AssumeRoleWithWebIdentityResponse & MetadataBearer;
/** The input of the AssumeRoot command: the {@link M.AssumeRootRequest | AssumeRootRequest}, under the SDK's name. */
export type AssumeRootCommandInput = M.AssumeRootRequest;
/** The output of the AssumeRoot command: the {@link M.AssumeRootResponse | AssumeRootResponse} plus `$metadata`. */
export type AssumeRootCommandOutput = M.AssumeRootResponse & MetadataBearer;
/** The input of the DecodeAuthorizationMessage command: the {@link M.DecodeAuthorizationMessageRequest | DecodeAuthorizationMessageRequest}, under the SDK's name. */
export type DecodeAuthorizationMessageCommandInput = M.DecodeAuthorizationMessageRequest;
/** The output of the DecodeAuthorizationMessage command: the {@link M.DecodeAuthorizationMessageResponse | DecodeAuthorizationMessageResponse} plus `$metadata`. */
export type DecodeAuthorizationMessageCommandOutput = M.DecodeAuthorizationMessageResponse & MetadataBearer;
/** The input of the GetAccessKeyInfo command: the {@link M.GetAccessKeyInfoRequest | GetAccessKeyInfoRequest}, under the SDK's name. */
export type GetAccessKeyInfoCommandInput = M.GetAccessKeyInfoRequest;
/** The output of the GetAccessKeyInfo command: the {@link M.GetAccessKeyInfoResponse | GetAccessKeyInfoResponse} plus `$metadata`. */
export type GetAccessKeyInfoCommandOutput = M.GetAccessKeyInfoResponse & MetadataBearer;
/** The input of the GetCallerIdentity command: the {@link M.GetCallerIdentityRequest | GetCallerIdentityRequest}, under the SDK's name. */
export type GetCallerIdentityCommandInput = M.GetCallerIdentityRequest;
/** The output of the GetCallerIdentity command: the {@link M.GetCallerIdentityResponse | GetCallerIdentityResponse} plus `$metadata`. */
export type GetCallerIdentityCommandOutput = M.GetCallerIdentityResponse & MetadataBearer;
/** The input of the GetDelegatedAccessToken command: the {@link M.GetDelegatedAccessTokenRequest | GetDelegatedAccessTokenRequest}, under the SDK's name. */
export type GetDelegatedAccessTokenCommandInput = M.GetDelegatedAccessTokenRequest;
/** The output of the GetDelegatedAccessToken command: the {@link M.GetDelegatedAccessTokenResponse | GetDelegatedAccessTokenResponse} plus `$metadata`. */
export type GetDelegatedAccessTokenCommandOutput = M.GetDelegatedAccessTokenResponse & MetadataBearer;
/** The input of the GetFederationToken command: the {@link M.GetFederationTokenRequest | GetFederationTokenRequest}, under the SDK's name. */
export type GetFederationTokenCommandInput = M.GetFederationTokenRequest;
/** The output of the GetFederationToken command: the {@link M.GetFederationTokenResponse | GetFederationTokenResponse} plus `$metadata`. */
export type GetFederationTokenCommandOutput = M.GetFederationTokenResponse & MetadataBearer;
/** The input of the GetScopedCredentials command: the {@link M.GetScopedCredentialsRequest | GetScopedCredentialsRequest}, under the SDK's name. */
export type GetScopedCredentialsCommandInput = M.GetScopedCredentialsRequest;
/** The output of the GetScopedCredentials command: the {@link M.GetScopedCredentialsResponse | GetScopedCredentialsResponse} plus `$metadata`. */
export type GetScopedCredentialsCommandOutput = M.GetScopedCredentialsResponse & MetadataBearer;
/** The input of the GetSessionToken command: the {@link M.GetSessionTokenRequest | GetSessionTokenRequest}, under the SDK's name. */
export type GetSessionTokenCommandInput = M.GetSessionTokenRequest;
/** The output of the GetSessionToken command: the {@link M.GetSessionTokenResponse | GetSessionTokenResponse} plus `$metadata`. */
export type GetSessionTokenCommandOutput = M.GetSessionTokenResponse & MetadataBearer;
/** The input of the GetWebIdentityToken command: the {@link M.GetWebIdentityTokenRequest | GetWebIdentityTokenRequest}, under the SDK's name. */
export type GetWebIdentityTokenCommandInput = M.GetWebIdentityTokenRequest;
/** The output of the GetWebIdentityToken command: the {@link M.GetWebIdentityTokenResponse | GetWebIdentityTokenResponse} plus `$metadata`. */
export type GetWebIdentityTokenCommandOutput = M.GetWebIdentityTokenResponse & MetadataBearer;
