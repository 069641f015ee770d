// The oidc-client-ts adapter against the local stack's real OpenID provider (oidc-provider):
// a real code + PKCE sign-in, renewal with the refresh token, and credentials from the stack's STS.
import { InMemoryWebStorage, OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { completeLogin } from '../../stack/oidc/password-login';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { createCredentialSession } from '../../src/credentials/index';
import { createUserManager, functionTokenSource, handleSignInCallback, oidcTokenSource } from '../../src/oidc/index';

const APP = 'http://127.0.0.1:5998/';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ redirectUris: [APP] });
});
afterAll(() => stack?.close());

/** A UserManager signed in as `username`, with in-memory stores (there is no window here). */
async function signedIn(username = 'demo') {
  const stores = {
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  };
  const settings = {
    authority: stack.issuer,
    client_id: stack.clientId,
    redirect_uri: APP,
    scope: 'openid profile email offline_access',
    ...stores,
  };
  const um = createUserManager(settings);
  const request = await new OidcClient({ ...settings, response_mode: 'query' }).createSigninRequest({ request_type: 'si:r' });
  const back = await completeLogin({ authUrl: request.url, issuer: stack.issuer, redirectUri: APP, username, password: username });
  await um.signinCallback(back);
  return um;
}

describe('oidcTokenSource', () => {
  it('gives the signed-in user\u2019s ID token, which the stack\u2019s STS accepts', async () => {
    const um = await signedIn();
    const source = oidcTokenSource(um);
    const token = await source.getIdToken({ forceRenew: false });
    expect(token).toMatch(/^eyJ/);
    const session = createCredentialSession({
      roleArn: stack.roleArn,
      tokenSource: source,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      tabs: false,
    });
    const c = await session.getCredentials();
    expect(c.accessKeyId).toMatch(/^ASIA/);
    expect(session.getSnapshot().identity).toMatchObject({ subject: 'demo-user-0001', provider: stack.issuer, audience: stack.clientId });
    session.dispose();
  });

  it('renews an ID token past its exp with the refresh token, though the access token is fine', async () => {
    const um = await signedIn();
    const before = (await um.getUser())!;
    // An hour on, the ID token has expired; oidc-client-ts alone would not notice. The session
    // judges exp and asks the source to renew. (STS, on the real clock, accepts the new token.)
    const ahead = 3600_000 + 60_000;
    const source = oidcTokenSource(um);
    const session = createCredentialSession({
      roleArn: stack.roleArn,
      tokenSource: source,
      sts: { region: 'us-east-1', endpoint: stack.sts },
      now: () => Date.now() + ahead,
      tabs: false,
    });
    try {
      await expect(session.getCredentials()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) as unknown });
      const after = (await um.getUser())!;
      expect(after.access_token).not.toBe(before.access_token); // a refresh-token grant happened
    } finally {
      session.dispose();
    }
  });

  it('gives the token held on a plain read, expired or not, and renews once for callers asking together', async () => {
    const um = await signedIn();
    const source = oidcTokenSource(um);
    const held = (await um.getUser())!;
    expect(await source.getIdToken({ forceRenew: false })).toBe(held.id_token);
    let grants = 0;
    const off = source.subscribe!(() => grants++);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => source.getIdToken({ forceRenew: true })));
    off();
    expect(a).toMatch(/^eyJ/);
    expect(new Set([a, b, c]).size).toBe(1);
    // One refresh-token grant: a new access token (the ID token may be the same within a second).
    expect((await um.getUser())!.access_token).not.toBe(held.access_token);
    expect(grants).toBe(1);
  });

  it('hands over the ID token with the claims oidc-client-ts decoded (User.profile), renewed ones too', async () => {
    const um = await signedIn();
    const source = oidcTokenSource(um);
    const held = (await um.getUser())!;
    expect(await source.getIdTokenWithClaims!({ forceRenew: false })).toEqual({ idToken: held.id_token, claims: held.profile });
    const renewed = await source.getIdTokenWithClaims!({ forceRenew: true });
    const after = (await um.getUser())!;
    expect(renewed).toEqual({ idToken: after.id_token, claims: after.profile });
    // What the session reads of them: the subject, and exp and iat (oidc-client-ts keeps those).
    expect(renewed?.claims).toMatchObject({
      sub: 'demo-user-0001',
      exp: expect.any(Number) as unknown,
      iat: expect.any(Number) as unknown,
    });
    await source.signOut!();
    expect(await source.getIdTokenWithClaims!({ forceRenew: false })).toBeNull();
  });

  it('renews on request and forgets the user on sign-out', async () => {
    const um = await signedIn('alice');
    const source = oidcTokenSource(um);
    const before = (await um.getUser())!.access_token;
    await source.getIdToken({ forceRenew: true });
    expect((await um.getUser())!.access_token).not.toBe(before);
    await source.signOut!();
    expect(await source.getIdToken({ forceRenew: false })).toBeNull();
  });

  it('says null when nobody is signed in', async () => {
    const um = createUserManager({
      authority: stack.issuer,
      client_id: stack.clientId,
      redirect_uri: APP,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    });
    expect(await oidcTokenSource(um).getIdToken({ forceRenew: false })).toBeNull();
  });
});

describe('createUserManager and handleSignInCallback', () => {
  it('defaults to code + PKCE in the query, renewal left to the session', () => {
    const um = createUserManager({ authority: stack.issuer, client_id: 'x', redirect_uri: APP });
    expect(um.settings).toMatchObject({ response_type: 'code', response_mode: 'query', automaticSilentRenew: false });
  });

  it('completes a redirect and removes code and state from the address bar', async () => {
    const stores = {
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    };
    const settings = { authority: stack.issuer, client_id: stack.clientId, redirect_uri: APP, ...stores };
    const um = createUserManager(settings);
    const request = await new OidcClient({ ...settings, response_mode: 'query' }).createSigninRequest({ request_type: 'si:r' });
    const back = await completeLogin({ authUrl: request.url, issuer: stack.issuer, redirectUri: APP, username: 'demo', password: 'demo' });
    const replaced: string[] = [];
    vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) });
    try {
      const user = await handleSignInCallback(um, { href: `${back}&keep=1` } as Location);
      expect(user?.profile.sub).toBe('demo-user-0001');
      expect(replaced).toEqual([`${APP}?keep=1`]);
      expect(await handleSignInCallback(um, { href: APP } as Location)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('functionTokenSource', () => {
  it('wraps any IdP SDK call and passes forceRenew through', async () => {
    const asked: boolean[] = [];
    const source = functionTokenSource((force) => {
      asked.push(force);
      return Promise.resolve(force ? 'new' : 'old');
    });
    expect(await source.getIdToken({ forceRenew: false })).toBe('old');
    expect(await source.getIdToken({ forceRenew: true })).toBe('new');
    expect(asked).toEqual([false, true]);
    expect(await functionTokenSource(() => undefined).getIdToken({ forceRenew: false })).toBeNull();
  });
});
