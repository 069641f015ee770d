// SigV4's canonical form, for the local stack's verifier (sigv4.ts): RFC 3986 encoding, the
// canonical URI, query and headers, the canonical request, the string to sign and the key
// derivation. Written from the SigV4 specification; it shares no code with @smithy/signature-v4.
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** The presigned form's signature parameter, which its own canonical query leaves out. */
export const SIGNATURE_PARAM = 'X-Amz-Signature';

export type SigV4Headers = Record<string, string | string[] | undefined>;

// ---------------------------------------------------------------- encoding

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
  );
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

/** RFC 3986 encoding of every UTF-8 byte but the unreserved ones (and '/' when keepSlash). */
export function uriEncode(value: string | Uint8Array, keepSlash = false): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '';
  for (const b of bytes) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Percent-decodes to bytes. Works on bytes, not code points, so a key that is not valid UTF-8
 * still round-trips; a '%' without two hex digits stays literal. '+' stays '+': SigV4 uses
 * RFC 3986, not form encoding.
 */
export function percentDecode(value: string): Uint8Array {
  const src = Buffer.from(value, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x25 && isHex(src[i + 1]) && isHex(src[i + 2])) {
      out.push(parseInt(String.fromCharCode(src[i + 1], src[i + 2]), 16));
      i += 2;
    } else {
      out.push(src[i]);
    }
  }
  return Uint8Array.from(out);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---------------------------------------------------------------- canonical request

/**
 * The canonical URI. Non-S3 services: the path is normalised (dot segments and empty segments
 * removed, as the AWS SDKs do — which differs from RFC 3986 §5.2.4 in dropping '//' and not keeping
 * a trailing '/' after a final '..') and then encoded as a whole, so '%' in the sent path becomes
 * '%25' ("double encoding"). S3: not normalised, each segment encoded once — decoding first makes
 * a properly encoded key come out as sent and a raw '$' or ' ' as AWS encodes it.
 */
export function canonicalUri(rawPath: string, normalizePath: boolean): string {
  const path = rawPath || '/';
  if (!normalizePath)
    return path
      .split('/')
      .map((segment) => uriEncode(percentDecode(segment)))
      .join('/');
  return uriEncode(removeDotSegments(path), true);
}

function removeDotSegments(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  const trailing = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${kept.join('/')}${trailing}`;
}

export function splitQuery(rawQuery: string): [string, string][] {
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    });
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical query: every pair re-encoded (decode, then RFC 3986), sorted by key then value
 * (all ASCII after encoding, so code-unit order is byte order), bare keys as 'key='.
 */
export function canonicalQuery(rawQuery: string, omitKey?: string): string {
  return splitQuery(rawQuery)
    .map(([k, v]) => [uriEncode(percentDecode(k)), uriEncode(percentDecode(v))] as const)
    .filter(([k]) => k !== omitKey)
    .sort(([ak, av], [bk, bv]) => byCodeUnit(ak, bk) || byCodeUnit(av, bv))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Trimmed, runs of whitespace folded to one space (also an obs-fold line break), repeats joined with ','. */
export function canonicalHeaderValue(value: string | string[]): string {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => v.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '')).join(',');
}

export function lowerCaseKeys(headers: SigV4Headers): SigV4Headers {
  const out: SigV4Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const prior = out[key];
    out[key] = prior === undefined ? value : ([] as string[]).concat(prior, value);
  }
  return out;
}

/** One 'name:value\n' line per signed header, in the order given. */
export function canonicalHeaders(headers: SigV4Headers, signedHeaders: readonly string[]): string {
  const lower = lowerCaseKeys(headers);
  return signedHeaders.map((name) => `${name}:${canonicalHeaderValue(lower[name] ?? '')}\n`).join('');
}

export interface CanonicalRequestInput {
  method: string;
  path: string;
  query: string;
  headers: SigV4Headers;
  signedHeaders: readonly string[];
  payloadHash: string;
  normalizePath: boolean;
  /** Query form: X-Amz-Signature is left out of the canonical query. */
  presigned?: boolean;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  return [
    input.method,
    canonicalUri(input.path, input.normalizePath),
    canonicalQuery(input.query, input.presigned ? SIGNATURE_PARAM : undefined),
    canonicalHeaders(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}
