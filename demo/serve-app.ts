// Serves the built demo (demo/dist) with a strict Content-Security-Policy (script-src 'self': no
// eval, no inline script) and its /config.json, on 127.0.0.1. For the end-to-end tests, and for
// `npm run demo -- --prod`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('./dist', import.meta.url));
/** The e2e suite's build, with its window.__kit hooks (demo/vite.config.ts, WIK_DEMO_E2E=1). */
export const DIST_E2E = fileURLToPath(new URL('./dist-e2e', import.meta.url));

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
  /** Needs no `this`: dev.ts keeps it as a plain function. */
  close: () => Promise<void>;
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
  const base = resolve(root);
  server.on('request', (req, res) => {
    const path = decodePath(req.url ?? '/');
    if (path === undefined) return refuse(res, 400, 'Bad Request: the path is not valid percent-encoding.');
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify(config));
    }
    const file = resolve(base, '.' + path);
    if (!inside(base, file)) return refuse(res, 403, 'Forbidden: the path leads outside the app.');
    const target = existsSync(file) && statSync(file).isFile() ? file : join(base, 'index.html');
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'cache-control': 'no-store',
    });
    // A file gone between the check and the read must end this answer, not the process.
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
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

/** The URL's path, percent-decoded; undefined when the encoding is broken (decodeURIComponent throws). */
function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]);
  } catch {
    return undefined;
  }
}

/**
 * Whether file is base or below it. A bare startsWith(base) would let `../dist-private` through,
 * since "dist-private" starts with "dist"; relative() compares whole path segments.
 */
function inside(base: string, file: string): boolean {
  const rel = relative(base, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}
