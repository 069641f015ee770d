// Where an object lives: the URL of a bucket and key (virtual-hosted or path style), keys encoded
// once per path segment as S3 signs them, and the address checked before any request.
import { describe, expect, it } from 'vitest';
import { checkAddress, encodeKey, objectUrl, type ObjectAddress } from '../../src/s3/address';
import { S3ValidationError } from '../../src/s3/errors';

const at = (more: Partial<ObjectAddress> = {}): ObjectAddress => ({
  bucket: 'my-bucket',
  key: 'photos/cat.jpg',
  region: 'eu-west-1',
  ...more,
});

/** The S3ValidationError a call throws, or a failure when it does not throw one. */
function refusal(f: () => unknown): S3ValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof S3ValidationError) return e;
    throw e;
  }
  throw new Error('expected an S3ValidationError');
}

describe('encodeKey', () => {
  it('keeps slashes and RFC 3986-encodes each segment once', () => {
    expect(encodeKey('photos/2024/cat.jpg')).toBe('photos/2024/cat.jpg');
    expect(encodeKey("a b/it's (1)*!.txt")).toBe('a%20b/it%27s%20%281%29%2A%21.txt');
    expect(encodeKey('dir/été/日本.txt')).toBe('dir/%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC.txt');
    expect(encodeKey('a+b=c&d?e#f%g')).toBe('a%2Bb%3Dc%26d%3Fe%23f%25g');
    expect(encodeKey('trailing/')).toBe('trailing/');
    expect(encodeKey('//double')).toBe('//double');
  });
});

describe('objectUrl', () => {
  it('is virtual-hosted on the region endpoint by default', () => {
    expect(objectUrl(at())).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg');
  });

  it('is path style when asked, and appends the query', () => {
    expect(objectUrl(at({ forcePathStyle: true }), 'uploadId=abc')).toBe(
      'https://s3.eu-west-1.amazonaws.com/my-bucket/photos/cat.jpg?uploadId=abc',
    );
  });

  it('is path style for IP hosts, for bucket names that cannot be a host, and for dotted buckets over https', () => {
    expect(objectUrl(at({ endpoint: 'http://127.0.0.1:4566' }))).toBe('http://127.0.0.1:4566/my-bucket/photos/cat.jpg');
    expect(objectUrl(at({ endpoint: 'http://[::1]:4566' }))).toBe('http://[::1]:4566/my-bucket/photos/cat.jpg');
    expect(objectUrl(at({ bucket: 'Legacy_Bucket' }))).toBe('https://s3.eu-west-1.amazonaws.com/Legacy_Bucket/photos/cat.jpg');
    // The wildcard certificate covers one label: a dotted bucket would fail TLS as a host name.
    expect(objectUrl(at({ bucket: 'www.example.com' }))).toBe('https://s3.eu-west-1.amazonaws.com/www.example.com/photos/cat.jpg');
  });

  it('keeps a custom endpoint and its path prefix, virtual-hosted on a host name', () => {
    expect(objectUrl(at({ endpoint: 'https://storage.example.com/s3/' }))).toBe('https://my-bucket.storage.example.com/s3/photos/cat.jpg');
    expect(objectUrl(at({ endpoint: 'http://localhost:9000', forcePathStyle: true }))).toBe(
      'http://localhost:9000/my-bucket/photos/cat.jpg',
    );
  });

  it('encodes the key as encodeKey does', () => {
    expect(objectUrl(at({ key: "it's a (test).txt" }))).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/it%27s%20a%20%28test%29.txt');
  });

  it('refuses plain http to a host other than loopback, and endpoints that are not plain URLs', () => {
    expect(refusal(() => objectUrl(at({ endpoint: 'http://s3.example.com' })))).toMatchObject({ option: 'endpoint' });
    for (const endpoint of ['s3.example.com', 'ftp://s3.example.com', 'https://s3.example.com/?x=1', 'https://u:p@s3.example.com']) {
      const e = refusal(() => objectUrl(at({ endpoint })));
      expect(e.option, endpoint).toBe('endpoint');
      expect(e.message).not.toContain('u:p');
    }
  });
});

describe('checkAddress', () => {
  it('accepts a well-formed address, and an endpoint in place of a region', () => {
    expect(() => checkAddress(at())).not.toThrow();
    expect(() => checkAddress(at({ region: '', endpoint: 'http://127.0.0.1:4566' }))).not.toThrow();
  });

  it.each(['ab', 'has..dots', '192.168.0.1', '-dash', 'dash-', 'x'.repeat(256), 'space bucket'])('refuses the bucket %s', (bucket) => {
    expect(refusal(() => checkAddress(at({ bucket }))).option).toBe('bucket');
  });

  it('refuses empty, non-string, over-long, ill-formed and dot-segment keys', () => {
    for (const key of ['', 'x'.repeat(1025), 'a\uD800b', 'a/../b', './x']) {
      expect(refusal(() => checkAddress(at({ key }))).option).toBe('key');
    }
    expect(refusal(() => checkAddress({ ...at(), key: 42 } as unknown as ObjectAddress)).option).toBe('key');
    // 1024 bytes of UTF-8 is the limit, not 1024 characters.
    expect(refusal(() => checkAddress(at({ key: 'é'.repeat(513) }))).message).toMatch(/1024 bytes/);
    expect(() => checkAddress(at({ key: 'é'.repeat(512) }))).not.toThrow();
  });

  it('refuses a region that is not a region code, and a missing region without an endpoint', () => {
    expect(refusal(() => checkAddress(at({ region: 'eu-west-1.evil.com/' }))).option).toBe('region');
    expect(refusal(() => checkAddress(at({ region: '' }))).message).toMatch(/missing/);
  });
});
