// The upload queue against the local stack's S3, which checks every signature: a batch of mixed
// sizes (single PUTs and 5 MiB-part multipart uploads, some in folders) lands byte for byte, under
// one limit of requests in flight, with no multipart upload left open.
import { describe, expect, it } from 'vitest';
import { createUploadQueue, type PickedFile, type Transport } from '../../src/s3/index';
import { bytes, MiB, useStack } from './stack-fixture';

const { t, base } = useStack();

describe('the upload queue on the local stack', () => {
  it('30 files of mixed sizes, some multipart: every object byte for byte, never more than the limit in flight', async () => {
    const { body: _body, key: _key, transport: recording, ...where } = base();
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: Transport = async (r) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await recording!(r);
      } finally {
        inFlight--;
      }
    };
    const sizes = [
      ...[0, 1, 100, 4096, 65_536, 300_000, 1 * MiB, 3 * MiB, 5 * MiB], // up to the part size: one PUT each
      6 * MiB,
      11 * MiB + 7,
      13 * MiB, // multipart, 5 MiB parts
      ...Array.from({ length: 18 }, (_, i) => 1000 + i * 17_000),
    ];
    const files: PickedFile[] = sizes.map((size, i) => ({
      file: new File([bytes(size)], `f${i}.bin`),
      relativePath: i % 3 === 0 ? `batch/sub${i % 2}/f${i}.bin` : '',
    }));
    const queue = createUploadQueue({ ...where, transport: counting, concurrency: 4, partSize: 5 * MiB, keyPrefix: 'queue/' });
    const items = queue.add(files);
    await queue.settled();

    const s = queue.getSnapshot();
    expect(s.items.map((i) => i.status)).toEqual(files.map(() => 'done'));
    const sum = sizes.reduce((a, b) => a + b, 0);
    expect([s.filesDone, s.filesTotal, s.loaded, s.total]).toEqual([30, 30, sum, sum]);
    expect(maxInFlight).toBe(4);
    for (const [i, f] of files.entries()) {
      expect(items[i].key).toBe(`queue/${f.relativePath || f.file.name}`);
      const stored = t.stack.objects.get(t.stack.bucket, items[i].key)?.body;
      expect(stored && Buffer.compare(stored, new Uint8Array(await f.file.arrayBuffer())), items[i].key).toBe(0);
    }
    const actions = t.stack.log.entries.filter((e) => e.service === 's3').map((e) => e.action);
    expect(actions.filter((a) => a === 'CompleteMultipartUpload')).toHaveLength(3);
    expect(t.stack.objects.uploads(t.stack.bucket)).toEqual([]);
  });
});
