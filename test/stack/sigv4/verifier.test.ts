// The local stack's SigV4 verifier (stack/sigv4/verifier.ts): requests signed here by hand in both
// forms pass, each kind of breakage fails with AWS's error code, and requests signed by
// @smithy/signature-v4 (the AWS SDK's signer, a third party allowed in this test) verify. The published vectors are
// in conformance/sigv4.conformance.test.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-browser';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  signature,
  signingKey,
  stringToSign,
} from '../../../stack/sigv4/canonical';
import {
  UNSIGNED_PAYLOAD,
  verifySigV4,
  type SigV4Credentials,
  type SigV4Request,
  type VerifyOptions,
  type VerifyResult,
} from '../../../stack/sigv4/verifier';

// expect.stringContaining and stringMatching are typed any; these keep the objects around them typed.
const containing = (s: string) => expect.stringContaining(s) as string;
const matching = (r: RegExp) => expect.stringMatching(r) as string;

const KEYS: SigV4Credentials = { accessKeyId: 'AKIDSTACKEXAMPLE', secretAccessKey: 'stack/Secret+Key/For/Tests0000000000000000' };
const TEMP: SigV4Credentials = {
  accessKeyId: 'ASIASTACKEXAMPLE',
  secretAccessKey: 'temp/Secret+Key/For/Tests1111111111111111',
  sessionToken: 'IQoJb3JpZ2luX2VjE/session+token==',
};
const NOW = new Date('2024-05-01T10:00:00Z');
const HOST = '127.0.0.1:4566';
const MINUTE = 60_000;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const amzDate = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '');
/** RFC 3986, as AWS clients encode: encodeURIComponent leaves !'()* alone. */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function options(over: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    lookup: (id) => [KEYS, TEMP].find((c) => c.accessKeyId === id),
    service: 'sts',
    now: NOW,
    normalizePath: true,
    ...over,
  };
}

// ---------------------------------------------------------------- hand-made signing

interface Draft {
  method: string;
  path: string;
  query?: string;
  headers: Record<string, string | string[]>;
  body?: string;
}

interface SignAs {
  service?: string;
  region?: string;
  at?: Date;
  normalizePath?: boolean;
  /** Default: every header of the draft. */
  signedHeaders?: string[];
  /** Default: the credentials' own token. */
  token?: string | null;
  expires?: number;
}

const STS_POST: Draft = {
  method: 'POST',
  path: '/',
  headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: 'Action=GetCallerIdentity&Version=2011-06-15',
};

const S3_PUT: Draft = {
  method: 'PUT',
  path: '/bucket/photos/a%20b%2Bc.txt',
  headers: { host: HOST, 'x-amz-content-sha256': sha256('hello'), 'content-type': 'text/plain' },
  body: 'hello',
};

function scopeOf(creds: SigV4Credentials, as: SignAs) {
  const date = amzDate(as.at ?? NOW);
  const scope = credentialScope(date.slice(0, 8), as.region ?? 'us-east-1', as.service ?? 'sts');
  const key = signingKey(creds.secretAccessKey, date.slice(0, 8), as.region ?? 'us-east-1', as.service ?? 'sts');
  return { date, scope, key };
}

/** Signs in the Authorization header form, as an SDK would. */
function signHeader(draft: Draft, creds: SigV4Credentials, as: SignAs = {}): SigV4Request {
  const { date, scope, key } = scopeOf(creds, as);
  const token = as.token === undefined ? creds.sessionToken : (as.token ?? undefined);
  const headers: Record<string, string | string[]> = { ...draft.headers, 'x-amz-date': date };
  if (token) headers['x-amz-security-token'] = token;
  const signedHeaders = as.signedHeaders ?? Object.keys(headers).sort();
  const payloadHash = (headers['x-amz-content-sha256'] as string | undefined) ?? sha256(draft.body ?? '');
  const query = draft.query ?? '';
  const creq = canonicalRequest({ ...draft, query, headers, signedHeaders, payloadHash, normalizePath: as.normalizePath ?? true });
  const sig = signature(key, stringToSign(date, scope, creq));
  headers.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
  return { method: draft.method, path: draft.path, query, headers, body: draft.body };
}

/** Signs in the query form (a presigned URL); S3 signs UNSIGNED-PAYLOAD, other services the body. */
function presign(draft: Draft, creds: SigV4Credentials, as: SignAs = {}): SigV4Request {
  const { date, scope, key } = scopeOf(creds, as);
  const token = as.token === undefined ? creds.sessionToken : (as.token ?? undefined);
  const signedHeaders = as.signedHeaders ?? Object.keys(draft.headers).sort();
  const params: [string, string][] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${creds.accessKeyId}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(as.expires ?? 900)],
    ['X-Amz-SignedHeaders', signedHeaders.join(';')],
    ...(token ? [['X-Amz-Security-Token', token] as [string, string]] : []),
  ];
  const query = [draft.query, ...params.map(([k, v]) => `${k}=${rfc3986(v)}`)].filter(Boolean).join('&');
  const payloadHash = as.service === 's3' ? UNSIGNED_PAYLOAD : sha256(draft.body ?? '');
  const creq = canonicalRequest({
    ...draft,
    query,
    signedHeaders,
    payloadHash,
    normalizePath: as.normalizePath ?? true,
    presigned: true,
  });
  const sig = signature(key, stringToSign(date, scope, creq));
  return { method: draft.method, path: draft.path, query: `${query}&X-Amz-Signature=${sig}`, headers: draft.headers, body: draft.body };
}

function withHeaders(req: SigV4Request, headers: Record<string, string | string[] | undefined>): SigV4Request {
  return { ...req, headers: { ...req.headers, ...headers } };
}

function failure(result: VerifyResult) {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

// ---------------------------------------------------------------- builders

describe('SigV4 building blocks', () => {
  it('stay independent of the signer they check: node:crypto and each other are the only imports', () => {
    const importsOf = (file: string) => {
      const source = readFileSync(new URL(`../../../stack/sigv4/${file}`, import.meta.url), 'utf8');
      return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    };
    expect(importsOf('verifier.ts')).toEqual(['node:crypto', './canonical']);
    expect(importsOf('canonical.ts')).toEqual(['node:crypto']);
  });

  it('derives the signing key of the AWS General Reference example', () => {
    // "Examples of how to derive a signing key for Signature Version 4" (iam, 20120215).
    expect(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex')).toBe(
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });

  it('normalises and double-encodes the path for services other than S3', () => {
    expect(canonicalUri('', true)).toBe('/');
    expect(canonicalUri('/a/./b/../c//d/', true)).toBe('/a/c/d/');
    expect(canonicalUri('/a/b/..', true)).toBe('/a');
    expect(canonicalUri('/../..', true)).toBe('/');
    expect(canonicalUri('/a%20b/$x', true)).toBe('/a%2520b/%24x');
    expect(canonicalUri('/ü', true)).toBe('/%C3%BC');
  });

  it('encodes an S3 path once and keeps its dots, empty segments and encoded slashes', () => {
    expect(canonicalUri('/bucket/a%20b/..//./c', false)).toBe('/bucket/a%20b/..//./c');
    expect(canonicalUri('/test$file.text', false)).toBe('/test%24file.text');
    expect(canonicalUri('/k%2Fx/%2b%7E', false)).toBe('/k%2Fx/%2B~');
    expect(canonicalUri('/%C3%BC/ü', false)).toBe('/%C3%BC/%C3%BC');
    expect(canonicalUri('/100%', false)).toBe('/100%25');
  });

  it('sorts the query by key then value, re-encodes it and writes bare keys as key=', () => {
    expect(canonicalQuery('b=2&a=1&a=0&c')).toBe('a=0&a=1&b=2&c=');
    expect(canonicalQuery('k=a+b&j=a%20b&i=%7e&h=%2f/')).toBe('h=%2F%2F&i=~&j=a%20b&k=a%2Bb');
    expect(canonicalQuery('B=1&a=1&_=1')).toBe('B=1&_=1&a=1');
    expect(canonicalQuery('X-Amz-Signature=abc&x=1', 'X-Amz-Signature')).toBe('x=1');
    expect(canonicalQuery('')).toBe('');
  });

  it('trims header values, folds whitespace runs and joins repeats with a comma', () => {
    expect(canonicalHeaderValue('  a   b\t c  ')).toBe('a b c');
    expect(canonicalHeaderValue(['x', ' y ', 'z  z'])).toBe('x,y,z z');
  });
});

// ---------------------------------------------------------------- header form

describe('verifySigV4: Authorization header form', () => {
  it('accepts a signed STS POST and reports who signed it', () => {
    const result = verifySigV4(signHeader(STS_POST, KEYS), options());
    expect(result).toEqual({
      ok: true,
      accessKeyId: KEYS.accessKeyId,
      region: 'us-east-1',
      service: 'sts',
      signedAt: NOW,
      presigned: false,
      expiresAt: undefined,
      payloadHash: sha256(STS_POST.body!),
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
    });
  });

  it('accepts a signed S3 PUT, whose path is not normalised', () => {
    const req = signHeader({ ...S3_PUT, path: '/bucket/a//b/../c' }, KEYS, { service: 's3', normalizePath: false });
    expect(verifySigV4(req, options({ service: 's3', normalizePath: false }))).toMatchObject({ ok: true, payloadHash: sha256('hello') });
    // The same request read as a normalising service means another resource.
    expect(verifySigV4(req, options({ service: 's3', normalizePath: true }))).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('rejects a wrong secret, showing the canonical request and string to sign but never the secret', () => {
    const forged = signHeader(STS_POST, { ...KEYS, secretAccessKey: 'not-the-secret' });
    const result = failure(verifySigV4(forged, options()));
    expect(result.code).toBe('SignatureDoesNotMatch');
    expect(result.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    expect(result.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/x-www-form-urlencoded; charset=utf-8',
        `host:${HOST}`,
        `x-amz-date:${amzDate(NOW)}`,
        '',
        'content-type;host;x-amz-date',
        sha256(STS_POST.body!),
      ].join('\n'),
    );
    expect(result.stringToSign).toBe(
      `AWS4-HMAC-SHA256\n${amzDate(NOW)}\n20240501/us-east-1/sts/aws4_request\n${sha256(result.canonicalRequest!)}`,
    );
    expect(JSON.stringify(result)).not.toContain(KEYS.secretAccessKey);
  });

  it('rejects an unknown access key', () => {
    const req = signHeader(STS_POST, { ...KEYS, accessKeyId: 'AKIDUNKNOWN' });
    expect(verifySigV4(req, options())).toEqual({
      ok: false,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    });
  });

  it.each([
    ['a signed header', (r: SigV4Request) => withHeaders(r, { 'content-type': 'text/plain' })],
    ['the query', (r: SigV4Request) => ({ ...r, query: 'Action=DeleteEverything' })],
    ['the path', (r: SigV4Request) => ({ ...r, path: '/other' })],
    ['the method', (r: SigV4Request) => ({ ...r, method: 'PUT' })],
    ['the body', (r: SigV4Request) => ({ ...r, body: 'Action=GetCallerIdentity&Version=2011-06-16' })],
    ['a missing body', (r: SigV4Request) => ({ ...r, body: undefined })],
    ['a missing signed header', (r: SigV4Request) => withHeaders(r, { 'content-type': undefined })],
    [
      'a repeated signed header',
      (r: SigV4Request) => withHeaders(r, { 'content-type': ['application/x-www-form-urlencoded; charset=utf-8', 'x'] }),
    ],
  ])('rejects a tampered request: %s', (_, tamper) => {
    const req = signHeader({ ...STS_POST, query: 'Action=GetCallerIdentity' }, KEYS);
    expect(verifySigV4(req, options())).toMatchObject({ ok: true });
    expect(verifySigV4(tamper(req), options())).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('rejects a signature that is not 64 lower-case hex digits', () => {
    const req = signHeader(STS_POST, KEYS);
    const auth = req.headers.authorization as string;
    const sig = auth.slice(-64);
    for (const bad of [sig.toUpperCase(), sig.slice(0, 62), `${sig}00`, '']) {
      const changed = withHeaders(req, { authorization: auth.replace(sig, bad) });
      const expected = bad === '' ? 'IncompleteSignature' : 'SignatureDoesNotMatch';
      expect(verifySigV4(changed, options())).toMatchObject({ ok: false, code: expected });
    }
  });

  it('checks an S3 body against its signed x-amz-content-sha256 once the signature holds', () => {
    const req = signHeader(S3_PUT, KEYS, { service: 's3', normalizePath: false });
    const s3 = options({ service: 's3', normalizePath: false });
    expect(verifySigV4({ ...req, body: 'HELLO' }, s3)).toEqual({
      ok: false,
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
    // Without the body (a streaming server checks it later) the claim is what the signature covers.
    expect(verifySigV4({ ...req, body: undefined }, s3)).toMatchObject({ ok: true, payloadHash: sha256('hello') });
  });

  it('takes UNSIGNED-PAYLOAD and STREAMING-* as given, and refuses other hash claims', () => {
    const s3 = options({ service: 's3', normalizePath: false });
    for (const claim of [UNSIGNED_PAYLOAD, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']) {
      const draft = { ...S3_PUT, headers: { ...S3_PUT.headers, 'x-amz-content-sha256': claim } };
      const req = signHeader(draft, KEYS, { service: 's3', normalizePath: false });
      expect(verifySigV4({ ...req, body: 'anything' }, s3)).toMatchObject({ ok: true, payloadHash: claim });
    }
    for (const claim of ['abc', sha256('hello').toUpperCase(), 'STREAMING-NONSENSE']) {
      const draft = { ...S3_PUT, headers: { ...S3_PUT.headers, 'x-amz-content-sha256': claim } };
      const req = signHeader(draft, KEYS, { service: 's3', normalizePath: false });
      expect(verifySigV4(req, s3)).toMatchObject({ ok: false, code: 'InvalidArgument' });
    }
  });

  it('requires host and every x-amz-* header to be signed', () => {
    const req = signHeader(STS_POST, KEYS);
    expect(verifySigV4(withHeaders(req, { 'x-amz-meta-owner': 'mallory', 'x-other': 'fine' }), options())).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: 'There were headers present in the request which were not signed',
      headersNotSigned: ['x-amz-meta-owner'],
    });
    const hostUnsigned = signHeader(STS_POST, KEYS, { signedHeaders: ['content-type', 'x-amz-date'] });
    expect(verifySigV4(hostUnsigned, options())).toMatchObject({ code: 'AccessDenied', headersNotSigned: ['host'] });
  });

  it('joins repeated headers with a comma, as the signer does', () => {
    const req = signHeader({ ...STS_POST, headers: { ...STS_POST.headers, 'x-tag': ['b', ' a '] } }, KEYS);
    expect(verifySigV4(req, options())).toMatchObject({ ok: true });
    // node's req.headers would have joined them as 'b,  a ' — a different canonical value.
    expect(verifySigV4(withHeaders(req, { 'x-tag': 'b, a' }), options())).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it.each([
    ['16 minutes early', -16 * MINUTE, 'RequestTimeTooSkewed'],
    ['16 minutes late', 16 * MINUTE, 'RequestTimeTooSkewed'],
    ['14 minutes early', -14 * MINUTE, undefined],
    ['14 minutes late', 14 * MINUTE, undefined],
  ])('checks the request time: signed %s', (_, offset, code) => {
    const req = signHeader(STS_POST, KEYS, { at: new Date(NOW.getTime() + offset) });
    const result = verifySigV4(req, options());
    if (code === undefined) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, code, message: 'The difference between the request time and the current time is too large.' });
  });

  it('honours a tighter maxSkewMs', () => {
    const req = signHeader(STS_POST, KEYS, { at: new Date(NOW.getTime() - 2 * MINUTE) });
    expect(verifySigV4(req, options({ maxSkewMs: MINUTE }))).toMatchObject({ code: 'RequestTimeTooSkewed' });
  });

  it('checks the credential scope against x-amz-date, the region and the service', () => {
    const req = signHeader(STS_POST, KEYS);
    const otherDay = withHeaders(req, { 'x-amz-date': '20240502T100000Z' });
    expect(verifySigV4(otherDay, options({ maxSkewMs: 2 * 86_400_000 }))).toMatchObject({
      code: 'AuthorizationHeaderMalformed',
      message: containing('Invalid credential date "20240501"'),
    });
    expect(verifySigV4(req, options({ region: 'eu-west-1' }))).toEqual({
      ok: false,
      code: 'AuthorizationHeaderMalformed',
      message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
    });
    expect(verifySigV4(req, options({ region: 'us-east-1' }))).toMatchObject({ ok: true });
    expect(verifySigV4(req, options({ service: 's3' }))).toMatchObject({
      code: 'AuthorizationHeaderMalformed',
      message: 'The authorization header is malformed; incorrect service "sts". This endpoint belongs to "s3".',
    });
  });

  it.each([
    [
      'no Signature',
      (a: string) => a.replace(/, Signature=.*/, ''),
      'IncompleteSignature',
      "Authorization header requires 'Signature' parameter.",
    ],
    [
      'no SignedHeaders nor Signature',
      (a: string) => a.replace(/, SignedHeaders=.*/, ''),
      'IncompleteSignature',
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    ],
    [
      'a short Credential',
      (a: string) => a.replace('/us-east-1/sts', '/sts'),
      'AuthorizationHeaderMalformed',
      containing('the Credential is mal-formed'),
    ],
    [
      'a Credential not ending aws4_request',
      (a: string) => a.replace('aws4_request', 'aws5_request'),
      'AuthorizationHeaderMalformed',
      containing('the Credential is mal-formed'),
    ],
    [
      'upper-case SignedHeaders',
      (a: string) => a.replace('content-type;host', 'Content-Type;host'),
      'AuthorizationHeaderMalformed',
      containing('SignedHeaders'),
    ],
    [
      'another algorithm',
      (a: string) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'),
      'InvalidArgument',
      'Unsupported Authorization Type',
    ],
    ['SigV2', () => 'AWS AKIDSTACKEXAMPLE:c2lnbmF0dXJl', 'InvalidArgument', 'Unsupported Authorization Type'],
  ])('rejects a malformed Authorization header: %s', (_, change, code, message) => {
    const req = signHeader(STS_POST, KEYS);
    const changed = withHeaders(req, { authorization: change(req.headers.authorization as string) });
    expect(verifySigV4(changed, options())).toEqual({ ok: false, code, message });
  });

  it('requires a valid x-amz-date', () => {
    const req = signHeader(STS_POST, KEYS);
    for (const date of [undefined, '2024-05-01T10:00:00Z', '20240231T100000Z', ['20240501T100000Z', '20240501T100000Z']]) {
      expect(verifySigV4(withHeaders(req, { 'x-amz-date': date }), options())).toEqual({
        ok: false,
        code: 'AccessDenied',
        message: 'AWS authentication requires a valid Date or x-amz-date header',
      });
    }
  });

  it('asks for authentication when there is none, and refuses two mechanisms at once', () => {
    const { authorization: _auth, ...headers } = signHeader(STS_POST, KEYS).headers;
    expect(verifySigV4({ ...STS_POST, query: '', headers }, options())).toEqual({
      ok: false,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    });
    const both = { ...signHeader(STS_POST, KEYS), query: presign(STS_POST, KEYS).query };
    expect(verifySigV4(both, options())).toMatchObject({
      ok: false,
      code: 'InvalidArgument',
      message: containing('Only one auth mechanism'),
    });
  });
});

// ---------------------------------------------------------------- session tokens

describe('verifySigV4: session tokens', () => {
  const INVALID = { ok: false, code: 'InvalidToken', message: 'The security token included in the request is invalid' };

  it('accepts temporary credentials with their own token, signed, in either form', () => {
    expect(verifySigV4(signHeader(STS_POST, TEMP), options())).toMatchObject({ ok: true, accessKeyId: TEMP.accessKeyId });
    const url = presign({ method: 'GET', path: '/', query: 'Action=GetCallerIdentity', headers: { host: HOST } }, TEMP);
    expect(url.query).toContain(`X-Amz-Security-Token=${rfc3986(TEMP.sessionToken!)}`);
    expect(verifySigV4(url, options())).toMatchObject({ ok: true, presigned: true });
  });

  it('rejects a wrong or missing token', () => {
    expect(verifySigV4(signHeader(STS_POST, TEMP, { token: 'another-token' }), options())).toEqual(INVALID);
    expect(verifySigV4(signHeader(STS_POST, TEMP, { token: null }), options())).toEqual(INVALID);
    const get = { method: 'GET', path: '/', headers: { host: HOST } };
    expect(verifySigV4(presign(get, TEMP, { token: 'another-token' }), options())).toEqual(INVALID);
    expect(verifySigV4(presign(get, TEMP, { token: null }), options())).toEqual(INVALID);
  });

  it('rejects a token sent with long-term keys', () => {
    expect(verifySigV4(signHeader(STS_POST, KEYS, { token: TEMP.sessionToken }), options())).toEqual(INVALID);
  });

  it('rejects a token added after signing', () => {
    const req = withHeaders(signHeader(STS_POST, TEMP, { token: null }), { 'x-amz-security-token': TEMP.sessionToken });
    expect(verifySigV4(req, options())).toMatchObject({ code: 'AccessDenied', headersNotSigned: ['x-amz-security-token'] });
    const url = presign({ method: 'GET', path: '/', headers: { host: HOST } }, TEMP, { token: null });
    const late = { ...url, query: `${url.query}&X-Amz-Security-Token=${rfc3986(TEMP.sessionToken!)}` };
    expect(verifySigV4(late, options())).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

// ---------------------------------------------------------------- query form

describe('verifySigV4: presigned (query) form', () => {
  const S3_GET: Draft = {
    method: 'GET',
    path: '/bucket/report%202024.pdf',
    query: 'response-content-type=application%2Fpdf',
    headers: { host: HOST },
  };
  const s3 = options({ service: 's3', normalizePath: false });
  const s3Url = (as: SignAs = {}) => presign(S3_GET, KEYS, { service: 's3', normalizePath: false, ...as });

  it('accepts an S3 URL, signed over UNSIGNED-PAYLOAD, until it expires', () => {
    const url = s3Url({ expires: 3600 });
    const at = (ms: number) => verifySigV4(url, { ...s3, now: new Date(NOW.getTime() + ms) });
    expect(at(0)).toEqual({
      ok: true,
      accessKeyId: KEYS.accessKeyId,
      region: 'us-east-1',
      service: 's3',
      signedAt: NOW,
      presigned: true,
      expiresAt: new Date(NOW.getTime() + 3_600_000),
      payloadHash: UNSIGNED_PAYLOAD,
      signedHeaders: ['host'],
    });
    expect(at(3_600_000)).toMatchObject({ ok: true });
    expect(at(3_600_001)).toEqual({ ok: false, code: 'AccessDenied', message: 'Request has expired' });
    // Clock skew does not stretch an expiry: it only applies to URLs from the future.
    expect(at(-16 * MINUTE)).toEqual({ ok: false, code: 'AccessDenied', message: 'Request is not yet valid' });
    expect(at(-14 * MINUTE)).toMatchObject({ ok: true });
  });

  it('accepts a presigned STS URL, whose payload hash is the (empty) body', () => {
    const url = presign({ method: 'GET', path: '/', query: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { host: HOST } }, KEYS);
    expect(verifySigV4(url, options())).toMatchObject({ ok: true, payloadHash: sha256('') });
  });

  it.each([
    ['a changed parameter', (q: string) => q.replace('application%2Fpdf', 'text%2Fhtml')],
    ['an added parameter', (q: string) => `${q}&response-content-disposition=attachment`],
    ['a longer expiry', (q: string) => q.replace('X-Amz-Expires=900', 'X-Amz-Expires=901')],
    ['a dropped parameter', (q: string) => q.replace('response-content-type=application%2Fpdf&', '')],
  ])('rejects a tampered URL: %s', (_, tamper) => {
    const url = s3Url();
    const changed = { ...url, query: tamper(url.query) };
    expect(changed.query).not.toBe(url.query);
    expect(verifySigV4(changed, s3)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('rejects a tampered path, a wrong secret and an unknown key', () => {
    expect(verifySigV4({ ...s3Url(), path: '/bucket/other.pdf' }, s3)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const forged = presign(S3_GET, { ...KEYS, secretAccessKey: 'guess' }, { service: 's3', normalizePath: false });
    expect(verifySigV4(forged, s3)).toMatchObject({
      code: 'SignatureDoesNotMatch',
      canonicalRequest: containing('UNSIGNED-PAYLOAD'),
    });
    const stranger = presign(S3_GET, { ...KEYS, accessKeyId: 'AKIDUNKNOWN' }, { service: 's3', normalizePath: false });
    expect(verifySigV4(stranger, s3)).toMatchObject({ code: 'InvalidAccessKeyId' });
  });

  it('rejects unsigned x-amz-* headers sent along with the URL', () => {
    expect(verifySigV4(withHeaders(s3Url(), { 'x-amz-acl': 'public-read' }), s3)).toMatchObject({
      code: 'AccessDenied',
      headersNotSigned: ['x-amz-acl'],
    });
  });

  it.each([
    [
      'no X-Amz-SignedHeaders',
      (q: string) => q.replace(/&X-Amz-SignedHeaders=[^&]*/, ''),
      'Query-string authentication version 4 requires',
    ],
    ['two X-Amz-Signature', (q: string) => `${q}&X-Amz-Signature=${'0'.repeat(64)}`, 'Query-string authentication version 4 requires'],
    [
      'another algorithm',
      (q: string) => q.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256'),
      'X-Amz-Algorithm only supports',
    ],
    [
      'a bad X-Amz-Date',
      (q: string) => q.replace(/X-Amz-Date=\w+/, 'X-Amz-Date=2024-05-01'),
      'X-Amz-Date must be in the ISO8601 Long Format',
    ],
    ['a non-numeric X-Amz-Expires', (q: string) => q.replace('X-Amz-Expires=900', 'X-Amz-Expires=-5'), 'X-Amz-Expires should be a number'],
    [
      'X-Amz-Expires over a week',
      (q: string) => q.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801'),
      'X-Amz-Expires must be less than a week',
    ],
    [
      'a mal-formed credential',
      (q: string) => q.replace('%2Fus-east-1', ''),
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed',
    ],
  ])('rejects malformed query parameters: %s', (_, change, message) => {
    const url = s3Url();
    expect(verifySigV4({ ...url, query: change(url.query) }, s3)).toEqual({
      ok: false,
      code: 'AuthorizationQueryParametersError',
      message: containing(message),
    });
  });

  it('uses a hoisted X-Amz-Content-Sha256 query parameter as the payload hash', () => {
    const draft = { ...S3_GET, query: `${S3_GET.query}&X-Amz-Content-Sha256=${sha256('x')}` };
    const url = presign(draft, KEYS, { service: 's3', normalizePath: false });
    expect(verifySigV4(url, s3)).toMatchObject({
      code: 'SignatureDoesNotMatch',
      canonicalRequest: matching(new RegExp(`\\n${sha256('x')}$`)),
    });
  });
});

// ---------------------------------------------------------------- the kit's signer

interface SmithyRequest {
  method: string;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

function smithyRequest(method: string, path: string, headers: Record<string, string> = {}, body?: string | Uint8Array): SmithyRequest {
  return { method, protocol: 'http:', hostname: '127.0.0.1', port: 4566, path, query: {}, headers: { host: HOST, ...headers }, body };
}

/** The request as it goes on the wire: the query serialised the way AWS clients do. */
function wire(signed: {
  method: string;
  path: string;
  query?: SmithyRequest['query'];
  headers: Record<string, string>;
  body?: unknown;
}): SigV4Request {
  const query = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => ([] as (string | null)[]).concat(v).map((x) => (x === null ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(x)}`)))
    .join('&');
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: signed.method, path: signed.path, query, headers, body: signed.body as SigV4Request['body'] };
}

function smithySigner(service: string, creds: SigV4Credentials, more: { uriEscapePath?: boolean; applyChecksum?: boolean } = {}) {
  return new SignatureV4({ service, region: 'eu-west-1', credentials: creds, sha256: Sha256, ...more });
}

/** Keys the way the S3 client puts them in the path: each segment RFC 3986-encoded, '/' kept. */
const s3Path = (bucket: string, key: string) => `/${bucket}/${key.split('/').map(rfc3986).join('/')}`;
const AWKWARD_KEY = 'photos/2024 trip/naïve café+100%~ü/€ (1).jpg';

describe('verifySigV4 against @smithy/signature-v4 (the AWS SDK signer)', () => {
  const at = { signingDate: NOW };
  const sts = options({ region: 'eu-west-1' });
  const s3 = options({ service: 's3', normalizePath: false, region: 'eu-west-1' });

  it.each([true, false])('verifies an STS form POST with a session token (applyChecksum %s)', async (applyChecksum) => {
    const req = smithyRequest(
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      'Action=GetCallerIdentity&Version=2011-06-15',
    );
    const signed = await smithySigner('sts', TEMP, { uriEscapePath: true, applyChecksum }).sign(req, at);
    expect('x-amz-content-sha256' in signed.headers).toBe(applyChecksum);
    expect(verifySigV4(wire(signed), sts)).toMatchObject({ ok: true, accessKeyId: TEMP.accessKeyId, region: 'eu-west-1' });
    expect(verifySigV4({ ...wire(signed), body: 'Action=AssumeRole&Version=2011-06-15' }, sts)).toMatchObject({
      ok: false,
      code: applyChecksum ? 'XAmzContentSHA256Mismatch' : 'SignatureDoesNotMatch',
    });
  });

  it('verifies a presigned STS GET, as the kit presigns GetCallerIdentity', async () => {
    const req = { ...smithyRequest('GET', '/'), query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } };
    const signed = await smithySigner('sts', TEMP).presign(req, { ...at, expiresIn: 900 });
    expect(verifySigV4(wire(signed), sts)).toMatchObject({ ok: true, presigned: true, expiresAt: new Date(NOW.getTime() + 900_000) });
  });

  it('verifies an S3 PUT of an awkward key signed with uriEscapePath: false', async () => {
    const body = new TextEncoder().encode('über-content');
    const path = s3Path('bucket', AWKWARD_KEY);
    expect(path).toBe('/bucket/photos/2024%20trip/na%C3%AFve%20caf%C3%A9%2B100%25~%C3%BC/%E2%82%AC%20%281%29.jpg');
    const req = smithyRequest('PUT', path, { 'content-type': 'image/jpeg' }, body);
    const signed = await smithySigner('s3', TEMP, { uriEscapePath: false, applyChecksum: true }).sign(req, at);
    expect(signed.headers['x-amz-content-sha256']).toBe(sha256(body));
    expect(verifySigV4(wire(signed), s3)).toMatchObject({ ok: true, payloadHash: sha256(body) });
    // The same key signed the non-S3 way (double-encoded) is a different canonical URI for S3.
    const doubled = await smithySigner('s3', TEMP, { uriEscapePath: true }).sign(req, at);
    expect(verifySigV4(wire(doubled), s3)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('verifies an S3 presigned GET made the way the SDK presigner does it (UNSIGNED-PAYLOAD hoisted)', async () => {
    const req = smithyRequest('GET', s3Path('bucket', AWKWARD_KEY), { 'x-amz-content-sha256': UNSIGNED_PAYLOAD });
    const signed = await smithySigner('s3', TEMP, { uriEscapePath: false }).presign(req, { ...at, expiresIn: 300 });
    const url = wire(signed);
    expect(url.query).toContain('x-amz-content-sha256=UNSIGNED-PAYLOAD');
    expect(verifySigV4(url, s3)).toMatchObject({ ok: true, presigned: true, payloadHash: UNSIGNED_PAYLOAD });
    expect(verifySigV4(url, { ...s3, now: new Date(NOW.getTime() + 301_000) })).toMatchObject({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('verifies S3 requests whose keys carry dot segments and double slashes', async () => {
    const path = '/bucket/a/../b//./c';
    const signed = await smithySigner('s3', KEYS, { uriEscapePath: false }).sign(smithyRequest('GET', path), at);
    expect(verifySigV4(wire(signed), s3)).toMatchObject({ ok: true });
  });
});
