// The resume fingerprint of a body must stay the same across versions: a resume record stored in
// IndexedDB by an earlier version is matched on it, and a changed digest would restart every
// pending upload from zero. Its hash is SHA-256 over the sampled ranges laid end to end.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, sampleRanges } from '../../src/s3/fingerprint';

/** Deterministic bytes (a small LCG), so the pinned fingerprints below stay valid. */
function bytesOf(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

const SMALL = bytesOf(1000, 1);
const LARGE = bytesOf(1024 * 1024 + 7, 2);

/** node:crypto over the sampled ranges: an independent statement of what the digest is. */
const referenceSha = (b: Uint8Array) => {
  const h = createHash('sha256');
  for (const [start, end] of sampleRanges(b.byteLength)) h.update(b.subarray(start, end));
  return h.digest('hex');
};

describe('resume fingerprint', () => {
  it.each([
    ['whole', SMALL],
    ['sampled', LARGE],
  ])('hashes the %s body as SHA-256 of its samples end to end, for bytes, a Blob and a File', async (_, b) => {
    const sha = referenceSha(b);
    expect(await fingerprintOf(b)).toBe(`bytes:${b.byteLength}:${sha}`);
    expect(await fingerprintOf(new Blob([b], { type: 'image/png' }))).toBe(`blob:image/png:${b.byteLength}:${sha}`);
    const file = new File([b], 'a "b".raw', { lastModified: 1_700_000_000_000 });
    expect(await fingerprintOf(file)).toBe(`file:"a \\"b\\".raw"::${b.byteLength}:1700000000000:${sha}`);
  });

  // Pinned from the version that hashed the samples with an incremental Sha256 class.
  it('is the fingerprint earlier versions stored for the same bytes', async () => {
    expect(await fingerprintOf(SMALL)).toBe('bytes:1000:bdb35a87b71f1a935c1e860ba9070b01f2ab781efd6ffe0c8ae82354b1b5461e');
    expect(await fingerprintOf(new Blob([LARGE]))).toBe('blob::1048583:62b7435bda059e484c66f2b9213876642eafd810761bf5d950af693a346a1f76');
  });
});
