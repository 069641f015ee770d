// The canonical request of AWS Signature Version 4: the one text both sides build from a request,
// byte for byte, before hashing it. Pure string work, written from the SigV4 specification
// ("Create a canonical request"); the hashing and keys are in sigv4.ts.
import { encodeRfc3986 } from './uri-encode';

/** A request as SigV4 sees it: the parts of an HTTP request that the signature covers. */
export interface SigV4Request {
  method: string;
  /** The Host header: host, and :port when the URL has one. */
  host: string;
  /** The path as on the request line, percent-encoded once as sent (URL.pathname). */
  path: string;
  /** The query as decoded name-value pairs; a name may repeat, and either side may be empty. */
  query: [string, string][];
  /** The headers to send and sign; `host` is taken from {@link SigV4Request.host}. */
  headers: Record<string, string>;
  /** A string body is hashed into the signature unless x-amz-content-sha256 gives the hash. */
  body?: string;
}

/**
 * Headers never signed, as the AWS SDKs leave them out: hop-by-hop and proxy headers that change
 * on the way, ones the browser sets or rewrites (user-agent, referer, sec-*), and Authorization,
 * which carries the signature.
 */
const UNSIGNED =
  /^(?:authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|proxy-.*|sec-.*)$/;

/** The request of a URL: its path as sent, its query decoded into pairs, its host. */
export const requestOf = (method: string, url: URL, headers: Record<string, string>, body?: string): SigV4Request => ({
  method,
  host: url.host,
  path: url.pathname,
  query: Array.from(url.searchParams),
  headers,
  body,
});

/**
 * The canonical URI. S3 signs the path as sent (`escapePath` false): no normalising, no second
 * encoding, so a key like `a/../b` or `a%2Fb` is signed as it is. Every other service normalises
 * the path (empty and `.` segments dropped, `..` removes the one before) and encodes each segment
 * again, so `/a%20b` is signed as `/a%2520b`.
 */
export function canonicalPath(path: string, escapePath: boolean): string {
  if (!escapePath) return path;
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '..') segments.pop();
    else if (s && s !== '.') segments.push(s);
  }
  const end = segments.length && path.endsWith('/') ? '/' : '';
  return (path.startsWith('/') ? '/' : '') + segments.map(encodeRfc3986).join('/') + end;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical query: each pair RFC 3986-encoded, sorted by encoded name, then by encoded value. */
export const canonicalQuery = (query: [string, string][]): string =>
  query
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
    .sort(([k1, v1], [k2, v2]) => byCodePoint(k1, k2) || byCodePoint(v1, v2))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

/**
 * The signed headers, as lowercase name to canonical value (runs of spaces, tabs and line breaks
 * made one space, then trimmed), Host included; the names sorted.
 */
export function canonicalHeaders(host: string, headers: Record<string, string>): [string, string][] {
  // A Map, not an object: a header may be named __proto__.
  const signed = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (!UNSIGNED.test(n)) signed.set(n, value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, ''));
  }
  signed.set('host', host);
  return [...signed].sort(([a], [b]) => byCodePoint(a, b));
}

/** The signed header names as SigV4 lists them: `host;x-amz-date`. */
export const signedHeaderNames = (headers: [string, string][]): string => headers.map(([n]) => n).join(';');

/** The canonical request: method, URI, query, headers, signed header names and payload hash, one per line. */
export const canonicalRequest = (
  r: SigV4Request,
  headers: [string, string][],
  payloadHash: string,
  escapePath: boolean,
  query = r.query,
): string =>
  [
    r.method,
    canonicalPath(r.path, escapePath),
    canonicalQuery(query),
    headers.map(([n, v]) => `${n}:${v}\n`).join(''),
    signedHeaderNames(headers),
    payloadHash,
  ].join('\n');
