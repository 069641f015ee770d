// How early credentials are refreshed. Two windows before expiry, as the AWS SDKs' credential
// providers have: in the advisory one a refresh starts in the background while callers still get
// the current credentials; in the mandatory one callers wait for it. Background timers start up
// to a jitter earlier, at random, so tabs and clients do not all refresh at the same moment.
import { SESSION_DEFAULTS } from './defaults';

export class RefreshWindows {
  readonly #advisoryBaseMs: number;
  readonly #mandatoryBaseMs: number;
  /** How long the current credentials lived when issued (ms). */
  lifetime = 0;
  /**
   * Windows shrink for credentials that live less than four advisory windows (e.g. a test
   * stack's two-minute ones): else every refresh would fall due the moment it landed.
   */
  #scale = 1;

  constructor(windows: { advisorySeconds?: number; mandatorySeconds?: number } = {}) {
    this.#advisoryBaseMs = (windows.advisorySeconds ?? SESSION_DEFAULTS.advisorySeconds) * 1000;
    this.#mandatoryBaseMs = (windows.mandatorySeconds ?? SESSION_DEFAULTS.mandatorySeconds) * 1000;
  }

  /** The credentials now current lived this long when issued: the windows follow. */
  setLifetime(lifetimeMs: number) {
    this.lifetime = lifetimeMs;
    this.#scale = this.scaleFor(lifetimeMs);
  }

  /** The windows' scale for credentials of this lifetime (1 from 20 minutes up). */
  scaleFor = (lifetimeMs: number) => Math.min(1, Math.max(0, lifetimeMs) / (4 * this.#advisoryBaseMs || 1));

  get advisoryMs() {
    return this.#advisoryBaseMs * this.#scale;
  }
  get mandatoryMs() {
    return this.#mandatoryBaseMs * this.#scale;
  }
  get jitterMs() {
    return SESSION_DEFAULTS.maxJitterSeconds * 1000 * this.#scale;
  }

  /**
   * Credentials with less than this left are due for a refresh: the advisory window plus the
   * jitter the background timer may start early by (else the timer would find them "fresh").
   */
  refreshWindowMs = (scale = this.#scale) =>
    (Math.max(this.#advisoryBaseMs, this.#mandatoryBaseMs) + SESSION_DEFAULTS.maxJitterSeconds * 1000) * scale;

  /** When the background refresh of credentials expiring then should run, `random` in [0, 1). */
  refreshAt = (expiration: number, random: number) => expiration - this.advisoryMs - random * this.jitterMs;
}
