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
 * The advice an error carries in `hint` (a {@link WebIdentityKitError}, a `ServiceException`, or
 * any error shaped like them), for a UI to show under the message.
 */
export const hintOf = (error: unknown): string | undefined =>
  error instanceof Error && 'hint' in error && typeof error.hint === 'string' && error.hint ? error.hint : undefined;
