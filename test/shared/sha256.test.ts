import { afterEach, describe, expect, it, vi } from 'vitest';
import { hexSha256, hmac, hmacKey, sha256, toHex } from '../../src/shared/sha256';

describe('SHA-256 on WebCrypto', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hashes as FIPS 180-2 says (abc, empty), from a string, bytes or an ArrayBuffer', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await hexSha256('abc')).toBe(abc);
    expect(await hexSha256(new TextEncoder().encode('abc'))).toBe(abc);
    expect(await hexSha256(new Uint8Array([0x61, 0x62, 0x63]).buffer)).toBe(abc);
    expect(toHex(await sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes only the bytes a view shows, not its whole buffer', async () => {
    const around = new TextEncoder().encode('xxabcyy');
    expect(await hexSha256(around.subarray(2, 5))).toBe(await hexSha256('abc'));
    expect(await hexSha256(new DataView(around.buffer, 2, 3))).toBe(await hexSha256('abc'));
  });

  it('computes HMAC-SHA-256 as RFC 4231 test case 2 says', async () => {
    expect(toHex(await hmac(await hmacKey('Jefe'), 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('says what to do where the page has no WebCrypto', async () => {
    vi.stubGlobal('crypto', {});
    const e: unknown = await hexSha256('abc').catch((x: unknown) => x);
    expect(e).toHaveProperty('name', 'WebCryptoUnavailableError');
    expect(e).toHaveProperty('hint', expect.stringMatching(/https/));
  });
});
