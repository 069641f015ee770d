// What a request asks, read as S3 reads it: addressing (path, query, virtual host), metadata and
// the headers an object keeps, part numbers, listing parameters and pages, ranges, and the
// conditional headers. Pure reading and checking, refusals in S3's words; the operations act on it.
import type { IncomingMessage } from 'node:http';
import { httpDate } from './exchange';
import type { ObjectMeta, StoredObject } from './storage';
import { invalidArgument, invalidUri, missingLength, noSuchKey, quoteEtag, S3Error } from './xml';
import type { VerifySuccess } from '../sigv4/verifier';

const MAX_METADATA_BYTES = 2048;
const MAX_HEADER_SECTION = 8192;
const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];

export const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Decoded once, strictly: '+' is a plus, a broken escape or invalid UTF-8 is InvalidURI. */
export function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidUri();
  }
}

export function parseQuery(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const name = decode(k);
    if (!params.has(name)) params.set(name, decode(v));
  }
  return params;
}

/** Virtual-hosted style: whatever precedes the endpoint's own host (127.0.0.1 or localhost). */
export function virtualHostBucket(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const base of ['.127.0.0.1', '.localhost']) {
    if (name.endsWith(base) && name.length > base.length) return name.slice(0, -base.length);
  }
  return undefined;
}

export function methodNotAllowed(method: string, resourceType: string) {
  const allow = resourceType === 'OBJECT' ? 'GET, HEAD, PUT, POST, DELETE' : 'GET, HEAD';
  return new S3Error(
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    405,
    { Method: method.slice(0, 64), ResourceType: resourceType },
    { allow },
  );
}

/** S3 refuses request header sections over 8 KiB (node:http cuts at 16 KiB before this runs). */
export function checkHeaderSection(req: IncomingMessage) {
  let size = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) size += req.rawHeaders[i].length + req.rawHeaders[i + 1].length + 4;
  if (size > MAX_HEADER_SECTION) {
    throw new S3Error('RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.', 400, {
      MaxSizeAllowed: MAX_HEADER_SECTION,
    });
  }
}

export function objectMeta(req: IncomingMessage): ObjectMeta {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = v;
    size += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(v);
  }
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, {
      Size: size,
      MaxSizeAllowed: MAX_METADATA_BYTES,
    });
  }
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const v = header(req, name);
    // aws-chunked is how the body travelled, not what it is.
    const kept =
      name === 'content-encoding'
        ? v
            ?.split(',')
            .map((s) => s.trim())
            .filter((s) => s && s !== 'aws-chunked')
            .join(',')
        : v;
    if (kept) headers[name] = kept;
  }
  return { contentType: header(req, 'content-type') || 'binary/octet-stream', metadata, headers };
}

/** S3 needs the length up front for uploads: Content-Length, or x-amz-decoded-content-length for aws-chunked. */
export function requireLength(req: IncomingMessage, auth: { verified: VerifySuccess }) {
  const chunked = auth.verified.payloadHash.startsWith('STREAMING-');
  if (header(req, chunked ? 'x-amz-decoded-content-length' : 'content-length') === undefined) throw missingLength();
}

export function partNumberOf(query: Map<string, string>): number {
  const raw = query.get('partNumber');
  const n = Number(raw);
  if (!raw || !/^\d{1,5}$/.test(raw) || n < 1 || n > 10000) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  }
  return n;
}

export function integerParam(query: Map<string, string>, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1)
    throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw);
  return Number(raw);
}

/** max-keys / max-uploads / max-parts: default and ceiling 1000, as S3. */
export const maxOf = (query: Map<string, string>, name: string) => Math.min(integerParam(query, name) ?? 1000, 1000);

export function encodingOf(query: Map<string, string>): (s: string) => string {
  const type = query.get('encoding-type');
  if (type === undefined) return (s) => s;
  if (type !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (s) =>
    encodeURIComponent(s)
      .replace(/%2F/g, '/')
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const makeToken = (after: string) => Buffer.from(`1\n${after}`).toString('base64');

export function readToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!token || !text.startsWith('1\n') || Buffer.from(text).toString('base64') !== token) {
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return text.slice(2);
}

/**
 * One page of a sorted listing: keys under `prefix`, rolled up to CommonPrefixes at `delimiter`,
 * `max` entries at most (keys and prefixes both count). `last` is where the next page starts; a
 * prefix as marker skips everything under it, as S3's markers do.
 */
export function paginate<T>(items: T[], keyOf: (t: T) => string, prefix: string, delimiter: string | undefined, max: number, marker = '') {
  const page = { items: [] as T[], prefixes: [] as string[], truncated: false, last: undefined as string | undefined };
  const skipUnder = delimiter && marker.endsWith(delimiter) ? marker : undefined;
  for (const item of items) {
    const key = keyOf(item);
    if (!key.startsWith(prefix) || (skipUnder && key.startsWith(skipUnder))) continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const rolled = at >= 0 ? key.slice(0, at + delimiter!.length) : undefined;
    if (rolled !== undefined && rolled === page.prefixes[page.prefixes.length - 1]) continue;
    if (page.items.length + page.prefixes.length >= max) {
      page.truncated = true;
      break;
    }
    if (rolled !== undefined) page.prefixes.push(rolled);
    else page.items.push(item);
    page.last = rolled ?? key;
  }
  return page;
}

/** The "bytes=" Range S3 honours: one range; anything it cannot read is ignored (whole object). */
export function parseRange(value: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = value === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}

export function objectHeaders(obj: StoredObject, query: Map<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': obj.contentType,
    etag: quoteEtag(obj.etag),
    'last-modified': httpDate(obj.lastModified),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...obj.headers,
  };
  for (const [k, v] of Object.entries(obj.metadata)) headers[`x-amz-meta-${k}`] = v;
  if (obj.etag.includes('-')) headers['x-amz-mp-parts-count'] = obj.etag.split('-')[1];
  for (const name of RESPONSE_OVERRIDES) {
    const v = query.get(`response-${name}`);
    if (v !== undefined && /[^\t\x20-\x7e\x80-\xff]/.test(v))
      throw invalidArgument(`Invalid value for response-${name}`, `response-${name}`, v);
    if (v !== undefined) headers[name] = v;
  }
  return headers;
}

const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
const etagMatches = (value: string, etag: string) =>
  value.split(',').some((v) => v.trim() === '*' || v.trim().replace(/^W\//, '').replace(/"/g, '') === etag);
const dateOf = (v: string | undefined) => (v === undefined || Number.isNaN(Date.parse(v)) ? undefined : Date.parse(v));

/** RFC 7232 as S3 applies it to GET/HEAD; true means 304 Not Modified. */
export function checkReadConditions(req: IncomingMessage, obj: StoredObject): boolean {
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  const modified = Math.floor(obj.lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined && !etagMatches(ifMatch, obj.etag)) throw preconditionFailed('If-Match');
  const unmodifiedSince = dateOf(header(req, 'if-unmodified-since'));
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince) throw preconditionFailed('If-Unmodified-Since');
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, obj.etag);
  const modifiedSince = dateOf(header(req, 'if-modified-since'));
  return modifiedSince !== undefined && modified <= modifiedSince;
}

/** Conditional writes: If-None-Match: * (create only) and If-Match (replace only that version). */
export function checkWriteConditions(req: IncomingMessage, key: string, existing: StoredObject | undefined) {
  const ifNoneMatch = header(req, 'if-none-match');
  const ifMatch = header(req, 'if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*')
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, {
      Header: 'If-None-Match',
    });
  if (ifNoneMatch !== undefined && existing) throw preconditionFailed('If-None-Match');
  if (ifMatch !== undefined && !existing) throw noSuchKey(key);
  if (ifMatch !== undefined && existing && !etagMatches(ifMatch, existing.etag)) throw preconditionFailed('If-Match');
}
