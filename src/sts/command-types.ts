// The SDK's names for what a command takes and gives back (`AssumeRoleWithWebIdentityCommandInput`,
// `...CommandOutput` with `$metadata`), so code typed against @aws-sdk/client-sts moves over by
// changing the import only. The shapes themselves are the model's *Request / *Response types.
import type { ResponseMetadata } from './errors';
import type * as M from './model';

type Out<T> = T & { $metadata: ResponseMetadata };

export type AssumeRoleCommandInput = M.AssumeRoleRequest;
export type AssumeRoleCommandOutput = Out<M.AssumeRoleResponse>;
export type AssumeRoleWithSAMLCommandInput = M.AssumeRoleWithSAMLRequest;
export type AssumeRoleWithSAMLCommandOutput = Out<M.AssumeRoleWithSAMLResponse>;
export type AssumeRoleWithWebIdentityCommandInput = M.AssumeRoleWithWebIdentityRequest;
export type AssumeRoleWithWebIdentityCommandOutput = Out<M.AssumeRoleWithWebIdentityResponse>;
export type AssumeRootCommandInput = M.AssumeRootRequest;
export type AssumeRootCommandOutput = Out<M.AssumeRootResponse>;
export type DecodeAuthorizationMessageCommandInput = M.DecodeAuthorizationMessageRequest;
export type DecodeAuthorizationMessageCommandOutput = Out<M.DecodeAuthorizationMessageResponse>;
export type GetAccessKeyInfoCommandInput = M.GetAccessKeyInfoRequest;
export type GetAccessKeyInfoCommandOutput = Out<M.GetAccessKeyInfoResponse>;
export type GetCallerIdentityCommandInput = M.GetCallerIdentityRequest;
export type GetCallerIdentityCommandOutput = Out<M.GetCallerIdentityResponse>;
export type GetDelegatedAccessTokenCommandInput = M.GetDelegatedAccessTokenRequest;
export type GetDelegatedAccessTokenCommandOutput = Out<M.GetDelegatedAccessTokenResponse>;
export type GetFederationTokenCommandInput = M.GetFederationTokenRequest;
export type GetFederationTokenCommandOutput = Out<M.GetFederationTokenResponse>;
export type GetScopedCredentialsCommandInput = M.GetScopedCredentialsRequest;
export type GetScopedCredentialsCommandOutput = Out<M.GetScopedCredentialsResponse>;
export type GetSessionTokenCommandInput = M.GetSessionTokenRequest;
export type GetSessionTokenCommandOutput = Out<M.GetSessionTokenResponse>;
export type GetWebIdentityTokenCommandInput = M.GetWebIdentityTokenRequest;
export type GetWebIdentityTokenCommandOutput = Out<M.GetWebIdentityTokenResponse>;
