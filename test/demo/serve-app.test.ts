// The demo's static server (demo/serve-app.ts) under hostile paths: it must serve only its
// root, never a sibling folder whose name starts like it, and survive bad percent-encoding.
// Requests go out raw over node:http, so `..` reaches the server as sent (fetch would normalise it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenApp, serveApp, type ServedApp } from '../../demo/serve-app';

let base: string;
let app: ServedApp;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'wik-serve-app-'));
  // `dist` is the root; `dist-private` shares its prefix, so a bare startsWith(root) lets it through.
  mkdirSync(join(base, 'dist'));
  mkdirSync(join(base, 'dist-private'));
  writeFileSync(join(base, 'dist', 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(base, 'dist', 'app.js'), 'console.log("app")');
  writeFileSync(join(base, 'dist-private', 'secret.txt'), 'TOP-SECRET');
  writeFileSync(join(base, 'outside.txt'), 'OUTSIDE');
  const listening = await listenApp(0);
  app = serveApp(listening.server, { authority: 'http://127.0.0.1:1' }, ['http://127.0.0.1:1'], join(base, 'dist'));
});

afterAll(async () => {
  await app?.close();
  rmSync(base, { recursive: true, force: true });
});

/** A GET with the path exactly as given: no URL parsing, no normalisation. */
function rawGet(path: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    // A server that crashed mid-request never answers: fail fast instead of hanging the suite.
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer to GET ${path}`)));
    req.end();
  });
}

describe('serve-app', () => {
  it('serves files of its root and index.html for app routes', async () => {
    const js = await rawGet('/app.js');
    expect(js.status).toBe(200);
    expect(js.body).toBe('console.log("app")');
    const route = await rawGet('/some/route');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>app</title>');
    const config = await rawGet('/config.json');
    expect(JSON.parse(config.body)).toEqual({ authority: 'http://127.0.0.1:1' });
  });

  it.each([
    '/../dist-private/secret.txt',
    '/%2e%2e/dist-private/secret.txt',
    '/..%2fdist-private%2fsecret.txt',
    '/../outside.txt',
    '/%2e%2e%2foutside.txt',
  ])('never reads outside its root: %s', async (path) => {
    const res = await rawGet(path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('TOP-SECRET');
    expect(res.body).not.toContain('OUTSIDE');
  });

  it.each(['/%E0%A4%A', '/%', '/app.js%zz'])('answers 400 to bad percent-encoding (%s) and keeps serving', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(400);
    const after = await rawGet('/app.js');
    expect(after.status).toBe(200);
    expect(after.body).toBe('console.log("app")');
  });
});
