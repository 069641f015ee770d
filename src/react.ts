// web-identity-kit/react: the React adapter over the framework-free core.
export { StsProvider, type StsProviderProps } from './components/sts-provider';
export { useAwsCredentials, type AwsCredentialsState } from './hooks/use-aws-credentials';
export { useCredentialSession } from './hooks/context';
export { SignInButton, SignOutButton } from './components/sign-in-button';
export { RequireCredentials, type RequireCredentialsProps } from './components/require-credentials';
export { CredentialsStatus, formatRemaining, type CredentialsStatusProps } from './components/credentials-status';
