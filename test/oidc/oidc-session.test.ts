// createOidcCredentialSession against the local stack's OpenID provider and STS: the page comes
// back from the IdP with code and state, and the session completes the sign-in itself before its
// first STS call, then cleans the address bar. The stack runs in this process, whose crypto jsdom's
// globals would break, so the page is a two-member stand-in: an address and replaceState (the
// callback's cleanup in a real document is tested in sign-in-callback.test.ts).
import { InMemoryWebStorage, OidcClient, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeLogin } from '../../stack/oidc/password-login';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { createOidcCredentialSession } from '../../src/oidc/index';

const APP = 'http://127.0.0.1:5997/';
let stack: LocalStack;

const page = {
  location: new URL(APP),
  history: { state: null, replaceState: (_: unknown, __: string, url: string) => (page.location = new URL(url, page.location)) },
};
Object.defineProperty(globalThis, 'location', { configurable: true, get: () => page.location });
Object.defineProperty(globalThis, 'history', { configurable: true, get: () => page.history });

beforeAll(async () => {
  stack = await startLocalStack({ redirectUris: [APP] });
});
afterAll(() => stack?.close());

/** Settings with in-memory stores, and the address the IdP sends the browser back to. */
async function returningFromIdp(username = 'demo') {
  const settings = {
    authority: stack.issuer,
    client_id: stack.clientId,
    redirect_uri: APP,
    scope: 'openid profile email offline_access',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  };
  const request = await new OidcClient({ ...settings, response_mode: 'query' }).createSigninRequest({ request_type: 'si:r' });
  const back = await completeLogin({ authUrl: request.url, issuer: stack.issuer, redirectUri: APP, username, password: username });
  return { settings, back };
}

describe('createOidcCredentialSession', () => {
  it('completes the redirect sign-in on first use, trades the ID token and cleans the address bar', async () => {
    const { settings, back } = await returningFromIdp();
    page.location = new URL(back);
    expect(location.search).toMatch(/code=/);
    const session = createOidcCredentialSession({
      oidc: settings,
      roleArn: stack.roleArn,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      tabs: false,
    });
    try {
      expect(session.userManager).toBeInstanceOf(UserManager);
      const credentials = await session.getCredentials();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(session.getSnapshot()).toMatchObject({ status: 'ready', identity: { subject: 'demo-user-0001' } });
      expect(location.search).toBe('');
      expect(await session.userManager.getUser()).not.toBeNull();
    } finally {
      session.dispose();
    }
  });

  it('takes a UserManager the app already has and leaves its callback alone when told to', async () => {
    const { settings, back } = await returningFromIdp('alice');
    const userManager = new UserManager({ ...settings, response_mode: 'query' });
    page.location = new URL(back);
    const session = createOidcCredentialSession({
      oidc: userManager,
      handleCallback: false,
      roleArn: stack.roleArn,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      tabs: false,
    });
    try {
      expect(session.userManager).toBe(userManager);
      // Nobody completed the callback: the session is signed out and the code is still there.
      await expect(session.getCredentials()).rejects.toMatchObject({ name: 'SignInRequiredError' });
      expect(location.search).toMatch(/code=/);
      // The app completes it (as react-oidc-context's AuthProvider would); the session follows.
      await userManager.signinCallback(back);
      await expect(session.getCredentials()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) as unknown });
      expect(session.getSnapshot().identity?.subject).toMatch(/^alice/);
    } finally {
      session.dispose();
      page.location = new URL(APP);
    }
  });

  it('does not spend the one-time code when the session is made and never used', async () => {
    const { settings, back } = await returningFromIdp();
    page.location = new URL(back);
    createOidcCredentialSession({
      oidc: settings,
      roleArn: stack.roleArn,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      tabs: false,
    }).dispose();
    const used = createOidcCredentialSession({
      oidc: settings,
      roleArn: stack.roleArn,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      tabs: false,
    });
    try {
      await expect(used.getCredentials()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) as unknown });
    } finally {
      used.dispose();
    }
  });
});
