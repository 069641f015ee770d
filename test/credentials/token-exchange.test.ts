// One exchange of an ID token for credentials: the token read once with its claims, renewed once
// when its exp has passed on STS's clock or STS refuses it, and sign-in asked for when that fails.
import { describe, expect, it } from 'vitest';
import { SignInRequiredError } from '../../src/credentials/errors';
import { readClaims } from '../../src/credentials/jwt';
import { exchangeIdToken, type TokenExchange } from '../../src/credentials/token-exchange';
import { webIdentityClient } from '../../src/sts/web-identity';
import { createFakeTokenSource, createStsStub, createTestClock, stubDefault, stubError } from '../../src/testing/index';
import { rejectionOf } from '../helpers/rejection';

const ROLE = 'arn:aws:iam::123456789012:role/web';

function exchange(more: Partial<TokenExchange> = {}) {
  const clock = createTestClock();
  const stub = createStsStub({ now: clock.now });
  const tokens = createFakeTokenSource({ now: clock.now });
  const x: TokenExchange = {
    roleArn: ROLE,
    tokenSource: tokens,
    sts: webIdentityClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1, now: clock.now }),
    serverNow: clock.now,
    ...more,
  };
  return { clock, stub, tokens, x };
}

describe('exchangeIdToken', () => {
  it('sends the ID token, names the session after its subject, and hands back the claims it read', async () => {
    const { stub, tokens, x } = exchange();
    const seen: unknown[] = [];
    const { out, claims } = await exchangeIdToken(x, (c) => seen.push(c.sub));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(claims).toMatchObject({ sub: 'user-1', iss: 'https://idp.example.com' });
    expect(seen).toEqual(['user-1']);
    expect(stub.requests[0].input).toMatchObject({ RoleSessionName: 'user-1', WebIdentityToken: tokens.current });
  });

  it('renews a token whose exp has passed on STS\u2019s clock, though not on the local one', async () => {
    const { clock, tokens, x } = exchange();
    tokens.lifetimeSeconds = 600;
    await tokens.getIdToken({ forceRenew: false }); // held: expires in 10 minutes
    const { claims } = await exchangeIdToken({ ...x, serverNow: () => clock.now() + 20 * 60_000 });
    // Renewed once; the new token, still short of STS's clock here, goes for STS to judge.
    expect(tokens.renewals).toBe(1);
    expect(claims).toEqual(readClaims(tokens.current!));
  });

  it('renews once and retries when STS refuses the token; asks for sign-in when it refuses the renewed one too', async () => {
    const once = exchange();
    once.stub.respond('AssumeRoleWithWebIdentity', stubError('ExpiredTokenException', 'Token expired'), stubDefault());
    await exchangeIdToken(once.x);
    expect([once.tokens.renewals, once.stub.requests.length]).toEqual([1, 2]);
    const twice = exchange();
    twice.stub.respond('AssumeRoleWithWebIdentity', stubError('ExpiredTokenException', 'Token expired'));
    const e = await rejectionOf(exchangeIdToken(twice.x), SignInRequiredError);
    expect(e.reason).toBe('token-rejected');
  });

  it('says signed-out when nobody is signed in, and renewal-failed when the IdP fails, before any STS call', async () => {
    const nobody = exchange();
    nobody.tokens.user = null;
    expect((await rejectionOf(exchangeIdToken(nobody.x), SignInRequiredError)).reason).toBe('signed-out');
    const failing = exchange({ tokenSource: { getIdToken: () => Promise.reject(new Error('login_required')) } });
    expect((await rejectionOf(exchangeIdToken(failing.x), SignInRequiredError)).reason).toBe('renewal-failed');
    expect(nobody.stub.requests.length + failing.stub.requests.length).toBe(0);
  });
});
