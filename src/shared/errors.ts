/** Base of every error the kit raises on its own account (bad input, configuration, network). */
export class WebIdentityKitError extends Error {
  /** What the caller can do about it; never contains a secret. */
  readonly hint?: string;
  constructor(name: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    if (hint) this.hint = hint;
  }
}

/**
 * Credentials that cannot sign: a signed STS operation with none, a provider that failed, or
 * credentials without an accessKeyId or secretAccessKey (STS and S3 alike). Never quotes a secret.
 */
export class CredentialsProviderError extends WebIdentityKitError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('CredentialsProviderError', message, hint, { cause });
  }
}

/**
 * The advice an error carries in `hint` (a {@link WebIdentityKitError}, a `ServiceException`, or
 * any error shaped like them), for a UI to show under the message.
 */
export const hintOf = (error: unknown): string | undefined =>
  error instanceof Error && 'hint' in error && typeof error.hint === 'string' && error.hint ? error.hint : undefined;
