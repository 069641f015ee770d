// The AWS SDK v3 shapes every layer speaks (credentials, providers, loggers), kept here so s3 and
// credentials need not import sts for a type. Structurally the same as @smithy/types, so values
// pass to and from SDK clients without conversion.

/** The AWS SDK v3 AwsCredentialIdentity shape. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

/** The AWS SDK v3 credential provider shape: an async function that resolves to credentials. */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Temporary credentials with the expiry that AWS SDK v3 clients refresh on. */
export interface TemporaryCredentials extends AwsCredentialIdentity {
  sessionToken: string;
  expiration: Date;
}

/** The AWS SDK v3 Logger shape; every method optional. */
export interface Logger {
  /** Detail for debugging. */
  debug?(...content: unknown[]): void;
  /** Normal events. */
  info?(...content: unknown[]): void;
  /** Retries and other recoverable trouble. */
  warn?(...content: unknown[]): void;
  /** Failures. */
  error?(...content: unknown[]): void;
}
