// Hostile or mistaken input fails with S3ValidationError before any request (issue 17, #6 #7 #9):
// keys URL parsing would rewrite, regions that would move the host, bad buckets, header
// injection through metadata, and presigned URLs that would outlive their credentials.
import { describe, expect, it } from 'vitest';
import {
  presignS3Url,
  S3ValidationError,
  uploadToS3,
  type S3PresignOptions as PresignOptions,
  type UploadOptions,
} from '../../src/s3/index';
import { rejectionOf } from '../helpers/rejection';
import { bytes, useStack } from './stack-fixture';

const { t, base, stored, issue } = useStack();

/** uploadToS3 throws S3ValidationError naming `option`, and nothing reaches the transport. */
function refused(more: Partial<UploadOptions>, option: string) {
  const before = t.sent.length;
  let error: unknown;
  try {
    uploadToS3(base({ body: bytes(10), ...more }));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(S3ValidationError);
  expect((error as S3ValidationError).option).toBe(option);
  expect(t.sent.length).toBe(before);
  return error as S3ValidationError;
}

const presign = (more: Partial<PresignOptions>) =>
  presignS3Url({
    method: 'GET',
    bucket: t.stack.bucket,
    key: 'k',
    region: 'us-east-1',
    endpoint: t.stack.s3,
    credentials: t.stack.userKeys,
    ...more,
  });

describe('keys with "." or ".." segments', () => {
  // Browsers and fetch remove dot segments from every URL, %2E-encoded ones included (WHATWG URL),
  // so no request can carry them: `users/bob/../alice/x` would be stored as `users/alice/x`.
  const dotted = ['users/bob/../alice/x', '../secret/x', 'a/./b', '.', '..', 'a/..', './x'];

  it.each(dotted)('upload refuses %s', (key) => {
    const e = refused({ key }, 'key');
    expect(e.message).toMatch(/"\." or "\.\."/);
  });

  it('nothing lands under the key URL parsing makes of it', () => {
    refused({ key: 'users/bob/../alice/x' }, 'key');
    expect(stored('users/alice/x')).toBeUndefined();
  });

  it.each(dotted)('presign refuses %s', async (key) => {
    await expect(presign({ key })).rejects.toBeInstanceOf(S3ValidationError);
  });

  it('keeps keys whose segments only contain dots, stored under the exact key', async () => {
    for (const key of ['dots/.hidden', 'dots/..backup', 'dots/...', 'dots/a..b/.x./c']) {
      await uploadToS3(base({ key, body: new TextEncoder().encode(key) })).done;
      expect(stored(key)?.toString()).toBe(key);
      const url = await presign({ key, credentials: issue() });
      expect(await (await fetch(url)).text()).toBe(key);
    }
  });
});

describe('region', () => {
  it.each(['evil.com/x#', 'us-east-1.evil.com', 'evil.com?', 'us east 1', '-us-east-1', 'us-east-1-', 'a'.repeat(64)])(
    'refuses %s, with or without an endpoint',
    async (region) => {
      refused({ region, endpoint: undefined }, 'region');
      refused({ region }, 'region');
      await expect(presign({ region, endpoint: undefined })).rejects.toBeInstanceOf(S3ValidationError);
    },
  );

  it('refuses a region that is not a string', () => {
    refused({ region: 1 as unknown as string, endpoint: undefined }, 'region');
  });
});

describe('bucket', () => {
  it.each(['a/b', 'evil.com#', 'x?y', 'a..b', '-abc', 'abc-', '.abc', 'abc.', '192.168.1.1', 'ab', 'a'.repeat(256)])(
    'refuses %s',
    async (bucket) => {
      refused({ bucket }, 'bucket');
      await expect(presign({ bucket })).rejects.toBeInstanceOf(S3ValidationError);
    },
  );

  it('accepts DNS names and legacy names', () => {
    for (const bucket of ['my-bucket.example', 'a1b', 'Legacy_Bucket']) {
      expect(() => uploadToS3(base({ bucket, body: bytes(1), signal: AbortSignal.abort() }))).not.toThrow();
    }
  });
});

describe('key type and Unicode', () => {
  it('refuses a key that is not a string', () => {
    expect(refused({ key: 5 as unknown as string }, 'key').message).toMatch(/string/);
  });

  it('refuses a key with a lone surrogate', async () => {
    expect(refused({ key: 'photos/\uD800.jpg' }, 'key').message).toMatch(/surrogate/);
    await expect(presign({ key: 'a\uDC00' })).rejects.toBeInstanceOf(S3ValidationError);
  });
});

describe('headers from options', () => {
  it.each([
    [{ metadata: { 'a\r\nx-amz-acl': 'public-read' } }, 'metadata'],
    [{ metadata: { owner: 'alice\r\nx-amz-acl: public-read' } }, 'metadata'],
    [{ metadata: { owner: 'nul\u0000' } }, 'metadata'],
    [{ metadata: { 'two words': 'x' } }, 'metadata'],
    [{ metadata: { '': 'x' } }, 'metadata'],
    [{ metadata: { owner: 'Zoë' } }, 'metadata'],
    [{ metadata: { owner: 5 as unknown as string } }, 'metadata'],
    [{ contentType: 'text/plain\r\nx-amz-acl: public-read' }, 'contentType'],
    [{ cacheControl: 'no-cache\n' }, 'cacheControl'],
    [{ tagging: 'a=b\r\n' }, 'tagging'],
  ] as [Partial<UploadOptions>, string][])('refuses %j before any request', (more, option) => {
    const e = refused(more, option);
    expect(e.hint).toBeTruthy();
  });

  it('still sends printable metadata', async () => {
    await uploadToS3(base({ key: 'meta/ok.txt', body: bytes(3), metadata: { 'Owner-Name': 'alice (admin); x=1' } })).done;
    expect(t.stack.objects.get(t.stack.bucket, 'meta/ok.txt')?.metadata).toEqual({ 'owner-name': 'alice (admin); x=1' });
  });
});

describe('presign expiresIn', () => {
  it('refuses a URL that would outlive its credentials, saying the longest it can be', async () => {
    const creds = issue(600);
    const signingDate = new Date(t.clock);
    const e = await rejectionOf(presign({ credentials: creds, expiresIn: 900, signingDate }), S3ValidationError);
    expect(e.option).toBe('expiresIn');
    expect(e.message).toMatch(/at most 600 seconds/);
    expect(await presign({ credentials: () => Promise.resolve(creds), expiresIn: 600, signingDate })).toContain('X-Amz-Expires=600');
  });

  it('refuses credentials that have already expired', async () => {
    const creds = issue(-10);
    await expect(presign({ credentials: creds, expiresIn: 60, signingDate: new Date(t.clock) })).rejects.toThrow(/expired/);
  });

  it('refuses more than S3\u2019s 7 days even for long-lived keys', async () => {
    await expect(presign({ expiresIn: 604801 })).rejects.toThrow(/604800/);
    await expect(presign({ expiresIn: 1.5 })).rejects.toBeInstanceOf(S3ValidationError);
  });
});

describe('retry and timeout settings', () => {
  // NaN compared false with every attempt count: a failing part was retried without end.
  it.each([NaN, 0, -1, 1.5, 11, Infinity])('refuses maxAttempts %s', (maxAttempts) => {
    expect(refused({ maxAttempts }, 'maxAttempts').message).toMatch(/1 to 10/);
  });

  // Timers fire at once for Infinity and past 2^31-1 ms: every request would time out.
  it.each([NaN, 0, -5, Infinity, 2 ** 31])('refuses stallTimeoutMs %s', (stallTimeoutMs) => {
    expect(refused({ stallTimeoutMs }, 'stallTimeoutMs').message).toMatch(/milliseconds/);
  });
});
