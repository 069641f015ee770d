// A device clock that is off: the session judges credentials by the lifetime STS granted,
// measured on the local clock, so a clock ahead of STS neither hands out expired credentials nor
// calls STS in a loop (issue 17, finding 1).
import { describe, expect, it } from 'vitest';
import { createCredentialSession } from '../../src/credentials/index';
import type { FetchLike } from '../../src/sts/config';
import { createFakeTokenSource, createStsStub, createTestClock, stubNetworkFailure } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const MIN = 60_000;
const HOUR = 60 * MIN;

/** What a browser sees of a cross-origin answer whose Date header the server does not expose. */
const withoutDate =
  (fetch: FetchLike): FetchLike =>
  async (url, init) => {
    const answer = await fetch(url, init);
    const headers = new Headers(answer.headers);
    headers.delete('date');
    return new Response(await answer.text(), { status: answer.status, headers });
  };

/**
 * STS and the IdP on true time; this device `aheadMs` ahead. A fuse stops a runaway loop after
 * 500 calls (STS then fails), so a regression shows as a count instead of a hung test.
 */
function skewed(aheadMs: number, dateHeader: boolean, lifetimeSeconds = 3600, tokensOnDeviceClock = false) {
  const clock = createTestClock();
  const local = () => clock.now() + aheadMs;
  const stub = createStsStub({ now: clock.now, credentialsLifetimeSeconds: lifetimeSeconds });
  const calls = () => stub.calls('AssumeRoleWithWebIdentity').length;
  const fused: FetchLike = (url, init) => {
    if (calls() >= 500) stub.respond('AssumeRoleWithWebIdentity', stubNetworkFailure());
    return stub.fetch(url, init);
  };
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: createFakeTokenSource({ now: tokensOnDeviceClock ? local : clock.now }),
    sts: { region: 'us-east-1', fetch: dateHeader ? fused : withoutDate(fused), maxAttempts: 1, retryDelay: () => 0 },
    now: local,
    timers: clock,
    random: () => 0,
    tabs: false,
  });
  return { clock, session, calls, local };
}

describe('a device clock ahead of STS', () => {
  it.each([
    { ahead: '3 minutes', ms: 3 * MIN, date: true, tokens: 'IdP' },
    { ahead: '3 minutes', ms: 3 * MIN, date: false, tokens: 'IdP' },
    { ahead: '2 hours', ms: 2 * HOUR, date: true, tokens: 'IdP' },
    { ahead: '2 hours', ms: 2 * HOUR, date: false, tokens: 'IdP' },
    // ID tokens whose exp looks right to this device (what the probe had): STS answers at once.
    { ahead: '2 hours', ms: 2 * HOUR, date: true, tokens: 'device' },
    { ahead: '2 hours', ms: 2 * HOUR, date: false, tokens: 'device' },
  ])(
    '$ahead ahead, Date header readable: $date, ID tokens on the $tokens clock: fresh credentials, one STS call per refresh over 2 hours',
    async ({ ms, date, tokens }) => {
      const { clock, session, calls, local } = skewed(ms, date, 3600, tokens === 'device');
      const first = await session.getCredentials();
      // The expiry handed to SDK clients is on this device's clock: they compare it with Date.now().
      expect(first.expiration.getTime()).toBeGreaterThan(local() + 50 * MIN);
      expect(session.getSnapshot().status).toBe('ready');
      for (let t = 0; t < 2 * HOUR; t += MIN) {
        await clock.advance(MIN);
        const c = await session.getCredentials();
        expect(c.expiration.getTime()).toBeGreaterThan(local());
        expect(session.getSnapshot().status).toBe('ready');
      }
      // One call at the start, then one per refresh cycle (about every 52-55 minutes).
      expect(calls()).toBeLessThanOrEqual(3);
      expect(calls()).toBeGreaterThanOrEqual(2);
    },
  );

  it('refreshes two-minute credentials every cycle, not in a loop, when the clock is 3 minutes ahead and Date unreadable', async () => {
    // The demo's case: its STS grants 120 s and does not expose Date.
    const { clock, session, calls, local } = skewed(3 * MIN, false, 120);
    const first = await session.getCredentials();
    expect(first.expiration.getTime()).toBeGreaterThan(local());
    await clock.advance(10 * MIN);
    expect(session.getSnapshot().status).toBe('ready');
    expect((await session.getCredentials()).expiration.getTime()).toBeGreaterThan(local());
    // At most one refresh every 90 s (the cycle of 2-minute credentials), plus the first call.
    expect(calls()).toBeLessThanOrEqual(1 + Math.ceil(600 / 90));
  });

  it('spaces refreshes out even when STS grants almost nothing', async () => {
    // 2-second credentials: the cycle would be 1.5 s; the session waits at least 10 s between refreshes.
    const { clock, session, calls } = skewed(0, true, 2);
    await session.getCredentials();
    await clock.advance(MIN);
    expect(calls()).toBeLessThanOrEqual(1 + 6);
  });
});
