// The local stack's own AWS Signature Version 4 verifier, on node:crypto only. It deliberately
// shares no code with the kit's signer (src/shared/sigv4.ts): a mistake copied into both
// sides would verify its own signatures and still fail against AWS.
//
// Feed it the request as it came off the wire: the raw path and query (still percent-encoded;
// split req.url yourself — WHATWG URL's pathname resolves '..' and re-encodes, which changes an S3 key),
// the headers with lower-case names (node:http's `req.headersDistinct` keeps repeated headers
// apart, which SigV4 joins with ','; `req.headers` has already joined them with ', '), and the
// body when there is one.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  ALGORITHM,
  canonicalRequest,
  credentialScope,
  lowerCaseKeys,
  percentDecode,
  sha256Hex,
  SIGNATURE_PARAM,
  signature,
  signingKey,
  splitQuery,
  stringToSign,
  type SigV4Headers,
} from './canonical';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const STREAMING_PAYLOADS = new Set([
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);
const MAX_EXPIRES_SECONDS = 604_800;
const DEFAULT_MAX_SKEW_MS = 15 * 60_000;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const QUERY_AUTH_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];

export interface SigV4Request {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The raw query string without '?'. */
  query: string;
  /** Lower-case names, as node:http gives them. */
  headers: SigV4Headers;
  body?: Uint8Array | string;
}

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface VerifyOptions {
  lookup(accessKeyId: string): SigV4Credentials | undefined;
  /** The service this endpoint is, as it must appear in the credential scope ('sts', 's3'). */
  service: string;
  now: Date;
  /** true for every service but S3, whose object keys may hold '//' and '..'. */
  normalizePath: boolean;
  /** When set, the credential scope must name this region. */
  region?: string;
  /** How far the header form's x-amz-date may be from `now`; default 15 minutes, as AWS. */
  maxSkewMs?: number;
}

export interface VerifySuccess {
  ok: true;
  accessKeyId: string;
  region: string;
  service: string;
  signedAt: Date;
  presigned: boolean;
  expiresAt?: Date;
  /** The hash the signature covers: hex, UNSIGNED-PAYLOAD or STREAMING-*; the caller checks streamed bodies. */
  payloadHash: string;
  signedHeaders: string[];
}

export interface VerifyFailure {
  ok: false;
  /** The AWS error code. */
  code: string;
  /** AWS's wording. */
  message: string;
  /** On SignatureDoesNotMatch, as AWS puts them in its S3 error body. */
  canonicalRequest?: string;
  stringToSign?: string;
  /** On AccessDenied for unsigned headers, as S3's <HeadersNotSigned>. */
  headersNotSigned?: string[];
}

export type VerifyResult = VerifySuccess | VerifyFailure;

interface AuthParams {
  form: 'header' | 'query';
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  expiresSeconds?: number;
}

// ---------------------------------------------------------------- reading the auth parameters

function fail(code: string, message: string): VerifyFailure {
  return { ok: false, code, message };
}

function isFailure(x: unknown): x is VerifyFailure {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

/** S3 words a bad credential differently for the two forms. */
function malformed(form: AuthParams['form'], detail: string): VerifyFailure {
  return form === 'header'
    ? fail('AuthorizationHeaderMalformed', `The authorization header is malformed; ${detail}`)
    : fail('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${detail}`);
}

/** A header that must occur once: repeats make it ambiguous, so they count as absent. */
function single(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  return value.length === 1 ? value[0] : undefined;
}

const utf8 = new TextDecoder();

/** Decoded query parameters by decoded name, for reading X-Amz-*; the canonical query uses the raw string. */
function queryParams(rawQuery: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [k, v] of splitQuery(rawQuery)) {
    const name = utf8.decode(percentDecode(k));
    params.set(name, [...(params.get(name) ?? []), utf8.decode(percentDecode(v))]);
  }
  return params;
}

export function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20150231 over to March; a real date prints back the same.
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '') === value ? date : undefined;
}

function readCredential(
  form: AuthParams['form'],
  credential: string,
  signedHeaders: string,
  sig: string,
  amzDate: string,
): AuthParams | VerifyFailure {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]) || parts.some((p) => !p)) {
    return malformed(form, 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const names = signedHeaders.split(';');
  if (!names.every((n) => HEADER_NAME.test(n))) {
    return malformed(form, `SignedHeaders is mal-formed: "${signedHeaders}"; expecting lower-case header names separated by ';'.`);
  }
  const [accessKeyId, date, region, service] = parts;
  return { form, accessKeyId, date, region, service, signedHeaders: names, signature: sig, amzDate };
}

/** "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (', ' or ',' between). */
function readHeaderAuth(authorization: string, headers: SigV4Headers): AuthParams | VerifyFailure {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) return fail('InvalidArgument', 'Unsupported Authorization Type');
  const fields = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((n) => !fields.get(n));
  if (missing.length > 0) {
    return fail('IncompleteSignature', missing.map((n) => `Authorization header requires '${n}' parameter.`).join(' '));
  }
  const amzDate = single(headers['x-amz-date']);
  if (amzDate === undefined || !parseAmzDate(amzDate)) {
    return fail('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  return readCredential('header', fields.get('Credential')!, fields.get('SignedHeaders')!, fields.get('Signature')!, amzDate);
}

function readQueryAuth(params: Map<string, string[]>): AuthParams | VerifyFailure {
  const get = (name: string) => params.get(name)?.[0];
  if (QUERY_AUTH_PARAMS.some((n) => params.get(n)?.length !== 1)) {
    return fail(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (get('X-Amz-Algorithm') !== ALGORITHM) {
    return fail('AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  }
  const amzDate = get('X-Amz-Date')!;
  if (!parseAmzDate(amzDate)) {
    return fail('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  const expires = get('X-Amz-Expires')!;
  if (!/^\d{1,7}$/.test(expires)) return fail('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  if (Number(expires) > MAX_EXPIRES_SECONDS) {
    return fail('AuthorizationQueryParametersError', `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);
  }
  const auth = readCredential('query', get('X-Amz-Credential')!, get('X-Amz-SignedHeaders')!, get(SIGNATURE_PARAM)!, amzDate);
  return isFailure(auth) ? auth : { ...auth, expiresSeconds: Number(expires) };
}

function readAuth(headers: SigV4Headers, params: Map<string, string[]>): AuthParams | VerifyFailure {
  const authorization = headers.authorization;
  const inQuery = ['X-Amz-Algorithm', 'X-Amz-Credential', SIGNATURE_PARAM].some((n) => params.has(n));
  if (authorization !== undefined && inQuery) {
    return fail(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }
  if (authorization !== undefined) {
    const value = single(authorization);
    return value === undefined ? fail('InvalidArgument', 'Only one Authorization header is allowed') : readHeaderAuth(value, headers);
  }
  if (inQuery) return readQueryAuth(params);
  return fail('MissingAuthenticationToken', 'Request is missing Authentication Token');
}

// ---------------------------------------------------------------- checks

function checkScope(auth: AuthParams, opts: VerifyOptions): VerifyFailure | undefined {
  if (auth.date !== auth.amzDate.slice(0, 8)) {
    return malformed(
      auth.form,
      `Invalid credential date "${auth.date}". This date is not the same as X-Amz-Date: "${auth.amzDate.slice(0, 8)}".`,
    );
  }
  if (opts.region !== undefined && auth.region !== opts.region) {
    return malformed(auth.form, `the region '${auth.region}' is wrong; expecting '${opts.region}'`);
  }
  if (auth.service !== opts.service) {
    return malformed(auth.form, `incorrect service "${auth.service}". This endpoint belongs to "${opts.service}".`);
  }
  return undefined;
}

function checkTime(auth: AuthParams, signedAt: Date, opts: VerifyOptions): VerifyFailure | undefined {
  const now = opts.now.getTime();
  const skew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (auth.form === 'header') {
    return Math.abs(now - signedAt.getTime()) > skew
      ? fail('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.')
      : undefined;
  }
  if (signedAt.getTime() - now > skew) return fail('AccessDenied', 'Request is not yet valid');
  if (now > signedAt.getTime() + auth.expiresSeconds! * 1000) return fail('AccessDenied', 'Request has expired');
  return undefined;
}

/** Host and every x-amz-* header sent must be signed, or a proxy could add or change them. */
function checkUnsigned(auth: AuthParams, headers: SigV4Headers): VerifyFailure | undefined {
  const unsigned = Object.keys(headers)
    .filter((n) => (n === 'host' || n.startsWith('x-amz-')) && !auth.signedHeaders.includes(n))
    .sort();
  if (unsigned.length === 0) return undefined;
  return { ...fail('AccessDenied', 'There were headers present in the request which were not signed'), headersNotSigned: unsigned };
}

/** Compares secrets through their hashes so that neither the content nor the length leaks by timing. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Temporary credentials are only good with their own session token; long-term ones with none.
 * The token is signed either way: in the query it is part of the canonical query, and a header
 * is caught by checkUnsigned first.
 */
function checkToken(headers: SigV4Headers, params: Map<string, string[]>, creds: SigV4Credentials): VerifyFailure | undefined {
  const header = headers['x-amz-security-token'];
  const presented = [...(header === undefined ? [] : ([] as string[]).concat(header)), ...(params.get('X-Amz-Security-Token') ?? [])];
  const expected = creds.sessionToken || undefined;
  const valid = expected === undefined ? presented.length === 0 : presented.length > 0 && presented.every((t) => sameSecret(t, expected));
  return valid ? undefined : fail('InvalidToken', 'The security token included in the request is invalid');
}

function claimedPayloadHash(headers: SigV4Headers, params: Map<string, string[]>, form: AuthParams['form']) {
  // The AWS SDK's S3 presigner hoists x-amz-content-sha256 into the query.
  const fromQuery = [...params].find(([name]) => name.toLowerCase() === 'x-amz-content-sha256')?.[1][0];
  const claimed = single(headers['x-amz-content-sha256']) ?? (form === 'query' ? fromQuery : undefined);
  if (claimed === undefined || SHA256_HEX.test(claimed) || claimed === UNSIGNED_PAYLOAD || STREAMING_PAYLOADS.has(claimed)) {
    return claimed;
  }
  return fail(
    'InvalidArgument',
    `x-amz-content-sha256 must be ${UNSIGNED_PAYLOAD}, ${[...STREAMING_PAYLOADS].join(', ')}, or a valid sha256 value.`,
  );
}

/** S3 presigned URLs are signed without the payload; other services hash the body, presigned or not. */
function defaultPayloadHash(req: SigV4Request, form: AuthParams['form'], service: string): string {
  if (form === 'query' && service === 's3') return UNSIGNED_PAYLOAD;
  return sha256Hex(req.body ?? '');
}

function sameSignature(expectedHex: string, givenHex: string): boolean {
  return SHA256_HEX.test(givenHex) && timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

function expectedSignature(
  req: SigV4Request,
  headers: SigV4Headers,
  auth: AuthParams,
  creds: SigV4Credentials,
  payloadHash: string,
  normalizePath: boolean,
) {
  const canonical = canonicalRequest({
    method: req.method,
    path: req.path,
    query: req.query,
    headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
    normalizePath,
    presigned: auth.form === 'query',
  });
  const toSign = stringToSign(auth.amzDate, credentialScope(auth.date, auth.region, auth.service), canonical);
  const key = signingKey(creds.secretAccessKey, auth.date, auth.region, auth.service);
  return { canonicalRequest: canonical, stringToSign: toSign, signature: signature(key, toSign) };
}

// ---------------------------------------------------------------- verify

/**
 * Verifies a SigV4 request in either form. Checks, in order: the auth parameters are well formed,
 * the access key is known, the scope matches x-amz-date/region/service, the time (skew, or a
 * presigned URL's validity), host and x-amz-* headers are signed, the session token belongs to the
 * key, then the signature (constant time) and last a hex x-amz-content-sha256 against the body.
 */
export function verifySigV4(req: SigV4Request, opts: VerifyOptions): VerifyResult {
  const headers = lowerCaseKeys(req.headers);
  const params = queryParams(req.query);
  const auth = readAuth(headers, params);
  if (isFailure(auth)) return auth;
  const creds = opts.lookup(auth.accessKeyId);
  if (!creds) return fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const signedAt = parseAmzDate(auth.amzDate)!;
  const problem =
    checkScope(auth, opts) ?? checkTime(auth, signedAt, opts) ?? checkUnsigned(auth, headers) ?? checkToken(headers, params, creds);
  if (problem) return problem;
  const claimed = claimedPayloadHash(headers, params, auth.form);
  if (isFailure(claimed)) return claimed;
  const payloadHash = claimed ?? defaultPayloadHash(req, auth.form, opts.service);

  const signed = expectedSignature(req, headers, auth, creds, payloadHash, opts.normalizePath);
  if (!sameSignature(signed.signature, auth.signature)) {
    return {
      ...fail(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      ),
      canonicalRequest: signed.canonicalRequest,
      stringToSign: signed.stringToSign,
    };
  }
  // Like S3, the body is checked against its claimed hash only once the signature holds.
  if (claimed !== undefined && SHA256_HEX.test(claimed) && req.body !== undefined && sha256Hex(req.body) !== claimed) {
    return fail('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    region: auth.region,
    service: auth.service,
    signedAt,
    presigned: auth.form === 'query',
    expiresAt: auth.form === 'query' ? new Date(signedAt.getTime() + auth.expiresSeconds! * 1000) : undefined,
    payloadHash,
    signedHeaders: auth.signedHeaders,
  };
}
