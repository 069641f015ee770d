// @vitest-environment jsdom
// The XMLHttpRequest transport (the browsers' default, for byte-level upload progress) with
// jsdom's XHR against a real HTTP server on 127.0.0.1, cross-origin as in a page: what it sends
// and returns, only the headers CORS exposes, stalls, aborts and refused connections. jsdom
// reports no upload byte counts: byte-level progress is checked in Chromium (e2e/uploads).
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { S3NetworkError, xhrTransport, type S3Request } from '../../src/s3/index';
import { startServer } from '../helpers/http-server';
import { rejectionOf } from '../helpers/rejection';

const pending: ServerResponse[] = [];
let hung: (() => void) | undefined;
const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, DELETE',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'ETag',
};
const server = await startServer((req, res) => {
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
  if (req.url?.startsWith('/hang')) return void (pending.push(res), hung?.());
  res.writeHead(200, { ...cors, etag: '"abc"', 'x-amz-request-id': 'hidden-by-cors' }).end('<Ok/>');
});

const request = (more: Partial<S3Request> = {}): S3Request => ({
  method: 'PUT',
  url: `${server.url}/bucket/key`,
  headers: { 'x-amz-date': '20300101T000000Z' },
  body: 'hello',
  stallTimeoutMs: 5000,
  ...more,
});

describe('xhrTransport', () => {
  it('sends the request and returns status, body and the headers CORS exposes', async () => {
    const a = await xhrTransport(request());
    expect(a.status).toBe(200);
    expect(a.body).toBe('<Ok/>');
    expect(a.header('ETag')).toBe('"abc"');
    expect(a.header('x-amz-request-id')).toBeNull(); // not exposed: as a browser hides it
    const sent = server.requests.at(-1)!;
    expect(sent.body).toBe('hello');
    expect(sent.headers['x-amz-date']).toBe('20300101T000000Z');
  });

  it('fails with S3NetworkError when no byte moves for stallTimeoutMs', async () => {
    const e = await rejectionOf(xhrTransport(request({ url: `${server.url}/hang`, stallTimeoutMs: 50 })), S3NetworkError);
    expect(e.message).toMatch(/No progress for 50 ms/);
  });

  it('rejects with the signal’s own reason when aborted, before or during the exchange', async () => {
    const reason = { why: 'paused' };
    const before = new AbortController();
    before.abort(reason);
    await expect(xhrTransport(request({ signal: before.signal }))).rejects.toBe(reason);
    const during = new AbortController();
    const reached = new Promise<void>((r) => (hung = r));
    const exchange = xhrTransport(request({ url: `${server.url}/hang`, signal: during.signal }));
    await reached;
    during.abort(reason);
    await expect(exchange).rejects.toBe(reason);
  });

  it('turns a refused connection into S3NetworkError', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const e = await rejectionOf(xhrTransport(request({ url: `${closed.url}/x` })), S3NetworkError);
    expect(e.message).toMatch(/network error, or refused by CORS/);
  });
});
