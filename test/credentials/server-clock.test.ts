// One clock per session: STS's offset is measured against the session's own `now`, so it is
// counted once. A client the session builds runs on that clock; a client the app built keeps its
// own, and the session places what it reports on its own clock before using it.
import { describe, expect, it } from 'vitest';
import { createCredentialSession, type CredentialSessionOptions } from '../../src/credentials/index';
import { serverClock } from '../../src/credentials/server-clock';
import { StsClient } from '../../src/sts/index';
import { createFakeTokenSource, createStsStub, createTestClock } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const MIN = 60_000;
const HOUR = 60 * MIN;

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
  return { clock, local, tokens, session, calls, warnings };
}

/** Three hours of use: fresh credentials all along, no ID token renewed for a clock counted wrong. */
async function runsRight({ clock, local, tokens, session, calls, warnings }: ReturnType<typeof world>) {
  const first = await session.getCredentials();
  expect(first.expiration.getTime()).toBeGreaterThan(local() + 50 * MIN);
  // Before STS's first answer nothing is known of its clock: a clock ahead may renew once then.
  const before = { warnings: warnings.length, renewals: tokens.renewals };
  for (let t = 0; t < 3 * HOUR; t += 5 * MIN) {
    await clock.advance(5 * MIN);
    expect((await session.getCredentials()).expiration.getTime()).toBeGreaterThan(local());
  }
  // The fake IdP's tokens last an hour from when they are minted, on true time: read on STS's
  // clock they are renewed only when they truly run out (once per hour at most), never because
  // the offset was added to a clock it was not measured on.
  expect(warnings.slice(before.warnings).filter((w) => /looks expired/.test(w))).toEqual([]);
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
});

describe('serverClock', () => {
  const T = Date.UTC(2030, 0, 1);
  const client = (offset: number) => ({ systemClockOffset: offset });

  it('takes the offset of a client on the session\u2019s clock as it is, answers or not', () => {
    const clock = serverClock(() => T, client(-2 * HOUR), true);
    clock.learn(NaN, HOUR);
    expect([clock.offset(), clock.now()]).toEqual([-2 * HOUR, T - 2 * HOUR]);
  });

  it('places an app\u2019s client\u2019s offset on the session\u2019s clock, by the clock the answer fits', () => {
    // A client on Date.now reports STS's time minus Date.now(). Read against the session's clock
    // it would put STS years ahead, which no answer fits; read against Date.now it is T, which
    // the answer (expiring T + 1 h, granted 1 h at most) fits: 2 hours behind the session's clock.
    const clock = serverClock(() => T + 2 * HOUR, client(T - Date.now()), false);
    clock.learn(T + HOUR, HOUR);
    expect(Math.round(clock.offset() / 1000)).toBe((-2 * HOUR) / 1000);
    // A client on the session's clock: its report fits as it is.
    const same = serverClock(() => T + 2 * HOUR, client(-2 * HOUR), false);
    same.learn(T + HOUR, HOUR);
    expect(same.offset()).toBe(-2 * HOUR);
  });

  it('knows nothing (0) when the report fits neither clock', () => {
    const clock = serverClock(() => T, client(5 * HOUR), false);
    clock.learn(T + HOUR, HOUR);
    expect([clock.offset(), clock.now()]).toEqual([0, T]);
  });
});
