// Checks what S3 stored against the bytes the page sent: every object's ETag is recomputed from
// the page's pattern (MD5 for one PUT, MD5 of the parts' MD5s for multipart), so a round that
// lost, cut or mixed up bytes fails the bench instead of timing it.
import { createHash } from 'node:crypto';
import { CHUNK_BYTES, patternChunk } from './pattern.js';

const chunk = Buffer.from(patternChunk());
const md5s = new Map();

/** MD5 of the pattern's bytes [start, start + length), memoised (a body's parts repeat). */
function md5Of(start, length) {
  const id = `${start % CHUNK_BYTES}:${length}`;
  if (!md5s.has(id)) {
    const hash = createHash('md5');
    for (let at = start, left = length; left > 0;) {
      const from = at % CHUNK_BYTES;
      const n = Math.min(left, CHUNK_BYTES - from);
      hash.update(chunk.subarray(from, from + n));
      at += n;
      left -= n;
    }
    md5s.set(id, hash.digest());
  }
  return md5s.get(id);
}

/** The ETag S3 gives the pattern's bytes [start, start + length), sent in one PUT or in parts of `partSize`. */
export function expectedEtag(start, length, partSize) {
  if (!partSize) return md5Of(start, length).toString('hex');
  const parts = [];
  for (let at = 0; at < length; at += partSize) parts.push(md5Of(start + at, Math.min(partSize, length - at)));
  return `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-${parts.length}`;
}

/**
 * Throws unless `listed` (the stack's objects) holds exactly `expected` under their keys:
 * `expected` is a list of { key, start, length, partSize? }.
 */
export function verifyStored(listed, expected, what) {
  const byKey = new Map(listed.map((o) => [o.key, o]));
  for (const e of expected) {
    const o = byKey.get(e.key);
    if (!o) throw new Error(`${what}: ${e.key} is not in the bucket`);
    if (o.size !== e.length) throw new Error(`${what}: ${e.key} holds ${o.size} bytes, not ${e.length}`);
    const etag = o.etag.replaceAll('"', '');
    const want = expectedEtag(e.start, e.length, e.partSize);
    if (etag !== want) throw new Error(`${what}: ${e.key} has ETag ${etag}, not ${want} (other bytes, or other parts)`);
  }
}
