// @vitest-environment jsdom
// handleSignInCallback in a real (jsdom) document: its history enforces the same-origin rule of
// replaceState, which a hand-made history stub does not.
import { InMemoryWebStorage, WebStorageStateStore } from 'oidc-client-ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { createUserManager, handleSignInCallback } from '../../src/oidc/index';

const ORIGIN = 'http://localhost:3000';

/** A UserManager with empty in-memory stores: any callback fails its state lookup, offline. */
const userManager = () =>
  createUserManager({
    authority: 'https://idp.example.com',
    client_id: 'app',
    redirect_uri: `${ORIGIN}/cb`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    metadata: {
      issuer: 'https://idp.example.com',
      authorization_endpoint: 'https://idp.example.com/auth',
      token_endpoint: 'https://idp.example.com/token',
    },
  });

/** Puts the document at a path of this origin; `/.` keeps a path that starts with `//` a path. */
const visit = (pathAndQuery: string) => history.replaceState(null, '', `/.${pathAndQuery}`);

const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

describe('handleSignInCallback in a document', () => {
  beforeEach(() => visit('/'));

  it.each(['/cb', '//cb', '///cb', '//evil.example.com/cb', '/a//b'])(
    'on %s, removes every callback parameter from the address bar and keeps the rest',
    async (path) => {
      visit(`${path}?keep=1&code=abc&state=xyz&session_state=s1&iss=https%3A%2F%2Fidp.example.com#frag`);
      expect(location.pathname).toBe(path);
      // The state is unknown, so the sign-in itself fails; the cleanup must happen all the same,
      // and the caller must get the sign-in's error, not one from the cleanup.
      await expect(handleSignInCallback(userManager())).rejects.toThrow(/No matching state/);
      expect(location.origin).toBe(ORIGIN);
      expect(location.pathname).toBe(path);
      expect(location.search).toBe('?keep=1');
      expect(location.hash).toBe('#frag');
      for (const p of CALLBACK_PARAMS) expect(new URL(location.href).searchParams.has(p)).toBe(false);
    },
  );

  it('removes an error answer\u2019s parameters too, repeated ones included', async () => {
    visit('//cb?error=access_denied&error_description=no&error_uri=x&state=xyz&state=again&iss=i');
    await expect(handleSignInCallback(userManager())).rejects.toThrow();
    expect(location.href).toBe(`${ORIGIN}//cb`);
  });

  it('leaves a page that is not a callback alone', async () => {
    visit('//cb?code=abc');
    expect(await handleSignInCallback(userManager())).toBeNull();
    expect(location.href).toBe(`${ORIGIN}//cb?code=abc`);
  });
});
