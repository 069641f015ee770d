// The stack's S3, driven by the official @aws-sdk/client-s3 and by raw (signed or not) HTTP: what
// it accepts and what it refuses must be what S3 would, in S3's XML and words.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as SmithyRequest, SourceData } from '@smithy/types';
import { createHash, createHmac, randomBytes, type Hash, type Hmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  newAccessKeyId,
  newSecret,
  newSessionToken,
  type IssuedCredentials,
  type SessionPolicy,
} from '../../../stack/iam/credentials-store';
import { Faults } from '../../../stack/shared/faults';
import { RequestLog } from '../../../stack/shared/http';
import { createS3Endpoint } from '../../../stack/s3/service';
import { checksumOf } from '../../../stack/s3/checksums';
import { defaultCors, startLocalStack, type LocalStack } from '../../../stack/stack';

let stack: LocalStack;
let port: number;
const BUCKET = 'demo';
const MiB = 1024 * 1024;

beforeAll(async () => {
  stack = await startLocalStack();
  port = Number(new URL(stack.s3).port);
});
afterAll(() => stack?.close());
afterEach(() => {
  stack.faults.clear();
  stack.settings.cors = defaultCors();
});

// ---- helpers ---------------------------------------------------------------------------------

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** node:crypto behind the Checksum interface @smithy/signature-v4 expects. */
class NodeSha256 {
  #h: Hash | Hmac;
  readonly #secret?: Buffer;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret as ArrayBuffer);
    this.#h = this.#fresh();
  }
  #fresh = () => (this.#secret ? createHmac('sha256', this.#secret) : createHash('sha256'));
  update(data: SourceData) {
    this.#h.update(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer));
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
  reset() {
    this.#h = this.#fresh();
  }
}

/** A handler that records what the SDK sends and can send it to 127.0.0.1 whatever the host. */
class Recorder extends NodeHttpHandler {
  readonly seen: SmithyRequest[] = [];
  constructor(private readonly toLoopback = false) {
    super();
  }
  override handle(...[request, options]: Parameters<NodeHttpHandler['handle']>) {
    this.seen.push({ ...request, headers: { ...request.headers } });
    if (this.toLoopback) request.hostname = '127.0.0.1';
    return super.handle(request, options);
  }
}

const client = (credentials: Keys = stack.userKeys, more: Record<string, unknown> = {}) =>
  new S3Client({ region: 'us-east-1', endpoint: stack.s3, forcePathStyle: true, credentials, maxAttempts: 1, ...more });

function issue(policies: SessionPolicy[] = [], lifetimeMs = 3600_000): IssuedCredentials {
  return stack.credentials.add({
    accessKeyId: newAccessKeyId('ASIA'),
    secretAccessKey: newSecret(),
    sessionToken: newSessionToken(),
    expiration: new Date(Date.now() + lifetimeMs),
    principalArn: 'arn:aws:sts::123456789012:assumed-role/web/alice',
    userId: 'AROA0024STACKROLE12:alice',
    account: '123456789012',
    policies,
  });
}
const keysOf = (c: IssuedCredentials): Keys => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
  sessionToken: c.sessionToken,
});

async function failure(p: Promise<unknown>): Promise<S3ServiceException & { Code?: string; $response?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

/** A request exactly as given: raw path, any Host, any body. */
function raw(o: {
  method?: string;
  path: string;
  headers?: Record<string, string | number | string[]>;
  body?: Buffer | string;
}): Promise<RawResponse> {
  // node:http sends a GET or DELETE body without a length unless told: it would read as a second request.
  const framed = o.body !== undefined && Object.keys(o.headers ?? {}).every((h) => !/^(content-length|transfer-encoding)$/i.test(h));
  const headers = framed ? { ...o.headers, 'content-length': Buffer.byteLength(o.body!) } : o.headers;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** How the SDKs put a key in a path: each segment percent-encoded, '/' kept. */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

interface SignedOptions {
  method?: string;
  /** Raw path; default /demo/{encoded key}. */
  path?: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  keys?: Keys;
  host?: string;
  payloadHash?: string;
  signingDate?: Date;
}

/** Signs with @smithy/signature-v4 (the SDK's signer) and sends it raw. */
async function signedRequest(o: SignedOptions) {
  const path = o.path ?? `/${BUCKET}/${encodeKey(o.key ?? 'k')}`;
  const body = o.body ?? '';
  const signer = new SignatureV4({
    credentials: o.keys ?? stack.userKeys,
    region: 'us-east-1',
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
  });
  const headers = { host: o.host ?? `127.0.0.1:${port}`, 'x-amz-content-sha256': o.payloadHash ?? sha256hex(body), ...o.headers };
  const request = {
    method: o.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    query: o.query ?? {},
    headers,
    body,
  } as SmithyRequest;
  const signed = await signer.sign(request, { signingDate: o.signingDate });
  return { path: path + queryString(signed.query ?? {}), headers: signed.headers as Record<string, string>, body };
}

async function signed(o: SignedOptions): Promise<RawResponse> {
  const r = await signedRequest(o);
  return raw({ method: o.method, path: r.path, headers: r.headers, body: r.body });
}

function queryString(query: Record<string, string | string[] | null | undefined>) {
  const parts = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v ?? ''))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A presigned URL as the S3 presigner makes one: UNSIGNED-PAYLOAD, host signed, token in the query. */
async function presign(o: {
  method: string;
  key: string;
  keys?: Keys;
  expiresIn?: number;
  signingDate?: Date;
  query?: Record<string, string>;
}) {
  const signer = new SignatureV4({
    credentials: o.keys ?? stack.userKeys,
    region: 'us-east-1',
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
  });
  const path = `/${BUCKET}/${encodeKey(o.key)}`;
  const request = {
    method: o.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    query: o.query ?? {},
    headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  };
  // x-amz-content-sha256 is hoisted into the query (X-Amz-Content-Sha256=UNSIGNED-PAYLOAD), as in the SDK's URLs.
  const p = await signer.presign(request, { expiresIn: o.expiresIn ?? 300, signingDate: o.signingDate });
  return `${stack.s3}${path}${queryString(p.query ?? {})}`;
}

const errorCode = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
const errorField = (body: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1];
const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const crc32b64 = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b));
  return out.toString('base64');
};

// ---- objects ---------------------------------------------------------------------------------

describe('objects', () => {
  it('puts, gets, heads, lists and deletes with the SDK, keeping metadata and headers', async () => {
    const s3 = client();
    const body = Buffer.from('hello, stack');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'docs/hello.txt',
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        Metadata: { owner: 'alice' },
      }),
    );
    expect(put.ETag).toBe(`"${md5(body).toString('hex')}"`);
    expect(put.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(put.$metadata.extendedRequestId).toBeTruthy();

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello, stack');
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      CacheControl: 'max-age=60',
      Metadata: { owner: 'alice' },
      ETag: put.ETag,
      ContentLength: body.length,
    });
    expect(got.LastModified).toBeInstanceOf(Date);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }));
    expect(head).toMatchObject({ ContentLength: body.length, ETag: put.ETag, ContentType: 'text/plain' });

    const stored = stack.objects.get(BUCKET, 'docs/hello.txt');
    expect(stored?.body.toString()).toBe('hello, stack');
    expect(stored).toMatchObject({ contentType: 'text/plain', metadata: { owner: 'alice' }, etag: md5(body).toString('hex') });

    const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs/' }));
    expect(list.Contents?.map((c) => [c.Key, c.Size, c.ETag])).toEqual([['docs/hello.txt', body.length, put.ETag]]);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }));
    expect(stack.objects.get(BUCKET, 'docs/hello.txt')).toBeUndefined();
    const gone = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' })));
    expect(gone.name).toBe('NoSuchKey');
    expect(gone.$metadata.httpStatusCode).toBe(404);
    const headGone = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' })));
    expect(headGone.$metadata.httpStatusCode).toBe(404);
    // Deleting what is not there is a success in S3.
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }));
  });

  it('answers NoSuchKey with the key, and NoSuchBucket with the bucket, in S3 XML', async () => {
    const r = await signed({ key: 'missing/key.txt' });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing\/key.txt<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );
    expect(r.headers['x-amz-request-id']).toBe(errorField(r.body, 'RequestId'));
    expect(r.headers['x-amz-id-2']).toBe(errorField(r.body, 'HostId'));
    const nb = await signed({ path: '/nope/key' });
    expect([nb.status, errorCode(nb.body), errorField(nb.body, 'BucketName')]).toEqual([404, 'NoSuchBucket', 'nope']);
  });

  it('serves byte ranges: first-last, open-ended, suffix; 416 InvalidRange past the end', async () => {
    const s3 = client();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'range.bin', Body: Buffer.from('0123456789') }));
    const get = async (range: string) => {
      const r = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range.bin', Range: range }));
      return [await r.Body!.transformToString(), r.ContentRange, r.ContentLength, r.$metadata.httpStatusCode];
    };
    expect(await get('bytes=2-5')).toEqual(['2345', 'bytes 2-5/10', 4, 206]);
    expect(await get('bytes=7-')).toEqual(['789', 'bytes 7-9/10', 3, 206]);
    expect(await get('bytes=-3')).toEqual(['789', 'bytes 7-9/10', 3, 206]);
    expect(await get('bytes=8-100')).toEqual(['89', 'bytes 8-9/10', 2, 206]);
    const bad = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range.bin', Range: 'bytes=10-' })));
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416]);
    // A Range S3 cannot read is ignored: the whole object, 200.
    const r = await signed({ key: 'range.bin', headers: { range: 'lines=1-2' } });
    expect([r.status, r.body]).toEqual([200, '0123456789']);
  });

  it('honours If-None-Match (304) and If-Match (412 PreconditionFailed)', async () => {
    const s3 = client();
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond.txt', Body: 'x' }));
    const notModified = await signed({ key: 'cond.txt', headers: { 'if-none-match': put.ETag! } });
    expect(notModified.status).toBe(304);
    const failed = await signed({ key: 'cond.txt', headers: { 'if-match': '"0000"' } });
    expect([failed.status, errorCode(failed.body)]).toEqual([412, 'PreconditionFailed']);
    const createOnly = await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond.txt', Body: 'y', IfNoneMatch: '*' })));
    expect(createOnly.$metadata.httpStatusCode).toBe(412);
  });

  it('lists with prefix, delimiter, max-keys, continuation tokens and start-after', async () => {
    const s3 = client();
    const keys = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/c.txt', 'list/d/1.txt', 'list/e.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));

    const pages: (string | undefined)[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      pages.push([...(page.Contents ?? []).map((c) => c.Key), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix)]);
      expect(page.KeyCount).toBe(pages[pages.length - 1].length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toEqual([['list/a.txt', 'list/b/'], ['list/c.txt', 'list/d/'], ['list/e.txt']]);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', StartAfter: 'list/b/2.txt' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['list/c.txt', 'list/d/1.txt', 'list/e.txt']);
    expect(after.StartAfter).toBe('list/b/2.txt');

    const bad = await signed({ path: `/${BUCKET}`, query: { 'list-type': '2', 'max-keys': 'ten' } });
    expect([bad.status, errorCode(bad.body), errorField(bad.body, 'ArgumentName')]).toEqual([400, 'InvalidArgument', 'max-keys']);
    const badToken = await signed({ path: `/${BUCKET}`, query: { 'list-type': '2', 'continuation-token': 'bm90IG1pbmU=' } });
    expect([badToken.status, errorCode(badToken.body)]).toEqual([400, 'InvalidArgument']);
  });

  it('refuses what it does not model or allow: MethodNotAllowed, NotImplemented, InvalidURI, KeyTooLongError', async () => {
    const patch = await signed({ method: 'PATCH', key: 'x' });
    expect([patch.status, errorCode(patch.body), errorField(patch.body, 'Method'), errorField(patch.body, 'ResourceType')]).toEqual([
      405,
      'MethodNotAllowed',
      'PATCH',
      'OBJECT',
    ]);
    const acl = await signed({ key: 'x', query: { acl: '' } });
    expect([acl.status, errorCode(acl.body)]).toEqual([501, 'NotImplemented']);
    const copy = await signed({ method: 'PUT', key: 'x', headers: { 'x-amz-copy-source': '/demo/y' } });
    expect([copy.status, errorCode(copy.body), errorField(copy.body, 'Header')]).toEqual([501, 'NotImplemented', 'x-amz-copy-source']);
    const uri = await raw({ path: '/demo/bad%zzescape' });
    expect([uri.status, errorCode(uri.body)]).toEqual([400, 'InvalidURI']);
    const long = await signed({ key: 'k'.repeat(1025) });
    expect([long.status, errorCode(long.body), errorField(long.body, 'MaxSizeAllowed')]).toEqual([400, 'KeyTooLongError', '1024']);
  });
});

// ---- keys and addressing ---------------------------------------------------------------------

const SPECIAL_KEYS = [
  'with space.txt',
  'ünïcödé/文件 名.txt',
  'plus+sign.txt',
  'percent%20literal.txt',
  'tilde~and*star.txt',
  'a//double/slash/',
  'quote\'"&<>.txt',
  'emoji 😀.txt',
  'dots/../x',
  '=?&#;.txt',
];

describe('keys and addressing', () => {
  it('stores keys with spaces, unicode, +, %, ~, / and XML characters exactly, path-style with the SDK', async () => {
    const s3 = client();
    for (const Key of SPECIAL_KEYS) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `special/${Key}`, Body: `body of ${Key}` }));
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `special/${Key}` }));
      expect(await got.Body!.transformToString()).toBe(`body of ${Key}`);
      expect(stack.objects.get(BUCKET, `special/${Key}`)?.body.toString()).toBe(`body of ${Key}`);
    }
    const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'special/' }));
    const sorted = SPECIAL_KEYS.map((k) => `special/${k}`).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(list.Contents?.map((c) => c.Key)).toEqual(sorted);
  });

  it('reads a literal + in the path as a plus, and %2B as a plus too', async () => {
    // Signed as S3 canonicalises it (the key re-encoded: %2B), sent with a bare '+'.
    const req = await signedRequest({ method: 'PUT', path: `/${BUCKET}/raw/a%2Bb%20c.txt`, body: 'plus' });
    const put = await raw({ method: 'PUT', path: req.path.replace('%2B', '+'), headers: req.headers, body: req.body });
    expect(put.status).toBe(200);
    expect(stack.objects.get(BUCKET, 'raw/a+b c.txt')?.body.toString()).toBe('plus');
    const get = await signed({ path: `/${BUCKET}/raw/a%2Bb%20c.txt` });
    expect([get.status, get.body]).toEqual([200, 'plus']);
  });

  it('addresses the bucket from the Host, virtual-hosted style, with raw signed requests', async () => {
    for (const [label, host] of [
      ['localhost', `demo.localhost:${port}`],
      ['loopback', `demo.127.0.0.1:${port}`],
    ]) {
      const key = `vhost/${label}/ü + ~.txt`;
      const put = await signed({ method: 'PUT', host, path: `/${encodeKey(key)}`, body: 'virtual' });
      expect(put.status).toBe(200);
      expect(stack.objects.get(BUCKET, key)?.body.toString()).toBe('virtual');
      const get = await signed({ host, path: `/${encodeKey(key)}` });
      expect(get.body).toBe('virtual');
    }
    const list = await signed({ host: `demo.localhost:${port}`, path: '/', query: { 'list-type': '2', prefix: 'vhost/' } });
    expect(list.body).toContain('<Name>demo</Name>');
    expect(list.body).toContain('<Key>vhost/localhost/ü + ~.txt</Key>');
    const other = await signed({ host: `other.localhost:${port}`, path: '/k' });
    expect(errorCode(other.body)).toBe('NoSuchBucket');
  });

  it('works virtual-hosted with the SDK itself (forcePathStyle false, demo.localhost)', async () => {
    const recorder = new Recorder(true);
    const s3 = client(stack.userKeys, { endpoint: `http://localhost:${port}`, forcePathStyle: false, requestHandler: recorder });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vhost/sdk file+1.txt', Body: 'sdk virtual' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'vhost/sdk file+1.txt' }));
    expect(await got.Body!.transformToString()).toBe('sdk virtual');
    expect(recorder.seen[0].headers.host).toBe(`demo.localhost:${port}`);
    expect(recorder.seen[0].path).toBe('/vhost/sdk%20file%2B1.txt');
  });
});

// ---- multipart -------------------------------------------------------------------------------

describe('multipart uploads', () => {
  it('uploads 3 parts (5 MiB, 5 MiB, 1 KiB): ETag is md5 of the part md5s, -3; ListParts and ListMultipartUploads on the way', async () => {
    const s3 = client();
    const Key = 'multi/big.bin';
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1024)];
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ContentType: 'application/x-test', Metadata: { kind: 'multi' } }),
    );
    expect(UploadId).toBeTruthy();
    const etags: string[] = [];
    for (const [i, Body] of parts.entries()) {
      const out = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: i + 1, Body }));
      expect(out.ETag).toBe(`"${md5(Body).toString('hex')}"`);
      etags.push(out.ETag!);
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(parts.map((p, i) => [i + 1, p.length, etags[i]]));
    const page = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key, UploadId, MaxParts: 2 }));
    expect([page.Parts?.length, page.IsTruncated, page.NextPartNumberMarker]).toEqual([2, true, '2']);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'multi/' }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([[Key, UploadId]]);
    expect(stack.objects.uploads(BUCKET).find((u) => u.uploadId === UploadId)?.parts).toEqual([1, 2, 3]);

    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const expected = `${createHash('md5')
      .update(Buffer.concat(parts.map(md5)))
      .digest('hex')}-3`;
    expect(done.ETag).toBe(`"${expected}"`);
    expect(done.Location).toBe(`http://127.0.0.1:${port}/demo/multi/big.bin`);
    const stored = stack.objects.get(BUCKET, Key)!;
    expect(stored.body.equals(Buffer.concat(parts))).toBe(true);
    expect(stored).toMatchObject({ etag: expected, contentType: 'application/x-test', metadata: { kind: 'multi' } });
    expect(stack.objects.uploads(BUCKET).find((u) => u.uploadId === UploadId)).toBeUndefined();

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
    expect([head.ETag, head.ContentLength]).toEqual([`"${expected}"`, 10 * MiB + 1024]);
    const tail = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, Range: `bytes=${10 * MiB}-` }));
    expect(Buffer.from(await tail.Body!.transformToByteArray()).equals(parts[2])).toBe(true);
    // The object is its parts' files: ranges within one part and across all three read right.
    const whole = Buffer.concat(parts);
    for (const [first, last] of [
      [5 * MiB - 3, 5 * MiB + 2],
      [MiB, 10 * MiB + 10],
      [6 * MiB, 6 * MiB],
      [0, 10 * MiB + 1023],
    ]) {
      const r = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, Range: `bytes=${first}-${last}` }));
      expect(Buffer.from(await r.Body!.transformToByteArray()).equals(whole.subarray(first, last + 1))).toBe(true);
    }
    // S3's default full-object CRC-64/NVME, combined from the parts; the SDK checks it against the body.
    const checked = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
    expect([checked.ChecksumType, checked.ChecksumCRC64NVME]).toEqual(['FULL_OBJECT', expect.stringMatching(/^[A-Za-z0-9+/]{11}=$/)]);
    expect(Buffer.from(await checked.Body!.transformToByteArray()).equals(whole)).toBe(true);
    // Completed: the upload id is gone.
    const again = await failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 4, Body: 'late' })));
    expect(again.name).toBe('NoSuchUpload');
  });

  it('refuses EntityTooSmall, InvalidPart, InvalidPartOrder and MalformedXML as S3 words them', async () => {
    const s3 = client();
    const Key = 'multi/small.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const a = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: randomBytes(1024) }));
    const b = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 2, Body: randomBytes(1024) }));
    const complete = (Parts: { ETag?: string; PartNumber: number }[]) =>
      failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts } })));

    const small = await complete([
      { ETag: a.ETag, PartNumber: 1 },
      { ETag: b.ETag, PartNumber: 2 },
    ]);
    expect([small.name, small.$metadata.httpStatusCode, small.message]).toEqual([
      'EntityTooSmall',
      400,
      'Your proposed upload is smaller than the minimum allowed size',
    ]);
    const wrong = await complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }]);
    expect([wrong.name, wrong.$metadata.httpStatusCode]).toEqual(['InvalidPart', 400]);
    const unknown = await complete([{ ETag: a.ETag, PartNumber: 7 }]);
    expect(unknown.name).toBe('InvalidPart');
    const order = await complete([
      { ETag: b.ETag, PartNumber: 2 },
      { ETag: a.ETag, PartNumber: 1 },
    ]);
    expect([order.name, order.message]).toEqual([
      'InvalidPartOrder',
      'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
    ]);

    for (const body of [
      '<CompleteMultipartUpload><Part>',
      'not xml',
      '<CompleteMultipartUpload></CompleteMultipartUpload>',
      '<Other/>',
      '<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>"a"</ETag></Part></CompleteMultipartUpload>',
      '<!DOCTYPE x [<!ENTITY a "b">]><CompleteMultipartUpload/>',
    ]) {
      const r = await signed({ method: 'POST', key: Key, query: { uploadId: UploadId! }, body });
      expect([r.status, errorCode(r.body)]).toEqual([400, 'MalformedXML']);
    }
    // The failed completions left the upload open; the one that fits the rules (a single part) works.
    const one = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts: [{ ETag: a.ETag, PartNumber: 1 }] } }),
    );
    expect(one.ETag).toMatch(/-1"$/);
  });

  it('answers NoSuchUpload for parts and completions of an unknown upload, and InvalidArgument for a bad part number', async () => {
    const s3 = client();
    const part = await failure(
      s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi/x', UploadId: 'no-such-upload', PartNumber: 1, Body: 'x' })),
    );
    expect([part.name, part.$metadata.httpStatusCode]).toEqual(['NoSuchUpload', 404]);
    const done = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'multi/x',
          UploadId: 'no-such-upload',
          MultipartUpload: { Parts: [{ ETag: '"a"', PartNumber: 1 }] },
        }),
      ),
    );
    expect(done.name).toBe('NoSuchUpload');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi/x' }));
    // The upload id belongs to its key.
    const otherKey = await failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi/y', UploadId, PartNumber: 1, Body: 'x' })));
    expect(otherKey.name).toBe('NoSuchUpload');
    const r = await signed({ method: 'PUT', key: 'multi/x', query: { uploadId: UploadId!, partNumber: '10001' }, body: 'x' });
    expect([r.status, errorCode(r.body), errorField(r.body, 'ArgumentName')]).toEqual([400, 'InvalidArgument', 'partNumber']);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi/x', UploadId }));
  });

  it('aborts: the upload and its parts are gone, ListMultipartUploads is empty, later parts get NoSuchUpload', async () => {
    const s3 = client();
    const Key = 'abort/me.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: randomBytes(100) }));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'abort/' }))).Uploads).toHaveLength(1);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId }));
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'abort/' }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(stack.objects.uploads(BUCKET).filter((u) => u.key === Key)).toEqual([]);
    const late = await failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 2, Body: 'x' })));
    expect(late.name).toBe('NoSuchUpload');
    const again = await failure(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId })));
    expect(again.name).toBe('NoSuchUpload');
  });

  it('keeps a composite checksum when the upload names an algorithm', async () => {
    const s3 = client();
    const Key = 'multi/checksummed.bin';
    const { UploadId, ChecksumAlgorithm } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ChecksumAlgorithm: 'CRC32' }),
    );
    expect(ChecksumAlgorithm).toBe('CRC32');
    const bodies = [randomBytes(5 * MiB), randomBytes(10)];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const out = await s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }),
      );
      expect(out.ChecksumCRC32).toBe(crc32b64(Body));
      parts.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
    }
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts: parts } }));
    const composite = `${crc32b64(Buffer.concat(bodies.map((b) => Buffer.from(crc32b64(b), 'base64'))))}-2`;
    expect(done.ChecksumCRC32).toBe(composite);
  });

  it("gives every object S3's default CRC-64/NVME, computed when first asked for; a wrong claim at completion is BadDigest", async () => {
    const s3 = client();
    const body = randomBytes(3000);
    // Raw: the SDK would add its own CRC32 to the PUT.
    expect((await signed({ method: 'PUT', key: 'crc/plain.bin', body })).status).toBe(200);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crc/' }));
    expect(listed.Contents?.map((o) => o.ChecksumAlgorithm)).toEqual([['CRC64NVME']]);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'crc/plain.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC64NVME).toBe(checksumOf('CRC64NVME', body));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);

    const Key = 'crc/multi.bin';
    const bodies = [randomBytes(5 * MiB), randomBytes(77)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const Parts = [];
    for (const [i, Body] of bodies.entries())
      Parts.push({
        PartNumber: i + 1,
        ETag: (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: i + 1, Body }))).ETag,
      });
    const xml = `<CompleteMultipartUpload>${Parts.map((p) => `<Part><PartNumber>${p.PartNumber}</PartNumber><ETag>${p.ETag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const claim = (v: string) =>
      signed({ method: 'POST', key: Key, query: { uploadId: UploadId! }, headers: { 'x-amz-checksum-crc64nvme': v }, body: xml });
    const wrong = await claim(checksumOf('CRC64NVME', Buffer.from('other')));
    expect([wrong.status, errorCode(wrong.body)]).toEqual([400, 'BadDigest']);
    expect(stack.objects.uploads(BUCKET).some((u) => u.uploadId === UploadId)).toBe(true);
    const right = await claim(checksumOf('CRC64NVME', Buffer.concat(bodies)));
    expect(right.status).toBe(200);
    expect(stack.objects.get(BUCKET, Key)!.body.equals(Buffer.concat(bodies))).toBe(true);
  });

  it('checks a full-object CRC32 claimed at completion; a wrong one is BadDigest and leaves the upload open', async () => {
    const s3 = client();
    const Key = 'multi/full-object.bin';
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }),
    );
    const bodies = [randomBytes(5 * MiB), randomBytes(10)];
    const Parts: { PartNumber: number; ETag?: string }[] = [];
    for (const [i, Body] of bodies.entries()) {
      const out = await s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }),
      );
      Parts.push({ PartNumber: i + 1, ETag: out.ETag });
    }
    const whole = crc32b64(Buffer.concat(bodies));
    const complete = (ChecksumCRC32: string) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          ChecksumCRC32,
          ChecksumType: 'FULL_OBJECT',
          MultipartUpload: { Parts },
        }),
      );
    const wrong = await failure(complete(crc32b64(Buffer.from('other'))));
    expect([wrong.name, wrong.message]).toEqual(['BadDigest', 'The CRC32 you specified did not match the calculated checksum.']);
    expect(stack.objects.get(BUCKET, Key)).toBeUndefined();
    expect(stack.objects.uploads(BUCKET).some((u) => u.uploadId === UploadId)).toBe(true);
    const done = await complete(whole);
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([whole, 'FULL_OBJECT']);
    const got = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32).toBe(whole);
  });
});

// ---- presigned URLs ----------------------------------------------------------------------------

describe('presigned URLs', () => {
  it('GETs and PUTs through presigned URLs, with session credentials in the query', async () => {
    const temp = keysOf(issue());
    const putUrl = await presign({ method: 'PUT', key: 'presigned/up load+.txt', keys: temp });
    expect(putUrl).toContain('X-Amz-Security-Token=');
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned put', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(200);
    expect(stack.objects.get(BUCKET, 'presigned/up load+.txt')?.body.toString()).toBe('via presigned put');

    const getUrl = await presign({
      method: 'GET',
      key: 'presigned/up load+.txt',
      keys: temp,
      query: { 'response-content-disposition': 'attachment; filename="x.txt"' },
    });
    const get = await fetch(getUrl);
    expect([get.status, await get.text()]).toEqual([200, 'via presigned put']);
    expect(get.headers.get('content-disposition')).toBe('attachment; filename="x.txt"');
  });

  it('refuses an expired presigned URL: AccessDenied, "Request has expired"', async () => {
    const url = await presign({
      method: 'GET',
      key: 'presigned/up load+.txt',
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    const r = await fetch(url);
    const body = await r.text();
    expect([r.status, errorCode(body), errorField(body, 'Message'), errorField(body, 'X-Amz-Expires')]).toEqual([
      403,
      'AccessDenied',
      'Request has expired',
      '60',
    ]);
  });

  it('refuses a presigned URL whose signature was tampered with', async () => {
    const url = new URL(await presign({ method: 'GET', key: 'presigned/up load+.txt' }));
    url.searchParams.set('X-Amz-Expires', '600');
    const r = await fetch(url);
    expect([r.status, errorCode(await r.text())]).toEqual([403, 'SignatureDoesNotMatch']);
  });
});

// ---- authentication and authorization ---------------------------------------------------------

describe('auth', () => {
  it('accepts issued session credentials and their session policy, and refuses keys outside it', async () => {
    const role: SessionPolicy = { actions: ['s3:*'], resources: ['arn:aws:s3:::demo', 'arn:aws:s3:::demo/*'] };
    const session: SessionPolicy = { actions: ['s3:PutObject', 's3:GetObject'], resources: ['arn:aws:s3:::demo/users/alice/*'] };
    const alice = client(keysOf(issue([role, session])));
    await alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'users/alice/ok.txt', Body: 'mine' }));
    expect(stack.objects.get(BUCKET, 'users/alice/ok.txt')?.body.toString()).toBe('mine');
    const denied = await failure(alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'users/bob/no.txt', Body: 'theirs' })));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(denied.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/web/alice is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::demo/users/bob/no.txt" because no session policy allows the s3:PutObject action',
    );
    expect(stack.objects.get(BUCKET, 'users/bob/no.txt')).toBeUndefined();
    const del = await failure(alice.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'users/alice/ok.txt' })));
    expect(del.name).toBe('AccessDenied');
    const list = await failure(alice.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'users/alice/' })));
    expect(list.name).toBe('AccessDenied');
    // Without s3:ListBucket a missing key is a 403, not a 404: S3 does not tell what exists.
    const missing = await failure(alice.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'users/alice/none.txt' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const roleOnly = client(keysOf(issue([{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::demo/*'] }])));
    const byRole = await failure(roleOnly.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' })));
    expect(byRole.message).toContain('because no identity-based policy allows the s3:PutObject action');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch, showing the CanonicalRequest and StringToSign', async () => {
    const r = await signed({ key: 'any', keys: { ...stack.userKeys, secretAccessKey: 'wrong'.repeat(8) } });
    expect([r.status, errorCode(r.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(errorField(r.body, 'Message')).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    expect(errorField(r.body, 'AWSAccessKeyId')).toBe(stack.userKeys.accessKeyId);
    expect(errorField(r.body, 'CanonicalRequest')).toMatch(/^GET\n\/demo\/any\n\nhost:127\.0\.0\.1:\d+\n/);
    expect(errorField(r.body, 'StringToSign')).toMatch(
      /^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/,
    );
    expect(errorField(r.body, 'SignatureProvided')).toMatch(/^[0-9a-f]{64}$/);
    expect(errorField(r.body, 'StringToSignBytes')).toMatch(/^41 57 53 34/);
    const sdk = await failure(
      client({ ...stack.userKeys, secretAccessKey: 'x'.repeat(40) }).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'any' })),
    );
    expect([sdk.name, sdk.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
  });

  it('refuses an unknown key with InvalidAccessKeyId', async () => {
    const e = await failure(
      client({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }).send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'any' }),
      ),
    );
    expect([e.name, e.$metadata.httpStatusCode, e.message]).toEqual([
      'InvalidAccessKeyId',
      403,
      'The AWS Access Key Id you provided does not exist in our records.',
    ]);
  });

  it('refuses expired issued credentials with ExpiredToken (400)', async () => {
    const expired = issue([], -1000);
    const e = await failure(client(keysOf(expired)).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'any' })));
    expect([e.name, e.$metadata.httpStatusCode, e.message]).toEqual(['ExpiredToken', 400, 'The provided token has expired.']);
  });

  it('refuses temporary keys without their session token (InvalidAccessKeyId) or with a wrong one (InvalidToken)', async () => {
    const temp = issue();
    const without = await failure(
      client({ accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey }).send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'any' }),
      ),
    );
    expect([without.name, without.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    const wrong = await failure(
      client({ ...keysOf(temp), sessionToken: newSessionToken() }).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'any' })),
    );
    expect([wrong.name, wrong.$metadata.httpStatusCode, wrong.message]).toEqual([
      'InvalidToken',
      400,
      'The provided token is malformed or otherwise invalid.',
    ]);
    const longTermWithToken = await failure(
      client({ ...stack.userKeys, sessionToken: 'x' }).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'any' })),
    );
    expect(longTermWithToken.name).toBe('InvalidToken');
  });

  it('refuses a request signed 20 minutes off with RequestTimeTooSkewed, and so does a skewed server clock', async () => {
    const r = await signed({ key: 'any', signingDate: new Date(Date.now() - 20 * 60_000) });
    expect([r.status, errorCode(r.body), errorField(r.body, 'MaxAllowedSkewMilliseconds')]).toEqual([
      403,
      'RequestTimeTooSkewed',
      '900000',
    ]);
    expect(errorField(r.body, 'RequestTime')).toMatch(/^\d{8}T\d{6}Z$/);
    stack.faults.add({ service: 's3', kind: 'skew', skewSeconds: 3600 });
    const e = await failure(client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'any' })));
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['RequestTimeTooSkewed', 403]);
    const skewed = await raw({ path: '/demo/any' });
    expect(Math.abs(Date.parse(skewed.headers.date!) - (Date.now() + 3600_000))).toBeLessThan(5000);
    // The SDK learns the offset from the Date header and retries: it then succeeds.
    await client(stack.userKeys, { maxAttempts: 3 }).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'skewed.txt', Body: 'late' }));
    expect(stack.objects.get(BUCKET, 'skewed.txt')?.body.toString()).toBe('late');
  });

  it('refuses anonymous requests with AccessDenied, and a header signature without x-amz-content-sha256 with InvalidRequest', async () => {
    const anon = await raw({ path: '/demo/any' });
    expect([anon.status, errorCode(anon.body), errorField(anon.body, 'Message')]).toEqual([403, 'AccessDenied', 'Access Denied']);
    const anonPut = await raw({ method: 'PUT', path: '/demo/any', body: 'x' });
    expect([anonPut.status, errorCode(anonPut.body)]).toEqual([403, 'AccessDenied']);
    const req = await signedRequest({ key: 'any' });
    delete req.headers['x-amz-content-sha256'];
    const r = await raw({ path: req.path, headers: req.headers });
    expect([r.status, errorCode(r.body), errorField(r.body, 'Message')]).toEqual([
      400,
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    ]);
  });

  it('logs each request with its action, status and access key id, never a secret', () => {
    const entries = stack.log.entries.filter((e) => e.service === 's3');
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.some((e) => e.action === 'PutObject' && e.status === 200 && e.accessKeyId === stack.userKeys.accessKeyId)).toBe(true);
    const text = JSON.stringify(entries);
    for (const c of stack.credentials.all()) {
      expect(text).not.toContain(c.secretAccessKey);
      if (c.sessionToken) expect(text).not.toContain(c.sessionToken);
    }
  });
});

// ---- payload integrity -------------------------------------------------------------------------

describe('payload integrity', () => {
  it('refuses a wrong CRC32, SHA256 or Content-MD5 with BadDigest; accepts right ones and echoes the checksum', async () => {
    const s3 = client();
    const crc = await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sum/x', Body: 'data', ChecksumCRC32: 'AAAAAA==' })));
    expect([crc.name, crc.$metadata.httpStatusCode, crc.message]).toEqual([
      'BadDigest',
      400,
      'The CRC32 you specified did not match the calculated checksum.',
    ]);
    const sha = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'sum/x',
          Body: 'data',
          ChecksumSHA256: createHash('sha256').update('other').digest('base64'),
        }),
      ),
    );
    expect([sha.name, sha.message]).toEqual(['BadDigest', 'The SHA256 you specified did not match the calculated checksum.']);
    const contentMd5 = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'sum/x', Body: 'data', ContentMD5: md5(Buffer.from('other')).toString('base64') }),
      ),
    );
    expect([contentMd5.name, contentMd5.message]).toEqual(['BadDigest', 'The Content-MD5 you specified did not match what we received.']);
    expect(stack.objects.get(BUCKET, 'sum/x')).toBeUndefined();

    const ok = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sum/x', Body: 'data', ChecksumAlgorithm: 'CRC32C' }));
    expect(ok.ChecksumCRC32C).toBeTruthy();
    const sha1 = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'sum/y',
        Body: 'data',
        ChecksumSHA1: createHash('sha1').update('data').digest('base64'),
      }),
    );
    expect(sha1.ChecksumSHA1).toBe(createHash('sha1').update('data').digest('base64'));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sum/x', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32C).toBe(ok.ChecksumCRC32C);
    expect(await got.Body!.transformToString()).toBe('data');
    const badValue = await signed({ method: 'PUT', key: 'sum/z', body: 'data', headers: { 'x-amz-checksum-crc32': 'not-base64!' } });
    expect([badValue.status, errorCode(badValue.body), errorField(badValue.body, 'Message')]).toEqual([
      400,
      'InvalidRequest',
      'Value for x-amz-checksum-crc32 header is invalid.',
    ]);
  });

  it('refuses a body whose SHA-256 is not the signed x-amz-content-sha256 (XAmzContentSHA256Mismatch)', async () => {
    const r = await signed({ method: 'PUT', key: 'sum/mismatch', body: 'actual body', payloadHash: sha256hex('signed body') });
    expect([r.status, errorCode(r.body)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    expect(errorField(r.body, 'ClientComputedContentSHA256')).toBe(sha256hex('signed body'));
    expect(errorField(r.body, 'S3ComputedContentSHA256')).toBe(sha256hex('actual body'));
    expect(stack.objects.get(BUCKET, 'sum/mismatch')).toBeUndefined();
    const unsigned = await signed({ method: 'PUT', key: 'sum/unsigned', body: 'anything', payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(unsigned.status).toBe(200);
    const bogus = await signed({ method: 'PUT', key: 'sum/bogus', body: 'x', payloadHash: 'NOT-A-HASH' });
    expect([bogus.status, errorCode(bogus.body)]).toEqual([400, 'InvalidArgument']);
  });

  it("accepts the SDK's default aws-chunked stream upload with a trailing CRC32 and checks that trailer", async () => {
    const recorder = new Recorder();
    const s3 = client(stack.userKeys, { requestHandler: recorder });
    const data = randomBytes(300_000);
    const out = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'chunked/sdk.bin',
        Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        ContentLength: data.length,
      }),
    );
    const sent = recorder.seen[0].headers;
    expect(sent['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(sent['content-encoding']).toBe('aws-chunked');
    expect(sent['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    expect(sent['x-amz-decoded-content-length']).toBe(String(data.length));
    expect(out.ChecksumCRC32).toBe(crc32b64(data));
    const stored = stack.objects.get(BUCKET, 'chunked/sdk.bin')!;
    expect(stored.body.equals(data)).toBe(true);
    expect(stored.headers['content-encoding']).toBeUndefined();

    // The same framing by hand, with a trailer that does not match: BadDigest, nothing stored.
    const body = Buffer.concat([
      Buffer.from('5\r\nhello\r\n0\r\n'),
      Buffer.from(`x-amz-checksum-crc32:${crc32b64(Buffer.from('other'))}\r\n\r\n`),
    ]);
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5', 'x-amz-trailer': 'x-amz-checksum-crc32' };
    const bad = await signed({ method: 'PUT', key: 'chunked/bad.bin', body, payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers });
    expect([bad.status, errorCode(bad.body), errorField(bad.body, 'Message')]).toEqual([
      400,
      'BadDigest',
      'The CRC32 you specified did not match the calculated checksum.',
    ]);
    expect(stack.objects.get(BUCKET, 'chunked/bad.bin')).toBeUndefined();
    const good = Buffer.concat([
      Buffer.from('5\r\nhello\r\n0\r\n'),
      Buffer.from(`x-amz-checksum-crc32:${crc32b64(Buffer.from('hello'))}\r\n\r\n`),
    ]);
    const ok = await signed({
      method: 'PUT',
      key: 'chunked/good.bin',
      body: good,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers,
    });
    expect([ok.status, ok.headers['x-amz-checksum-crc32']]).toEqual([200, crc32b64(Buffer.from('hello'))]);
    const truncated = await signed({
      method: 'PUT',
      key: 'chunked/cut.bin',
      body: Buffer.from('a\r\nhello'),
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { ...headers, 'x-amz-decoded-content-length': '10' },
    });
    expect([truncated.status, errorCode(truncated.body)]).toEqual([400, 'IncompleteBody']);
    const noTrailer = await signed({
      method: 'PUT',
      key: 'chunked/nt.bin',
      body: Buffer.from('5\r\nhello\r\n0\r\n\r\n'),
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers,
    });
    expect([noTrailer.status, errorCode(noTrailer.body)]).toEqual([400, 'MalformedTrailerError']);
  });

  it('decodes signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) and checks each chunk and trailer signature', async () => {
    const data = [randomBytes(9000), randomBytes(500)];
    const send = async (tamper: boolean, trailer?: string) => {
      const decoded = data[0].length + data[1].length;
      const req = await signedRequest({
        method: 'PUT',
        key: 'chunked/signed.bin',
        payloadHash: trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(decoded),
          ...(trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
        },
      });
      const auth = req.headers.authorization;
      const seed = /Signature=([0-9a-f]{64})/.exec(auth)![1];
      const scope = /Credential=[^/]+\/([^,]+)/.exec(auth)![1];
      const amzDate = req.headers['x-amz-date'];
      const [date, region] = scope.split('/');
      const h = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();
      const key = h(h(h(h(`AWS4${stack.userKeys.secretAccessKey}`, date), region), 's3'), 'aws4_request');
      let previous = seed;
      const frames: Buffer[] = [];
      for (const chunk of [...data, Buffer.alloc(0)]) {
        const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256hex(''), sha256hex(chunk)].join('\n');
        previous = createHmac('sha256', key).update(toSign).digest('hex');
        const body = tamper && chunk.length === 500 ? Buffer.alloc(500) : chunk;
        frames.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), body);
        if (chunk.length || !trailer) frames.push(Buffer.from('\r\n'));
      }
      if (trailer) {
        // The trailer is signed too: AWS4-HMAC-SHA256-TRAILER over the hash of "name:value\n".
        const line = `x-amz-checksum-crc32:${trailer}`;
        const toSign = ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256hex(`${line}\n`)].join('\n');
        frames.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${createHmac('sha256', key).update(toSign).digest('hex')}\r\n\r\n`));
      }
      const body = Buffer.concat(frames);
      return raw({ method: 'PUT', path: req.path, headers: { ...req.headers, 'content-length': String(body.length) }, body });
    };
    const ok = await send(false);
    expect(ok.status).toBe(200);
    expect(stack.objects.get(BUCKET, 'chunked/signed.bin')?.body.equals(Buffer.concat(data))).toBe(true);
    const tampered = await send(true);
    expect([tampered.status, errorCode(tampered.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(errorField(tampered.body, 'StringToSign')).toMatch(/^AWS4-HMAC-SHA256-PAYLOAD\n/);
    const withTrailer = await send(false, crc32b64(Buffer.concat(data)));
    expect([withTrailer.status, withTrailer.headers['x-amz-checksum-crc32']]).toEqual([200, crc32b64(Buffer.concat(data))]);
    const wrongTrailer = await send(false, crc32b64(Buffer.from('other')));
    expect([wrongTrailer.status, errorCode(wrongTrailer.body)]).toEqual([400, 'BadDigest']);
  });

  it('needs the length up front for uploads (MissingContentLength) and caps bodies (EntityTooLarge)', async () => {
    const req = await signedRequest({ method: 'PUT', key: 'len/x', payloadHash: 'UNSIGNED-PAYLOAD' });
    const chunked = await raw({ method: 'PUT', path: req.path, headers: { ...req.headers, 'transfer-encoding': 'chunked' }, body: 'abc' });
    expect([chunked.status, errorCode(chunked.body)]).toEqual([411, 'MissingContentLength']);

    // A small limit needs its own endpoint: the stack runs with the 1 GiB default.
    const store = new CredentialsStore();
    const keys = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecret() };
    store.add({ ...keys, principalArn: 'arn:aws:iam::123456789012:user/t', userId: 'AIDA', account: '123456789012', policies: [] });
    const endpoint = createS3Endpoint({
      buckets: ['small'],
      store,
      faults: new Faults(),
      log: new RequestLog(),
      now: Date.now,
      cors: () => undefined,
      maxBodyBytes: 1024,
    });
    const server = createServer((q, s) => void endpoint.handle(q, s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const smallPort = (server.address() as AddressInfo).port;
    try {
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${smallPort}`,
        forcePathStyle: true,
        credentials: keys,
        maxAttempts: 1,
      });
      await s3.send(new PutObjectCommand({ Bucket: 'small', Key: 'fits', Body: randomBytes(1024) }));
      const big = await failure(s3.send(new PutObjectCommand({ Bucket: 'small', Key: 'big', Body: randomBytes(4096) })));
      expect([big.name, big.$metadata.httpStatusCode]).toEqual(['EntityTooLarge', 400]);
      expect(endpoint.objects.get('small', 'big')).toBeUndefined();
      expect(endpoint.objects.get('small', 'fits')?.size).toBe(1024);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await endpoint.close();
    }
  });
});

// ---- CORS ------------------------------------------------------------------------------------

describe('CORS', () => {
  const preflight = (origin: string | undefined, method: string, headers?: string) =>
    raw({
      method: 'OPTIONS',
      path: '/demo/some/key',
      headers: {
        ...(origin ? { origin } : {}),
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      },
    });

  it('answers an allowed preflight with the rule: origin, methods, requested headers, max age', async () => {
    const r = await preflight('http://localhost:5173', 'PUT', 'content-type,x-amz-date,authorization,x-amz-content-sha256');
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(r.headers['access-control-allow-methods']).toBe('GET, PUT, POST, DELETE, HEAD');
    expect(r.headers['access-control-allow-headers']).toBe('content-type, x-amz-date, authorization, x-amz-content-sha256');
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers['access-control-expose-headers']).toBe('ETag, x-amz-version-id, Date');
    expect(r.headers['access-control-allow-credentials']).toBe('true');
  });

  it('refuses a preflight from another origin, method or header with 403 CORSResponse', async () => {
    stack.settings.cors = {
      allowedOrigins: ['https://app.example.com'],
      allowedMethods: ['PUT'],
      allowedHeaders: ['content-type', 'x-amz-*'],
      exposeHeaders: [],
    };
    for (const [origin, method, headers] of [
      ['http://evil.example.com', 'PUT', ''],
      ['https://app.example.com', 'DELETE', ''],
      ['https://app.example.com', 'PUT', 'authorization'],
    ]) {
      const r = await preflight(origin, method, headers || undefined);
      expect([r.status, errorCode(r.body)]).toEqual([403, 'AccessForbidden']);
      expect(errorField(r.body, 'Message')).toMatch(/^CORSResponse: This CORS request is not allowed/);
      expect(errorField(r.body, 'Method')).toBe(method);
      expect(errorField(r.body, 'ResourceType')).toBe('OBJECT');
    }
    const ok = await preflight('https://app.example.com', 'PUT', 'X-Amz-Date, content-type');
    expect(ok.status).toBe(200);
    const noOrigin = await preflight(undefined, 'PUT');
    expect([noOrigin.status, errorCode(noOrigin.body)]).toEqual([400, 'BadRequest']);
    stack.settings.cors = undefined as never;
    const disabled = await preflight('https://app.example.com', 'PUT');
    expect([disabled.status, errorField(disabled.body, 'Message')]).toEqual([403, 'CORSResponse: CORS is not enabled for this bucket.']);
  });

  it('adds CORS headers to actual requests; Expose-Headers come from the rule alone, so ETag can be hidden', async () => {
    await client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cors.txt', Body: 'c' }));
    const withEtag = await signed({ key: 'cors.txt', headers: { origin: 'http://127.0.0.1:5173' } });
    expect(withEtag.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(withEtag.headers['access-control-expose-headers']).toBe('ETag, x-amz-version-id, Date');

    stack.settings.cors = { ...defaultCors(), exposeHeaders: ['x-amz-request-id'] };
    const hidden = await signed({ key: 'cors.txt', headers: { origin: 'http://127.0.0.1:5173' } });
    expect(hidden.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(hidden.headers['access-control-expose-headers']).toBe('x-amz-request-id');
    expect(hidden.headers.etag).toBeTruthy();

    stack.settings.cors = { ...defaultCors(), exposeHeaders: [] };
    const none = await signed({ key: 'cors.txt', headers: { origin: 'http://127.0.0.1:5173' } });
    expect(none.headers['access-control-expose-headers']).toBeUndefined();

    const foreign = await signed({ key: 'cors.txt', headers: { origin: 'https://elsewhere.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    // Errors carry them too, or a browser could not read S3's answer.
    stack.settings.cors = defaultCors();
    const err = await raw({ path: '/demo/cors.txt', headers: { origin: 'http://localhost:3000' } });
    expect([err.status, err.headers['access-control-allow-origin']]).toEqual([403, 'http://localhost:3000']);
  });

  it('answers * for a wildcard origin rule, without credentials', async () => {
    stack.settings.cors = { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: ['*'], exposeHeaders: ['ETag'] };
    const r = await preflight('https://anywhere.example', 'GET', 'authorization, x-custom');
    expect([r.status, r.headers['access-control-allow-origin'], r.headers['access-control-allow-credentials']]).toEqual([
      200,
      '*',
      undefined,
    ]);
  });
});

// ---- faults ----------------------------------------------------------------------------------

describe('faults', () => {
  it('fails exactly the next 5 UploadParts with 500 InternalError, then lets them through', async () => {
    const s3 = client();
    const Key = 'faults/parts.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'status', status: 500, times: 5 });
    const before = stack.log.count('s3', 'UploadPart', 500);
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      try {
        await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: 'part' }));
        outcomes.push('ok');
      } catch (e) {
        outcomes.push(`${(e as S3ServiceException).name} ${(e as S3ServiceException).$metadata.httpStatusCode}`);
      }
    }
    expect(outcomes).toEqual([...Array<string>(5).fill('InternalError 500'), 'ok', 'ok']);
    expect(stack.log.count('s3', 'UploadPart', 500) - before).toBe(5);
    // The SDK's own retries ride over the same fault.
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'status', status: 500, times: 2 });
    await client(stack.userKeys, { maxAttempts: 3 }).send(
      new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 2, Body: 'part' }),
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId }));
  });

  it('throttles with 503 SlowDown, drops connections, and answers html, empty and malformed bodies', async () => {
    const s3 = client();
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'throttling' });
    const slow = await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'faults/x', Body: 'x' })));
    expect([slow.name, slow.$metadata.httpStatusCode, slow.message]).toEqual(['SlowDown', 503, 'Please reduce your request rate.']);

    stack.faults.add({ service: 's3', action: 'GetObject', kind: 'drop' });
    const dropped = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'faults/x' })));
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined();
    expect(stack.log.entries.some((e) => e.service === 's3' && e.status === 0 && e.fault === 'drop')).toBe(true);

    stack.faults.add({ service: 's3', kind: 'html' });
    const html = await raw({ path: '/demo/faults/x' });
    expect([html.status, html.headers['content-type']]).toEqual([502, 'text/html']);
    stack.faults.add({ service: 's3', kind: 'malformed' });
    const malformed = await raw({ path: '/demo/faults/x' });
    expect([malformed.status, malformed.body]).toMatchObject([200, expect.stringContaining('</Wrong>')]);
    stack.faults.add({ service: 's3', kind: 'latency', latencyMs: 150 });
    const started = Date.now();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'faults/slow', Body: 'x' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('cuts an answer halfway on a truncated fault', async () => {
    const s3 = client();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'faults/long', Body: randomBytes(64 * 1024) }));
    stack.faults.add({ service: 's3', action: 'GetObject', kind: 'truncated' });
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'faults/long' })).then((r) => r.Body!.transformToByteArray()),
    ).rejects.toBeTruthy();
    stack.faults.add({ service: 's3', action: 'ListObjectsV2', kind: 'truncated' });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toBeTruthy();
  });

  it('counts a request in progress until it is handled, also one held by latency whose client left mid-body', async () => {
    expect(stack.inProgress()).toBe(0);
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs: 200 });
    const r = await signedRequest({ method: 'PUT', key: 'faults/cut', payloadHash: 'UNSIGNED-PAYLOAD' });
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: r.path,
      headers: { ...r.headers, 'content-length': MiB },
      agent: false,
    });
    req.on('error', () => {});
    req.write(randomBytes(MiB / 2));
    await expect.poll(() => stack.inProgress()).toBe(1);
    req.destroy(); // the page reloads: the rest of the body never comes
    await expect.poll(() => stack.inProgress(), { timeout: 5_000 }).toBe(0);
    expect(stack.objects.get(BUCKET, 'faults/cut')).toBeUndefined();
  });
});

// ---- robustness ------------------------------------------------------------------------------

describe('robustness', () => {
  it('refuses header sections over 8 KiB with RequestHeaderSectionTooLarge, and too much metadata with MetadataTooLarge', async () => {
    const big = await raw({ path: '/demo/x', headers: { 'x-filler': 'a'.repeat(9000) } });
    expect([big.status, errorCode(big.body)]).toEqual([400, 'RequestHeaderSectionTooLarge']);
    const meta = await signed({ method: 'PUT', key: 'meta', body: 'x', headers: { 'x-amz-meta-big': 'm'.repeat(2100) } });
    expect([meta.status, errorCode(meta.body)]).toEqual([400, 'MetadataTooLarge']);
  });

  it('keeps nothing of an upload whose client goes away mid-body, and keeps serving', async () => {
    const req = await signedRequest({ method: 'PUT', key: 'abandoned.bin', payloadHash: 'UNSIGNED-PAYLOAD' });
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        const head = Object.entries({ ...req.headers, 'content-length': '100000' })
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        socket.write(`PUT ${req.path} HTTP/1.1\r\n${head}\r\n${'x'.repeat(1000)}`, () => setTimeout(() => socket.destroy(), 50));
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stack.objects.get(BUCKET, 'abandoned.bin')).toBeUndefined();
    expect(stack.log.entries.filter((e) => e.action === 'PutObject').at(-1)?.status).toBe(400);
    const got = await signed({ key: 'fuzz/canary.txt' });
    expect(got.status).toBeLessThan(500);
  });

  it('survives ~1000 malformed requests, each refused in S3 XML, then still serves a GetObject', async () => {
    await client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'fuzz/canary.txt', Body: 'still here' }));
    let seed = 20240601;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    // Methods node:http can parse (it answers unknown ones itself, before the stack sees them).
    const methods = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS', 'PROPFIND', 'TRACE', 'MKCOL'] as const;
    const paths = [
      '/',
      '/demo',
      '/demo/',
      '/nobucket/x',
      '/demo/%',
      '/demo/%zz',
      '/demo/%C3%28',
      '/demo/a%00b',
      `/demo/${'k'.repeat(1100)}`,
      '/demo/fuzz/canary.txt',
      '/demo/x+y',
      '//demo',
      '/demo/..%2F..%2Fetc%2Fpasswd',
      'http://127.0.0.1/demo/abs',
    ];
    const queries = [
      '',
      '?uploads',
      '?uploadId=nope',
      '?uploadId=nope&partNumber=0',
      '?partNumber=99999&uploadId=x',
      '?list-type=2&max-keys=-1',
      '?list-type=2&continuation-token=%%%',
      '?acl',
      '?x-id=GetObject',
      '?list-type=2&encoding-type=zip',
      '?X-Amz-Algorithm=AWS4-HMAC-SHA256',
      '?X-Amz-Credential=a/b&X-Amz-Signature=zz&X-Amz-Date=now&X-Amz-Expires=-1&X-Amz-SignedHeaders=host&X-Amz-Algorithm=AWS4-HMAC-SHA256',
      '?response-content-type=%0Abad',
      '?max-uploads=abc&uploads',
    ];
    const headerPool: [string, () => string][] = [
      [
        'authorization',
        () =>
          pick([
            'AWS4-HMAC-SHA256',
            'Bearer abc',
            `AWS4-HMAC-SHA256 Credential=${stack.userKeys.accessKeyId}/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
            'AWS4-HMAC-SHA256 Credential=/,,,',
            'AWS AKIA:sig',
          ]),
      ],
      [
        'x-amz-content-sha256',
        () => pick(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'zz', '0'.repeat(64)]),
      ],
      ['x-amz-date', () => pick(['20200101T000000Z', 'yesterday', '99999999T999999Z'])],
      ['content-md5', () => pick(['xx', 'AAAAAAAAAAAAAAAAAAAAAA==', '=='])],
      ['x-amz-checksum-crc32', () => pick(['AAAAAA==', '!!', ''])],
      ['x-amz-trailer', () => pick(['x-amz-checksum-crc32', 'x-amz-nope'])],
      ['content-encoding', () => 'aws-chunked'],
      ['x-amz-decoded-content-length', () => pick(['-1', '12', 'abc', '99999999999999999999'])],
      ['range', () => pick(['bytes=5-1', 'bytes=-0', 'bytes=a-b', 'bytes=0-0,2-3'])],
      ['origin', () => pick(['http://localhost:1', 'null', ''])],
      ['access-control-request-method', () => pick(['GET', 'BREW', ''])],
      ['x-amz-security-token', () => randomBytes(20).toString('hex')],
      ['x-amz-meta-x', () => 'v'.repeat(Math.floor(rand() * 3000))],
      ['if-match', () => pick(['*', '"abc"', 'W/"x"'])],
      ['x-amz-copy-source', () => '/demo/x'],
      ['x-amz-sdk-checksum-algorithm', () => pick(['CRC32', 'MD5'])],
      ['x-amz-checksum-algorithm', () => pick(['CRC32', 'CRC64NVME', 'ROT13'])],
      ['x-amz-checksum-type', () => pick(['COMPOSITE', 'FULL_OBJECT', 'SOMETIMES'])],
    ];
    const bodies = () =>
      pick([
        Buffer.alloc(0),
        randomBytes(Math.floor(rand() * 2048)),
        Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
        Buffer.from('zz\r\n'),
        Buffer.from('<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part>'),
      ]);
    const problems: string[] = [];

    const oneUnsigned = async () => {
      const method = pick(methods);
      const headers: Record<string, string> = {};
      for (let n = Math.floor(rand() * 5); n > 0; n--) {
        const [name, value] = pick(headerPool);
        headers[name] = value();
      }
      const body = ['GET', 'HEAD'].includes(method) && rand() < 0.7 ? undefined : bodies();
      const path = pick(paths) + pick(queries);
      const r = await raw({ method, path, headers, body }).catch((e) => ({
        status: -1,
        headers: {},
        body: String(e),
        bytes: Buffer.alloc(0),
      }));
      check(method, r, `${method} ${path} ${JSON.stringify(headers).slice(0, 300)}`);
    };
    // Signed properly, but with broken bodies, framings and checksums: they reach the deep paths.
    const oneSigned = async () => {
      const method = pick(['PUT', 'POST', 'GET', 'DELETE'] as const);
      const headers: Record<string, string> = {};
      for (let n = Math.floor(rand() * 4); n > 0; n--) {
        const [name, value] = pick(
          headerPool.filter(([h]) => !['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].includes(h)),
        );
        headers[name] = value();
      }
      const query = pick<Record<string, string>>([
        {},
        { uploads: '' },
        { uploadId: 'nope' },
        { uploadId: 'nope', partNumber: '1' },
        { 'list-type': '2', 'max-keys': String(Math.floor(rand() * 5)) },
      ]);
      const payloadHash = pick(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', undefined]);
      const r = await signed({ method, key: `fuzz/${randomBytes(3).toString('hex')}`, query, headers, body: bodies(), payloadHash }).catch(
        (e) => ({ status: -1, headers: {}, body: String(e), bytes: Buffer.alloc(0) }),
      );
      check(method, r, `signed ${method} ${JSON.stringify(query)} ${payloadHash} ${JSON.stringify(headers).slice(0, 300)}`);
    };
    // Not even HTTP: node:http answers these itself; the stack must just keep going.
    const oneGarbage = () =>
      new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end(
            pick([
              `GET /demo/\u0000 HTTP/1.1\r\n\r\n`,
              `FOO /demo/x HTTP/1.1\r\nHost: x\r\n\r\n`,
              `PUT /demo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort`,
              `\r\n\r\n\r\n`,
              randomBytes(200).toString('latin1'),
              `GET /demo/x HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
              `POST /demo/x?uploads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
            ]),
          );
        });
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.setTimeout(2000, () => socket.destroy());
        socket.resume();
      });
    const codes = new Set<string>();
    function check(method: string, r: RawResponse, what: string) {
      codes.add(errorCode(r.body) ?? String(r.status));
      if (r.status === -1) return problems.push(`${what}: no answer (${r.body})`);
      if (r.status >= 500 && r.status !== 501) problems.push(`${what} ${r.status}: ${r.body.slice(0, 200)}`);
      if (
        r.status >= 400 &&
        method !== 'HEAD' &&
        !/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>[A-Za-z0-9]+<\/Code><Message>[^<]*<\/Message>[\s\S]*<RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/.test(
          r.body,
        )
      ) {
        problems.push(`${what} ${r.status}: not S3 XML: ${r.body.slice(0, 200)}`);
      }
      return undefined;
    }

    const jobs = Array.from({ length: 1000 }, (_, i) => (i % 10 < 6 ? oneUnsigned : i % 10 < 9 ? oneSigned : oneGarbage));
    for (let i = 0; i < jobs.length; i += 25) await Promise.all(jobs.slice(i, i + 25).map((job) => job()));

    expect(problems).toEqual([]);
    // They reached the deep paths, not just the front door.
    for (const code of [
      'AccessDenied',
      'InvalidURI',
      'MethodNotAllowed',
      'NoSuchUpload',
      'InvalidArgument',
      'NotImplemented',
      'IncompleteBody',
      'MissingContentLength',
      '200',
    ])
      expect(codes).toContain(code);
    expect(stack.log.entries.filter((e) => e.service === 's3' && e.status >= 500 && e.status !== 501 && !e.fault)).toEqual([]);
    const got = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'fuzz/canary.txt' }));
    expect(await got.Body!.transformToString()).toBe('still here');
  }, 120_000);
});
