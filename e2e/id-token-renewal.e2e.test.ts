// The ID token runs out before the credentials need refreshing: the session renews it silently
// (oidc-client-ts signinSilent with the refresh token, at the IdP's token endpoint) and trades
// the new one with STS. The user never sees a sign-out.
//
// 60-second credentials are refreshed 43.5-45 s after they are issued; the ID token lives 40 s,
// so at refresh time it has expired for real (not merely within the session's 30 s margin).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { perTest, recordStatuses, signIn, stsCalls, unexpectedProblems, watch } from './harness';

const t = perTest({ beforeAll, afterAll, afterEach });

describe('ID token renewal', () => {
  it('renews an expired ID token with the refresh token and gets new credentials, with no visible sign-out', async () => {
    const { demo, page } = await t.open({ credentialLifetimeSeconds: 60, idTokenLifetimeSeconds: 40 });
    const w = watch(page);
    const statuses = await recordStatuses(page);
    const tokenEndpoint = `${demo.stack.issuer}/token`;
    const grants: { grant: string; idToken?: string; at: number }[] = [];
    page.on('response', async (r) => {
      if (r.url() !== tokenEndpoint || r.request().method() !== 'POST') return;
      const grant = new URLSearchParams(r.request().postData() ?? '').get('grant_type') ?? '?';
      const json = (await r.json().catch(() => ({}))) as { id_token?: string };
      grants.push({ grant, idToken: json.id_token, at: Date.now() });
    });
    const sentToSts: { token: string; at: number }[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(demo.stack.sts) || r.method() !== 'POST') return;
      const token = new URLSearchParams(r.postData() ?? '').get('WebIdentityToken');
      if (token) sentToSts.push({ token, at: Date.now() });
    });

    await signIn(page, demo);
    const from = statuses.length;
    expect(grants.map((g) => g.grant)).toEqual(['authorization_code']);
    const firstToken = grants[0].idToken!;
    const firstExp = decodeJwt(firstToken).exp! * 1000;
    expect(sentToSts.map((s) => s.token)).toEqual([firstToken]);

    // The first background refresh, ~44 s in: the ID token expired ~4 s before.
    await expect.poll(() => stsCalls(demo).length, { timeout: 60_000, interval: 500 }).toBe(2);
    await page.getByText('Credentials ready').waitFor();
    await expect.poll(() => grants.length).toBe(2);
    expect(
      grants.map((g) => g.grant),
      'one silent renewal, with the refresh token',
    ).toEqual(['authorization_code', 'refresh_token']);
    const renewed = grants[1].idToken!;
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(firstToken);
    expect(grants[1].at, 'renewed after the first token expired').toBeGreaterThan(firstExp);
    expect(decodeJwt(renewed).sub).toBe(decodeJwt(firstToken).sub);
    expect(decodeJwt(renewed).exp! * 1000).toBeGreaterThan(Date.now());
    // STS got the renewed token, never the expired one, and said yes.
    expect(sentToSts.map((s) => s.token)).toEqual([firstToken, renewed]);
    expect(stsCalls(demo).map((c) => c.status)).toEqual([200, 200]);
    const newest = demo.stack.credentials.all().at(-1)!;
    expect(Date.parse((await page.locator('.wik-expires time').getAttribute('datetime'))!)).toBe(newest.expiration!.getTime());

    // No visible sign-out at any moment: ready <-> refreshing, no Sign in button.
    expect(statuses.slice(from).filter((s) => !['ready', 'refreshing'].includes(s.status) || s.signInShown)).toEqual([]);
    expect(await page.locator('.wik-subject').textContent()).toBe('demo-user-0001');
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });
});
