// S3's multipart calls as plain functions over the request context, on the in-process S3: what
// each sends and what it makes of the answer, ListParts across every page.
import { describe, expect, it } from 'vitest';
import { S3ServiceException } from '../../src/s3/index';
import { requestContext } from '../../src/s3/defaults';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listAllParts, partUrl } from '../../src/s3/multipart';
import { rejectionOf } from '../helpers/rejection';
import { BUCKET, bytes, ENDPOINT, s3Error, stubOptions, stubS3, type StubS3 } from './stub-s3';

const address = { bucket: BUCKET, key: 'dir/a file.bin', region: 'us-east-1', endpoint: ENDPOINT };
const contextFor = (stub: StubS3) => requestContext(stubOptions(stub, { maxAttempts: 1 }));

/** An upload on the stub with `n` parts of a few bytes each already stored. */
async function withParts(stub: StubS3, n: number) {
  const ctx = contextFor(stub);
  const uploadId = await createMultipartUpload(ctx, address, {});
  const parts = Array.from({ length: n }, () => bytes(16));
  parts.forEach((b, i) => stub.uploads.get(uploadId)!.parts.set(i + 1, b));
  return { ctx, uploadId, parts };
}

describe('createMultipartUpload', () => {
  it('POSTs ?uploads= with the object headers and returns the new id', async () => {
    const stub = stubS3();
    const id = await createMultipartUpload(contextFor(stub), address, { 'content-type': 'text/plain', 'x-amz-meta-owner': 'alice' });
    expect(stub.uploads.has(id)).toBe(true);
    const [create] = stub.seen;
    expect(create).toMatchObject({ action: 'CreateMultipartUpload', method: 'POST', key: 'dir/a file.bin' });
    expect(create.url).toBe(`${ENDPOINT}/${BUCKET}/dir/a%20file.bin?uploads=`);
    expect(create.headers).toMatchObject({ 'content-type': 'text/plain', 'x-amz-meta-owner': 'alice' });
  });

  it('sends nothing once `stop` has aborted', async () => {
    const stub = stubS3();
    const stop = new AbortController();
    stop.abort(new Error('aborted before'));
    await expect(createMultipartUpload(contextFor(stub), address, {}, stop.signal)).rejects.toThrow('aborted before');
    expect(stub.seen).toEqual([]);
  });
});

describe('partUrl', () => {
  it("is RFC 3986-encoded, as the signer encodes the query it signs: !'()* too, which encodeURIComponent leaves", async () => {
    const id = "a!b'c(d)e*f g+h/i=";
    const encoded = 'a%21b%27c%28d%29e%2Af%20g%2Bh%2Fi%3D';
    expect(partUrl(address, id, 3)).toBe(`${ENDPOINT}/${BUCKET}/dir/a%20file.bin?partNumber=3&uploadId=${encoded}`);
    const stub = stubS3();
    stub.uploads.set(id, { key: address.key, parts: new Map() });
    await abortMultipartUpload(contextFor(stub), address, id);
    expect(stub.seen[0].url).toBe(`${ENDPOINT}/${BUCKET}/dir/a%20file.bin?uploadId=${encoded}`);
    expect(stub.uploads.size).toBe(0); // S3 reads the same id back
  });

  it('names the part and the upload, the id encoded', () => {
    expect(partUrl(address, 'id/+=', 7)).toBe(`${ENDPOINT}/${BUCKET}/dir/a%20file.bin?partNumber=7&uploadId=id%2F%2B%3D`);
  });
});

describe('listAllParts', () => {
  it('follows NextPartNumberMarker across every page', async () => {
    const stub = stubS3({ pageSize: 2 });
    const { ctx, uploadId, parts } = await withParts(stub, 5);
    const have = await listAllParts(ctx, address, uploadId);
    expect([...have.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(have.get(3)).toMatchObject({ etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) as unknown, size: parts[2].length });
    const lists = stub.seen.filter((r) => r.action === 'ListParts');
    expect(lists.map((r) => r.query.get('part-number-marker'))).toEqual([null, '2', '4']);
  });

  it('fails with S3ServiceException NoSuchUpload for an upload S3 no longer has', async () => {
    const stub = stubS3();
    const e = await rejectionOf(listAllParts(contextFor(stub), address, 'gone'), S3ServiceException);
    expect(e.Code).toBe('NoSuchUpload');
  });
});

describe('completeMultipartUpload', () => {
  it('lists the parts from local state, checksums when asked, and returns the ETag and location S3 gives', async () => {
    const stub = stubS3();
    const { ctx, uploadId, parts } = await withParts(stub, 2);
    const have = await listAllParts(ctx, address, uploadId);
    const local = [1, 2].map((n) => ({ number: n, etag: have.get(n)!.etag, checksum: `crc${n}==` }));
    const r = await completeMultipartUpload(ctx, address, uploadId, local, true);
    expect(r.etag).toMatch(/-2"$/);
    expect(r.location).toBe(`${ENDPOINT}/${BUCKET}/dir/a%20file.bin`);
    expect(Buffer.compare(stub.objects.get(address.key)!, Buffer.concat(parts))).toBe(0);
    const sent = stub.seen.at(-1)!;
    expect(sent.headers['content-type']).toBe('application/xml');
    expect(sent.text).toContain(
      `<Part><PartNumber>2</PartNumber><ETag>${local[1].etag}</ETag><ChecksumCRC32>crc2==</ChecksumCRC32></Part>`,
    );
  });

  it('rejects when S3 answers 200 with an <Error> body, as CompleteMultipartUpload can', async () => {
    const stub = stubS3();
    const { ctx, uploadId } = await withParts(stub, 1);
    stub.before = (r) => {
      if (r.action !== 'CompleteMultipartUpload') return;
      const failed = s3Error(200, 'InternalError');
      return { ...failed, status: 200 };
    };
    const e = await rejectionOf(completeMultipartUpload(ctx, address, uploadId, [{ number: 1, etag: '"x"' }], false), S3ServiceException);
    expect(e.Code).toBe('InternalError');
  });
});

describe('abortMultipartUpload', () => {
  it('DELETEs the upload', async () => {
    const stub = stubS3();
    const { ctx, uploadId } = await withParts(stub, 1);
    await abortMultipartUpload(ctx, address, uploadId);
    expect(stub.uploads.size).toBe(0);
    expect(stub.seen.at(-1)).toMatchObject({ action: 'AbortMultipartUpload', method: 'DELETE' });
  });

  it('is signed with the last credentials the provider gave once it fails (signed out)', async () => {
    const stub = stubS3();
    let out = false;
    const creds = { accessKeyId: 'AKIDLAST', secretAccessKey: 'last-secret', expiration: new Date(Date.now() + 3600_000) };
    const ctx = requestContext(
      stubOptions(stub, { maxAttempts: 1, credentials: () => (out ? Promise.reject(new Error('signed out')) : Promise.resolve(creds)) }),
    );
    const uploadId = await createMultipartUpload(ctx, address, {});
    out = true;
    await abortMultipartUpload(ctx, address, uploadId);
    expect(stub.uploads.size).toBe(0);
    expect(stub.seen.at(-1)!.headers.authorization).toContain('Credential=AKIDLAST/');
  });
});
