// When the background refresh runs: ahead of expiry (as the advisory window opens, a little
// earlier at random), never sooner than the minimum spacing after credentials landed however
// little they last, and after a failed refresh again in 1 s, 2 s, 4 s, ... capped, with jitter
// so tabs do not align.
import { SESSION_DEFAULTS } from './defaults';
import type { RefreshWindows } from './refresh-windows';
import { startTimer, type Timers } from './timer';

interface TimerParts {
  timers: Timers;
  now: () => number;
  random: () => number;
  windows: RefreshWindows;
}

/** The one background-refresh timer of a session: each schedule replaces the last. */
export class RefreshTimer {
  readonly #p: TimerParts;
  readonly #refresh: () => void;
  #cancel = () => {};
  #failures = 0;
  #stopped = false;

  constructor(p: TimerParts, refresh: () => void) {
    this.#p = p;
    this.#refresh = refresh;
  }

  /** Credentials expiring at `expiration` landed at `landedAt` (local clock): refresh ahead of expiry. */
  aheadOf(expiration: number, landedAt: number): void {
    this.#failures = 0;
    const spacing = SESSION_DEFAULTS.minRefreshSpacingSeconds * 1000;
    this.#at(Math.max(this.#p.windows.refreshAt(expiration, this.#p.random()), landedAt + spacing));
  }

  /** A refresh failed while valid credentials are still served: try again after a backoff. */
  afterFailure(): void {
    // Not shared/retry.ts's full-jitter backoff (0 to the cap): half to all of it keeps a minimum wait, so a tab never retries STS at once.
    const delay = Math.min(SESSION_DEFAULTS.maxRetryDelaySeconds, 2 ** this.#failures++) * 1000 * (0.5 + this.#p.random() / 2);
    this.#at(this.#p.now() + delay);
  }

  /** No background refresh until the next aheadOf or afterFailure. */
  cancel(): void {
    this.#cancel();
  }

  /** No background refresh ever again. */
  stop(): void {
    this.#stopped = true;
    this.#cancel();
  }

  /** Runs the refresh at `at` (local clock), in place of any scheduled before. */
  #at(at: number) {
    this.#cancel();
    if (this.#stopped) return;
    this.#cancel = startTimer(this.#p.timers, this.#refresh, at - this.#p.now());
  }
}
