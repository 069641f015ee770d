// The one RFC 3986 encoder: unreserved characters kept, everything else percent-encoded as UTF-8
// with upper-case hex, including the !'()* that encodeURIComponent leaves alone.
import { describe, expect, it } from 'vitest';
import { encodeQuery, encodeRfc3986 } from '../../src/shared/uri-encode';

describe('encodeRfc3986', () => {
  it('keeps the unreserved set as it is', () => {
    const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
    expect(encodeRfc3986(unreserved)).toBe(unreserved);
    expect(encodeRfc3986('')).toBe('');
  });

  it("escapes !'()* which encodeURIComponent leaves alone", () => {
    expect(encodeRfc3986("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('escapes every other ASCII character with upper-case hex', () => {
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      if (/[A-Za-z0-9\-._~]/.test(c)) continue;
      expect(encodeRfc3986(c), `char ${code}`).toBe('%' + code.toString(16).toUpperCase().padStart(2, '0'));
    }
    expect(encodeRfc3986('a b+c/d=e&f')).toBe('a%20b%2Bc%2Fd%3De%26f');
  });

  it('encodes other characters as their UTF-8 bytes', () => {
    expect(encodeRfc3986('é')).toBe('%C3%A9');
    expect(encodeRfc3986('€')).toBe('%E2%82%AC');
    expect(encodeRfc3986('😀')).toBe('%F0%9F%98%80');
    expect(encodeRfc3986('日本/語')).toBe('%E6%97%A5%E6%9C%AC%2F%E8%AA%9E');
  });
});

describe('encodeQuery', () => {
  it('joins encoded pairs with & and =, values as text', () => {
    expect(
      encodeQuery([
        ['Action', 'GetCallerIdentity'],
        ['Policy', '{"a":1}'],
        ['n', 5],
      ]),
    ).toBe('Action=GetCallerIdentity&Policy=%7B%22a%22%3A1%7D&n=5');
    expect(encodeQuery(Object.entries({ 'X-Amz-Credential': 'AKID/20240101/us-east-1/s3/aws4_request' }))).toBe(
      'X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fs3%2Faws4_request',
    );
    expect(encodeQuery([])).toBe('');
  });
});
