// The stack's S3: objects and multipart uploads in a temp folder, addressed path-style or
// virtual-hosted, every request SigV4-verified against what the stack's STS issued and checked
// against its session policy, bodies streamed to disk while their hashes and checksums are
// computed, bucket CORS evaluated as S3 evaluates it, and every refusal in S3's XML and words.
import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { policiesAllow, type CredentialsStore, type IssuedCredentials } from '../iam/credentials-store';
import type { Faults } from '../shared/faults';
import type { RequestLog } from '../shared/http';
import {
  checkClaims,
  checksumHeaders,
  planBody,
  receiveBody,
  toBytes,
  uploadChecksum,
  type ChecksumAlgorithm,
  type Checksums,
  type ChunkSigning,
} from './checksums';
import { actualCors, corsAllows, corsHeaders, type BucketCors } from './cors';
import { Exchange } from './exchange';
import { applyFault } from './faults';
import {
  checkHeaderSection,
  checkReadConditions,
  checkWriteConditions,
  decode,
  encodingOf,
  header,
  integerParam,
  makeToken,
  maxOf,
  methodNotAllowed,
  objectHeaders,
  objectMeta,
  paginate,
  parseQuery,
  parseRange,
  partNumberOf,
  readToken,
  requireLength,
  virtualHostBucket,
} from './request';
import {
  invalidArgument,
  invalidRequest,
  invalidUri,
  noSuchBucket,
  noSuchKey,
  noSuchUpload,
  notImplemented,
  parseCompleteMultipartUpload,
  quoteEtag,
  S3Error,
  type XmlNode,
} from './xml';
import { checksumAlgorithmsOf, fullObjectCrc, readRange, Storage, utf8Compare, type Part, type StoredObject, type Upload } from './storage';
import { verifySigV4, type VerifyFailure, type VerifySuccess } from '../sigv4/verifier';
import { signingKey } from '../sigv4/canonical';

export interface S3Options {
  buckets: string[];
  store: CredentialsStore;
  faults: Faults;
  log: RequestLog;
  now: () => number;
  /** The buckets' CORS rule; undefined when CORS is not enabled. Read per request. */
  cors: () => BucketCors | undefined;
  /** Largest body of one PutObject or UploadPart; S3's is 5 GiB, the default here 1 GiB. */
  maxBodyBytes?: number;
  /** When set, signatures must be scoped to this region, as S3 insists on the bucket's. */
  region?: string;
}

type Action =
  | 'ListBuckets'
  | 'HeadBucket'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListMultipartUploads'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

/** What a request addresses, once its URL and method are read. */
interface Target {
  rawPath: string;
  rawQuery: string;
  query: Map<string, string>;
  bucket?: string;
  key?: string;
  action: Action;
}

/** What a verified signature left for the body: the claimed hash and the chunk chain's start. */
interface Auth {
  caller: IssuedCredentials;
  verified: VerifySuccess;
  seed?: { signature: string; amzDate: string; scope: string; date: string; region: string };
}

interface ReceiveOptions {
  /** Where the decoded body goes; nowhere (read, checked, dropped) when absent. */
  sink?: (b: Buffer) => Promise<void>;
  /** Checksums to compute besides those the request claims. */
  also?: ChecksumAlgorithm[];
  limit?: number;
  checksumsOfObject?: boolean;
}

const MiB = 1024 * 1024;
const MIN_PART_SIZE = 5 * MiB;
const MAX_KEY_BYTES = 1024;
const MAX_SMALL_BODY = 2 * MiB;
const OWNER: XmlNode[] = [
  ['ID', '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'],
  ['DisplayName', 'stack'],
];
// Sub-resources S3 has and the stack does not model: asking for them must not read as a GetObject.
const UNMODELLED = new Set(
  (
    'acl accelerate analytics attributes cors delete encryption intelligent-tiering inventory legal-hold lifecycle location ' +
    'logging metrics notification object-lock ownershipControls policy policyStatus publicAccessBlock replication ' +
    'requestPayment restore retention select tagging torrent versioning versions website versionId renameObject'
  ).split(' '),
);
const S3_ACTIONS: Record<Action, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  HeadBucket: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  PutObject: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
};

const checksumNodes = (checksums: Checksums): XmlNode[] => Object.entries<string>(checksums).map(([a, v]) => [`Checksum${a}`, v]);

function pick<T extends Record<string, unknown>>(from: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(from).filter(([k]) => keys.includes(k))) as Partial<T>;
}

export function createS3Endpoint(o: S3Options) {
  const maxBody = o.maxBodyBytes ?? 1024 * MiB;
  const storage = new Storage(o.buckets);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const x = new Exchange(req, res, o.log, o.now, o.faults.clockSkew('s3') * 1000);
    try {
      // Even a refusal carries them, or a browser could not read S3's answer.
      if (req.method !== 'OPTIONS') x.cors = actualCors(req, o.cors());
      checkHeaderSection(req);
      const t = resolve(req);
      x.action = req.method === 'OPTIONS' ? 'PreflightRequest' : t.action;
      if (req.method === 'OPTIONS') return preflight(x, t);
      const fault = o.faults.take('s3', t.action);
      if (fault && (await applyFault(x, fault))) return;
      if (t.bucket !== undefined && !storage.buckets.has(t.bucket)) throw noSuchBucket(t.bucket);
      const auth = authenticate(req, t, x);
      authorize(auth.caller, t);
      await OPERATIONS[t.action](x, t, auth);
    } catch (e) {
      x.fail(e);
    }
  }

  // ---- addressing ----------------------------------------------------------------------------

  /** Bucket, key and operation from Host, path, query and method; InvalidURI when unreadable. */
  function resolve(req: IncomingMessage): Target {
    let url = req.url ?? '/';
    if (/^https?:\/\//i.test(url)) url = url.replace(/^https?:\/\/[^/]*/i, '') || '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    if (!rawPath.startsWith('/')) throw invalidUri();
    const query = parseQuery(rawQuery);
    const vhost = virtualHostBucket(header(req, 'host') ?? '');
    let bucket: string | undefined = vhost;
    let rawKey = rawPath.slice(1);
    if (vhost === undefined) {
      const slash = rawPath.indexOf('/', 1);
      bucket = rawPath === '/' ? undefined : decode(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
      rawKey = slash < 0 ? '' : rawPath.slice(slash + 1);
    }
    const key = rawKey === '' ? undefined : decode(rawKey);
    if (key !== undefined && Buffer.byteLength(key) > MAX_KEY_BYTES) {
      throw new S3Error('KeyTooLongError', 'Your key is too long', 400, { Size: Buffer.byteLength(key), MaxSizeAllowed: MAX_KEY_BYTES });
    }
    return { rawPath, rawQuery, query, bucket, key, action: operationOf(req, query, bucket, key) };
  }

  function operationOf(req: IncomingMessage, query: Map<string, string>, bucket?: string, key?: string): Action {
    const method = req.method ?? '';
    const unmodelled = [...query.keys()].find((k) => UNMODELLED.has(k));
    if (unmodelled && method !== 'OPTIONS') throw notImplemented();
    if (bucket === undefined) {
      if (method === 'GET' || method === 'OPTIONS') return 'ListBuckets';
      throw methodNotAllowed(method, 'SERVICE');
    }
    if (key === undefined) return bucketOperation(method, query);
    if (header(req, 'x-amz-copy-source') !== undefined && method === 'PUT') throw notImplemented('x-amz-copy-source');
    const upload = query.has('uploadId');
    // GetObject by part number is not modelled; answering with the whole object would mislead.
    if ((method === 'GET' || method === 'HEAD') && query.has('partNumber')) throw notImplemented();
    switch (method) {
      case 'GET':
      case 'OPTIONS':
        return upload ? 'ListParts' : 'GetObject';
      case 'HEAD':
        return 'HeadObject';
      case 'PUT':
        if (upload || query.has('partNumber')) return 'UploadPart';
        return 'PutObject';
      case 'POST':
        if (query.has('uploads')) return 'CreateMultipartUpload';
        if (upload) return 'CompleteMultipartUpload';
        throw methodNotAllowed(method, 'OBJECT');
      case 'DELETE':
        return upload ? 'AbortMultipartUpload' : 'DeleteObject';
      default:
        throw methodNotAllowed(method, 'OBJECT');
    }
  }

  function bucketOperation(method: string, query: Map<string, string>): Action {
    if (method === 'GET' || method === 'OPTIONS') {
      if (query.has('uploads')) return 'ListMultipartUploads';
      return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    }
    if (method === 'HEAD') return 'HeadBucket';
    // CreateBucket, DeleteBucket, PostObject, DeleteObjects: real operations the stack leaves out.
    if (['PUT', 'POST', 'DELETE'].includes(method)) throw notImplemented();
    throw methodNotAllowed(method, 'BUCKET');
  }

  // ---- authentication and authorization ------------------------------------------------------

  function authenticate(req: IncomingMessage, t: Target, x: Exchange): Auth {
    const headerForm = req.headers.authorization !== undefined;
    x.accessKeyId = claimedAccessKeyId(req, t.query);
    // S3 reads the payload hash from this header alone; without it the body is unaccounted for.
    if (headerForm && req.headers['x-amz-content-sha256'] === undefined) {
      throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
    }
    const result = verifySigV4(
      { method: req.method ?? 'GET', path: t.rawPath, query: t.rawQuery, headers: req.headersDistinct },
      { lookup: (k) => o.store.get(k), service: 's3', now: new Date(x.now), normalizePath: false, region: o.region },
    );
    if (!result.ok) throw authError(result, req, t, x);
    const caller = o.store.get(result.accessKeyId)!;
    if (caller.expiration && caller.expiration.getTime() <= x.now) {
      throw new S3Error('ExpiredToken', 'The provided token has expired.', 400, { 'Token-0': presentedToken(req, t.query) });
    }
    return { caller, verified: result, seed: headerForm ? seedOf(header(req, 'authorization')!, header(req, 'x-amz-date')!) : undefined };
  }

  function authError(r: VerifyFailure, req: IncomingMessage, t: Target, x: Exchange): S3Error {
    const keyId = x.accessKeyId;
    switch (r.code) {
      case 'MissingAuthenticationToken':
        return new S3Error('AccessDenied', 'Access Denied', 403);
      case 'InvalidAccessKeyId':
        return new S3Error('InvalidAccessKeyId', r.message, 403, { AWSAccessKeyId: keyId });
      case 'InvalidToken': {
        // Temporary keys without their token are unknown to S3; with a wrong one, the token is bad.
        const token = presentedToken(req, t.query);
        if (token === undefined)
          return new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
            AWSAccessKeyId: keyId,
          });
        return new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400, { 'Token-0': token });
      }
      case 'SignatureDoesNotMatch':
        return new S3Error('SignatureDoesNotMatch', r.message, 403, {
          AWSAccessKeyId: keyId,
          StringToSign: r.stringToSign,
          SignatureProvided: providedSignature(req, t.query),
          StringToSignBytes: r.stringToSign && toBytes(r.stringToSign),
          CanonicalRequest: r.canonicalRequest,
          CanonicalRequestBytes: r.canonicalRequest && toBytes(r.canonicalRequest),
        });
      case 'RequestTimeTooSkewed':
        return new S3Error('RequestTimeTooSkewed', r.message, 403, {
          RequestTime: header(req, 'x-amz-date'),
          ServerTime: new Date(x.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          MaxAllowedSkewMilliseconds: 900000,
        });
      case 'AccessDenied':
        return accessDeniedOf(r, t, x);
      case 'InvalidArgument': {
        const name = r.message.startsWith('x-amz-content-sha256') ? 'x-amz-content-sha256' : 'Authorization';
        return invalidArgument(r.message, name, header(req, name.toLowerCase()));
      }
      default:
        return new S3Error(r.code, r.message, 400);
    }
  }

  function accessDeniedOf(r: VerifyFailure, t: Target, x: Exchange): S3Error {
    if (r.message === 'Request has expired') {
      const signed = t.query.get('X-Amz-Date') ?? '';
      const expires = Number(t.query.get('X-Amz-Expires') ?? 0);
      const at = Date.UTC(
        +signed.slice(0, 4),
        +signed.slice(4, 6) - 1,
        +signed.slice(6, 8),
        +signed.slice(9, 11),
        +signed.slice(11, 13),
        +signed.slice(13, 15),
      );
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return new S3Error('AccessDenied', r.message, 403, {
        'X-Amz-Expires': expires,
        Expires: iso(at + expires * 1000),
        ServerTime: iso(x.now),
      });
    }
    return new S3Error('AccessDenied', r.message, 403, { HeadersNotSigned: r.headersNotSigned?.join(', ') });
  }

  function authorize(caller: IssuedCredentials, t: Target) {
    if (t.action === 'ListBuckets') return allow(caller, 's3:ListAllMyBuckets', 'arn:aws:s3:::*');
    const resource = t.key === undefined ? `arn:aws:s3:::${t.bucket}` : `arn:aws:s3:::${t.bucket}/${t.key}`;
    allow(caller, S3_ACTIONS[t.action], resource);
  }

  /** AccessDenied as S3 words it for a same-account caller: which kind of policy said no. */
  function allow(caller: IssuedCredentials, action: string, resource: string) {
    const denying = caller.policies.findIndex((p) => !policiesAllow([p], action, resource));
    if (denying < 0) return;
    const kind = denying === 0 ? 'identity-based' : 'session';
    throw new S3Error(
      'AccessDenied',
      `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: "${resource}" because no ${kind} policy allows the ${action} action`,
      403,
    );
  }

  const mayList = (caller: IssuedCredentials, bucket: string) => policiesAllow(caller.policies, 's3:ListBucket', `arn:aws:s3:::${bucket}`);

  /** A missing key reads as 403 to a caller who may not list the bucket: S3 hides what exists. */
  function missing(caller: IssuedCredentials, t: Target): S3Error {
    if (mayList(caller, t.bucket!)) return noSuchKey(t.key!);
    return new S3Error('AccessDenied', 'Access Denied', 403);
  }

  // ---- bodies --------------------------------------------------------------------------------

  /**
   * Reads the body once, into `sink` (a file) or nowhere, checking what S3 checks (see
   * receiveBody). Chunk signatures chain from the Authorization header's signature.
   */
  async function receive(x: Exchange, auth: Auth, { sink, also = [], limit = maxBody, checksumsOfObject = false }: ReceiveOptions = {}) {
    const plan = planBody(
      (name) => header(x.req, name),
      auth.verified.payloadHash,
      limit,
      () => chunkSigning(auth),
      checksumsOfObject,
    );
    return receiveBody(x.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, plan, sink, also);
  }

  function chunkSigning(auth: Auth): ChunkSigning {
    if (!auth.seed) throw invalidRequest('Streaming signed payloads need the Authorization header.');
    const { signature, amzDate, scope, date, region } = auth.seed;
    return { signingKey: signingKey(auth.caller.secretAccessKey, date, region, 's3'), amzDate, scope, seedSignature: signature };
  }

  // ---- operations ----------------------------------------------------------------------------

  const OPERATIONS: Record<Action, (x: Exchange, t: Target, auth: Auth) => Promise<void>> = {
    ListBuckets: async (x, _t, auth) => {
      await receive(x, auth);
      const buckets: XmlNode[] = [...storage.buckets.keys()].map((name) => [
        'Bucket',
        [
          ['Name', name],
          ['CreationDate', storage.created],
        ],
      ]);
      x.xml(200, 'ListAllMyBucketsResult', [
        ['Owner', OWNER],
        ['Buckets', buckets],
      ]);
    },
    HeadBucket: async (x, _t, auth) => {
      await receive(x, auth);
      x.send(200, { 'x-amz-bucket-region': o.region ?? 'us-east-1' });
    },
    ListObjectsV2: (x, t, auth) => listObjects(x, t, auth, 2),
    ListObjects: (x, t, auth) => listObjects(x, t, auth, 1),
    ListMultipartUploads: listMultipartUploads,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: getObject,
    DeleteObject: async (x, t, auth) => {
      await receive(x, auth);
      storage.remove(t.bucket!, t.key!);
      x.send(204, {});
    },
    CreateMultipartUpload: createMultipartUpload,
    UploadPart: uploadPart,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: async (x, t, auth) => {
      await receive(x, auth);
      const upload = uploadOf(t);
      storage.dropUpload(upload);
      x.send(204, {});
    },
    ListParts: listParts,
  };

  async function putObject(x: Exchange, t: Target, auth: Auth) {
    const meta = objectMeta(x.req);
    requireLength(x.req, auth);
    const file = storage.newFile();
    const got = await storage.receiveTo(file, (sink) => receive(x, auth, { sink }));
    try {
      checkWriteConditions(x.req, t.key!, storage.get(t.bucket!, t.key!));
    } catch (e) {
      void unlink(file).catch(() => {});
      throw e;
    }
    const claimedAlgorithms = Object.keys(got.claimed) as ChecksumAlgorithm[];
    // With no checksum named, S3 gives the object its default CRC-64/NVME (computed when asked for).
    const checksums: Checksums = pick(got.checksums, claimedAlgorithms);
    const etag = got.md5.toString('hex');
    const body = { segments: [{ file, size: got.size }], size: got.size };
    storage.commit(t.bucket!, {
      ...meta,
      key: t.key!,
      ...body,
      etag,
      lastModified: new Date(x.now),
      checksums,
      crcPending: !claimedAlgorithms.length,
      checksumType: 'FULL_OBJECT',
    });
    x.send(200, {
      etag: quoteEtag(etag),
      'x-amz-server-side-encryption': 'AES256',
      ...checksumHeaders(pick(checksums, claimedAlgorithms), 'FULL_OBJECT'),
    });
  }

  async function getObject(x: Exchange, t: Target, auth: Auth) {
    await receive(x, auth);
    const obj = storage.get(t.bucket!, t.key!);
    if (!obj) throw missing(auth.caller, t);
    const notModified = checkReadConditions(x.req, obj);
    const headers = objectHeaders(obj, t.query);
    if (notModified) return x.send(304, pick(headers, ['etag', 'last-modified']));
    const range = parseRange(header(x.req, 'range'), obj.size);
    if (range === 'unsatisfiable') {
      throw new S3Error(
        'InvalidRange',
        'The requested range is not satisfiable',
        416,
        { RangeRequested: header(x.req, 'range'), ActualObjectSize: obj.size },
        { 'content-range': `bytes */${obj.size}` },
      );
    }
    if (!range && /^enabled$/i.test(header(x.req, 'x-amz-checksum-mode') ?? ''))
      Object.assign(headers, checksumHeaders(await storage.checksumsOf(obj), obj.checksumType));
    const [start, end] = range ?? [0, obj.size - 1];
    if (range) headers['content-range'] = `bytes ${start}-${end}/${obj.size}`;
    x.stream(range ? 206 : 200, headers, (from, to) => readRange(obj.segments, from, to), start, end);
  }

  async function listObjects(x: Exchange, t: Target, auth: Auth, version: 1 | 2) {
    await receive(x, auth);
    const q = t.query;
    const maxKeys = maxOf(q, 'max-keys');
    const encode = encodingOf(q);
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') || undefined;
    const token = version === 2 ? q.get('continuation-token') : undefined;
    const after = version === 2 ? (token !== undefined ? readToken(token) : (q.get('start-after') ?? '')) : (q.get('marker') ?? '');
    const objects = storage.sorted(t.bucket!).filter((obj) => utf8Compare(obj.key, after) > 0);
    // A marker or token may be a CommonPrefix: the next page starts after everything under it.
    const marker = version === 2 ? (token !== undefined ? after : '') : after;
    const page = paginate(objects, (obj) => obj.key, prefix, delimiter, maxKeys, marker);
    const contents: XmlNode[] = page.items.map((obj) => ['Contents', objectEntry(obj, encode, version)]);
    const prefixes: XmlNode[] = page.prefixes.map((p) => ['CommonPrefixes', [['Prefix', encode(p)]]]);
    const last = page.truncated ? page.last : undefined;
    const head: XmlNode[] =
      version === 2
        ? [
            ['Name', t.bucket],
            ['Prefix', encode(prefix)],
            ['ContinuationToken', token],
            ['NextContinuationToken', last === undefined ? undefined : makeToken(last)],
            ['KeyCount', page.items.length + page.prefixes.length],
            ['MaxKeys', maxKeys],
            ['Delimiter', delimiter && encode(delimiter)],
            ['IsTruncated', page.truncated],
          ]
        : [
            ['Name', t.bucket],
            ['Prefix', encode(prefix)],
            ['Marker', encode(q.get('marker') ?? '')],
            ['NextMarker', delimiter && last !== undefined ? encode(last) : undefined],
            ['MaxKeys', maxKeys],
            ['Delimiter', delimiter && encode(delimiter)],
            ['IsTruncated', page.truncated],
          ];
    const tail: XmlNode[] = [
      ['EncodingType', q.get('encoding-type')],
      ['StartAfter', version === 2 ? q.get('start-after') && encode(q.get('start-after')!) : undefined],
    ];
    x.xml(200, 'ListBucketResult', [...head, ...contents, ...prefixes, ...tail]);
  }

  function objectEntry(obj: StoredObject, encode: (s: string) => string, version: 1 | 2): XmlNode[] {
    const algorithms = checksumAlgorithmsOf(obj).map((a): XmlNode => ['ChecksumAlgorithm', a]);
    return [
      ['Key', encode(obj.key)],
      ['LastModified', obj.lastModified],
      ['ETag', quoteEtag(obj.etag)],
      ...algorithms,
      ['ChecksumType', obj.checksumType],
      ['Size', obj.size],
      ['Owner', version === 1 ? OWNER : undefined],
      ['StorageClass', 'STANDARD'],
    ];
  }

  async function createMultipartUpload(x: Exchange, t: Target, auth: Auth) {
    await receive(x, auth);
    const meta = objectMeta(x.req);
    const { algorithm, checksumType } = uploadChecksum((name) => header(x.req, name));
    const upload: Upload = {
      id: randomBytes(48).toString('base64url'),
      bucket: t.bucket!,
      key: t.key!,
      initiated: new Date(x.now),
      initiator: auth.caller.principalArn,
      meta,
      algorithm,
      checksumType,
      parts: new Map(),
    };
    storage.uploads.set(upload.id, upload);
    const headers = algorithm ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': checksumType } : {};
    x.xml(
      200,
      'InitiateMultipartUploadResult',
      [
        ['Bucket', t.bucket],
        ['Key', t.key],
        ['UploadId', upload.id],
      ],
      headers,
    );
  }

  async function uploadPart(x: Exchange, t: Target, auth: Auth) {
    const number = partNumberOf(t.query);
    const upload = uploadOf(t);
    requireLength(x.req, auth);
    // A named algorithm is computed over every part: COMPOSITE lists it, FULL_OBJECT combines it.
    const also = upload.algorithm ? [upload.algorithm] : [];
    const fullObject = fullObjectCrc(upload);
    const file = storage.newFile();
    const got = await storage.receiveTo(file, (sink) => receive(x, auth, { sink, also }));
    const sent = Object.keys(got.claimed) as ChecksumAlgorithm[];
    if (upload.algorithm && sent.length && !sent.includes(upload.algorithm)) {
      void unlink(file).catch(() => {});
      throw invalidRequest(
        `Checksum Type mismatch occurred, expected checksum Type: ${upload.algorithm.toLowerCase()}, actual checksum Type: ${sent[0].toLowerCase()}`,
      );
    }
    if (storage.uploads.get(upload.id) !== upload) {
      void unlink(file).catch(() => {});
      throw noSuchUpload(upload.id);
    }
    const checksums = pick(got.checksums, [...sent, ...also]);
    const crc = fullObject && Buffer.from(got.checksums[fullObject]!, 'base64');
    const part: Part = {
      number,
      file,
      size: got.size,
      md5: got.md5,
      etag: got.md5.toString('hex'),
      lastModified: new Date(x.now),
      checksums,
      crc: crc || undefined,
    };
    const previous = upload.parts.get(number);
    upload.parts.set(number, part);
    if (previous) void unlink(previous.file).catch(() => {});
    x.send(200, { etag: quoteEtag(part.etag), 'x-amz-server-side-encryption': 'AES256', ...checksumHeaders(checksums) });
  }

  async function completeMultipartUpload(x: Exchange, t: Target, auth: Auth) {
    const upload = uploadOf(t);
    const chunks: Buffer[] = [];
    const body = await receive(x, auth, {
      sink: (b) => Promise.resolve(void chunks.push(b)),
      limit: MAX_SMALL_BODY,
      checksumsOfObject: true,
    }).catch((e) => {
      throw e instanceof S3Error && e.code === 'EntityTooLarge' ? new S3Error('MaxMessageLengthExceeded', 'Your request was too big.') : e;
    });
    const parts = chosenParts(upload, parseCompleteMultipartUpload(Buffer.concat(chunks).toString('utf8')));
    if (storage.uploads.get(upload.id) !== upload) throw noSuchUpload(upload.id);
    const obj = await assemble(upload, parts, body.claimed, x.now);
    storage.commit(upload.bucket, obj);
    storage.dropUpload(upload, parts);
    const host = header(x.req, 'host') ?? '127.0.0.1';
    const path = upload.key.split('/').map(encodeURIComponent).join('/');
    const location = virtualHostBucket(host) === undefined ? `http://${host}/${upload.bucket}/${path}` : `http://${host}/${path}`;
    const checksums = upload.algorithm ? checksumNodes(obj.checksums) : [];
    x.xml(
      200,
      'CompleteMultipartUploadResult',
      [
        ['Location', location],
        ['Bucket', upload.bucket],
        ['Key', upload.key],
        ['ETag', quoteEtag(obj.etag)],
        ...checksums,
        ['ChecksumType', upload.algorithm ? obj.checksumType : undefined],
      ],
      {
        'x-amz-server-side-encryption': 'AES256',
      },
    );
  }

  /** The object the parts make, if it has the checksum the client claimed; if not, the upload stays open. */
  async function assemble(upload: Upload, parts: Part[], claimed: Checksums, now: number): Promise<StoredObject> {
    const made = storage.assemble(upload, parts, now);
    if (!Object.keys(claimed).length) return made;
    // A claim on the default CRC reads the object: meanwhile a retry or a late part finds the
    // upload gone, as in S3.
    storage.uploads.delete(upload.id);
    try {
      checkClaims(claimed, await storage.checksumsOf(made));
      return made;
    } catch (e) {
      storage.uploads.set(upload.id, upload);
      throw e;
    }
  }

  /** The parts the client listed, checked in S3's order: order, existence and ETag, then size. */
  function chosenParts(upload: Upload, listed: ReturnType<typeof parseCompleteMultipartUpload>): Part[] {
    listed.forEach((p, i) => {
      if (i > 0 && p.partNumber <= listed[i - 1].partNumber) {
        throw new S3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
          400,
          { UploadId: upload.id },
        );
      }
    });
    const parts = listed.map((p) => {
      const part = upload.parts.get(p.partNumber);
      const checksumsMatch = Object.entries(p.checksums).every(
        ([a, v]) => part?.checksums[a as ChecksumAlgorithm] === undefined || part.checksums[a as ChecksumAlgorithm] === v,
      );
      if (!part || part.etag !== p.etag || !checksumsMatch) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
          400,
          { UploadId: upload.id, PartNumber: p.partNumber, ETag: p.etag },
        );
      }
      return part;
    });
    parts.slice(0, -1).forEach((part) => {
      if (part.size < MIN_PART_SIZE) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
          ProposedSize: part.size,
          MinSizeAllowed: MIN_PART_SIZE,
          PartNumber: part.number,
          ETag: part.etag,
        });
      }
    });
    return parts;
  }

  async function listParts(x: Exchange, t: Target, auth: Auth) {
    await receive(x, auth);
    const upload = uploadOf(t);
    const maxParts = maxOf(t.query, 'max-parts');
    const marker = integerParam(t.query, 'part-number-marker') ?? 0;
    const all = [...upload.parts.values()].sort((a, b) => a.number - b.number).filter((p) => p.number > marker);
    const shown = all.slice(0, maxParts);
    const truncated = all.length > shown.length;
    const parts: XmlNode[] = shown.map((p) => [
      'Part',
      [
        ['PartNumber', p.number],
        ['LastModified', p.lastModified],
        ['ETag', quoteEtag(p.etag)],
        ...checksumNodes(p.checksums),
        ['Size', p.size],
      ],
    ]);
    x.xml(200, 'ListPartsResult', [
      ['Bucket', upload.bucket],
      ['Key', upload.key],
      ['UploadId', upload.id],
      ['PartNumberMarker', marker],
      ['NextPartNumberMarker', shown.length ? shown[shown.length - 1].number : marker],
      ['MaxParts', maxParts],
      ['IsTruncated', truncated],
      ...parts,
      ['Initiator', initiatorOf(upload)],
      ['Owner', OWNER],
      ['StorageClass', 'STANDARD'],
      ['ChecksumAlgorithm', upload.algorithm],
      ['ChecksumType', upload.algorithm ? upload.checksumType : undefined],
    ]);
  }

  async function listMultipartUploads(x: Exchange, t: Target, auth: Auth) {
    await receive(x, auth);
    const q = t.query;
    const max = maxOf(q, 'max-uploads');
    const encode = encodingOf(q);
    const keyMarker = q.get('key-marker') ?? '';
    const idMarker = q.get('upload-id-marker') ?? '';
    const after = (u: Upload) => {
      const c = utf8Compare(u.key, keyMarker);
      return c > 0 || (c === 0 && idMarker !== '' && u.id > idMarker);
    };
    const all = storage.uploadsOf(t.bucket!).filter(after);
    const page = paginate(all, (u) => u.key, q.get('prefix') ?? '', q.get('delimiter') || undefined, max, keyMarker);
    const lastUpload = page.items[page.items.length - 1];
    const uploads: XmlNode[] = page.items.map((u) => [
      'Upload',
      [
        ['Key', encode(u.key)],
        ['UploadId', u.id],
        ['Initiator', initiatorOf(u)],
        ['Owner', OWNER],
        ['StorageClass', 'STANDARD'],
        ['Initiated', u.initiated],
        ['ChecksumAlgorithm', u.algorithm],
        ['ChecksumType', u.algorithm ? u.checksumType : undefined],
      ],
    ]);
    x.xml(200, 'ListMultipartUploadsResult', [
      ['Bucket', t.bucket],
      ['KeyMarker', encode(keyMarker)],
      ['UploadIdMarker', idMarker],
      ['NextKeyMarker', page.truncated && page.last !== undefined ? encode(page.last) : undefined],
      ['NextUploadIdMarker', page.truncated && lastUpload && page.last === lastUpload.key ? lastUpload.id : undefined],
      ['Delimiter', q.get('delimiter') || undefined],
      ['Prefix', q.get('prefix') && encode(q.get('prefix')!)],
      ['MaxUploads', max],
      ['IsTruncated', page.truncated],
      ...uploads,
      ...page.prefixes.map((p): XmlNode => ['CommonPrefixes', [['Prefix', encode(p)]]]),
      ['EncodingType', q.get('encoding-type')],
    ]);
  }

  const initiatorOf = (u: Upload): XmlNode[] => [
    ['ID', u.initiator],
    ['DisplayName', u.initiator.split('/').pop()],
  ];

  function uploadOf(t: Target): Upload {
    const id = t.query.get('uploadId') ?? '';
    const upload = storage.uploads.get(id);
    if (!upload || upload.bucket !== t.bucket || upload.key !== t.key) throw noSuchUpload(id);
    return upload;
  }

  // ---- CORS ----------------------------------------------------------------------------------

  function preflight(x: Exchange, t: Target) {
    const resourceType = t.key === undefined ? 'BUCKET' : 'OBJECT';
    const origin = header(x.req, 'origin');
    if (!origin) throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
    const method = header(x.req, 'access-control-request-method');
    if (!method || !['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(method)) {
      throw new S3Error('BadRequest', `Invalid Access-Control-Request-Method: ${method ?? 'null'}`);
    }
    if (t.bucket !== undefined && !storage.buckets.has(t.bucket)) throw noSuchBucket(t.bucket);
    const rule = o.cors();
    if (!rule)
      throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', 403, {
        Method: method,
        ResourceType: resourceType,
      });
    const requested = (header(x.req, 'access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (!corsAllows(rule, origin, method, requested)) {
      throw new S3Error(
        'AccessForbidden',
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        403,
        { Method: method, ResourceType: resourceType },
      );
    }
    x.send(200, { ...corsHeaders(rule, origin), ...(requested.length ? { 'access-control-allow-headers': requested.join(', ') } : {}) });
  }

  return {
    handle,
    objects: storage.api(),
    /** The temp folder that holds the bodies; close() removes it. */
    storageDir: storage.root,
    close: () => storage.close(),
  };
}

// ---- what the signature claims, for S3's refusals and the chunk signature chain ---------------

function claimedAccessKeyId(req: IncomingMessage, query: Map<string, string>): string | undefined {
  const credential =
    /Credential=([^/,\s]+)\//.exec(header(req, 'authorization') ?? '')?.[1] ?? query.get('X-Amz-Credential')?.split('/')[0];
  return credential && /^[A-Z0-9]{16,128}$/.test(credential) ? credential : undefined;
}

function presentedToken(req: IncomingMessage, query: Map<string, string>): string | undefined {
  return header(req, 'x-amz-security-token') ?? query.get('X-Amz-Security-Token');
}

function providedSignature(req: IncomingMessage, query: Map<string, string>): string | undefined {
  return /Signature=([0-9a-fA-F]*)/.exec(header(req, 'authorization') ?? '')?.[1] ?? query.get('X-Amz-Signature');
}

/** The chunk signature chain starts from the Authorization header's signature and scope. */
function seedOf(authorization: string, amzDate: string): Auth['seed'] {
  const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
  const [, date = '', region = '', service = 's3'] = /Credential=([^,\s]+)/.exec(authorization)?.[1].split('/') ?? [];
  return { signature, amzDate, scope: `${date}/${region}/${service}/aws4_request`, date, region };
}
