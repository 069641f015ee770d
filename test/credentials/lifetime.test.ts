// The lifetime STS granted, as the session measures it on the local clock.
import { describe, expect, it } from 'vitest';
import { grantedLifetimeMs } from '../../src/credentials/lifetime';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('grantedLifetimeMs', () => {
  const expiration = Date.UTC(2030, 0, 1, 1);
  it('is Expiration minus the server time on arrival', () => {
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration - HOUR })).toBe(HOUR);
  });
  it('is the observed lifetime when clocks agree, and never more than asked for', () => {
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration - 2 * MIN })).toBe(2 * MIN);
    // A clock 2 hours behind would see 3 hours: STS grants what was asked (default 3600 s), no more.
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration - 3 * HOUR })).toBe(HOUR);
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration - 3 * HOUR, requestedSeconds: 900 })).toBe(15 * MIN);
  });
  it('falls back to the requested duration when Expiration is already past on this clock', () => {
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration + HOUR })).toBe(HOUR);
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration + HOUR, requestedSeconds: 7200 })).toBe(2 * HOUR);
  });
  it('is bounded by the time since the ID token was issued: STS cannot have issued credentials before it', () => {
    const iat = (expiration - 2 * MIN) / 1000;
    expect(grantedLifetimeMs({ expiration, serverReceivedAt: expiration + HOUR, tokenIssuedAt: iat })).toBe(2 * MIN);
  });
});
