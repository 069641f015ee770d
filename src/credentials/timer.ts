// setTimeout takes its delay as a signed 32-bit number of milliseconds: anything longer (about
// 24.8 days; a far expiry from a planted record, say) overflows and fires at once. Every timer of
// the session goes through here: each delay clamped, re-armed until the moment comes.

/** The timers the session schedules refreshes and waits with; injectable for tests (see createTestClock). */
export interface Timers {
  /** Calls `fn` after `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer set by setTimeout. */
  clearTimeout(handle: unknown): void;
}

/** The global setTimeout and clearTimeout. */
export const globalTimers: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Runs `fn` after `ms` (negative: at once; not a number: never). Returns a function that cancels it.
 */
export function startTimer(timers: Timers, fn: () => void, ms: number): () => void {
  let handle: unknown;
  const arm = (left: number) => {
    const step = Math.min(left, MAX_TIMER_DELAY_MS);
    handle = timers.setTimeout(() => (left > step ? arm(left - step) : fn()), step);
  };
  arm(Number.isNaN(ms) ? Infinity : Math.max(0, ms));
  return () => timers.clearTimeout(handle);
}
