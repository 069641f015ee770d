import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sha256 } from '../../src/shared/sha256';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('Sha256 on WebCrypto', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hashes as FIPS 180-2 says (abc, empty, pieces)', async () => {
    const h = new Sha256();
    h.update('a');
    h.update(new TextEncoder().encode('b'));
    h.update(new Uint8Array([0x63]).buffer);
    expect(hex(await h.digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(await new Sha256().digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('computes HMAC-SHA-256 as RFC 4231 test case 2 says', async () => {
    const h = new Sha256('Jefe');
    h.update('what do ya want for nothing?');
    expect(hex(await h.digest())).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('starts afresh after reset', async () => {
    const h = new Sha256();
    h.update('zzz');
    h.reset();
    h.update('abc');
    expect(hex(await h.digest())).toMatch(/^ba7816bf/);
  });

  it('says what to do where the page has no WebCrypto', async () => {
    vi.stubGlobal('crypto', {});
    const e: unknown = await new Sha256().digest().catch((x: unknown) => x);
    expect(e).toHaveProperty('name', 'WebCryptoUnavailableError');
    expect(e).toHaveProperty('hint', expect.stringMatching(/https/));
  });
});
