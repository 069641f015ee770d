// The kit on many files: its upload queue, one limit of `concurrency` requests in flight across
// the batch (a small file is one PUT, a large one goes by parts), each file under its name as key.
import { createUploadQueue, uploadToS3 } from 'web-identity-kit/s3';

/** Uploads every File under its name as key; resolves when all are stored, rejects with the first failure once the batch has settled. */
export async function kitBatch(files, { s3, concurrency, partSize, kitOptions }) {
  const queue = createUploadQueue({ ...s3, ...kitOptions, partSize, concurrency });
  queue.add(files);
  await queue.settled();
  const failed = queue.getSnapshot().items.find((item) => item.status !== 'done');
  if (failed) throw failed.error ?? new Error(`${failed.key} ended ${failed.status}`);
}

/** One file with the kit's own parallelism: `concurrency` parts in flight. */
export function kitOne(body, key, { s3, concurrency, partSize, kitOptions }) {
  return uploadToS3({ ...s3, ...kitOptions, key, body, partSize, concurrency }).done;
}
