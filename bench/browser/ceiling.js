// The ceilings: the same requests an uploader makes, as plain presigned PUTs with no signing,
// multipart protocol or credentials in the timed part (URLs are made before the clock starts).
import { presignS3Url } from 'web-identity-kit/s3';
import { runPool } from './pool.js';

function put(url, body) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`ceiling PUT answered ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('ceiling PUT failed (network)'));
    xhr.send(body);
  });
}

/**
 * Presigns one PUT per [key, body] pair, then returns the timed part: every PUT, `concurrency` at a
 * time. Bodies are Blob slices cut up front but read only as they are sent.
 */
export async function prepareCeiling(pairs, { s3, concurrency }) {
  const urls = await Promise.all(pairs.map(([key]) => presignS3Url({ ...s3, method: 'PUT', key })));
  return () =>
    runPool(
      pairs.map(
        ([, body], i) =>
          () =>
            put(urls[i], body),
      ),
      concurrency,
    );
}

/** The kit's part pattern for one body: `partSize` slices as separate objects `${prefix}${n}`. */
export function partPairs(body, partSize, prefix) {
  const count = Math.ceil(body.size / partSize);
  return Array.from({ length: count }, (_, i) => [
    `${prefix}${String(i + 1).padStart(5, '0')}`,
    body.slice(i * partSize, (i + 1) * partSize),
  ]);
}

/** One PUT of the whole body: the simplest ceiling, no parallelism. */
export async function prepareOnePut(body, key, { s3 }) {
  const url = await presignS3Url({ ...s3, method: 'PUT', key });
  return () => put(url, body);
}
