// An upload's one pause/resume/abort mechanism: a pool of part jobs, each run in a slot of a
// limiter. Pausing starts no job and cuts the ones in flight (they run again, from their first
// byte, on resume); aborting cuts them for good; the first job that fails fails the pool and cuts
// the others. A single PUT is a pool of one job, so it pauses and aborts as parts do. Waiting for
// the network is one more way of holding the pool, as pause does: the two holds are kept apart, so
// a user's pause outlasts the network's return and a resume while offline still waits for it.
import type { UploadLimiter } from './limiter';

/** Where a pool is: running its jobs, holding them (paused by the user, or waiting for the network), or stopped for good. */
export type PoolState = 'running' | 'paused' | 'waiting' | 'failed' | 'aborted';

/** One part's work; `signal` aborts when the pool pauses (reason {@link PAUSED}), fails or aborts. */
export type PartJob = (signal: AbortSignal) => Promise<void>;

/** The reason a job's signal carries when the pool pauses or goes offline: the job is run again on resume. */
export const PAUSED = Symbol('paused');

export interface PartPool {
  readonly state: PoolState;
  /** Aborts (with the abort's reason) when the pool is aborted: for the requests around the jobs. */
  readonly signal: AbortSignal;
  /**
   * Runs the jobs, first to last as slots free up. Resolves when every one has succeeded and the
   * pool is not held (a pool paused once its last job answered resolves on resume); rejects with
   * the first failure, or the abort's reason, once no job is left in flight.
   */
  run(jobs: PartJob[]): Promise<void>;
  /** Starts no job and cuts those in flight; false unless it was running or waiting. */
  pause(): boolean;
  /** Runs the jobs again (once the network is back, if it is away); false unless it was paused. */
  resume(): boolean;
  /** The network went away: holds the jobs as pause does (cut ones run again later); false if it knew. */
  offline(): boolean;
  /** The network is back: runs the jobs again unless the user paused; false if it knew. */
  online(): boolean;
  /** Cuts every job for good; false if it had already failed or been aborted. */
  abort(reason: unknown): boolean;
}

export function createPool(limiter: UploadLimiter): PartPool {
  /** 'running' while neither hold is on: the user's pause and the network's absence, kept apart. */
  let state: PoolState = 'running';
  const holds = { paused: false, away: false };
  let error: unknown;
  let jobs: PartJob[] = [];
  let queue: number[] = [];
  /** Set by run(): the pool then settles once no job is in flight. */
  let resolve: (() => void) | undefined;
  let reject!: (e: unknown) => void;
  /** A slot is being waited for: one at a time, so pools sharing a limiter take turns. */
  let waiting = false;
  const inFlight = new Map<number, AbortController>();
  const stop = new AbortController();

  const stopped = () => state === 'failed' || state === 'aborted';
  /**
   * Puts a hold on or off; false if the pool has stopped or the hold already was so. The state is
   * what the holds make; the jobs in flight are cut when a hold came on, run again when none is left.
   */
  const setHold = (kind: keyof typeof holds, on: boolean): boolean => {
    if (stopped() || holds[kind] === on) return false;
    holds[kind] = on;
    const was = state;
    state = holds.paused ? 'paused' : holds.away ? 'waiting' : 'running';
    if (state === 'running') pump();
    else if (was === 'running') cut(PAUSED);
    return true;
  };
  /** Settles run() once no job is in flight; a held pool on resume, so what follows the jobs (Complete) waits too. */
  const check = () => {
    if (inFlight.size || !resolve) return;
    if (stopped()) reject(error);
    else if (!queue.length && state === 'running') resolve();
  };
  const cut = (reason: unknown) => inFlight.forEach((c) => c.abort(reason));
  const pump = () => {
    if (state !== 'running' || waiting || !queue.length || !resolve) return check();
    waiting = true;
    void limiter.acquire().then((release) => {
      waiting = false;
      // A slot that comes once the pool has paused or stopped goes back at once.
      if (state !== 'running') return release();
      start(queue.shift()!, release);
      pump();
    });
  };
  const start = (i: number, release: () => void) => {
    const ctrl = new AbortController();
    inFlight.set(i, ctrl);
    jobs[i](ctrl.signal)
      .catch((e: unknown) => {
        if (ctrl.signal.reason === PAUSED) queue = [i, ...queue].sort((a, b) => a - b);
        else if (!ctrl.signal.aborted && !stopped()) {
          state = 'failed';
          error = e;
          cut(e);
        }
      })
      .finally(() => {
        inFlight.delete(i);
        release();
        pump();
      });
  };

  return {
    get state() {
      return state;
    },
    signal: stop.signal,
    run(list) {
      jobs = list;
      queue = list.map((_, i) => i);
      const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      pump();
      return done;
    },
    pause: () => setHold('paused', true),
    resume: () => setHold('paused', false),
    offline: () => setHold('away', true),
    online: () => setHold('away', false),
    abort(reason) {
      if (stopped()) return false;
      state = 'aborted';
      error = reason;
      stop.abort(reason);
      cut(reason);
      check();
      return true;
    },
  };
}
