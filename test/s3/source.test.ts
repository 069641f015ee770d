// A body that can no longer be read fails as what it is (issue 15, item 4): S3UploadSourceError,
// "pick it again", not a network or CORS message, and without spending the retries. The body is a
// real file on disk (Node's openAsBlob, which refuses reads once the file changed, as Chromium's
// File does); the transport fails a body it cannot read as the browser's does: with no answer.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as root from '../../src/index';
import { memoryResumeStore, S3NetworkError, S3UploadError, S3UploadSourceError, uploadToS3, type Transport } from '../../src/s3/index';
import { rejectionOf } from '../helpers/rejection';
import { bytes, MiB, stubOptions, stubS3, type Seen, type StubS3 } from './stub-s3';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A file on disk and the Blob the page would hold for it. */
async function fileOnDisk(body: Uint8Array) {
  const dir = await mkdtemp(join(tmpdir(), 'wik-source-'));
  dirs.push(dir);
  const path = join(dir, 'picked.bin');
  await writeFile(path, body);
  return { path, blob: await openAsBlob(path, { type: 'application/octet-stream' }) };
}

/** As XHR does: a body it cannot read while sending fails the request with no answer (status 0). */
function browserLike(stub: StubS3): Transport {
  return async (r) => {
    try {
      return await stub.transport(r);
    } catch (e) {
      if (e instanceof Error && e.name === 'NotReadableError') {
        throw new S3NetworkError('The request to S3 failed (network error, or refused by CORS)');
      }
      throw e;
    }
  };
}

/** Changes the file on disk when part `n` (or the single PUT) is about to be sent. */
const changeFileAt = (path: string, n: number) => async (r: Seen) => {
  if ((r.action === 'UploadPart' && r.partNumber === n) || (r.action === 'PutObject' && n === 1)) {
    await writeFile(path, bytes(1)); // another size, another mtime
  }
};

describe('a file that changed on disk mid-upload', () => {
  it('fails with S3UploadSourceError naming the part, spends no retry, and aborts the multipart upload', async () => {
    const stub = stubS3();
    const { path, blob } = await fileOnDisk(bytes(11 * MiB));
    let read = 0;
    stub.before = async (r) => {
      await changeFileAt(path, 2)(r);
      if (r.partNumber === 2) read++;
    };
    const up = uploadToS3(stubOptions(stub, { body: blob, partSize: 5 * MiB, concurrency: 1, transport: browserLike(stub) }));
    const e = await rejectionOf(up.done, S3UploadSourceError);
    expect(e).toBeInstanceOf(S3UploadError);
    expect(e.name).toBe('S3UploadSourceError');
    expect(e.message).toBe('The file changed or can no longer be read; pick it again');
    expect(e.message).not.toMatch(/network|CORS/i);
    expect(e.partNumber).toBe(2);
    expect(e.uploadId).toBe('upload-1');
    expect(e.resumable).toBe(false);
    expect(e.hint).toMatch(/Pick the file again/);
    expect((e.cause as Error).name).toBe('NotReadableError');
    // The first failure was enough: no attempt was spent on a body no retry could send.
    expect(stub.seen.filter((r) => r.partNumber === 2)).toHaveLength(1);
    expect(read).toBe(1);
    expect(stub.count('AbortMultipartUpload')).toBe(1);
    expect(stub.uploads.size).toBe(0);
  });

  it('with a resumeKey, says the upload can be resumed and keeps it on S3', async () => {
    const stub = stubS3();
    const { path, blob } = await fileOnDisk(bytes(11 * MiB));
    stub.before = changeFileAt(path, 3);
    const up = uploadToS3(
      stubOptions(stub, {
        body: blob,
        partSize: 5 * MiB,
        concurrency: 1,
        transport: browserLike(stub),
        resumeKey: 'picked',
        resumeStore: memoryResumeStore(),
      }),
    );
    const e = await rejectionOf(up.done, S3UploadSourceError);
    expect(e.partNumber).toBe(3);
    expect(e.resumable).toBe(true);
    expect(e.hint).toMatch(/same resumeKey/);
    expect(stub.uploads.size).toBe(1);
  });

  it('a single PUT of a deleted file fails the same way', async () => {
    const stub = stubS3();
    const { path, blob } = await fileOnDisk(bytes(1000));
    stub.before = async (r) => {
      if (r.action === 'PutObject') await rm(path);
    };
    const up = uploadToS3(stubOptions(stub, { body: blob, transport: browserLike(stub) }));
    const e = await rejectionOf(up.done, S3UploadSourceError);
    expect(e.partNumber).toBe(1);
    expect(e.uploadId).toBeUndefined();
    expect(stub.count('PutObject')).toBe(1);
  });

  it('with checksum crc32, a part that cannot be read to checksum fails the same way, before it is sent', async () => {
    const stub = stubS3();
    const { path, blob } = await fileOnDisk(bytes(11 * MiB));
    stub.before = changeFileAt(path, 1);
    const up = uploadToS3(
      stubOptions(stub, { body: blob, partSize: 5 * MiB, concurrency: 1, checksum: 'crc32', transport: browserLike(stub) }),
    );
    const e = await rejectionOf(up.done, S3UploadSourceError);
    expect(e.partNumber).toBe(2);
    expect(stub.seen.filter((r) => r.partNumber === 2)).toHaveLength(0);
  });

  it('a network failure of a body still readable stays a network failure, retried as before', async () => {
    const stub = stubS3();
    const { blob } = await fileOnDisk(bytes(11 * MiB));
    stub.before = (r) => {
      if (r.partNumber === 2) throw new S3NetworkError('The request to S3 failed (network error, or refused by CORS)');
    };
    const up = uploadToS3(
      stubOptions(stub, { body: blob, partSize: 5 * MiB, concurrency: 1, maxAttempts: 3, transport: browserLike(stub) }),
    );
    const e = await rejectionOf(up.done, S3UploadError);
    expect(e).not.toBeInstanceOf(S3UploadSourceError);
    expect(e.cause).toBeInstanceOf(S3NetworkError);
    expect(stub.seen.filter((r) => r.partNumber === 2)).toHaveLength(3);
  });

  it('is exported from the root entry too', () => {
    expect(root.S3UploadSourceError).toBe(S3UploadSourceError);
  });
});
