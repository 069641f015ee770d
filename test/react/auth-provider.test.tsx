// @vitest-environment jsdom
// An app that already signs in with react-oidc-context's <AuthProvider> hands the same
// UserManager to <StsProvider>: one sign-in, one user, and the credentials follow it.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { afterEach, describe, expect, it } from 'vitest';
import { StsProvider, useAwsCredentials } from '../../src/react';
import { createFakeTokenSource, createStsStub } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
afterEach(cleanup);

/** A signed-in oidc-client-ts User for `sub`, with an unsigned ID token (the STS stub does not check signatures). */
async function userFor(sub: string) {
  const idToken = (await createFakeTokenSource({ user: sub }).getIdToken({ forceRenew: false }))!;
  const profile = JSON.parse(atob(idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as User['profile'];
  return new User({ id_token: idToken, access_token: 'access', token_type: 'Bearer', profile, expires_at: profile.exp });
}

function Probe() {
  const auth = useAuth();
  const { status, identity } = useAwsCredentials();
  return (
    <p>
      auth:{auth.user?.profile.sub ?? 'none'} sts:{status}:{identity?.subject ?? 'none'}
    </p>
  );
}

describe('<StsProvider> inside react-oidc-context\u2019s <AuthProvider>', () => {
  it('shares the UserManager: credentials for the user AuthProvider holds, and they follow a change of user', async () => {
    const userManager = new UserManager({
      authority: 'https://idp.example.com',
      client_id: 'app',
      redirect_uri: 'http://localhost:3000/',
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    });
    const alice = await userFor('alice');
    await userManager.storeUser(alice);
    const stub = createStsStub();

    render(
      <AuthProvider userManager={userManager}>
        <StsProvider
          oidc={userManager}
          handleCallback={false}
          roleArn={ROLE}
          sts={{ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 }}
          tabs={false}
        >
          <Probe />
        </StsProvider>
      </AuthProvider>,
    );

    await waitFor(() => expect(screen.getByText(/auth:alice sts:ready:alice/)).toBeTruthy());
    const calls = stub.calls('AssumeRoleWithWebIdentity');
    expect(calls).toHaveLength(1);
    expect(calls[0].params.WebIdentityToken).toBe(alice.id_token);

    // Another account signs in through the shared UserManager: both providers follow it.
    const bob = await userFor('bob');
    await act(async () => {
      await userManager.storeUser(bob);
      await userManager.events.load(bob);
    });
    await waitFor(() => expect(screen.getByText(/auth:bob sts:ready:bob/)).toBeTruthy());
    expect(stub.calls('AssumeRoleWithWebIdentity').at(-1)!.params.WebIdentityToken).toBe(bob.id_token);

    // Signing out through AuthProvider's UserManager signs the credentials out too.
    await act(() => userManager.removeUser());
    await waitFor(() => expect(screen.getByText(/auth:none sts:signed-out:none/)).toBeTruthy());
  });
});
