'use client';
// A client component: it reads the credential session that <StsProvider> (app/layout.tsx) made.
import { useAwsCredentials } from 'web-identity-kit/react';

export default function Page() {
  const { status, identity, expiresAt, error, signIn, signOut } = useAwsCredentials();
  if (status === 'loading') return <p role="status">Checking your session…</p>;
  if (status === 'signed-out') {
    return (
      <>
        <p role="status">Signed out.</p>
        <button type="button" onClick={() => void signIn()}>
          Sign in
        </button>
      </>
    );
  }
  if (status === 'error') {
    const hint = (error as { hint?: string } | undefined)?.hint; // the kit's errors say what to do
    return (
      <p role="alert">
        AWS credentials could not be obtained: {error?.message} {hint}
      </p>
    );
  }
  return (
    <>
      <p role="status">
        Signed in as {identity?.subject}; AWS credentials for {identity?.assumedRoleArn} until {expiresAt?.toLocaleTimeString()}.
      </p>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </>
  );
}
