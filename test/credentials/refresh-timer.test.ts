// When the background refresh runs: ahead of expiry with jitter, never sooner than the spacing
// after credentials landed, and after failures with a capped, jittered backoff.
import { describe, expect, it } from 'vitest';
import { RefreshTimer } from '../../src/credentials/refresh-timer';
import { RefreshWindows } from '../../src/credentials/refresh-windows';
import { createTestClock } from '../../src/testing/index';

const MIN = 60_000;

function timed(random = 0) {
  const clock = createTestClock();
  const runs: number[] = [];
  const timer = new RefreshTimer({ timers: clock, now: clock.now, random: () => random, windows: new RefreshWindows() }, () =>
    runs.push(clock.now()),
  );
  return { clock, timer, runs, start: clock.now() };
}

describe('RefreshTimer', () => {
  it('runs as the advisory window opens, up to the jitter earlier', async () => {
    const a = timed(0);
    a.timer.aheadOf(a.start + 60 * MIN, a.start);
    await a.clock.advance(60 * MIN);
    expect(a.runs).toEqual([a.start + 55 * MIN]);
    const b = timed(0.5);
    b.timer.aheadOf(b.start + 60 * MIN, b.start);
    await b.clock.advance(60 * MIN);
    expect(b.runs).toEqual([b.start + 55 * MIN - 15_000]);
  });

  it('waits the minimum spacing after credentials landed, however little they last', async () => {
    const { clock, timer, runs, start } = timed();
    timer.aheadOf(start + 2_000, start);
    await clock.advance(MIN);
    expect(runs).toEqual([start + 10_000]);
  });

  it('backs off after failures: about 1 s, 2 s, 4 s, ... capped at 30 s, and starts over once credentials land', async () => {
    const { clock, timer, runs } = timed(1); // the most of the jitter: the full delay
    const gaps: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = clock.now();
      timer.afterFailure();
      await clock.advance(30_000);
      gaps.push(runs.at(-1)! - before);
    }
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    timer.aheadOf(clock.now() + 60 * MIN, clock.now());
    const before = clock.now();
    timer.afterFailure();
    await clock.advance(30_000);
    expect(runs.at(-1)! - before).toBe(1_000);
  });

  it('runs one refresh at a time: each schedule replaces the last; cancel and stop stop it', async () => {
    const { clock, timer, runs, start } = timed();
    timer.aheadOf(start + 60 * MIN, start);
    timer.afterFailure();
    await clock.advance(2 * 60 * MIN);
    expect(runs).toHaveLength(1);
    timer.afterFailure();
    timer.cancel();
    timer.aheadOf(clock.now() + 60 * MIN, clock.now());
    timer.stop();
    timer.afterFailure();
    await clock.advance(2 * 60 * MIN);
    expect(runs).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });
});
