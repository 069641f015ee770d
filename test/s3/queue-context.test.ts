// What the files of one upload queue share: one request context (signer, clock, transport,
// network, retries), so what one file learns serves every other. On the in-process S3 with a
// clock of its own: a machine whose clock is off pays for it once, not once per file.
import { describe, expect, it } from 'vitest';
import { createUploadQueue } from '../../src/s3/index';
import { BUCKET, bytes, ENDPOINT, stubS3 } from './stub-s3';

describe('one request context per queue', () => {
  it('a skewed clock costs one RequestTimeTooSkewed across ten files, not one per file', async () => {
    const s3Now = Date.parse('2025-03-01T12:00:00Z');
    const stub = stubS3({ now: () => s3Now });
    const queue = createUploadQueue({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: ENDPOINT,
      credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' },
      transport: stub.transport,
      retryDelay: () => 0,
      concurrency: 1, // one request at a time: only the first is signed before S3 has told the time
      now: () => s3Now - 20 * 60_000, // this machine's clock is 20 minutes behind S3's
    });
    const files = Array.from({ length: 10 }, (_, i) => new File([bytes(100)], `f${i}.bin`));
    queue.add(files);
    await queue.settled();
    expect(queue.getSnapshot().filesDone).toBe(10);
    expect(stub.seen.filter((r) => r.tooSkewed)).toHaveLength(1);
    expect(stub.count('PutObject')).toBe(11); // each file once, and the first once more, on S3's time
    expect(stub.objects.size).toBe(10);
  });
});
