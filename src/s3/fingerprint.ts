// What tells one upload body from another, so a resumeKey never resumes a different body: size,
// type, name and lastModified (File), and a SHA-256 of its bytes. Bodies over SAMPLED_ABOVE are
// hashed on samples (the first and last 64 KiB and 4 KiB at evenly spaced points between), so
// fingerprinting a gigabyte reads about 200 KiB; a change only between samples goes unseen.
import { hexSha256 } from '../shared/sha256';

const EDGE = 64 * 1024;
const SAMPLE = 4 * 1024;
const SAMPLES = 16;
const SAMPLED_ABOVE = 2 * EDGE + SAMPLES * SAMPLE;

type Body = Blob | Uint8Array;

const sizeOf = (b: Body) => (b instanceof Blob ? b.size : b.byteLength);

/** The [start, end) ranges hashed: the whole body, or its edges and evenly spaced samples. */
export function sampleRanges(size: number): [number, number][] {
  if (size <= SAMPLED_ABOVE) return [[0, size]];
  const ranges: [number, number][] = [[0, EDGE]];
  const span = size - 2 * EDGE - SAMPLE;
  for (let i = 1; i <= SAMPLES; i++) {
    const start = EDGE + Math.floor((span * i) / (SAMPLES + 1));
    ranges.push([start, start + SAMPLE]);
  }
  ranges.push([size - EDGE, size]);
  return ranges;
}

async function bytesOf(body: Body, start: number, end: number): Promise<Uint8Array> {
  return body instanceof Blob ? new Uint8Array(await body.slice(start, end).arrayBuffer()) : body.subarray(start, end);
}

/**
 * The SHA-256 of the sampled bytes laid end to end, hashed once: the same digest as hashing the
 * samples one after the other, so fingerprints stored by earlier versions still match.
 */
async function sampledSha256(body: Body): Promise<string> {
  const ranges = sampleRanges(sizeOf(body));
  const samples = new Uint8Array(ranges.reduce((n, [start, end]) => n + end - start, 0));
  let at = 0;
  for (const [start, end] of ranges) {
    samples.set(await bytesOf(body, start, end), at);
    at += end - start;
  }
  return hexSha256(samples);
}

export async function fingerprintOf(body: Body): Promise<string> {
  const sha = await sampledSha256(body);
  if (typeof File !== 'undefined' && body instanceof File)
    return `file:${JSON.stringify(body.name)}:${body.type}:${body.size}:${body.lastModified}:${sha}`;
  return body instanceof Blob ? `blob:${body.type}:${body.size}:${sha}` : `bytes:${body.byteLength}:${sha}`;
}
