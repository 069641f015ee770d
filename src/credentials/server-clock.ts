// STS's clock as the session reads it: the session's own clock (`now`) plus the offset STS's
// answers showed (their Date header, where CORS lets it be read). It is what the ID token's exp
// is judged by (STS judges it by its own clock) and what bounds the lifetime of credentials just
// issued (lifetime.ts). An offset is only right added to the clock it was measured against: a
// client the session builds runs on the session's clock, so its offset is taken as it is; a client
// the app made measures against a clock of its own, so the session places its report on the
// session's clock, answer by answer.
import type { WebIdentityCaller } from '../sts/web-identity';

/** STS's clock, on the session's. */
export interface ServerClock {
  /** STS's time now (epoch ms), as far as the answers so far tell. */
  now(): number;
  /** STS's clock minus the session's (ms); 0 while unknown. */
  offset(): number;
  /**
   * Learns from an answer that just arrived: its credentials expire at `expiration` (STS's clock)
   * and STS granted them for `longestMs` at most.
   */
  learn(expiration: number, longestMs: number): void;
}

/**
 * `sameClock`: the client runs on `now` (the session built it so). Else the client reports its
 * offset against its own clock: `now` if the app gave it the session's clock, Date.now (every
 * client's default) if not. Each answer says which: on arrival STS's time lies between Expiration
 * minus the longest grant and Expiration. Where neither clock fits (no Date header was readable
 * and the clocks differ, say), the offset is unknown: 0, as for an STS that hides its Date.
 */
export function serverClock(now: () => number, sts: Pick<WebIdentityCaller, 'systemClockOffset'>, sameClock: boolean): ServerClock {
  const reported = () => sts.systemClockOffset || 0;
  /** The clock the client's offset is measured against, as the last answer showed. */
  let base: (() => number) | undefined = now;
  const offset = () => (base ? base() + reported() - now() : 0);
  return {
    now: () => now() + offset(),
    offset,
    learn(expiration, longestMs) {
      if (sameClock) return;
      const fits = (clock: () => number) => {
        const server = clock() + reported();
        return server >= expiration - longestMs && server <= expiration;
      };
      base = [now, Date.now].find(fits);
    },
  };
}
