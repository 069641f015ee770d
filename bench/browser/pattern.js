// The bench's bytes: one 1 MiB chunk from a fixed seed, repeated. The page and Node make the same
// chunk, so Node checks what S3 stored (its ETags) without the page sending its bytes twice.
export const CHUNK_BYTES = 1024 * 1024;

/** 1 MiB of xorshift32 output, written byte by byte so the result is the same on any endianness. */
export function patternChunk(seed = 0x9e3779b9) {
  const bytes = new Uint8Array(CHUNK_BYTES);
  let x = seed >>> 0;
  for (let i = 0; i < CHUNK_BYTES; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
    bytes[i + 1] = (x >>> 8) & 0xff;
    bytes[i + 2] = (x >>> 16) & 0xff;
    bytes[i + 3] = x >>> 24;
  }
  return bytes;
}
