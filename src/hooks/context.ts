import { createContext, useContext } from 'react';
import type { CredentialSession } from '../credentials/session';

/** The session the nearest <StsProvider> holds. */
export const StsContext = createContext<CredentialSession | null>(null);

/**
 * The {@link credentials.CredentialSession | CredentialSession} the nearest {@link StsProvider} holds,
 * for direct use (e.g. handing `getCredentials` to an SDK client outside React).
 *
 * @throws Error when no StsProvider is above the component.
 */
export function useCredentialSession(): CredentialSession {
  const session = useContext(StsContext);
  if (!session) {
    throw new Error(
      'useAwsCredentials() and the kit\u2019s components need a <StsProvider> above them: wrap your app in ' +
        '<StsProvider session={session}> or <StsProvider oidc={{ authority, client_id, redirect_uri }} roleArn="..." region="...">.',
    );
  }
  return session;
}
