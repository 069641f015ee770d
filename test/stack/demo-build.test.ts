// The demo's production build (what `npm run demo -- --prod` serves) must not carry the e2e hooks:
// with them, any page URL with `?e2e` put the session's getCredentials on window.__kit. Only the
// build the e2e harness makes (WIK_DEMO_E2E=1, in its own folder) has them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'demo/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...base, NODE_ENV: 'production', ...env },
    stdio: 'pipe',
  });
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
