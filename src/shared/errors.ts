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
