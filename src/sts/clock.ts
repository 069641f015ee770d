// STS's clock as a client knows it: its own clock plus the offset learnt from the answers' Date
// header. Every call learns it (the session judges ID-token expiry by it); the signed calls also
// correct it from a refused signature (clock-skew.ts).
import type { ResolvedConfig } from './config';
import type { HttpAnswer } from './response';

/** The local clock corrected by what the server said its time was. */
export const serverNow = (config: ResolvedConfig): number => config.clock.now() + config.clock.offset;

const SKEW_THRESHOLD_MS = 5_000;

/** Learns the server's clock from the Date header (readable where CORS exposes it); true when the offset moved. */
export function learnClock(config: ResolvedConfig, answer: HttpAnswer): boolean {
  const date = answer.headers.get('date');
  const server = date ? Date.parse(date) : NaN;
  return !Number.isNaN(server) && setServerTime(config, server);
}

/** Takes the server's time now (epoch ms) as known; true when the offset moved by more than the threshold. */
export function setServerTime(config: ResolvedConfig, server: number): boolean {
  const offset = server - config.clock.now();
  if (Math.abs(offset - config.clock.offset) < SKEW_THRESHOLD_MS) return false;
  config.clock.offset = offset;
  return true;
}
