// setTimeout takes a signed 32-bit delay: anything longer fires at once. The session's timer
// helper clamps each delay and re-arms until the moment comes (issue 17, item 9).
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DELAY_MS, startTimer } from '../../src/credentials/timer';
import { createTestClock } from '../../src/testing/index';

const DAY = 86_400_000;

function recorded() {
  const clock = createTestClock();
  const delays: number[] = [];
  const timers = {
    setTimeout: (f: () => void, ms: number) => (delays.push(ms), clock.setTimeout(f, ms)),
    clearTimeout: clock.clearTimeout,
  };
  return { clock, timers, delays };
}

describe('startTimer', () => {
  it('fires a one-year delay after a year, never handing setTimeout more than 2^31 - 1 ms', async () => {
    const { clock, timers, delays } = recorded();
    let fired = 0;
    startTimer(timers, () => fired++, 365 * DAY);
    await clock.advance(30 * DAY);
    expect(fired).toBe(0);
    await clock.advance(335 * DAY - 1);
    expect(fired).toBe(0);
    await clock.advance(1);
    expect(fired).toBe(1);
    expect(Math.max(...delays)).toBe(MAX_TIMER_DELAY_MS);
    expect(MAX_TIMER_DELAY_MS).toBe(2 ** 31 - 1);
  });

  it('treats negative delays as now and a delay that is not a number as never', async () => {
    const { clock, timers, delays } = recorded();
    let fired = 0;
    startTimer(timers, () => fired++, -5);
    startTimer(timers, () => fired++, Number.NaN);
    await clock.advance(100 * DAY);
    expect(fired).toBe(1);
    expect(delays.every((d) => d >= 0 && d <= MAX_TIMER_DELAY_MS)).toBe(true);
  });

  it('cancels, also after re-arming', async () => {
    const { clock, timers } = recorded();
    let fired = 0;
    const cancel = startTimer(timers, () => fired++, 60 * DAY);
    await clock.advance(30 * DAY);
    cancel();
    await clock.advance(60 * DAY);
    expect(fired).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
