import { WebIdentityKitError } from '../shared/errors';

/** No usable ID token: the user has to sign in (again). `reason` says why, for the UI. */
export class SignInRequiredError extends WebIdentityKitError {
  readonly reason: 'signed-out' | 'token-expired' | 'token-rejected' | 'renewal-failed';
  constructor(reason: SignInRequiredError['reason'], message: string, cause?: unknown) {
    super('SignInRequiredError', message, 'Call signIn() (or your IdP\u2019s sign-in), then refresh().', { cause });
    this.reason = reason;
  }
}

/** The session was disposed and can no longer be used. */
export class SessionDisposedError extends WebIdentityKitError {
  constructor() {
    super('SessionDisposedError', 'This credential session was disposed', 'Create a new session with createCredentialSession().');
  }
}
