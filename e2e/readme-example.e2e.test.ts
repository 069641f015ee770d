// The README's "Use it in your app" block runs as written. The test takes the block from README.md
// as it is now, points it at a local stack the way "Try it on the local stack" says (the mapping
// below, and nothing else), builds it with Vite against the built package, serves it under the
// same strict CSP as the demo, and in Chromium signs in as demo/demo on the IdP's page, uploads a
// file with <S3Uploader> and waits for the block's Files component to list it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { listenApp, serveApp } from '../demo/serve-app';
import { startLocalStack, type LocalStack } from '../stack/stack';
import { launch, pickFiles, randomFile, screenshot, unexpectedProblems, uploadDone, watch, type Browser } from './harness';

const root = new URL('../', import.meta.url).pathname;
/** What the app imports besides the kit (the README's block, main.tsx, vite.config.mjs). */
const DEPENDENCIES = ['react', 'react-dom', '@aws-sdk/client-s3', '@vitejs/plugin-react'];

/** The first tsx block under the README's "## Use it in your app". */
function appBlock(readme: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Use it in your app\n'));
  const block = section && /^```tsx\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error('README.md has no ```tsx block under "## Use it in your app"');
  return block[1];
}

/**
 * The README's literals and what the local stack puts in their place: the IdP, client, role and
 * bucket become the stack's; the region becomes the stack's us-east-1; and, as "Try it on the
 * local stack" says, StsProvider gets `sts={{ region, endpoint }}`, and S3Uploader and S3Client
 * the S3 endpoint with path-style addressing. A literal must appear at least once; a component
 * or client the mapping adds to must appear exactly once, so a README that changes shape fails
 * here with the mapping's name rather than running something else.
 */
function forLocalStack(code: string, stack: Pick<LocalStack, 'issuer' | 'sts' | 's3' | 'clientId' | 'roleArn' | 'bucket'>): string {
  const literals: [string, string][] = [
    ['https://idp.example.com', stack.issuer],
    ["client_id: 'spa'", `client_id: '${stack.clientId}'`],
    ['arn:aws:iam::123456789012:role/web', stack.roleArn],
    ['eu-west-1', 'us-east-1'],
    ['my-uploads', stack.bucket],
  ];
  const anchors: [string, string][] = [
    ['<StsProvider ', `<StsProvider sts={{ region: 'us-east-1', endpoint: '${stack.sts}' }} `],
    ['<S3Uploader ', `<S3Uploader endpoint="${stack.s3}" forcePathStyle `],
    ['new S3Client({ ', `new S3Client({ endpoint: '${stack.s3}', forcePathStyle: true, `],
  ];
  for (const [from, to] of literals) {
    if (!code.includes(from)) throw new Error(`the README's app block no longer holds ${from}: update forLocalStack's mapping`);
    code = code.replaceAll(from, to);
  }
  for (const [from, to] of anchors) {
    const count = code.split(from).length - 1;
    if (count !== 1)
      throw new Error(`the README's app block holds ${from.trim()} ${count} times, not once: update forLocalStack's mapping`);
    code = code.replace(from, to);
  }
  return code;
}

/**
 * A Vite app around App.tsx in a temporary folder, as `npm create vite` would make it (index.html,
 * main.tsx, @vitejs/plugin-react), built for production. Its node_modules links the packages it
 * imports to this repository's: web-identity-kit is the repository itself, so its exports lead
 * to the built dist/ as an installed copy's would.
 */
async function buildApp(dir: string, app: string): Promise<string> {
  if (!existsSync(join(root, 'dist', 'react.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  writeFileSync(join(dir, 'App.tsx'), app);
  writeFileSync(
    join(dir, 'main.tsx'),
    [
      "import { StrictMode } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { App } from './App';",
      "createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);",
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>README app</title><link rel="icon" href="data:," /></head>' +
      '<body><div id="root"></div><script type="module" src="/main.tsx"></script></body></html>',
  );
  writeFileSync(join(dir, 'vite.config.mjs'), "import react from '@vitejs/plugin-react';\nexport default { plugins: [react()] };\n");
  const links = { 'web-identity-kit': root, ...Object.fromEntries(DEPENDENCIES.map((d) => [d, join(root, 'node_modules', d)])) };
  for (const [name, target] of Object.entries(links)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', dir, '--logLevel', 'warn'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return join(dir, 'dist');
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => {});
});

describe("the README's app block", () => {
  it('builds as written, signs in as demo/demo, uploads a file with <S3Uploader> and lists it with Files', async () => {
    const block = appBlock(readFileSync(join(root, 'README.md'), 'utf8'));
    const listening = await listenApp(0);
    const stack = await startLocalStack({ redirectUris: [`${listening.url}/`] });
    cleanups.push(() => stack.close());
    const dir = mkdtempSync(join(tmpdir(), 'wik-readme-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dist = await buildApp(dir, forLocalStack(block, stack));
    const served = serveApp(listening.server, {}, [stack.issuer, stack.sts, stack.s3], dist);
    cleanups.push(() => served.close());
    const browser: Browser = await launch();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const w = watch(page);

    // Signed out, <RequireCredentials> offers the sign-in; the IdP's own page takes demo/demo.
    await page.goto(`${served.url}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.origin === stack.issuer);
    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.origin === served.url && !u.search.includes('code='));

    // Signed in, the block's Files lists the (empty) folder, then <S3Uploader> sends a file there.
    const objects = page.getByRole('list', { name: 'Objects' });
    await objects.waitFor({ state: 'attached', timeout: 15_000 });
    const body = randomFile(200 * 1024 + 7);
    await pickFiles(page, [{ name: 'readme.bin', body }]);
    await uploadDone(page, 'readme.bin');
    const stored = stack.objects.get(stack.bucket, 'incoming/readme.bin');
    expect(stored, 'the object is in the bucket under the keyPrefix').toBeDefined();
    expect(Buffer.compare(stored!.body, body), 'stored bytes are the picked bytes').toBe(0);

    // Files lists it: the SDK's S3Client with the kit's credentials, asked again after the upload.
    await expect.poll(() => objects.getByRole('listitem').allTextContents(), { timeout: 15_000 }).toEqual(['incoming/readme.bin']);
    expect(stack.log.count('s3', 'ListObjectsV2', 200)).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'readme-app-listed');
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });
});
