// The kit's own SigV4 signer (src/shared/sigv4.ts) against every vector of the SigV4 suites the
// stack verifier runs (botocore aws4_testsuite, aws-c-auth v4 in header and query form, the five
// Amazon S3 API Reference examples): its canonical request, string to sign and signature equal the
// published ones, and what it sends (headers, or the presigned query) equals the signed request.
//
// How the suites' raw requests become the kit's input:
// - repeated headers are one value, joined with commas in order (what SigV4 signs for them);
// - the path is the request line's: for normalize: true the kit's default (normalise, encode each
//   segment); for normalize: false and S3 the path as a browser sends it, each segment encoded
//   once (`/example space/` goes out as `/example%20space/`), which S3 mode signs as it is;
// - a session token is the credentials', except where the suite adds it after signing;
// - sign_body is the caller giving x-amz-content-sha256, as the kit's S3 signer does.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOracleJson, readOracleText } from './oracles';
import { parseRawRequest, type RawRequest } from './raw-request';
import { BOTO, BOTO_DEFECT, BOTO_SECRET, botoCases, CRT, crtCases, EXPECTED_COUNTS, TOKEN_AFTER_SIGNING } from './sigv4-suites';
import type { CrtContext, S3Examples } from './sigv4-suites';
import { hmac, toHex } from '../src/shared/sha256';
import { presignQuery, signHeaders, signingKey, stringToSign, type SigV4Scope } from '../src/shared/sigv4';
import { canonicalHeaders, canonicalRequest, type SigV4Request } from '../src/shared/sigv4-canonical';
import { encodeRfc3986 } from '../src/shared/uri-encode';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A raw query string as decoded pairs, in order; `a` alone is `a=`. */
function queryPairs(raw: string): [string, string][] {
  return raw
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.includes('=') ? p.indexOf('=') : p.length;
      return [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))];
    });
}

const sortedPairs = (pairs: [string, string][]) => pairs.map((p) => p.join('=')).sort();

/** The path as a browser puts it on the wire: each segment encoded once. */
const onTheWire = (path: string) => path.split('/').map(encodeRfc3986).join('/');

/** The kit's request for a raw one, with the named headers left out (the token, given as credentials). */
function kitRequest(raw: RawRequest, o: { wirePath?: boolean; drop?: string[] } = {}): SigV4Request {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(raw.headers)) {
    if (name !== 'host' && !o.drop?.includes(name)) headers[name] = values.join(',');
  }
  const path = o.wirePath ? onTheWire(raw.path) : raw.path;
  return { method: raw.method, host: raw.headers.host[0], path, query: queryPairs(raw.query), headers, body: raw.body };
}

const scopeText = (s: SigV4Scope, time: string) => `${time.slice(0, 8)}/${s.region}/${s.service}/aws4_request`;

/** Signs in headers; the canonical request and string to sign rebuilt from exactly what is sent. */
async function signedInHeaders(req: SigV4Request, scope: SigV4Scope, payloadHash: string) {
  const { authorization, ...sent } = await signHeaders(req, scope);
  const time = sent['x-amz-date'];
  const creq = canonicalRequest(req, canonicalHeaders(req.host, sent), payloadHash, scope.escapePath ?? true);
  const sts = stringToSign(time, scopeText(scope, time), sha256(creq));
  return { authorization, sent, creq, sts, signature: /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] };
}

/** Presigns; the canonical request and string to sign rebuilt from the URL's query. */
async function signedInQuery(req: SigV4Request, scope: SigV4Scope, expiresIn: number, payloadHash: string, given?: string) {
  const pairs = queryPairs(await presignQuery(req, scope, expiresIn, given));
  const [name, signature] = pairs[pairs.length - 1];
  expect(name).toBe('X-Amz-Signature');
  const unsigned = pairs.slice(0, -1);
  const time = unsigned.find(([k]) => k === 'X-Amz-Date')![1];
  const creq = canonicalRequest(req, canonicalHeaders(req.host, req.headers), payloadHash, scope.escapePath ?? true, unsigned);
  return { pairs, creq, sts: stringToSign(time, scopeText(scope, time), sha256(creq)), signature };
}

// ---------------------------------------------------------------- botocore aws4_testsuite

describe('kit SigV4 signer: botocore aws4_testsuite (header signing)', () => {
  const cases = botoCases();

  it(`runs all ${EXPECTED_COUNTS.botocore} cases, none skipped`, () => {
    expect(cases).toHaveLength(EXPECTED_COUNTS.botocore);
  });

  it.each(cases)('%s: canonical request, string to sign, signature and Authorization', async (rel) => {
    const file = (ext: string) => readOracleText('sigv4', BOTO, rel, `${basename(rel)}.${ext}`);
    const raw = parseRawRequest(file('req'));
    // The defect case leaves its (signed) token out of the .req; the .sreq has it (README).
    const token = (basename(rel) === BOTO_DEFECT ? parseRawRequest(file('sreq')) : raw).headers['x-amz-security-token']?.[0];
    const scope: SigV4Scope = {
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: BOTO_SECRET, sessionToken: token },
      region: 'us-east-1',
      service: 'service',
      date: new Date('2015-08-30T12:36:00Z'),
    };
    const req = kitRequest(raw, { drop: ['x-amz-security-token'] });
    const got = await signedInHeaders(req, scope, sha256(raw.body));
    expect(got.creq).toBe(file('creq'));
    expect(got.sts).toBe(file('sts'));
    expect(got.authorization).toBe(file('authz'));
    expect(got.sent['x-amz-date']).toBe(raw.headers['x-amz-date'][0]);
    expect(got.sent['x-amz-security-token']).toBe(token);
  });
});

// ---------------------------------------------------------------- aws-c-auth v4 suite

function loadCrt(name: string) {
  const context = readOracleJson<CrtContext>('sigv4', CRT, name, 'context.json');
  const { access_key_id, secret_access_key, token } = context.credentials;
  const scope: SigV4Scope = {
    // omit_session_token: signed without the token, which is added afterwards.
    credentials: {
      accessKeyId: access_key_id,
      secretAccessKey: secret_access_key,
      sessionToken: context.omit_session_token ? undefined : token,
    },
    region: context.region,
    service: context.service,
    date: new Date(context.timestamp),
    escapePath: context.normalize,
  };
  const raw = parseRawRequest(readOracleText('sigv4', CRT, name, 'request.txt'));
  const req = kitRequest(raw, { wirePath: !context.normalize });
  return { context, scope, raw, req, file: (f: string) => readOracleText('sigv4', CRT, name, f) };
}

describe('kit SigV4 signer: aws-c-auth v4 suite', () => {
  const cases = crtCases();

  it(`runs all ${EXPECTED_COUNTS.awsCAuth} cases in both forms, none skipped`, () => {
    expect(cases).toHaveLength(EXPECTED_COUNTS.awsCAuth);
    expect(cases).toContain(TOKEN_AFTER_SIGNING);
  });

  it.each(cases)('%s, header signing: canonical request, string to sign, signature and the headers sent', async (name) => {
    const c = loadCrt(name);
    const payloadHash = sha256(c.raw.body);
    const req = c.context.sign_body ? { ...c.req, headers: { ...c.req.headers, 'x-amz-content-sha256': payloadHash } } : c.req;
    const got = await signedInHeaders(req, c.scope, payloadHash);
    expect(got.creq).toBe(c.file('header-canonical-request.txt'));
    expect(got.sts).toBe(c.file('header-string-to-sign.txt'));
    expect(got.signature).toBe(c.file('header-signature.txt'));
    const signed = parseRawRequest(c.file('header-signed-request.txt')).headers;
    expect(got.authorization).toBe(signed.authorization[0]);
    expect(got.sent['x-amz-date']).toBe(signed['x-amz-date'][0]);
    if (!c.context.omit_session_token) expect(got.sent['x-amz-security-token']).toBe(signed['x-amz-security-token']?.[0]);
  });

  it.each(cases)('%s, query signing: canonical request, string to sign, signature and the URL query', async (name) => {
    const c = loadCrt(name);
    const payloadHash = sha256(c.raw.body);
    const got = await signedInQuery(c.req, c.scope, c.context.expiration_in_seconds, payloadHash);
    expect(got.creq).toBe(c.file('query-canonical-request.txt'));
    expect(got.sts).toBe(c.file('query-string-to-sign.txt'));
    expect(got.signature).toBe(c.file('query-signature.txt'));
    let published = queryPairs(parseRawRequest(c.file('query-signed-request.txt')).query);
    if (c.context.omit_session_token) published = published.filter(([k]) => k !== 'X-Amz-Security-Token');
    expect(sortedPairs(got.pairs)).toEqual(sortedPairs(published));
  });
});

// ---------------------------------------------------------------- S3 API Reference examples

describe('kit SigV4 signer: Amazon S3 API Reference examples (S3 path rule)', () => {
  const examples = readOracleJson<S3Examples>('sigv4', 's3-doc-examples.json');
  const scope: SigV4Scope = {
    credentials: examples.credentials,
    region: examples.region,
    service: examples.service,
    date: new Date(examples.amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')),
    escapePath: false,
  };
  const requestOf = (c: S3Examples['cases'][number]): SigV4Request => ({
    method: c.method,
    host: c.host,
    path: onTheWire(c.path),
    query: queryPairs(c.query),
    headers: c.headers,
    body: c.payload,
  });
  const cases = examples.cases.map((c) => [c.id, c] as const);

  it(`runs all ${EXPECTED_COUNTS.s3} examples`, () => {
    expect(examples.cases).toHaveLength(EXPECTED_COUNTS.s3);
  });

  it.each(cases)('%s: canonical request, string to sign and signature from the kit signer parts', async (_, c) => {
    // The parts, not signHeaders: put-object signs a Date header, which the signer drops (below).
    const req = requestOf(c);
    const query = c.presign ? queryPairs(new URL(c.expected.url!).search.slice(1)).slice(0, -1) : req.query;
    const creq = canonicalRequest(req, canonicalHeaders(c.host, c.headers), c.payloadHash, false, query);
    const sts = stringToSign(examples.amzDate, scopeText(scope, examples.amzDate), sha256(creq));
    const key = await signingKey(examples.credentials, examples.amzDate.slice(0, 8), examples.region, 's3');
    expect(creq).toBe(c.expected.canonicalRequest);
    expect(sts).toBe(c.expected.stringToSign);
    expect(toHex(await hmac(key, sts))).toBe(c.expected.signature);
  });

  it.each(cases.filter(([, c]) => !c.presign && !('Date' in c.headers)))(
    '%s: signHeaders gives the published Authorization',
    async (_, c) => {
      const got = await signedInHeaders(requestOf(c), scope, c.payloadHash);
      // The S3 guide writes the parts with no space after the commas, the SDKs (and the kit) with one.
      expect(got.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=[^ ]+, SignedHeaders=[^ ]+, Signature=[0-9a-f]{64}$/);
      expect(got.authorization.replace(/, /g, ',')).toBe(c.expected.authorization);
    },
  );

  it('put-object: signHeaders drops the Date header (x-amz-date dates SigV4 requests; browsers may not set Date)', async () => {
    const c = examples.cases.find((x) => x.id === 'put-object')!;
    const got = await signedInHeaders(requestOf(c), scope, c.payloadHash);
    expect(got.sent).not.toHaveProperty('Date');
    expect(got.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,');
  });

  it('presigned-get: presignQuery gives the published URL query, UNSIGNED-PAYLOAD as S3 presigns', async () => {
    const c = examples.cases.find((x) => x.presign)!;
    const got = await signedInQuery(requestOf(c), scope, c.presign!.expiresSeconds, 'UNSIGNED-PAYLOAD', 'UNSIGNED-PAYLOAD');
    const url = new URL(c.expected.url!);
    expect(got.creq).toBe(c.expected.canonicalRequest);
    expect(got.signature).toBe(c.expected.signature);
    expect(got.pairs).toEqual(queryPairs(url.search.slice(1)));
  });
});
