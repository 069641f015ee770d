// web-identity-kit/oidc: where ID tokens come from.
export { oidcTokenSource, createUserManager, handleSignInCallback, type OidcTokenSourceOptions } from './user-manager';
export { functionTokenSource } from './function-source';
export type { TokenSource, IdTokenWithClaims } from '../credentials/token-source';
export { createOidcCredentialSession, type OidcCredentialSession, type OidcCredentialSessionOptions } from './oidc-session';
