// The stack's CRCs against the CRC catalogue's check values and a bit-at-a-time reference written
// from the definitions (reflected polynomial, all-ones init and final XOR), and combining against
// a CRC computed over the joined bytes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineCrc, crc32, crc32c, crc64nvme, type CrcAlgorithm } from '../../../stack/s3/crc';

const DIGESTS = { CRC32: crc32, CRC32C: crc32c, CRC64NVME: crc64nvme };
const DEFINITIONS: Record<CrcAlgorithm, { poly: bigint; width: number; check: string }> = {
  CRC32: { poly: 0xedb88320n, width: 32, check: 'cbf43926' },
  CRC32C: { poly: 0x82f63b78n, width: 32, check: 'e3069283' },
  CRC64NVME: { poly: 0x9a6c9329ac4bc9b5n, width: 64, check: 'ae8b14860a799888' },
};
const ALGORITHMS = Object.keys(DEFINITIONS) as CrcAlgorithm[];

function reference(a: CrcAlgorithm, data: Uint8Array): string {
  const { poly, width } = DEFINITIONS[a];
  const ones = (1n << BigInt(width)) - 1n;
  let crc = ones;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return (crc ^ ones).toString(16).padStart(width / 4, '0');
}

/** Fed in pieces of the given sizes, so every alignment of the eight-byte steps is crossed. */
function digest(a: CrcAlgorithm, data: Uint8Array, pieces: number[] = [data.length]): string {
  const d = DIGESTS[a]();
  let at = 0;
  for (const n of pieces) d.update(data.subarray(at, (at += n)));
  d.update(data.subarray(at));
  return d.digest().toString('hex');
}

describe('CRCs of the local S3', () => {
  it.each(ALGORITHMS)('%s gives the catalogue check value for "123456789" and is all ones XOR for nothing', (a) => {
    expect(digest(a, Buffer.from('123456789'))).toBe(DEFINITIONS[a].check);
    expect(digest(a, new Uint8Array())).toBe('0'.repeat(DEFINITIONS[a].width / 4));
  });

  it.each(ALGORITHMS)('%s matches the bit-at-a-time reference at every length and split up to 40 bytes', (a) => {
    const data = randomBytes(40);
    for (let n = 0; n <= data.length; n++) {
      const bytes = data.subarray(0, n);
      const want = reference(a, bytes);
      expect(digest(a, bytes)).toBe(want);
      for (let split = 1; split < n; split += 3) expect(digest(a, bytes, [split, 5])).toBe(want);
    }
  });

  it.each(ALGORITHMS)('%s combines the CRCs of two runs of bytes into the CRC of both', (a) => {
    for (const [x, y] of [
      [0, 9],
      [9, 0],
      [1, 1],
      [13, 1000],
      [4097, 65539],
    ]) {
      const [first, second] = [randomBytes(x), randomBytes(y)];
      const crc = (b: Buffer) => Buffer.from(digest(a, b), 'hex');
      expect(combineCrc(a, crc(first), crc(second), y).toString('hex')).toBe(digest(a, Buffer.concat([first, second])));
    }
  });
});
