import type { ReactNode } from 'react';
import { SignInRequiredError } from '../credentials/errors';
import { hintOf } from '../shared/errors';
import { useAwsCredentials } from '../hooks/use-aws-credentials';
import { cx } from './class-names';
import { SignInButton } from './sign-in-button';

/** The props of {@link RequireCredentials}. */
export interface RequireCredentialsProps {
  /** Rendered while valid credentials are at hand. */
  children?: ReactNode;
  /** Shown while there are no valid credentials; default: a loading line, a sign-in prompt or the error. */
  fallback?: ReactNode;
  /** Added to the default fallback's class names. */
  className?: string;
}

/** Renders its children only while valid credentials are at hand. */
export function RequireCredentials({ children, fallback, className }: RequireCredentialsProps) {
  const { status, credentials, error, refresh } = useAwsCredentials();
  if (credentials && (status === 'ready' || status === 'refreshing')) return <>{children}</>;
  if (fallback !== undefined) return <>{fallback}</>;
  if (status === 'loading') {
    return (
      <p className={cx('wik-require', 'wik-loading', className)} role="status">
        Getting AWS credentials…
      </p>
    );
  }
  if (status === 'signed-out' || error instanceof SignInRequiredError) {
    return (
      <div className={cx('wik-require', 'wik-signed-out', className)}>
        <p>{error && !(error instanceof SignInRequiredError && error.reason === 'signed-out') ? error.message : 'Sign in to continue.'}</p>
        <SignInButton />
      </div>
    );
  }
  const hint = hintOf(error);
  return (
    <div className={cx('wik-require', 'wik-error', className)} role="alert">
      <p>AWS credentials could not be obtained: {error?.message ?? 'unknown error'}</p>
      {hint && <p className="wik-hint">{hint}</p>}
      <button type="button" className="wik-retry" onClick={() => void refresh({ force: true }).catch(() => {})}>
        Try again
      </button>
    </div>
  );
}
