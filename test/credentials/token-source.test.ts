// Claims once: a token source that has already decoded the ID token (oidc-client-ts's
// User.profile) hands the claims over with it, and the session reads sub, iat and exp from them
// instead of decoding the JWT again; a source that gives the bare token has it decoded, once.
import { describe, expect, it } from 'vitest';
import { createCredentialSession } from '../../src/credentials/index';
import { currentIdToken, readIdToken, type TokenSource } from '../../src/credentials/token-source';
import { createStsStub, createTestClock } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const b64url = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (claims: object) => `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;

/** A session over `source` on a test clock, with an STS stub on the same clock. */
function sessionOver(source: TokenSource) {
  const clock = createTestClock();
  const stub = createStsStub({ now: clock.now });
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: source,
    sts: { region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 },
    now: clock.now,
    timers: clock,
    random: () => 0,
    tabs: false,
  });
  return { clock, stub, session };
}

describe('a token source that hands over the claims', () => {
  it('is read by its claims: the JWT is not decoded again', async () => {
    const clock = createTestClock();
    const now = Math.floor(clock.now() / 1000);
    // The JWT's payload says another subject and an exp long past: were it decoded, the session
    // would name the STS session after it and ask for a renewal first.
    const token = jwt({ sub: 'from-the-jwt', iat: now - 7200, exp: now - 3600 });
    const asked: boolean[] = [];
    const source: TokenSource = {
      getIdToken: () => Promise.reject(new Error('not asked when getIdTokenWithClaims is there')),
      getIdTokenWithClaims: ({ forceRenew }) => {
        asked.push(forceRenew);
        return Promise.resolve({ idToken: token, claims: { sub: 'from-the-profile', iss: 'https://idp', iat: now, exp: now + 3600 } });
      },
    };
    const { stub, session } = sessionOver(source);
    await session.getCredentials();
    expect(asked).toEqual([false]);
    const [request] = stub.calls('AssumeRoleWithWebIdentity');
    expect(request.input).toMatchObject({ RoleSessionName: 'from-the-profile', WebIdentityToken: token });
    expect(session.getSnapshot().identity).toMatchObject({ subject: 'from-the-profile', provider: 'https://idp' });
  });

  it('has its ID token renewed when the claims say it expired, judged on STS\u2019s clock', async () => {
    const clock = createTestClock();
    const now = Math.floor(clock.now() / 1000);
    const asked: boolean[] = [];
    const source: TokenSource = {
      getIdToken: () => Promise.resolve(null),
      getIdTokenWithClaims: ({ forceRenew }) => {
        asked.push(forceRenew);
        const exp = forceRenew ? now + 3600 : now - 1;
        return Promise.resolve({ idToken: jwt({ sub: 'u', exp }), claims: { sub: 'u', exp } });
      },
    };
    const { stub, session } = sessionOver(source);
    await session.getCredentials();
    expect(asked).toEqual([false, true]);
    expect(stub.calls('AssumeRoleWithWebIdentity')).toHaveLength(1);
  });
});

describe('readIdToken', () => {
  it('decodes the JWT when the source gives only the token, or no claims with it', async () => {
    const token = jwt({ sub: 'alice', exp: 2_000_000_000 });
    const bare: TokenSource = { getIdToken: () => Promise.resolve(token) };
    const without: TokenSource = { ...bare, getIdTokenWithClaims: () => Promise.resolve({ idToken: token }) };
    for (const source of [bare, without]) {
      expect(await readIdToken(source, false)).toEqual({ token, claims: { sub: 'alice', exp: 2_000_000_000 } });
    }
  });

  it('says null for nobody signed in, and currentIdToken says null for a source that fails', async () => {
    expect(await readIdToken({ getIdToken: () => Promise.resolve(null) }, false)).toBeNull();
    expect(
      await readIdToken({ getIdToken: () => Promise.resolve(''), getIdTokenWithClaims: () => Promise.resolve(null) }, true),
    ).toBeNull();
    expect(await currentIdToken({ getIdToken: () => Promise.reject(new Error('IdP down')) })).toBeNull();
  });

  it('gives empty claims for a token that is not a JWT (STS judges it)', async () => {
    expect(await readIdToken({ getIdToken: () => Promise.resolve('opaque') }, false)).toEqual({ token: 'opaque', claims: {} });
  });
});
