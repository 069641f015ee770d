// The uploader against the local stack's S3, which verifies every signature, token and checksum.
// In Node the transport is fetch (no byte-level progress); the XHR path runs in Chromium (e2e).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccessKeyId, newSecret, newSessionToken } from '../../stack/iam/credentials-store';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import {
  memoryResumeStore,
  presignS3Url,
  S3CorsError,
  S3ServiceException,
  S3UploadError,
  S3ValidationError,
  uploadToS3,
  fetchTransport,
  corsRuleFor,
  type UploadOptions,
  type UploadProgress,
} from '../../src/s3/index';
import { rejectionOf } from '../helpers/rejection';

const MiB = 1024 * 1024;
let stack: LocalStack;
let clock = Date.now(); // the stack's clock, and the uploads' (they move together)

beforeAll(async () => {
  stack = await startLocalStack({ now: () => clock });
});
afterAll(() => stack?.close());

const base = (more: Partial<UploadOptions> = {}): UploadOptions => ({
  bucket: stack.bucket,
  key: 'uploads/file.bin',
  body: new Uint8Array(0),
  region: 'us-east-1',
  endpoint: stack.s3,
  credentials: stack.userKeys,
  retryDelay: () => 0,
  now: () => clock,
  ...more,
});

const bytes = (n: number) => new Uint8Array(randomBytes(n));
const stored = (key: string) => stack.objects.get(stack.bucket, key)?.body;
const partRequests = () => stack.log.entries.filter((e) => e.service === 's3' && e.action === 'UploadPart').length;

/** Temporary credentials of the stack's STS kind, with a policy, as a session would hold them. */
function issue(o: { prefix?: string; seconds?: number } = {}) {
  return stack.credentials.add({
    accessKeyId: newAccessKeyId('ASIA'),
    secretAccessKey: newSecret(),
    sessionToken: newSessionToken(),
    expiration: new Date(clock + (o.seconds ?? 3600) * 1000),
    principalArn: 'arn:aws:sts::123456789012:assumed-role/web/test',
    userId: 'AROATEST:test',
    account: '123456789012',
    policies: [{ actions: ['s3:*'], resources: [`arn:aws:s3:::${stack.bucket}/${o.prefix ?? ''}*`] }],
  });
}

describe('small bodies: one PUT', () => {
  it('stores the bytes, with content type, metadata and cache control', async () => {
    const body = bytes(1024);
    const r = await uploadToS3(
      base({ key: 'small/one.bin', body, contentType: 'application/x-test', metadata: { Owner: 'alice' }, cacheControl: 'no-cache' }),
    ).done;
    expect(Buffer.compare(stored('small/one.bin')!, Buffer.from(body))).toBe(0);
    expect(r).toMatchObject({ bucket: 'demo', key: 'small/one.bin', etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) as unknown });
    expect(r.location).toBe(`${stack.s3}/demo/small/one.bin`);
    const obj = stack.objects.get('demo', 'small/one.bin')!;
    expect(obj).toMatchObject({ contentType: 'application/x-test', metadata: { owner: 'alice' } });
  });

  it.each(['with space.txt', 'ünïcödé/ファイル.txt', 'a+b=c.txt', '100%~done.txt', 'deep/er/path/(1)!.txt'])(
    'encodes and signs the key %s',
    async (name) => {
      const key = `keys/${name}`;
      await uploadToS3(base({ key, body: new TextEncoder().encode(name) })).done;
      expect(stored(key)?.toString()).toBe(name);
    },
  );

  it('sends a CRC32 the server checks, when asked', async () => {
    const body = bytes(3000);
    await uploadToS3(base({ key: 'small/crc.bin', body, checksum: 'crc32' })).done;
    expect(stack.objects.get('demo', 'small/crc.bin')?.checksums).toHaveProperty('CRC32');
  });
});

describe('multipart', () => {
  it('uploads 12 MiB in three 5 MiB parts, byte-identical, ETag -3, progress to the end', async () => {
    const body = bytes(12 * MiB);
    const seen: UploadProgress[] = [];
    const r = await uploadToS3(
      base({ key: 'multi/twelve.bin', body: new Blob([body]), partSize: 5 * MiB, onProgress: (p) => seen.push(p) }),
    ).done;
    expect(r.etag).toMatch(/-3"$/);
    expect(Buffer.compare(stored('multi/twelve.bin')!, Buffer.from(body))).toBe(0);
    expect(seen.at(-1)).toMatchObject({ loaded: 12 * MiB, total: 12 * MiB, partsDone: 3, partsTotal: 3 });
    expect(stack.objects.uploads('demo')).toEqual([]);
  });

  it('sends a Uint8Array that is a view into a larger buffer as exactly its own bytes, with and without CRC32', async () => {
    const backing = bytes(11 * MiB + 100);
    const body = backing.subarray(37, 37 + 11 * MiB + 5);
    // Parts go out as views of the caller's memory: no Blob, no copy.
    const sentAs: string[] = [];
    const recording: typeof fetchTransport = (r) => {
      if (r.url.includes('partNumber=')) sentAs.push(r.body instanceof Uint8Array && r.body.buffer === backing.buffer ? 'view' : 'copy');
      return fetchTransport(r);
    };
    for (const checksum of ['none', 'crc32'] as const) {
      const key = `multi/view-${checksum}.bin`;
      await uploadToS3(base({ key, body, partSize: 5 * MiB, checksum, transport: recording })).done;
      expect(Buffer.compare(stored(key)!, Buffer.from(body))).toBe(0);
    }
    expect(sentAs).toEqual(Array(6).fill('view'));
    // And in one PUT.
    await uploadToS3(base({ key: 'multi/view-small.bin', body: backing.subarray(3, 1003) })).done;
    expect(Buffer.compare(stored('multi/view-small.bin')!, Buffer.from(backing.subarray(3, 1003)))).toBe(0);
  });

  it('with CRC32 checksums listed in CompleteMultipartUpload from local state', async () => {
    const body = bytes(11 * MiB);
    await uploadToS3(base({ key: 'multi/crc.bin', body, partSize: 5 * MiB, checksum: 'crc32' })).done;
    expect(stack.objects.get('demo', 'multi/crc.bin')?.checksums.CRC32).toMatch(/-3$/);
  });

  it('retries parts that fail and still completes byte-identical', async () => {
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'status', status: 500, times: 2 });
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'drop', times: 1 });
    const before = partRequests();
    const body = bytes(11 * MiB);
    await uploadToS3(base({ key: 'multi/flaky.bin', body, partSize: 5 * MiB })).done;
    expect(Buffer.compare(stored('multi/flaky.bin')!, Buffer.from(body))).toBe(0);
    expect(partRequests() - before).toBe(3 + 3);
  });

  it('survives credentials that expire mid-upload: ExpiredToken, one refresh, the part again', async () => {
    let current = issue({ seconds: 3600 });
    let refreshes = 0;
    const credentials = (o?: { forceRefresh?: boolean }) => {
      if (o?.forceRefresh) {
        refreshes++;
        current = issue({ seconds: 3600 });
      }
      return Promise.resolve(current);
    };
    // Once the first part is in, an hour passes (on the stack's clock and the uploader's alike):
    // the first credentials expire between two parts.
    let parts = 0;
    const afterFirstPart: typeof fetchTransport = async (r) => {
      const answer = await fetchTransport(r);
      if (r.url.includes('partNumber=') && ++parts === 1) clock += 3700_000;
      return answer;
    };
    const body = bytes(11 * MiB);
    const saved = clock;
    try {
      await uploadToS3(base({ key: 'multi/expiring.bin', body, partSize: 5 * MiB, concurrency: 1, credentials, transport: afterFirstPart }))
        .done;
    } finally {
      clock = saved;
    }
    expect(refreshes).toBe(1);
    expect(Buffer.compare(stored('multi/expiring.bin')!, Buffer.from(body))).toBe(0);
  });

  it('corrects its clock when S3 says it is skewed', async () => {
    const body = bytes(2048);
    // This machine's clock is 20 minutes behind S3's.
    await uploadToS3(base({ key: 'small/skewed.bin', body, now: () => clock - 20 * 60_000 })).done;
    expect(Buffer.compare(stored('small/skewed.bin')!, Buffer.from(body))).toBe(0);
  });

  it('abort stops the requests and removes the multipart upload', async () => {
    const up = uploadToS3(base({ key: 'multi/aborted.bin', body: bytes(16 * MiB), partSize: 5 * MiB, concurrency: 1 }));
    await new Promise((r) => setTimeout(r, 30));
    await up.abort();
    await expect(up.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(up.state).toBe('aborted');
    expect(stack.objects.uploads('demo').filter((u) => u.key === 'multi/aborted.bin')).toEqual([]);
    expect(stored('multi/aborted.bin')).toBeUndefined();
  });

  it('an AbortSignal aborts too', async () => {
    const ctrl = new AbortController();
    const up = uploadToS3(base({ key: 'multi/signal.bin', body: bytes(11 * MiB), partSize: 5 * MiB, signal: ctrl.signal }));
    await new Promise((r) => setTimeout(r, 20));
    ctrl.abort(new Error('user left'));
    await expect(up.done).rejects.toThrow('user left');
    await new Promise((r) => setTimeout(r, 50));
    expect(stack.objects.uploads('demo').filter((u) => u.key === 'multi/signal.bin')).toEqual([]);
  });

  it('pauses and resumes', async () => {
    const body = bytes(16 * MiB);
    let started = 0; // part requests this client sends
    const counting = (r: Parameters<typeof fetchTransport>[0]) => (r.url.includes('partNumber=') && started++, fetchTransport(r));
    const up = uploadToS3(base({ key: 'multi/paused.bin', body, partSize: 5 * MiB, concurrency: 1, transport: counting }));
    await new Promise((r) => setTimeout(r, 10));
    up.pause();
    expect(up.state).toBe('paused');
    const during = started;
    await new Promise((r) => setTimeout(r, 150));
    expect(started).toBe(during); // nothing is sent while paused
    up.resume();
    expect(up.state).toBe('running');
    await up.done;
    expect(Buffer.compare(stored('multi/paused.bin')!, Buffer.from(body))).toBe(0);
  });

  it('fails a part for good with S3UploadError naming it, and aborts the upload', async () => {
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'status', status: 500, times: 5 });
    const up = uploadToS3(base({ key: 'multi/doomed.bin', body: bytes(6 * MiB), partSize: 5 * MiB, concurrency: 1, maxAttempts: 5 }));
    const e = await rejectionOf(up.done, S3UploadError);
    stack.faults.clear();
    expect(e.partNumber).toBe(1);
    expect(e.message).toMatch(/Part 1 of 2 failed/);
    expect(stack.objects.uploads('demo').filter((u) => u.key === 'multi/doomed.bin')).toEqual([]);
  });

  it('resumes after a "reload": ListParts, then only the missing parts', async () => {
    const store = memoryResumeStore();
    const body = new Blob([bytes(21 * MiB)]);
    // The first attempt loses parts 3 and later for good.
    let sent = 0;
    const failAfterTwo = async (r: Parameters<typeof fetchTransport>[0]) => {
      if (r.method === 'PUT' && r.url.includes('partNumber=') && ++sent > 2)
        throw new (await import('../../src/s3/index')).S3NetworkError('gone');
      return fetchTransport(r);
    };
    const first = await rejectionOf(
      uploadToS3(
        base({
          key: 'multi/resumed.bin',
          body,
          partSize: 5 * MiB,
          concurrency: 1,
          resumeKey: 'r1',
          resumeStore: store,
          transport: failAfterTwo,
          maxAttempts: 1,
        }),
      ).done,
      S3UploadError,
    );
    expect(first.hint).toMatch(/resumeKey/);
    expect(stack.objects.uploads('demo').find((u) => u.key === 'multi/resumed.bin')?.parts).toEqual([1, 2]);
    const before = partRequests();
    await uploadToS3(base({ key: 'multi/resumed.bin', body, partSize: 5 * MiB, resumeKey: 'r1', resumeStore: store })).done;
    expect(partRequests() - before).toBe(3); // parts 3, 4, 5 of 5
    expect(Buffer.compare(stored('multi/resumed.bin')!, Buffer.from(await body.arrayBuffer()))).toBe(0);
    expect(store.records.size).toBe(0);
    expect(JSON.stringify([...store.records])).not.toContain(stack.userKeys.secretAccessKey);
  });
});

describe('errors', () => {
  it('refuses bad options before any request', () => {
    const before = stack.log.entries.length;
    expect(() => uploadToS3(base({ bucket: 'x' }))).toThrow(S3ValidationError);
    expect(() => uploadToS3(base({ key: '' }))).toThrow(/key is empty/);
    expect(() => uploadToS3(base({ partSize: 1024 }))).toThrow(/at least 5 MiB/);
    // A string is outside the type on purpose: the runtime check is what is tested.
    expect(() => uploadToS3(base({ body: 'text' as unknown as UploadOptions['body'] }))).toThrow(/File, a Blob or a Uint8Array/);
    expect(() => uploadToS3(base({ endpoint: 'http://s3.example.com' }))).toThrow(/plain http/);
    expect(stack.log.entries.length).toBe(before);
  });

  it('turns S3 answers into S3ServiceException with Code, RequestId and HostId', async () => {
    const alice = issue({ prefix: 'users/alice/' });
    const e = await rejectionOf(uploadToS3(base({ key: 'users/bob/x.txt', body: bytes(10), credentials: alice })).done, S3ServiceException);
    expect(e).toMatchObject({ name: 'AccessDenied', Code: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
    expect(e.RequestId).toBeTruthy();
    expect(e.HostId).toBeTruthy();
    expect(e.hint).toMatch(/s3:PutObject/);
    await uploadToS3(base({ key: 'users/alice/ok.txt', body: bytes(10), credentials: alice })).done;
  });

  it('diagnoses a CORS rule that hides ETag, with the rule to apply', async () => {
    const hidingEtag = async (r: Parameters<typeof fetchTransport>[0]) => {
      const a = await fetchTransport(r);
      return { ...a, header: (n: string) => (n.toLowerCase() === 'etag' ? null : a.header(n)) };
    };
    const up = uploadToS3(base({ key: 'cors/hidden.bin', body: bytes(6 * MiB), partSize: 5 * MiB, transport: hidingEtag }));
    const e = await rejectionOf(up.done, S3CorsError);
    expect(e.message).toMatch(/^S3 took the part, but this page cannot read its ETag, which completing the upload needs: /);
    expect(e.message).toContain('"ExposeHeaders"');
    expect(e.message).toContain('"ETag"');
    // The error carries what corsRuleFor builds; its declared type is unknown.
    const cors = e.corsConfiguration as ReturnType<typeof corsRuleFor>;
    expect(cors.CORSRules[0].ExposeHeaders).toContain('ETag');
    expect(stack.objects.uploads('demo').filter((u) => u.key === 'cors/hidden.bin')).toEqual([]);
  });
});

describe('versionId, in a versioned bucket', () => {
  /** The stack keeps no versions: each answer gets one, named after the request it answers. */
  const versioned = async (r: Parameters<typeof fetchTransport>[0]) => {
    const a = await fetchTransport(r);
    const version = r.url.includes('partNumber=') ? 'v-part' : r.method === 'POST' ? 'v-complete' : 'v-single';
    return { ...a, header: (n: string) => (n.toLowerCase() === 'x-amz-version-id' ? version : a.header(n)) };
  };

  it("a single PUT's result has the version S3 gave the object", async () => {
    const r = await uploadToS3(base({ key: 'versioned/small.bin', body: bytes(100), transport: versioned })).done;
    expect(r.versionId).toBe('v-single');
  });

  it("a multipart upload's has CompleteMultipartUpload's, not a part's", async () => {
    const r = await uploadToS3(base({ key: 'versioned/large.bin', body: bytes(6 * MiB), partSize: 5 * MiB, transport: versioned })).done;
    expect(r.versionId).toBe('v-complete');
  });
});

describe('a CORS rule that hides ETag from a single PUT', () => {
  it('says S3 stored the object (it did: only the page cannot read the ETag), with the rule to apply', async () => {
    const hidingEtag = async (r: Parameters<typeof fetchTransport>[0]) => {
      const a = await fetchTransport(r);
      return { ...a, header: (n: string) => (n.toLowerCase() === 'etag' ? null : a.header(n)) };
    };
    const body = bytes(2048);
    const up = uploadToS3(base({ key: 'cors/hidden-small.bin', body, transport: hidingEtag }));
    const e = await rejectionOf(up.done, S3CorsError);
    expect(e.message).toMatch(/^S3 stored the object, but this page cannot read its ETag: the bucket\u2019s CORS rule/);
    expect(e.message).not.toContain('completing the upload');
    expect((e.corsConfiguration as ReturnType<typeof corsRuleFor>).CORSRules[0].ExposeHeaders).toContain('ETag');
    expect(Buffer.compare(stored('cors/hidden-small.bin')!, Buffer.from(body))).toBe(0);
  });
});

describe('presignS3Url', () => {
  it('makes PUT and GET links that work without credentials', async () => {
    const creds = issue();
    const key = 'presigned/a file+1.txt';
    const put = await presignS3Url({
      method: 'PUT',
      bucket: 'demo',
      key,
      region: 'us-east-1',
      endpoint: stack.s3,
      credentials: creds,
      expiresIn: 300,
    });
    expect(new URL(put).searchParams.get('X-Amz-Expires')).toBe('300');
    expect((await fetch(put, { method: 'PUT', body: 'hello' })).status).toBe(200);
    const get = await presignS3Url({
      method: 'GET',
      bucket: 'demo',
      key,
      region: 'us-east-1',
      endpoint: stack.s3,
      credentials: () => Promise.resolve(creds),
    });
    expect(await (await fetch(get)).text()).toBe('hello');
  });

  it('refuses expiresIn beyond 7 days', async () => {
    await expect(
      presignS3Url({ method: 'GET', bucket: 'demo', key: 'k', region: 'us-east-1', credentials: stack.userKeys, expiresIn: 604801 }),
    ).rejects.toThrow(/604800/);
  });
});
