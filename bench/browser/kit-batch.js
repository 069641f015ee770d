// The kit on many files. STAND-IN: the kit has no multi-file queue yet (issue 14, item 1), so
// this is a loop of uploadToS3 under one shared limit of requests in flight: `concurrency` workers,
// each uploading one file at a time with `concurrency: 1`, so a small file is one PUT and the
// batch never has more than `concurrency` requests open. When the queue API lands, switch this
// one function to it; the bench around it stays.
import { uploadToS3 } from 'web-identity-kit/s3';
import { runPool } from './pool.js';

/** Uploads every File under its name as key; resolves when all are stored, rejects on the first failure. */
export function kitBatch(files, { s3, concurrency, partSize, kitOptions }) {
  return runPool(
    files.map((file) => () => uploadToS3({ ...s3, ...kitOptions, key: file.name, body: file, partSize, concurrency: 1 }).done),
    concurrency,
  );
}

/** One file with the kit's own parallelism: `concurrency` parts in flight. */
export function kitOne(body, key, { s3, concurrency, partSize, kitOptions }) {
  return uploadToS3({ ...s3, ...kitOptions, key, body, partSize, concurrency }).done;
}
