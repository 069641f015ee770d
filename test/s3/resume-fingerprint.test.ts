// Resuming is only safe for the same bytes: a different body of the same size under the same
// resumeKey must start a fresh upload (and abort the stale one), never mix the two (issue 17, #4).
import { describe, expect, it } from 'vitest';
import { fetchTransport, memoryResumeStore, S3NetworkError, S3UploadError, uploadToS3, type Transport } from '../../src/s3/index';
import { rejectionOf } from '../helpers/rejection';
import { bytes, MiB, useStack } from './stack-fixture';

const { base, stored, openUploads } = useStack();

const kinds = {
  Blob: (b: Uint8Array<ArrayBuffer>) => new Blob([b], { type: 'application/x-test' }),
  Uint8Array: (b: Uint8Array<ArrayBuffer>) => b,
  // Same name, size and lastModified: only the bytes differ.
  File: (b: Uint8Array<ArrayBuffer>) => new File([b], 'photo.raw', { lastModified: 1_700_000_000_000 }),
};

describe('resume fingerprints', () => {
  it.each(Object.keys(kinds) as (keyof typeof kinds)[])(
    'a different %s of the same size starts afresh and aborts the stale upload',
    async (kind) => {
      const wrap = kinds[kind];
      const key = `fingerprint/${kind}.bin`;
      const store = memoryResumeStore();
      const a = bytes(11 * MiB);
      const b = bytes(11 * MiB);
      // The first upload stores part 1 of A, then loses the network for good.
      let parts = 0;
      const failAfterOne: Transport = async (r) => {
        if (r.url.includes('partNumber=') && ++parts > 1) throw new S3NetworkError('gone');
        return fetchTransport(r);
      };
      const first = uploadToS3(
        base({
          key,
          body: wrap(a),
          partSize: 5 * MiB,
          concurrency: 1,
          resumeKey: kind,
          resumeStore: store,
          transport: failAfterOne,
          maxAttempts: 1,
        }),
      ).done;
      await rejectionOf(first, S3UploadError);
      const stale = openUploads(key);
      expect(stale.map((u) => u.parts)).toEqual([[1]]);

      const up = uploadToS3(base({ key, body: wrap(b), partSize: 5 * MiB, resumeKey: kind, resumeStore: store }));
      await up.done;
      expect(up.uploadId).not.toBe(stale[0].uploadId);
      expect(Buffer.compare(stored(key)!, Buffer.from(b))).toBe(0);
      expect(openUploads(key)).toEqual([]); // the stale upload was aborted, not left to linger
      expect(store.records.size).toBe(0);
    },
  );

  it('still resumes the same bytes given again as a new Blob', async () => {
    const key = 'fingerprint/same.bin';
    const store = memoryResumeStore();
    const a = bytes(11 * MiB);
    let parts = 0;
    const failAfterOne: Transport = async (r) => {
      if (r.url.includes('partNumber=') && ++parts > 1) throw new S3NetworkError('gone');
      return fetchTransport(r);
    };
    await uploadToS3(
      base({
        key,
        body: new Blob([a]),
        partSize: 5 * MiB,
        concurrency: 1,
        resumeKey: 'same',
        resumeStore: store,
        transport: failAfterOne,
        maxAttempts: 1,
      }),
    ).done.catch(() => {});
    const stale = openUploads(key);
    const up = uploadToS3(base({ key, body: new Blob([a]), partSize: 5 * MiB, resumeKey: 'same', resumeStore: store }));
    await up.done;
    expect(up.uploadId).toBe(stale[0].uploadId);
    expect(Buffer.compare(stored(key)!, Buffer.from(a))).toBe(0);
  });
});
