// The one test of "this machine", which both STS and S3 use to allow plain http to a local stack
// and nothing else: tokens and signatures must not cross a network in clear.
import { describe, expect, it } from 'vitest';
import { hintOf } from '../../src/shared/errors';
import { isLoopbackHost, isSecureOrLoopback } from '../../src/shared/loopback';
import { objectUrl } from '../../src/s3/address';
import { S3ValidationError } from '../../src/s3/errors';
import { StsClient } from '../../src/sts/client';
import { StsConfigurationError } from '../../src/sts/errors';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]'])('%s is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['localhost.example.com', 'example.com', '128.0.0.1', '10.0.0.1', '[::2]', '::1', '127.0.0.1.nip.io', '0.0.0.0', ''])(
    '%s is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('isSecureOrLoopback', () => {
  it('allows https anywhere and http to loopback only', () => {
    expect(isSecureOrLoopback(new URL('https://sts.amazonaws.com'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://127.0.0.1:4566'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://[::1]:9000/x'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://localhost'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://s3.example.com'))).toBe(false);
    expect(isSecureOrLoopback(new URL('http://192.168.1.10'))).toBe(false);
  });

  it('allows no other protocol, not even to loopback', () => {
    for (const url of ['ws://127.0.0.1:8080', 'ftp://localhost/x', 'file://localhost/etc/hosts', 'data://127.0.0.1/x', 'wss://[::1]:9000'])
      expect(isSecureOrLoopback(new URL(url))).toBe(false);
  });
});

describe('STS and S3 decide alike', () => {
  const endpoints = [
    'http://127.0.0.1:8080',
    'http://127.9.9.9',
    'http://[::1]:8080',
    'http://localhost:8080',
    'http://example.com',
    'http://10.0.0.2',
    'ftp://127.0.0.1:8080',
  ];

  it.each(endpoints)('%s', (endpoint) => {
    const allowed = isSecureOrLoopback(new URL(endpoint));
    const sts = () => new StsClient({ region: 'us-east-1', endpoint });
    const s3 = () => objectUrl({ bucket: 'bucket', key: 'k', region: 'us-east-1', endpoint });
    if (allowed) {
      expect(sts).not.toThrow();
      expect(s3).not.toThrow();
    } else {
      expect(sts).toThrow(StsConfigurationError);
      expect(s3).toThrow(S3ValidationError);
    }
  });

  it('gives the same advice in both', () => {
    const advice = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return hintOf(e);
      }
    };
    const sts = advice(() => new StsClient({ region: 'us-east-1', endpoint: 'http://example.com' }));
    const s3 = advice(() => objectUrl({ bucket: 'bucket', key: 'k', region: 'us-east-1', endpoint: 'http://example.com' }));
    expect(sts).toMatch(/\[::1\]/);
    expect(s3).toBe(sts);
  });
});
