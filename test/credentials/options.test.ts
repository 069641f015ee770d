// Options turned into a session's parts: refused before anything reaches outside when they cannot
// work, and one clock for the session and the STS client it builds.
import { describe, expect, it } from 'vitest';
import type { CredentialSessionOptions } from '../../src/credentials/api';
import { sessionParts } from '../../src/credentials/options';
import { createFakeTokenSource } from '../../src/testing/index';

const options: CredentialSessionOptions = {
  roleArn: 'arn:aws:iam::123456789012:role/web',
  tokenSource: createFakeTokenSource(),
  region: 'eu-west-1',
  tabs: false,
};

describe('sessionParts', () => {
  it.each([
    ['no roleArn', { roleArn: '' }, /needs a roleArn/],
    ['no tokenSource', { tokenSource: undefined }, /needs a tokenSource/],
    ['localStorage', { storage: 'localStorage' }, /'localStorage' is not offered/],
  ])('refuses %s with a hint', (_what, change, message) => {
    const bad = { ...options, ...change } as unknown as CredentialSessionOptions; // outside the types on purpose
    expect(() => sessionParts(bad)).toThrow(
      expect.objectContaining({
        name: 'StsConfigurationError',
        message: expect.stringMatching(message) as unknown,
        hint: expect.any(String) as unknown,
      }),
    );
  });

  it('runs on the session\u2019s now, or else the settings\u2019 now, or Date.now', () => {
    const mine = () => 1;
    const theirs = () => 2;
    expect(sessionParts({ ...options, now: mine, sts: { now: theirs } }).now).toBe(mine);
    expect(sessionParts({ ...options, sts: { now: theirs } }).now).toBe(theirs);
    expect(sessionParts(options).now).toBe(Date.now);
  });

  it('keeps credentials in sessionStorage only when asked, under the role\u2019s key', () => {
    expect(sessionParts(options).storageKey).toBeUndefined();
    expect(sessionParts({ ...options, storage: 'sessionStorage' }).storageKey).toBe(`web-identity-kit:${options.roleArn}`);
  });

  it('hands the token exchange the role request, the client and STS\u2019s clock, and nothing else', () => {
    const { exchange, sts } = sessionParts({ ...options, durationSeconds: 900, storage: 'sessionStorage', random: () => 0 });
    expect(exchange).toMatchObject({ roleArn: options.roleArn, tokenSource: options.tokenSource, durationSeconds: 900, sts });
    expect(exchange).not.toHaveProperty('storage');
    expect(exchange).not.toHaveProperty('random');
    expect(exchange).not.toHaveProperty('tabs');
  });

  it('uses an StsClient given as it is', () => {
    const sts = { assumeRoleWithWebIdentity: () => Promise.reject(new Error('unused')), systemClockOffset: 0 };
    expect(sessionParts({ ...options, sts }).sts).toBe(sts);
  });
});
