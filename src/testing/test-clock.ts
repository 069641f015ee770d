// A clock and timers that move only when the test says so: refresh logic is tested by moving
// time, never by sleeping.
/**
 * A clock and timers that move only when the test says so; pass it as `now` and `timers` (e.g. of
 * createCredentialSession).
 */
export interface TestClock {
  /** The current time, in epoch milliseconds. */
  now: () => number;
  /** Schedules `fn` at now + ms; it runs during an advance() that reaches it. */
  setTimeout: (fn: () => void, ms: number) => number;
  /** Cancels a pending timer. */
  clearTimeout: (handle: unknown) => void;
  /** Moves time forward, running each timer that falls due, in order, with promises settled between. */
  advance(ms: number): Promise<void>;
  /** Timers still pending. */
  pending(): number;
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  // setImmediate where there is one (Node): setTimeout(0) is clamped to 1 ms, and a simulated
  // day of ticks would take minutes.
  const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  await new Promise<void>((r) => (immediate ? immediate(r) : setTimeout(r, 0)));
};

/**
 * A {@link TestClock} starting at `start` (default 2030-01-01T00:00:00Z), for testing refresh logic
 * by moving time instead of sleeping.
 *
 * @example
 * ```ts
 * const clock = createTestClock();
 * const session = createCredentialSession({ ...options, now: clock.now, timers: clock });
 * await clock.advance(56 * 60_000); // into the advisory window: a background refresh runs
 * ```
 */
export function createTestClock(start = Date.UTC(2030, 0, 1)): TestClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
    pending: () => timers.size,
  };
}
