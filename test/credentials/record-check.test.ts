// A credentials record from outside (a tab message, sessionStorage) is taken only when it has the
// shape, types and bounds of what STS issues; a fresh copy of the known fields, or nothing.
import { describe, expect, it } from 'vitest';
import { readCredentialsRecord } from '../../src/credentials/record-check';

const NOW = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;
const good = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjE+/=',
  expiration: NOW + HOUR,
  lifetime: HOUR,
  identity: { subject: 'alice', assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/alice' },
};

describe('readCredentialsRecord', () => {
  it('takes a well-formed record as a fresh copy, without fields it does not know', () => {
    const read = readCredentialsRecord({ ...good, extra: 'dropped', identity: { ...good.identity, extra: 'dropped' } }, NOW);
    expect(read).toEqual(good);
    expect(read).not.toBe(good);
  });

  it.each([
    ['a lower-case key id', { accessKeyId: 'asiaexampleexample01' }],
    ['a short key id', { accessKeyId: 'ASIA' }],
    ['an empty secret', { secretAccessKey: '' }],
    ['a secret with a space', { secretAccessKey: 'a b' }],
    ['a non-string token', { sessionToken: 7 }],
    ['an expiry past 12 hours and 5 minutes from now', { expiration: NOW + 12 * HOUR + 6 * 60_000 }],
    ['an infinite expiry', { expiration: Infinity }],
    ['a lifetime longer than STS grants', { lifetime: 13 * HOUR }],
    ['a negative lifetime', { lifetime: -1 }],
    ['no identity', { identity: undefined }],
    ['an identity field that is not a string', { identity: { subject: 42 } }],
  ])('refuses %s', (_what, change) => {
    expect(readCredentialsRecord({ ...good, ...change }, NOW)).toBeUndefined();
  });

  it('refuses what is not a record, and inherited fields', () => {
    for (const v of [null, undefined, 'text', 42, [good]]) expect(readCredentialsRecord(v, NOW)).toBeUndefined();
    expect(readCredentialsRecord(Object.create(good), NOW)).toBeUndefined();
  });

  it('takes an expired record (whether it is still good is the caller\u2019s call)', () => {
    expect(readCredentialsRecord({ ...good, expiration: NOW - HOUR }, NOW)).toEqual({ ...good, expiration: NOW - HOUR });
  });
});
