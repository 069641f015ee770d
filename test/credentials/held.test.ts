// The credentials held and the predicates on them: unexpired (their local deadline not passed),
// outside the refresh window (scaled to their lifetime), fresh, due in the background, for this user, just landed.
import { describe, expect, it } from 'vitest';
import { HeldCredentials, restoredSnapshot } from '../../src/credentials/held';
import { RefreshTimer } from '../../src/credentials/refresh-timer';
import { RefreshWindows } from '../../src/credentials/refresh-windows';
import { makeSnapshot, type CredentialsRecord } from '../../src/credentials/snapshot';
import { SnapshotStore } from '../../src/credentials/store';
import { createTestClock } from '../../src/testing/index';

const MIN = 60_000;
const HOUR = 60 * MIN;

function holding() {
  const clock = createTestClock();
  const parts = { now: clock.now, timers: clock, random: () => 0, windows: new RefreshWindows() };
  let refreshes = 0;
  const timer = new RefreshTimer(parts, () => refreshes++);
  const store = new SnapshotStore(makeSnapshot({ status: 'loading' }), () => {});
  const held = new HeldCredentials(store, parts, timer);
  const record = (left: number, lifetime = HOUR, subject = 'alice'): CredentialsRecord => ({
    accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: clock.now() + left,
    lifetime,
    identity: { subject },
  });
  return { clock, store, held, record, refreshes: () => refreshes };
}

describe('HeldCredentials', () => {
  it('holds nothing at first: nothing unexpired, nothing to share, no time left', () => {
    const { held } = holding();
    expect([held.unexpired(), held.unexpiredRecord(), held.leftMs(), held.landedWithinSpacing()]).toEqual([undefined, undefined, 0, false]);
  });

  it('judges expiry by the local deadline, to the millisecond', async () => {
    const { clock, held, record } = holding();
    held.hold(record(HOUR));
    await clock.advance(HOUR - 1);
    expect(held.unexpired()).toBeDefined();
    await clock.advance(1);
    expect(held.unexpired()).toBeUndefined();
    expect(held.unexpiredRecord()).toBeUndefined();
  });

  it('tells the refresh window from expiry: 5 min + 30 s of jitter for an hour, a tenth of that for two minutes', () => {
    const { clock, held } = holding();
    const now = clock.now();
    expect(held.outsideRefreshWindow(now + 5.5 * MIN + 1, HOUR)).toBe(true);
    expect(held.outsideRefreshWindow(now + 5.5 * MIN, HOUR)).toBe(false);
    expect(held.outsideRefreshWindow(now + 33_001, 2 * MIN)).toBe(true);
    expect(held.outsideRefreshWindow(now + 33_000, 2 * MIN)).toBe(false);
  });

  it('is fresh until the refresh window, due in the background from the advisory window unless just landed, expired or not', async () => {
    const { clock, held, record } = holding();
    expect([held.fresh(), held.dueInBackground()]).toEqual([undefined, false]);
    held.hold(record(HOUR));
    expect([held.fresh()?.accessKeyId, held.dueInBackground()]).toEqual(['ASIAEXAMPLEEXAMPLE01', false]);
    // 5 min 20 s left: inside the refresh window (5 min + 30 s of jitter), not yet in the advisory one (5 min).
    await clock.advance(HOUR - 5 * MIN - 20_000);
    expect([held.fresh(), held.dueInBackground()]).toEqual([undefined, false]);
    await clock.advance(20_000);
    expect(held.dueInBackground()).toBe(true);
    await clock.advance(5 * MIN);
    expect([held.unexpired(), held.dueInBackground()]).toEqual([undefined, true]);
    // Just landed, in the advisory window already (lasting almost nothing): not due.
    held.hold({ ...record(4 * MIN), accessKeyId: 'ASIAEXAMPLEEXAMPLE02' });
    expect(held.dueInBackground()).toBe(false);
  });

  it('takes another tab\u2019s credentials only for the same user, or when it has no user yet', () => {
    const { held, record } = holding();
    expect(held.forThisUserOutsideRefreshWindow(record(HOUR, HOUR, 'bob'))).toBe(true);
    held.hold(record(HOUR));
    expect(held.forThisUserOutsideRefreshWindow(record(HOUR, HOUR, 'bob'))).toBe(false);
    expect(held.forThisUserOutsideRefreshWindow(record(HOUR))).toBe(true);
    expect(held.forThisUserOutsideRefreshWindow(record(5 * MIN))).toBe(false);
  });

  it('holds a record: shown ready, shared back as it came, landed just now, refresh timed ahead of expiry', async () => {
    const { clock, store, held, record, refreshes } = holding();
    const r = record(HOUR);
    const c = held.hold(r);
    expect(store.get()).toMatchObject({ status: 'ready', credentials: c });
    expect(held.unexpiredRecord()).toEqual(r);
    expect(held.landedWithinSpacing()).toBe(true);
    await clock.advance(10_000);
    expect(held.landedWithinSpacing()).toBe(false);
    await clock.advance(55 * MIN - 10_000 - 1);
    expect(refreshes()).toBe(0);
    await clock.advance(1);
    expect(refreshes()).toBe(1);
  });

  it('drops: nothing held, no refresh timed', async () => {
    const { clock, store, held, record, refreshes } = holding();
    held.hold(record(HOUR));
    held.drop('signed-out');
    expect(store.get()).toMatchObject({ status: 'signed-out' });
    expect(store.get().credentials).toBeUndefined();
    await clock.advance(2 * HOUR);
    expect(refreshes()).toBe(0);
  });
});

describe('restoredSnapshot', () => {
  it('starts loading when nothing is stored (memory, the default)', () => {
    const clock = createTestClock();
    expect(restoredSnapshot({ now: clock.now, windows: new RefreshWindows() })).toMatchObject({ status: 'loading' });
  });
});
