// Reading an ID token's claims without verifying it (STS verifies), and naming the STS session
// after its subject.
import { describe, expect, it } from 'vitest';
import { readClaims, sessionNameFrom } from '../../src/credentials/jwt';

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const jwt = (payload: string) => `${b64url('{"alg":"none"}')}.${b64url(payload)}.sig`;

describe('readClaims', () => {
  it('reads the payload of a JWT, base64url without padding, UTF-8 included', () => {
    expect(readClaims(jwt('{"sub":"Zo\u00eb \u2603","exp":2000000000,"aud":["a","b"]}'))).toEqual({
      sub: 'Zo\u00eb \u2603',
      exp: 2000000000,
      aud: ['a', 'b'],
    });
    // Lengths that need one and two padding characters, and the URL-safe alphabet (- and _).
    for (const sub of ['a', 'ab', 'abc', '>>>???']) expect(readClaims(jwt(JSON.stringify({ sub })))?.sub).toBe(sub);
  });

  it.each([
    ['no payload', 'header-only'],
    ['an empty payload', 'a..c'],
    ['a payload that is not base64', 'a.!!!.c'],
    ['a payload that is not JSON', `a.${b64url('not json')}.c`],
    ['a JSON payload that is not an object', `a.${b64url('42')}.c`],
    ['a null payload', `a.${b64url('null')}.c`],
  ])('says undefined for %s, without throwing', (_what, token) => {
    expect(readClaims(token)).toBeUndefined();
  });
});

describe('sessionNameFrom', () => {
  it('keeps a subject that fits STS\u2019s pattern and replaces what does not', () => {
    expect(sessionNameFrom('alice@example.com')).toBe('alice@example.com');
    expect(sessionNameFrom('auth0|5f0c a/b')).toBe('auth0-5f0c-a-b');
  });

  it('pads what is too short and names an unknown subject', () => {
    expect(sessionNameFrom('a')).toBe('user-a');
    expect(sessionNameFrom('')).toBe('user-unknown');
    expect(sessionNameFrom(undefined)).toBe('user-unknown');
  });

  it('shortens long subjects to 64 characters, keeping distinct ones distinct', () => {
    const a = sessionNameFrom('x'.repeat(100) + 'a');
    const b = sessionNameFrom('x'.repeat(100) + 'b');
    expect(a).toHaveLength(64);
    expect(a).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(a).not.toBe(b);
  });
});
