// Serves the built demo (demo/dist) with a strict Content-Security-Policy (script-src 'self': no
// eval, no inline script) and its /config.json, on 127.0.0.1. For the end-to-end tests, and for
// `npm run demo -- --prod`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface ServedApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens first, so the caller knows the origin before the stack is told its redirect URI. */
export async function listenApp(port = 0): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const p = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${p}`, port: p };
}

export function serveApp(server: Server, config: Record<string, unknown>, connect: string[], root = DIST): ServedApp {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`,
    `frame-src ${connect.join(' ')}`,
    "base-uri 'none'",
    "form-action 'self' " + connect.join(' '),
  ].join('; ');
  server.on('request', (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify(config));
    }
    const file = normalize(join(root, path));
    const target = file.startsWith(root) && existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'content-security-policy': csp, 'cache-control': 'no-store' });
    createReadStream(target).pipe(res);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
