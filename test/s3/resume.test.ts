// Resuming: the record under the resumeKey, the fingerprint that proves the body is the same, and
// S3's ListParts trusted over the record; then an upload that resumes sends only what S3 lacks.
import { describe, expect, it } from 'vitest';
import { memoryResumeStore, S3NetworkError, S3UploadError, uploadToS3, type ResumeStore } from '../../src/s3/index';
import { requestContext } from '../../src/s3/defaults';
import { createMultipartUpload } from '../../src/s3/multipart';
import { cutParts } from '../../src/s3/parts';
import { resumeIn, type ResumeIdentity } from '../../src/s3/resume';
import { rejectionOf } from '../helpers/rejection';
import { BUCKET, bytes, ENDPOINT, MiB, stubOptions, stubS3, type StubS3 } from './stub-s3';

const id: ResumeIdentity = { bucket: BUCKET, key: 'r.bin', region: 'us-east-1', endpoint: ENDPOINT, partSize: 5 * MiB, checksum: 'none' };
const never = new AbortController().signal;
const contextFor = (stub: StubS3) => requestContext(stubOptions(stub, { maxAttempts: 1 }));

/** A first run that began an upload of `body` and stored its parts `stored` (numbers), as S3 has them. */
async function begun(stub: StubS3, store: ResumeStore, body: Uint8Array, stored: number[]) {
  const ctx = contextFor(stub);
  const first = resumeIn(store, 'k', id);
  const parts = cutParts(body.length, id.partSize);
  expect(await first.reopen(ctx, body, parts, never)).toBeUndefined();
  const uploadId = await createMultipartUpload(ctx, id, {});
  await first.begin(uploadId);
  for (const n of stored) stub.uploads.get(uploadId)!.parts.set(n, body.subarray(parts[n - 1].start, parts[n - 1].end));
  return { ctx, uploadId };
}

describe('resumeIn', () => {
  it('keeps a record with the fingerprint, part size and checksum, and no secret', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const { uploadId } = await begun(stub, store, bytes(11 * MiB), []);
    const record = store.records.get('k')!;
    expect(record).toMatchObject({ bucket: BUCKET, key: 'r.bin', uploadId, partSize: 5 * MiB, checksum: 'none', parts: {} });
    expect(record.fingerprint).toMatch(/^bytes:11534336:[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain('stub-secret');
  });

  it('reopens the same body: the parts S3 lists are done, whatever the record says', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = bytes(21 * MiB);
    const { ctx, uploadId } = await begun(stub, store, body, [1, 3]);
    // The record claims part 2 too; S3 does not have it.
    store.records.get('k')!.parts[2] = { etag: '"stale"' };
    const parts = cutParts(body.length, id.partSize);
    expect(await resumeIn(store, 'k', id).reopen(ctx, body.slice(), parts, never)).toBe(uploadId);
    expect(parts.map((p) => !!p.etag)).toEqual([true, false, true, false, false]);
    expect(parts[2].loaded).toBe(5 * MiB);
    expect(stub.count('AbortMultipartUpload')).toBe(0);
  });

  it('does not trust a part S3 has in another size', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = bytes(11 * MiB);
    const { ctx, uploadId } = await begun(stub, store, body, []);
    stub.uploads.get(uploadId)!.parts.set(1, bytes(100));
    const parts = cutParts(body.length, id.partSize);
    expect(await resumeIn(store, 'k', id).reopen(ctx, body, parts, never)).toBe(uploadId);
    expect(parts.every((p) => !p.etag)).toBe(true);
  });

  it.each([
    ['a different body of the same size', { body: bytes(11 * MiB) }],
    ['another part size', { partSize: 6 * MiB }],
    ['another checksum', { checksum: 'crc32' as const }],
    ['another key', { key: 'other.bin' }],
  ])('with %s: starts afresh and aborts the saved upload', async (_, change) => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = bytes(11 * MiB);
    await begun(stub, store, body, [1]);
    const { body: nextBody = body, ...idChange } = change as { body?: Uint8Array };
    const next = { ...id, ...idChange };
    const parts = cutParts(nextBody.length, next.partSize);
    expect(await resumeIn(store, 'k', next).reopen(contextFor(stub), nextBody, parts, never)).toBeUndefined();
    expect(stub.count('AbortMultipartUpload', 'r.bin')).toBe(1);
    expect(stub.uploads.size).toBe(0);
    expect(parts.every((p) => !p.etag)).toBe(true);
  });

  it('starts afresh, aborting nothing, when S3 no longer has the saved upload (NoSuchUpload)', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = bytes(11 * MiB);
    await begun(stub, store, body, [1]);
    stub.uploads.clear(); // expired on S3's side
    expect(await resumeIn(store, 'k', id).reopen(contextFor(stub), body, cutParts(body.length, id.partSize), never)).toBeUndefined();
    expect(stub.count('AbortMultipartUpload')).toBe(0);
  });

  it('records each part done; a store that fails only costs the resume that part', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = bytes(11 * MiB);
    const resume = resumeIn(store, 'k', id);
    await resume.reopen(contextFor(stub), body, cutParts(body.length, id.partSize), never);
    await resume.begin('u-1');
    await resume.partDone({ number: 2, start: 0, end: 1, loaded: 1, etag: '"e2"', checksum: 'c2' });
    expect(store.records.get('k')!.parts).toEqual({ 2: { etag: '"e2"', checksum: 'c2' } });
    const failing: ResumeStore = { ...store, put: () => Promise.reject(new Error('quota')) };
    const broken = resumeIn(failing, 'k2', id);
    await broken.reopen(contextFor(stub), body, cutParts(body.length, id.partSize), never);
    await expect(broken.begin('u-2')).rejects.toThrow('quota'); // a fresh upload that cannot be kept says so
    await expect(broken.partDone({ number: 1, start: 0, end: 1, loaded: 1, etag: '"e1"' })).resolves.toBeUndefined();
    await resume.forget();
    expect(store.records.has('k')).toBe(false);
  });
});

describe('an upload with a resumeKey', () => {
  it('resumes after a failure: ListParts, then only the parts S3 lacks, and forgets the record', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const body = new Blob([bytes(16 * MiB)]);
    let parts = 0;
    stub.before = (r) => {
      if (r.action === 'UploadPart' && ++parts > 2) throw new S3NetworkError('gone');
    };
    const options = stubOptions(stub, { body, partSize: 5 * MiB, concurrency: 1, resumeKey: 'r', resumeStore: store, maxAttempts: 1 });
    const first = await rejectionOf(uploadToS3(options).done, S3UploadError);
    expect(first.partNumber).toBe(3);
    expect(stub.uploads.size).toBe(1); // kept for the resume
    stub.before = undefined;
    const before = stub.seen.length;
    await uploadToS3(options).done;
    const again = stub.seen.slice(before);
    expect(again.map((r) => r.action + (r.partNumber ?? ''))).toEqual([
      'ListParts',
      'UploadPart3',
      'UploadPart4',
      'CompleteMultipartUpload',
    ]);
    expect(Buffer.compare(stub.objects.get('file.bin')!, Buffer.from(await body.arrayBuffer()))).toBe(0);
    expect(store.records.size).toBe(0);
  });
});
