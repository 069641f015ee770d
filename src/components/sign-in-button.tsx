import type { ButtonHTMLAttributes } from 'react';
import { useAwsCredentials } from '../hooks/use-aws-credentials';
import { cx } from './class-names';

/** The props of {@link SignInButton} and {@link SignOutButton}: any button attribute but onClick and type. */
export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'type'>;

/** Starts the sign-in (the IdP redirect with an OIDC provider). */
export function SignInButton({ className, children, ...rest }: ButtonProps) {
  const { signIn, status } = useAwsCredentials();
  return (
    <button type="button" {...rest} className={cx('wik-sign-in', className)} aria-busy={status === 'loading'} onClick={() => void signIn()}>
      {children ?? 'Sign in'}
    </button>
  );
}

/** Signs out in this tab and every other tab of the app. */
export function SignOutButton({ className, children, ...rest }: ButtonProps) {
  const { signOut } = useAwsCredentials();
  return (
    <button type="button" {...rest} className={cx('wik-sign-out', className)} onClick={() => void signOut()}>
      {children ?? 'Sign out'}
    </button>
  );
}
