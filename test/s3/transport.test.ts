// The transports against a real HTTP server on 127.0.0.1: what they send and return, stalls,
// aborts and refused connections. fetch here; XMLHttpRequest (jsdom's) in transport-xhr.test.ts.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fetchTransport, S3NetworkError, type S3Request } from '../../src/s3/index';
import { startServer } from '../helpers/http-server';
import { rejectionOf } from '../helpers/rejection';

/** Responses to /hang, never ended; `hung` is told of each one. */
const pending: ServerResponse[] = [];
let hung: (() => void) | undefined;
const server = await startServer((req, res) => {
  if (req.url?.startsWith('/hang')) return void (pending.push(res), hung?.());
  res.writeHead(req.method === 'PUT' ? 200 : 404, { etag: '"abc"', 'x-amz-request-id': 'R1', 'content-type': 'application/xml' });
  res.end(req.method === 'PUT' ? '' : '<Error><Code>NoSuchKey</Code></Error>');
});

const request = (more: Partial<S3Request> = {}): S3Request => ({
  method: 'PUT',
  url: `${server.url}/bucket/key`,
  headers: { 'x-amz-date': '20300101T000000Z', 'content-type': 'text/plain' },
  body: 'hello',
  stallTimeoutMs: 5000,
  ...more,
});

describe('fetchTransport', () => {
  it('sends the method, headers and body as given, and returns status, headers and body', async () => {
    const progress: number[] = [];
    const a = await fetchTransport(request({ onUploadProgress: (n) => progress.push(n) }));
    expect(a.status).toBe(200);
    expect(a.header('ETag')).toBe('"abc"');
    expect(a.header('x-missing')).toBeNull();
    const sent = server.requests.at(-1)!;
    expect(sent.body).toBe('hello');
    expect(sent.headers).toMatchObject({ 'x-amz-date': '20300101T000000Z', 'content-type': 'text/plain' });
    expect(progress).toEqual([5]); // fetch reports the whole body once it is sent
  });

  it('returns error answers as answers, body and all: telling them apart is the caller’s job', async () => {
    const a = await fetchTransport(request({ method: 'GET', body: undefined }));
    expect(a.status).toBe(404);
    expect(a.body).toContain('NoSuchKey');
  });

  it('sends bytes and Blobs without re-encoding them', async () => {
    await fetchTransport(request({ body: new Uint8Array([104, 105]) }));
    expect(server.requests.at(-1)!.body).toBe('hi');
    await fetchTransport(request({ body: new Blob(['blob']) }));
    expect(server.requests.at(-1)!.body).toBe('blob');
  });

  it('gives up with S3NetworkError when no answer comes within stallTimeoutMs', async () => {
    const e = await rejectionOf(fetchTransport(request({ url: `${server.url}/hang`, stallTimeoutMs: 50 })), S3NetworkError);
    expect(e.message).toMatch(/No answer within 50 ms/);
  });

  it('rejects with the signal’s own reason when aborted, before or during the exchange', async () => {
    const before = new AbortController();
    const reason = { why: 'paused' };
    before.abort(reason);
    await expect(fetchTransport(request({ signal: before.signal }))).rejects.toBe(reason);
    const during = new AbortController();
    const reached = new Promise<void>((r) => (hung = r));
    const exchange = fetchTransport(request({ url: `${server.url}/hang`, signal: during.signal }));
    await reached;
    during.abort(reason);
    await expect(exchange).rejects.toBe(reason);
  });

  it('turns a refused connection into S3NetworkError', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const e = await rejectionOf(fetchTransport(request({ url: `${closed.url}/x` })), S3NetworkError);
    expect(e.message).toMatch(/The request to S3 failed/);
    expect(e.hint).toMatch(/connection/);
  });
});
