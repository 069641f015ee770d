// A device clock that is off: the session judges credentials by the lifetime STS granted,
// measured on the local clock, so a clock ahead of STS neither hands out expired credentials nor
// calls STS in a loop (issue 17, finding 1). STS's clock is read from the STS client, on the clock
// it measured STS's offset against, so the offset is counted once whichever clock that is.
import { describe, expect, it } from 'vitest';
import { createCredentialSession, type CredentialSessionOptions } from '../../src/credentials/index';
import type { FetchLike } from '../../src/sts/config';
import { StsClient } from '../../src/sts/index';
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

/**
 * STS and the IdP on the test clock (true time); the session's `now` is `aheadMs` ahead of it.
 * `sts` picks the client: settings for the built-in one, or a client the app made.
 */
function world(aheadMs: number, sts: (stub: ReturnType<typeof createStsStub>, local: () => number) => CredentialSessionOptions['sts']) {
  const clock = createTestClock();
  const local = () => clock.now() + aheadMs;
  const stub = createStsStub({ now: clock.now });
  const tokens = createFakeTokenSource({ now: clock.now });
  const warnings: string[] = [];
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: tokens,
    sts: sts(stub, local),
    now: local,
    timers: clock,
    random: () => 0,
    tabs: false,
    logger: { warn: (...a: unknown[]) => warnings.push(a.join(' ')) },
  });
  const calls = () => stub.calls('AssumeRoleWithWebIdentity').length;
  const looksExpired = () => warnings.filter((w) => /looks expired/.test(w));
  return { clock, local, stub, tokens, session, calls, looksExpired };
}

/** Three hours of use: fresh credentials all along, no ID token renewed for a clock counted wrong. */
async function runsRight({ clock, local, tokens, session, calls, looksExpired }: ReturnType<typeof world>) {
  const first = await session.getCredentials();
  expect(first.expiration.getTime()).toBeGreaterThan(local() + 50 * MIN);
  // Before STS's first answer nothing is known of its clock: a clock ahead may renew once then.
  const before = { warnings: looksExpired().length, renewals: tokens.renewals };
  for (let t = 0; t < 3 * HOUR; t += 5 * MIN) {
    await clock.advance(5 * MIN);
    expect((await session.getCredentials()).expiration.getTime()).toBeGreaterThan(local());
  }
  // The fake IdP's tokens last an hour from when they are minted, on true time: read on STS's
  // clock they are renewed only when they truly run out (once per hour at most), never because
  // the offset was added to a clock it was not measured on.
  expect(looksExpired().slice(before.warnings)).toEqual([]);
  expect(tokens.renewals - before.renewals).toBeLessThanOrEqual(3);
  expect(calls()).toBeLessThanOrEqual(5);
}

describe('the clock STS skew is measured on', () => {
  it('a built-in client runs on the session\u2019s now, even when its settings bring another clock', async () => {
    // The settings' clock is true time; the session's is 2 hours ahead. The session's wins, so
    // the client's offset (-2 h) is an offset from the clock the session adds it to.
    await runsRight(world(2 * HOUR, (stub, _local) => ({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1, now: Date.now })));
  });

  it('an app\u2019s StsClient on the default clock: its offset is placed on the session\u2019s clock, counted once', async () => {
    // The session's clock is the test clock (2030); the app's client measures STS against the
    // real clock. Added as is, its offset (2030 minus today) moved STS's clock years ahead.
    await runsRight(world(0, (stub) => new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 })));
  });

  it('an app\u2019s StsClient on the default clock, the session\u2019s clock 2 hours ahead: corrected by -2 h', async () => {
    await runsRight(world(2 * HOUR, (stub) => new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 })));
  });

  it('an app\u2019s StsClient given the session\u2019s own clock: its offset is taken as it is', async () => {
    await runsRight(
      world(2 * HOUR, (stub, local) => new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1, now: local })),
    );
  });

  it('an app\u2019s StsClient on a clock of its own, neither the session\u2019s nor Date.now: STS\u2019s time is the client\u2019s', async () => {
    // The client's clock is 30 minutes behind true time, the session's 2 hours ahead: only the
    // client knows which clock its offset (+30 min) belongs on.
    const ownClock = (stub: ReturnType<typeof createStsStub>) => {
      const clock = createTestClock();
      return new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1, now: () => clock.now() - 30 * MIN });
    };
    await runsRight(world(2 * HOUR, ownClock));
  });

  it('an answer without credentials does not lose what STS\u2019s clock is', async () => {
    let malformed = false;
    const w = world(2 * HOUR, (stub) => {
      const client = new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 });
      // An app's own caller (an adapter, say) that passes on an answer without credentials.
      return {
        assumeRoleWithWebIdentity: async (input) => (malformed ? { $metadata: {} } : client.assumeRoleWithWebIdentity(input)),
        get systemClockOffset() {
          return client.systemClockOffset;
        },
        serverNow: () => client.serverNow(),
      };
    });
    await w.session.getCredentials();
    malformed = true;
    await expect(w.session.refresh({ force: true })).rejects.toThrow(/STS answered AssumeRoleWithWebIdentity without Credentials/);
    malformed = false;
    const renewals = w.tokens.renewals;
    await w.clock.advance(10 * MIN);
    await w.session.refresh({ force: true });
    // The ID token (an hour long, 10 minutes old on STS's clock) is sent as it is.
    expect([w.tokens.renewals - renewals, w.looksExpired()]).toEqual([0, []]);
  });
});
