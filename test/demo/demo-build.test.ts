// The demo's production build (what `npm run demo -- --prod` serves) must not carry the e2e hooks:
// with them, any page URL with `?e2e` put the session's getCredentials on window.__kit. Only the
// build the e2e harness makes (WIK_DEMO_E2E=1, in its own folder) has them.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'wik-demo-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every JavaScript file of a build, concatenated. */
function buildJs(env: Record<string, string | undefined>): string {
  const { WIK_DEMO_E2E: _ignored, ...base } = process.env;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'demo/vite.config.ts',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    {
      cwd: ROOT,
      env: { ...base, NODE_ENV: 'production', ...env },
      stdio: 'pipe',
    },
  );
  const assets = join(out, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
}

describe('demo production build', () => {
  it('has no e2e hooks unless the e2e harness asks for them', () => {
    const prod = buildJs({});
    // Booleans, not toContain: a failure must not print the whole bundle.
    expect(prod.includes('web-identity-kit'), 'the build is the demo').toBe(true);
    expect(prod.includes('__kit'), 'the production build mentions window.__kit').toBe(false);
    const e2e = buildJs({ WIK_DEMO_E2E: '1' });
    expect(e2e.includes('__kit'), 'the e2e build has its hooks').toBe(true);
  });
});

describe('npm run demo -- --prod', () => {
  it('builds afresh and serves no e2e hooks, even over a stale demo/dist that had them', async () => {
    // What an older e2e setup left in demo/dist: served as is, it would hand out window.__kit.
    const dist = join(ROOT, 'demo/dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><script>window.__kit = { getCredentials() {} }</script>');
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/dev.ts', '--prod'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '0', WIK_DEMO_E2E: '1' },
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          const m = /web-identity-kit demo: (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`demo --prod exited (${code}) before serving`)));
      });
      const html = await (await fetch(url)).text();
      const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      const js = (await Promise.all(scripts.map(async (src) => (await fetch(new URL(src, url))).text()))).join('\n');
      expect(html.includes('__kit') || js.includes('__kit'), 'the served app mentions window.__kit').toBe(false);
      expect(scripts.length).toBeGreaterThan(0);
      expect(js.includes('web-identity-kit'), 'the served app is the demo').toBe(true);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
