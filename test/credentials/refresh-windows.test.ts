import { describe, expect, it } from 'vitest';
import { SESSION_DEFAULTS } from '../../src/credentials/defaults';
import { RefreshWindows } from '../../src/credentials/refresh-windows';

const HOUR = 3_600_000;

describe('RefreshWindows', () => {
  it('uses the default windows for credentials that live 20 minutes or more', () => {
    const w = new RefreshWindows();
    w.setLifetime(HOUR);
    expect([w.advisoryMs, w.mandatoryMs, w.jitterMs]).toEqual([
      SESSION_DEFAULTS.advisorySeconds * 1000,
      SESSION_DEFAULTS.mandatorySeconds * 1000,
      SESSION_DEFAULTS.maxJitterSeconds * 1000,
    ]);
    expect(w.refreshWindowMs()).toBe((SESSION_DEFAULTS.advisorySeconds + SESSION_DEFAULTS.maxJitterSeconds) * 1000);
    // The background refresh: the advisory window before expiry, up to the jitter earlier.
    expect(w.refreshAt(HOUR, 0)).toBe(HOUR - 300_000);
    expect(w.refreshAt(HOUR, 0.5)).toBe(HOUR - 315_000);
  });

  it('scales every window down for short-lived credentials, so a refresh is not due the moment it lands', () => {
    const w = new RefreshWindows({ advisorySeconds: 300, mandatorySeconds: 60 });
    w.setLifetime(120_000); // a test stack's two minutes: a tenth of four advisory windows
    expect([w.advisoryMs, w.mandatoryMs, w.jitterMs]).toEqual([30_000, 6_000, 3_000]);
    expect(w.refreshAt(120_000, 0)).toBeGreaterThan(w.refreshWindowMs());
    expect(w.scaleFor(20 * 60_000)).toBe(1);
    expect(w.scaleFor(-5)).toBe(0);
  });

  it('takes the larger window when the mandatory one is set above the advisory one', () => {
    const w = new RefreshWindows({ advisorySeconds: 60, mandatorySeconds: 600 });
    w.setLifetime(HOUR);
    expect(w.refreshWindowMs()).toBe((600 + SESSION_DEFAULTS.maxJitterSeconds) * 1000);
  });
});
