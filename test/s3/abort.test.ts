// Abort leaves nothing open on S3, whenever it comes and whatever the credentials do (issue 17, #5).
import { describe, expect, it } from 'vitest';
import { fetchTransport, uploadToS3, S3UploadError, type Transport } from '../../src/s3/index';
import { rejectionOf } from '../helpers/rejection';
import { bytes, MiB, useStack } from './stack-fixture';

const { t, base, stored, openUploads, issue } = useStack();

/**
 * Before the fix the request went out after abort() had returned; a negative can only be seen
 * by giving it the time to happen.
 */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** An exchange that never answers and, as fetch does, fails with the signal's reason (whatever it is) once aborted. */
async function hangUntilAborted(signal: AbortSignal): Promise<never> {
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  throw signal.reason;
}

describe('abort right after the call', () => {
  it.each([
    ['multipart', 11 * MiB],
    ['one PUT', 1000],
  ])('abort() sends nothing (%s)', async (_, size) => {
    const key = `abort/now-${size}.bin`;
    const before = t.sent.length;
    const up = uploadToS3(base({ key, body: bytes(size), partSize: 5 * MiB }));
    await up.abort();
    await expect(up.done).rejects.toMatchObject({ name: 'AbortError' });
    await settle();
    expect(t.sent.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect(openUploads(key)).toEqual([]);
    expect(stored(key)).toBeUndefined();
  });

  it('an AbortSignal aborted right after the call sends nothing', async () => {
    const key = 'abort/signal-now.bin';
    const ctrl = new AbortController();
    const before = t.sent.length;
    const up = uploadToS3(base({ key, body: bytes(11 * MiB), partSize: 5 * MiB, signal: ctrl.signal }));
    ctrl.abort(new Error('user left'));
    await expect(up.done).rejects.toThrow('user left');
    await settle();
    expect(t.sent.slice(before)).toEqual([]);
    expect(openUploads(key)).toEqual([]);
  });

  it('abort() while CreateMultipartUpload is in flight waits for the id and aborts the upload', async () => {
    const key = 'abort/creating.bin';
    let creating!: () => void;
    const createSent = new Promise<void>((r) => (creating = r));
    const transport: Transport = (r) => {
      if (r.url.endsWith('?uploads=')) creating();
      return fetchTransport(r);
    };
    const up = uploadToS3(base({ key, body: bytes(11 * MiB), partSize: 5 * MiB, transport }));
    await createSent;
    await up.abort();
    expect(openUploads(key)).toEqual([]);
  });
});

describe('abort after the credentials went away (signOut, dispose)', () => {
  /** A provider that works until `signOut()`, then throws as a disposed session does. */
  function session() {
    const creds = issue();
    const s = { refused: 0, out: false };
    const credentials = () => {
      if (s.out) {
        s.refused++;
        return Promise.reject(new Error('The credential session was disposed'));
      }
      return Promise.resolve(creds);
    };
    return { s, credentials };
  }

  it('abort() signs AbortMultipartUpload with the last credentials the upload had', async () => {
    const key = 'abort/signed-out.bin';
    const { s, credentials } = session();
    let hang!: () => void;
    const hung = new Promise<void>((r) => (hang = r));
    let parts = 0;
    // Part 2 hangs on the wire; meanwhile the user signs out.
    const transport: Transport = (r) => {
      if (r.url.includes('partNumber=') && ++parts === 2) {
        s.out = true;
        hang();
        return hangUntilAborted(r.signal!);
      }
      return fetchTransport(r);
    };
    const up = uploadToS3(base({ key, body: bytes(11 * MiB), partSize: 5 * MiB, concurrency: 1, credentials, transport }));
    await hung;
    expect(openUploads(key)).toHaveLength(1);
    await up.abort();
    expect(s.refused).toBeGreaterThan(0);
    expect(openUploads(key)).toEqual([]);
  });

  it('a part that cannot be signed any more fails the upload, which is aborted with the last credentials', async () => {
    const key = 'abort/signed-out-midway.bin';
    const { s, credentials } = session();
    const transport: Transport = async (r) => {
      const answer = await fetchTransport(r);
      if (r.url.includes('partNumber=')) s.out = true;
      return answer;
    };
    const up = uploadToS3(base({ key, body: bytes(11 * MiB), partSize: 5 * MiB, concurrency: 1, credentials, transport }));
    const e = await rejectionOf(up.done, S3UploadError);
    expect(e.partNumber).toBe(2);
    expect(openUploads(key)).toEqual([]);
  });

  it('credentials that have expired are not used: abort() says so and the upload stays for S3 to expire', async () => {
    const key = 'abort/expired.bin';
    const creds = issue(60);
    let out = false;
    const credentials = () => (out ? Promise.reject(new Error('The credential session was disposed')) : Promise.resolve(creds));
    let hang!: () => void;
    const hung = new Promise<void>((r) => (hang = r));
    let now = t.clock;
    const transport: Transport = (r) => {
      if (r.url.includes('partNumber=')) {
        out = true;
        now += 120_000; // the credentials' minute is over
        hang();
        return hangUntilAborted(r.signal!);
      }
      return fetchTransport(r);
    };
    const up = uploadToS3(base({ key, body: bytes(11 * MiB), partSize: 5 * MiB, concurrency: 1, credentials, transport, now: () => now }));
    await hung;
    await expect(up.abort()).rejects.toThrow(/disposed/);
    expect(openUploads(key)).toHaveLength(1);
  });
});
