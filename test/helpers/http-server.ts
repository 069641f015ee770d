// A real HTTP server on 127.0.0.1 and a free port, for the transport's behaviour that a stub
// fetch cannot show: timeouts, dropped connections, headers. It closes itself after each test file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void;

export async function startServer(
  handler: Handler,
): Promise<{ url: string; requests: { body: string; headers: IncomingMessage['headers'] }[]; close(): Promise<void> }> {
  const requests: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ body, headers: req.headers });
      handler(Object.assign(req, { body }), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  afterAll(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close };
}
