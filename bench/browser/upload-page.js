// Runs inside Chromium: the same bytes uploaded three ways against the local S3, timed here.
import { uploadToS3, presignS3Url } from 'web-identity-kit/s3';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const mib = (n) => n * 1024 * 1024;

function makeBody(size) {
  // Random-ish bytes, made once; a Blob so every uploader reads the same thing the same way.
  const chunk = new Uint8Array(mib(1));
  crypto.getRandomValues(chunk.subarray(0, 65536));
  for (let i = 65536; i < chunk.length; i++) chunk[i] = chunk[i % 65536] ^ (i & 0xff);
  return new Blob(
    Array.from({ length: size / mib(1) }, () => chunk),
    { type: 'application/octet-stream' },
  );
}

window.bench = async ({ endpoint, bucket, credentials, sizeMiB, kitOptions = {} }) => {
  const body = makeBody(mib(sizeMiB));
  const region = 'us-east-1';
  const out = {};
  const time = async (name, run) => {
    const t0 = performance.now();
    await run();
    out[name] = { seconds: (performance.now() - t0) / 1000 };
  };
  // The ceiling: one presigned PUT of the whole body, no signing or part logic in the page.
  const url = await presignS3Url({ method: 'PUT', bucket, key: 'bench/raw.bin', region, endpoint, forcePathStyle: true, credentials });
  await time(
    'raw presigned PUT (ceiling)',
    () =>
      new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', url);
        xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`raw PUT ${xhr.status}`)));
        xhr.onerror = () => reject(new Error('raw PUT failed'));
        xhr.send(body);
      }),
  );
  // The same ceiling with the kit's parallelism: the default 8 MiB parts, 4 at a time, each a
  // plain presigned PUT (URLs made before the clock starts), no multipart protocol, no signing.
  const partSize = kitOptions.partSize ?? mib(8);
  const concurrency = kitOptions.concurrency ?? 4;
  // Slices are cut as they are sent, as the kit cuts them: Chromium copies a slice it sends, and
  // holding all of them at once ran its blob storage out of memory (ERR_BLOB_OUT_OF_MEMORY).
  const count = Math.ceil(body.size / partSize);
  const urls = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      presignS3Url({ method: 'PUT', bucket, key: `bench/raw-parts/${i}`, region, endpoint, forcePathStyle: true, credentials }),
    ),
  );
  await time(`raw presigned PUTs, ${partSize / mib(1)} MiB x ${concurrency}`, async () => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        await new Promise((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open('PUT', urls[i]);
          xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`raw part PUT ${xhr.status}`)));
          xhr.onerror = () => reject(new Error('raw part PUT failed'));
          xhr.send(body.slice(i * partSize, (i + 1) * partSize));
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
  await time(
    'web-identity-kit uploadToS3',
    () => uploadToS3({ bucket, key: 'bench/kit.bin', body, region, endpoint, forcePathStyle: true, credentials, ...kitOptions }).done,
  );
  // The SDK's default CRC32 breaks Blob bodies in browsers (aws-sdk-js-v3#6834): turned off so it can run.
  const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
  await time('@aws-sdk/lib-storage Upload', () =>
    new Upload({ client, params: { Bucket: bucket, Key: 'bench/sdk.bin', Body: body } }).done(),
  );
  return out;
};
window.benchReady = true;
