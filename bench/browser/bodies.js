// What the page uploads, made lazily: a body is a Blob of references to one 1 MiB Blob, so a
// 1 GiB body costs 1 MiB (Chromium composes Blob parts by reference instead of copying them),
// and the uploaders read it as they would a File on disk.
import { CHUNK_BYTES, patternChunk } from './pattern.js';

let chunkBlob;
const chunk = () => (chunkBlob ??= new Blob([patternChunk()]));

/** `bytes` of the repeated pattern (a whole number of MiB or not), as one Blob. */
export function bigBody(bytes) {
  const whole = Math.floor(bytes / CHUNK_BYTES);
  const parts = Array.from({ length: whole }, chunk);
  if (bytes % CHUNK_BYTES) parts.push(chunk().slice(0, bytes % CHUNK_BYTES));
  return new Blob(parts, { type: 'application/octet-stream' });
}

/** `count` Files of `bytes` each, consecutive slices of the pattern, named `${prefix}${index}.bin`. */
export function smallFiles(count, bytes, prefix) {
  const body = bigBody(count * bytes);
  return Array.from(
    { length: count },
    (_, i) =>
      new File([body.slice(i * bytes, (i + 1) * bytes)], `${prefix}${String(i).padStart(4, '0')}.bin`, {
        type: 'application/octet-stream',
      }),
  );
}
