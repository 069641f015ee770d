// The local stack for the S3 tests that need one: started once per file, with the uploads'
// options pointed at it and a transport that records what the kit sends.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { newAccessKeyId, newSecret, newSessionToken } from '../../stack/iam/credentials-store';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { fetchTransport, type S3Request, type UploadOptions } from '../../src/s3/index';

export const MiB = 1024 * 1024;

export function useStack() {
  const t = {
    stack: undefined as unknown as LocalStack,
    clock: Date.now(),
    /** Every request the kit handed to the transport, in order. */
    sent: [] as S3Request[],
  };
  beforeAll(async () => {
    t.stack = await startLocalStack({ now: () => t.clock });
  });
  afterAll(() => t.stack?.close());

  const recording = (r: S3Request) => (t.sent.push(r), fetchTransport(r));
  const base = (more: Partial<UploadOptions> = {}): UploadOptions => ({
    bucket: t.stack.bucket,
    key: 'uploads/file.bin',
    body: new Uint8Array(0),
    region: 'us-east-1',
    endpoint: t.stack.s3,
    credentials: t.stack.userKeys,
    retryDelay: () => 0,
    now: () => t.clock,
    transport: recording,
    ...more,
  });
  const stored = (key: string) => t.stack.objects.get(t.stack.bucket, key)?.body;
  const openUploads = (key: string) => t.stack.objects.uploads(t.stack.bucket).filter((u) => u.key === key);
  /** Temporary credentials as STS issues them, allowed everything on the bucket. */
  const issue = (seconds = 3600) =>
    t.stack.credentials.add({
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecret(),
      sessionToken: newSessionToken(),
      expiration: new Date(t.clock + seconds * 1000),
      principalArn: 'arn:aws:sts::123456789012:assumed-role/web/test',
      userId: 'AROATEST:test',
      account: '123456789012',
      policies: [{ actions: ['s3:*'], resources: [`arn:aws:s3:::${t.stack.bucket}/*`] }],
    });
  return { t, base, stored, openUploads, issue };
}

export const bytes = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(n));
