// An S3 in this process, behind the Transport interface the uploader talks through: PutObject,
// the multipart calls and ListParts (in pages), enough to run uploads with no server and no
// network. Tests hold, fail or watch requests through `before`. Signatures are not checked here:
// the integration tests against the local stack (stack-fixture.ts) do that.
import { createHash, randomBytes } from 'node:crypto';
import type { S3Answer, S3Request, Transport, UploadOptions } from '../../src/s3/index';

export type Action =
  'PutObject' | 'CreateMultipartUpload' | 'UploadPart' | 'ListParts' | 'CompleteMultipartUpload' | 'AbortMultipartUpload';

/** A request as the stub saw it. */
export interface Seen {
  action: Action;
  method: string;
  url: string;
  key: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  partNumber?: number;
  /** The body, when it was text (the XML of CompleteMultipartUpload). */
  text?: string;
  /** Set when the caller's signal aborted the request before it was answered. */
  aborted?: boolean;
  /** Set when it was refused with RequestTimeTooSkewed (signed too far from the stub's `now`). */
  tooSkewed?: boolean;
}

/** Runs before each request is answered: may wait (the request is in flight meanwhile), throw (no answer), or answer itself. */
export type Before = (seen: Seen) => void | S3Answer | Promise<void | S3Answer>;

export const ENDPOINT = 'http://127.0.0.1:9';
export const BUCKET = 'stub-bucket';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const xml = (root: string, inner: string) => `<?xml version="1.0" encoding="UTF-8"?><${root}>${inner}</${root}>`;
const answer = (status: number, body = '', headers: Record<string, string> = {}): S3Answer => ({
  status,
  body,
  header: (n) => headers[n.toLowerCase()] ?? null,
});
export const s3Error = (status: number, code: string) =>
  answer(status, xml('Error', `<Code>${code}</Code><Message>${code}</Message><RequestId>stub</RequestId>`));

async function bytesOf(body: S3Request['body']): Promise<Uint8Array> {
  if (body === undefined) return new Uint8Array(0);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  return body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body;
}

function actionOf(method: string, q: URLSearchParams): Action {
  if (method === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload';
  if (method === 'DELETE') return 'AbortMultipartUpload';
  if (method === 'GET') return 'ListParts';
  return q.has('uploadId') ? 'UploadPart' : 'PutObject';
}

/** S3's largest difference between a request's x-amz-date and its own clock. */
const MAX_SKEW_MS = 15 * 60_000;

/** x-amz-date's form (20240101T000000Z) as epoch ms. */
const amzDate = (d: string) => Date.parse(d.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

/** S3's refusal of a request signed too far from its clock: ServerTime in the body, and Date. */
const tooSkewed = (requestTime: string, now: number) =>
  answer(
    403,
    xml(
      'Error',
      '<Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message>' +
        `<RequestTime>${requestTime}</RequestTime><ServerTime>${new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')}</ServerTime>` +
        `<MaxAllowedSkewMilliseconds>${MAX_SKEW_MS}</MaxAllowedSkewMilliseconds><RequestId>stub</RequestId>`,
    ),
    { date: new Date(now).toUTCString() },
  );

/**
 * `pageSize`: ListParts' parts per page. `now`: the stub's clock; when given, a request signed more
 * than 15 minutes from it is refused with RequestTimeTooSkewed, as S3 does.
 */
export function stubS3(o: { pageSize?: number; now?: () => number } = {}) {
  const s = {
    objects: new Map<string, Uint8Array>(),
    uploads: new Map<string, { key: string; parts: Map<number, Uint8Array> }>(),
    /** Every request, in the order it arrived. */
    seen: [] as Seen[],
    inFlight: 0,
    maxInFlight: 0,
    before: undefined as Before | undefined,
    transport: undefined as unknown as Transport,
    /** Resolves once `ok()` holds, checked after every arrival and every answer. */
    until: (ok: () => boolean) => (ok() ? Promise.resolve() : new Promise<void>((r) => waiters.push(() => ok() && (r(), true)))),
    /** Requests of `action`, and of `key` if given. */
    count: (action: Action, key?: string) => s.seen.filter((r) => r.action === action && (!key || r.key === key)).length,
  };
  const waiters: (() => boolean)[] = [];
  const changed = () => waiters.splice(0).forEach((w) => w() || waiters.push(w));
  let ids = 0;

  const handle = (r: S3Request, seen: Seen, body: Uint8Array): S3Answer => {
    const q = seen.query;
    const upload = s.uploads.get(q.get('uploadId') ?? '');
    const noSuchUpload = () => s3Error(404, 'NoSuchUpload');
    switch (seen.action) {
      case 'PutObject':
        s.objects.set(seen.key, body);
        return answer(200, '', { etag: `"${md5(body)}"` });
      case 'CreateMultipartUpload': {
        const id = `upload-${++ids}`;
        s.uploads.set(id, { key: seen.key, parts: new Map() });
        return answer(200, xml('InitiateMultipartUploadResult', `<Key>${seen.key}</Key><UploadId>${id}</UploadId>`));
      }
      case 'UploadPart':
        if (!upload) return noSuchUpload();
        upload.parts.set(seen.partNumber!, body);
        return answer(200, '', { etag: `"${md5(body)}"` });
      case 'ListParts': {
        if (!upload) return noSuchUpload();
        const marker = Number(q.get('part-number-marker') ?? 0);
        const all = [...upload.parts].filter(([n]) => n > marker).sort((a, b) => a[0] - b[0]);
        const page = all.slice(0, o.pageSize ?? 1000);
        const items = page.map(([n, b]) => `<Part><PartNumber>${n}</PartNumber><ETag>"${md5(b)}"</ETag><Size>${b.length}</Size></Part>`);
        const truncated = page.length < all.length;
        const next = truncated ? `<NextPartNumberMarker>${page.at(-1)![0]}</NextPartNumberMarker>` : '';
        return answer(200, xml('ListPartsResult', `<IsTruncated>${truncated}</IsTruncated>${next}${items.join('')}`));
      }
      case 'CompleteMultipartUpload': {
        if (!upload) return noSuchUpload();
        const listed = [...new TextDecoder().decode(body).matchAll(/<PartNumber>(\d+)<\/PartNumber><ETag>([^<]*)<\/ETag>/g)];
        const parts = listed.map(([, n, etag]) => {
          const part = upload.parts.get(Number(n));
          return part && etag.replace(/&quot;/g, '"') === `"${md5(part)}"` ? part : undefined;
        });
        if (!parts.length || parts.some((p) => !p)) return s3Error(400, 'InvalidPart');
        const whole = new Uint8Array(parts.reduce((n, p) => n + p!.length, 0));
        parts.reduce((at, p) => (whole.set(p!, at), at + p!.length), 0);
        s.objects.set(upload.key, whole);
        s.uploads.delete(q.get('uploadId')!);
        const etag = `"${md5(whole)}-${parts.length}"`;
        return answer(200, xml('CompleteMultipartUploadResult', `<Location>${r.url.split('?')[0]}</Location><ETag>${etag}</ETag>`));
      }
      case 'AbortMultipartUpload':
        if (!upload) return noSuchUpload();
        s.uploads.delete(q.get('uploadId')!);
        return answer(204);
    }
  };

  const exchange = async (r: S3Request, seen: Seen): Promise<S3Answer> => {
    const signedAt = r.headers['x-amz-date'] ?? '';
    if (o.now && !(Math.abs(amzDate(signedAt) - o.now()) <= MAX_SKEW_MS)) {
      seen.tooSkewed = true;
      return tooSkewed(signedAt, o.now());
    }
    const early = await s.before?.(seen);
    const body = await bytesOf(r.body);
    r.signal?.throwIfAborted();
    r.onUploadProgress?.(body.byteLength);
    return early ?? handle(r, seen, body);
  };

  s.transport = async (r) => {
    r.signal?.throwIfAborted();
    const url = new URL(r.url);
    const [, , ...key] = url.pathname.split('/'); // path style: /bucket/key
    const seen: Seen = {
      action: actionOf(r.method, url.searchParams),
      method: r.method,
      url: r.url,
      key: key.map(decodeURIComponent).join('/'),
      query: url.searchParams,
      headers: r.headers,
      text: typeof r.body === 'string' ? r.body : undefined,
    };
    if (seen.action === 'UploadPart') seen.partNumber = Number(url.searchParams.get('partNumber'));
    s.seen.push(seen);
    s.maxInFlight = Math.max(s.maxInFlight, ++s.inFlight);
    changed();
    // As fetch does: the caller's abort ends the exchange at once, with the signal's own reason.
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => ((seen.aborted = true), reject(r.signal!.reason as Error));
      r.signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([exchange(r, seen), aborted]);
    } finally {
      r.signal?.removeEventListener('abort', onAbort);
      s.inFlight--;
      changed();
    }
  };
  return s;
}

export type StubS3 = ReturnType<typeof stubS3>;

/** A gate requests wait at until the test opens it. */
export function gate() {
  let open = false;
  const waiting: (() => void)[] = [];
  return {
    wait: () => (open ? Promise.resolve() : new Promise<void>((r) => waiting.push(r))),
    open() {
      open = true;
      waiting.splice(0).forEach((w) => w());
    },
  };
}

/** Upload options aimed at the stub, with fixed credentials and no retry delay. */
export const stubOptions = (stub: StubS3, more: Partial<UploadOptions> = {}): UploadOptions => ({
  bucket: BUCKET,
  key: 'file.bin',
  region: 'us-east-1',
  endpoint: ENDPOINT,
  body: new Uint8Array(0),
  credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' },
  transport: stub.transport,
  retryDelay: () => 0,
  ...more,
});

/** Random bytes: a part sent in the wrong place shows. */
export const bytes = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(n));

export const MiB = 1024 * 1024;

/** Lets every pending promise and I/O callback run: for asserting that nothing more happens. */
export const quiet = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
