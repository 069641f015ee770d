// The kit's SigV4 signer against @smithy/signature-v4 (the AWS SDK v3 signer, kept as a
// devDependency for this): on random requests both give the same signature and the same headers
// or query, in header and query form, with S3's path rule and the others'. The published vectors
// are in conformance/kit-sigv4.conformance.test.ts; this covers what they do not vary.
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebIdentityKitError } from '../../src/shared/errors';
import { presignQuery, signHeaders, signingKey, type SigV4Request, type SigV4Scope } from '../../src/shared/sigv4';
import type { AwsCredentialIdentity } from '../../src/shared/types';

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) =>
  typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** node:crypto in the hash shape smithy asks for: the reference shares no code with the kit. */
class NodeSha256 {
  readonly #secret?: Data;
  #data: Buffer[] = [];
  constructor(secret?: Data) {
    this.#secret = secret;
  }
  update(d: Data) {
    this.#data.push(bytes(d));
  }
  digest() {
    const h = this.#secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.#secret));
    return Promise.resolve(new Uint8Array(h.update(Buffer.concat(this.#data)).digest()));
  }
  reset() {
    this.#data = [];
  }
}

const smithy = (s: SigV4Scope) =>
  new SignatureV4({
    credentials: s.credentials,
    region: s.region,
    service: s.service,
    sha256: NodeSha256,
    uriEscapePath: s.escapePath ?? true,
    applyChecksum: false,
  });

/** The kit's request in smithy's shape: repeated query names as arrays, Host as a header. */
function smithyRequest(r: SigV4Request) {
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = { ...r.headers, host: r.host };
  for (const [k, v] of r.query) {
    // hasOwn: a name may be valueOf, which a plain object already has.
    const had = Object.hasOwn(query, k) ? query[k] : undefined;
    query[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
  }
  return {
    method: r.method,
    protocol: 'https:',
    hostname: r.host,
    path: r.path,
    query,
    headers,
    body: r.body,
  };
}

/** A query record (smithy's) or pairs (the kit's) as sorted `name=value` lines, to compare. */
const flatQuery = (q: Record<string, string | string[] | null> | [string, string][]) =>
  (Array.isArray(q) ? q : Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, String(x)])))
    .map(([k, v]) => `${k}=${v}`)
    .sort();

const decodedPairs = (query: string): [string, string][] =>
  query.split('&').map((p) => p.split('=').map(decodeURIComponent) as [string, string]);

// ---------------------------------------------------------------- generators

const text = fc.string({ unit: 'binary', maxLength: 8 });
const odd = fc.constantFrom('', '.', '..', ' ', 'a b', 'a+b', "!'()*", '%', '%2F', '%20', 'ሴ', '😀', '~-._', '&=?#', 'key=value');
const segment = fc.oneof(text, odd);
/** Raw segments, or segments encoded once (as the kit's S3 keys are on the wire). */
const path = fc
  .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([segs, encode, slash]) => '/' + segs.map((s) => (encode ? encodeURIComponent(s) : s)).join('/') + (slash ? '/' : ''));
// Left out: names the signer writes into the query itself (smithy's record would overwrite them),
// and __proto__, which smithy's canonical query (a plain object) signs as "[object Object]".
const queryName = fc
  .oneof(fc.constantFrom('a', 'A', 'a-b', 'a=', '', 'prefix', 'ሴ', 'max keys', 'valueOf'), text)
  .filter((k) => !/^x-amz-/i.test(k) && k !== '__proto__');
const query = fc.array(fc.tuple(queryName, fc.oneof(text, odd)), { maxLength: 6 });
const headerValue = fc
  .array(
    fc.oneof(
      fc.constantFrom(' ', '  ', '\t', ' \t ', 'a', 'b c', 'x-y', '"q"', '=', ','),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
    ),
    {
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));
const headerName = fc.oneof(
  fc.constantFrom(
    'Content-Type',
    'content-md5',
    'Content-Length',
    'Range',
    'X-Amz-Meta-Owner',
    'x-amz-acl',
    'x-amz-checksum-crc32',
    'Cache-Control',
    'User-Agent',
    'sec-fetch-mode',
    'Proxy-Authorization',
    'Date',
    'My-Header1',
  ),
  fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}$/),
);
/** Header names the signer writes or takes apart (token, date, content hash, Host) are given separately. */
const headers = (hoistable: boolean) =>
  fc.uniqueArray(fc.tuple(headerName, headerValue), { selector: ([n]) => n.toLowerCase(), maxLength: 6 }).map((hs) =>
    Object.fromEntries(
      hs.filter(([n]) => {
        const l = n.toLowerCase();
        return (
          !['host', 'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', '__proto__'].includes(l) &&
          (hoistable || !l.startsWith('x-amz-'))
        );
      }),
    ),
  );
const credentials = fc.record({
  accessKeyId: fc.constantFrom('AKIDEXAMPLE', 'ASIAXAMPLE123'),
  secretAccessKey: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
  sessionToken: fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }), { nil: undefined }),
});
const scope = fc.record({
  credentials,
  region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
  service: fc.constantFrom('s3', 'sts', 'service'),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
  escapePath: fc.boolean(),
});
const request = (hoistable: boolean) =>
  fc.record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
    host: fc.constantFrom('example.amazonaws.com', 'bucket.s3.eu-west-1.amazonaws.com', '127.0.0.1:4566'),
    path,
    query,
    headers: headers(hoistable),
    body: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  });
/** S3's UNSIGNED-PAYLOAD, a given hash, or none (the body's hash). */
const contentSha256 = fc.option(fc.constantFrom('UNSIGNED-PAYLOAD', createHash('sha256').update('x').digest('hex')), { nil: undefined });

// ---------------------------------------------------------------- differential

describe('SigV4 signer against @smithy/signature-v4', () => {
  it('header signing: the same headers, Authorization included, on random requests', async () => {
    await fc.assert(
      fc.asyncProperty(request(true), scope, contentSha256, async (r, s, hash) => {
        const req: SigV4Request = hash ? { ...r, headers: { ...r.headers, 'x-amz-content-sha256': hash } } : r;
        const { host: _host, ...want } = (await smithy(s).sign(smithyRequest(req), { signingDate: s.date })).headers;
        expect(await signHeaders(req, s)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('query signing: the same presigned query and signature on random requests', async () => {
    await fc.assert(
      fc.asyncProperty(request(false), scope, fc.integer({ min: 1, max: 604800 }), contentSha256, async (req, s, expiresIn, hash) => {
        // smithy takes the payload hash from an x-amz-content-sha256 header it neither hoists nor signs.
        const keep = new Set(['x-amz-content-sha256']);
        const draft = smithyRequest(req);
        if (hash) draft.headers['x-amz-content-sha256'] = hash;
        const want = await smithy(s).presign(draft, { signingDate: s.date, expiresIn, unhoistableHeaders: keep, unsignableHeaders: keep });
        const got = decodedPairs(await presignQuery(req, s, expiresIn, hash));
        expect(flatQuery(got)).toEqual(flatQuery(want.query ?? {}));
        expect(got.at(-1)).toEqual(['X-Amz-Signature', want.query?.['X-Amz-Signature']]);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------- the signing-key cache

const AT = (iso: string) => new Date(iso);
const base: SigV4Request = { method: 'GET', host: 'example.amazonaws.com', path: '/', query: [], headers: {} };
const creds: AwsCredentialIdentity = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signature = (h: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(h.authorization)?.[1];

describe('signing keys', () => {
  it('are kept per day, region and service: signing across midnight uses the new day’s key', async () => {
    const s: SigV4Scope = { credentials: creds, region: 'eu-west-1', service: 'sts', date: AT('2024-03-01T23:59:59.999Z') };
    const next = { ...s, date: AT('2024-03-02T00:00:00.000Z') };
    for (const at of [s, next, s, next]) {
      const want = await smithy(at).sign(smithyRequest(base), { signingDate: at.date });
      expect(signature(await signHeaders(base, at))).toBe(signature(want.headers));
    }
  });

  it('one derivation per credentials, day, region and service; any of them changed is another key', async () => {
    const other = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'secret-2' };
    const made: Promise<CryptoKey>[] = [];
    const key = (day: string, region = 'eu-west-1', service = 's3', c = creds) => {
      made.push(signingKey(c, day, region, service));
      return made[made.length - 1];
    };
    expect(key('20240301')).toBe(key('20240301'));
    expect(key('20240302')).not.toBe(key('20240301'));
    expect(key('20240301', 'us-east-1')).not.toBe(key('20240301'));
    expect(key('20240301', 'eu-west-1', 'sts')).not.toBe(key('20240301'));
    expect(key('20240301', 'eu-west-1', 's3', other)).not.toBe(key('20240301'));
    // Derived to the end, so that no derivation runs on into the next test's count.
    await Promise.all(made);
  });

  // Keys are held per credentials object (a WeakMap), never under a string made of the secret: a
  // string key would keep the secret in memory after sign-out, long after its credentials are gone.
  it('are not found by the secret: another credentials object with the same secret derives its own', async () => {
    const [mine, theirs] = [signingKey({ ...creds }, '20240301', 'eu-west-1', 's3'), signingKey(creds, '20240301', 'eu-west-1', 's3')];
    expect(mine).not.toBe(theirs);
    await Promise.all([mine, theirs]);
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    try {
      const s: SigV4Scope = { credentials: { ...creds }, region: 'ap-south-1', service: 'sts', date: AT('2024-03-01T12:00:00Z') };
      await signHeaders(base, s);
      const perDerivation = importKey.mock.calls.length;
      expect(perDerivation).toBeGreaterThan(0);
      await signHeaders(base, s);
      expect(importKey).toHaveBeenCalledTimes(perDerivation);
      await signHeaders(base, { ...s, credentials: { ...creds } });
      expect(importKey).toHaveBeenCalledTimes(2 * perDerivation);
    } finally {
      importKey.mockRestore();
    }
  });

  it('a failed derivation is not kept: the next signature derives again and succeeds', async () => {
    const s: SigV4Scope = { credentials: { ...creds }, region: 'eu-central-1', service: 'sts', date: AT('2024-03-01T12:00:00Z') };
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('WebCrypto hiccup'));
    try {
      await expect(signHeaders(base, s)).rejects.toThrow('WebCrypto hiccup');
      const want = await smithy(s).sign(smithyRequest(base), { signingDate: s.date });
      expect(signature(await signHeaders(base, s))).toBe(signature(want.headers));
    } finally {
      importKey.mockRestore();
    }
  });

  it('refreshed credentials on the same day sign with their own secret, not the cached key', async () => {
    const s: SigV4Scope = { credentials: creds, region: 'eu-west-1', service: 's3', date: AT('2024-03-01T12:00:00Z'), escapePath: false };
    const renewed = { ...s, credentials: { accessKeyId: 'ASIARENEWED', secretAccessKey: 'another-secret', sessionToken: 'token-2' } };
    for (const at of [s, renewed]) {
      const want = await smithy(at).sign(smithyRequest(base), { signingDate: at.date });
      expect(signature(await signHeaders(base, at))).toBe(signature(want.headers));
    }
  });
});

// ---------------------------------------------------------------- credentials that cannot sign

describe('credentials that cannot sign', () => {
  const at = AT('2024-03-01T12:00:00Z');
  it.each([
    ['an empty secret', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '', sessionToken: 'SECRET-TOKEN-VALUE' }],
    ['no access key ID', { accessKeyId: '', secretAccessKey: 'SECRET-KEY-VALUE', sessionToken: 'SECRET-TOKEN-VALUE' }],
    ['no credentials at all', undefined as unknown as AwsCredentialIdentity],
  ])('%s: a typed error that names neither secret, in both forms', async (_, credentials) => {
    const s: SigV4Scope = { credentials, region: 'eu-west-1', service: 's3', date: at };
    for (const attempt of [() => signHeaders(base, s), () => presignQuery(base, s, 60)]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebIdentityKitError);
      expect(error).toMatchObject({
        name: 'CredentialsProviderError',
        message: expect.stringContaining('accessKeyId or secretAccessKey') as string,
      });
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toMatch(/SECRET-(KEY|TOKEN)-VALUE/);
    }
  });
});
