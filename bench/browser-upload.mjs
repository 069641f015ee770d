#!/usr/bin/env node
// `npm run bench`, browser part: a 256 MiB upload in one Chromium page against the local S3,
// with the kit, with @aws-sdk/lib-storage, and two ceilings of plain presigned PUTs: one PUT of
// the whole body, and the kit's part pattern (8 MiB x 4 in parallel) as separate PUTs, so the
// kit's own cost (signing, multipart protocol, credentials) is what the second ratio measures.
// Peak JS heap of each is sampled through the DevTools protocol every 50 ms. BENCH_KIT_OPTIONS (JSON)
// passes options to the kit's uploadToS3, e.g. '{"concurrency":6,"partSize":16777216}'.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { register } from 'tsx/esm/api';

const SIZE_MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 256);
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`\nbrowser upload: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  process.exit(0);
}
register();
const { startLocalStack } = await import('../stack/stack.ts');
const { chromium } = await import('playwright-core');

const bundle = await build({
  entryPoints: [new URL('./browser/upload-page.js', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  write: false,
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const js = bundle.outputFiles[0].text;

const page = createServer((req, res) => {
  if (req.url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
});
await new Promise((r) => page.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${page.address().port}`;
const stack = await startLocalStack();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const tab = await browser.newPage();
  // A request the page saw fail says why here (the page's own error is only "failed").
  tab.on('requestfailed', (r) => console.error(`request failed: ${r.method()} ${r.url().split('?')[0]}: ${r.failure()?.errorText}`));
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');
  let peak = 0;
  const sampler = setInterval(async () => {
    const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
    peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  }, 50);
  // One run each, in a fixed order, peaks sampled per phase by resetting between them.
  const results = {};
  const t0 = Date.now();
  const phases = tab.evaluate((a) => window.bench(a), {
    endpoint: stack.s3,
    bucket: stack.bucket,
    credentials: stack.userKeys,
    sizeMiB: SIZE_MIB,
    kitOptions: JSON.parse(process.env.BENCH_KIT_OPTIONS ?? '{}'),
  });
  // Heap peaks by phase: watch which object exists to know where the page is.
  const seen = {};
  // The page names the same-parts ceiling after the kit's part size and concurrency (defaults 8 MiB x 4).
  const { partSize = 8 * 1024 * 1024, concurrency = 4 } = JSON.parse(process.env.BENCH_KIT_OPTIONS ?? '{}');
  const PARALLEL = `raw presigned PUTs, ${partSize / 1024 / 1024} MiB x ${concurrency}`;
  const rawParts = Math.ceil((SIZE_MIB * 1024 * 1024) / partSize);
  const phaseOf = () => {
    const objs = stack.objects.list(stack.bucket).map((o) => o.key);
    if (!objs.includes('bench/raw.bin')) return 'raw presigned PUT (ceiling)';
    if (objs.filter((k) => k.startsWith('bench/raw-parts/')).length < rawParts) return PARALLEL;
    if (!objs.includes('bench/kit.bin')) return 'web-identity-kit uploadToS3';
    return '@aws-sdk/lib-storage Upload';
  };
  const tracker = setInterval(() => {
    const p = phaseOf();
    seen[p] = Math.max(seen[p] ?? 0, peak);
    peak = 0;
  }, 100);
  const timed = await phases;
  clearInterval(sampler);
  clearInterval(tracker);
  for (const [name, r] of Object.entries(timed)) results[name] = { ...r, peakMiB: (seen[name] ?? 0) / 1024 / 1024 };
  const listed = stack.objects.list(stack.bucket);
  for (const key of ['bench/raw.bin', 'bench/kit.bin', 'bench/sdk.bin']) {
    const size = listed.find((o) => o.key === key)?.size;
    if (size !== SIZE_MIB * 1024 * 1024) throw new Error(`${key} was not stored whole (${size} bytes)`);
  }
  const partsStored = listed.filter((o) => o.key.startsWith('bench/raw-parts/')).reduce((n, o) => n + o.size, 0);
  if (partsStored !== SIZE_MIB * 1024 * 1024) throw new Error(`the raw parts were not stored whole (${partsStored} bytes)`);
  const mbps = (r) => SIZE_MIB / r.seconds;
  const kit = results['web-identity-kit uploadToS3'];
  const sdk = results['@aws-sdk/lib-storage Upload'];
  const raw = results['raw presigned PUT (ceiling)'];
  const parallel = results[PARALLEL];
  console.log(
    `\n${SIZE_MIB} MiB upload in Chromium ${browser.version()} against the local S3 (loopback), one page, run in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`${'implementation'.padEnd(32)} | ${'seconds'.padStart(8)} | ${'MiB/s'.padStart(7)} | ${'peak JS heap MiB'.padStart(16)}`);
  console.log(`${'-'.repeat(32)}-|-${'-'.repeat(8)}-|-${'-'.repeat(7)}-|-${'-'.repeat(16)}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(32)} | ${r.seconds.toFixed(2).padStart(8)} | ${mbps(r).toFixed(1).padStart(7)} | ${r.peakMiB.toFixed(1).padStart(16)}`,
    );
  }
  const pct = (a, b) => `${((100 * mbps(a)) / mbps(b)).toFixed(0)}%`;
  console.log(
    `kit / lib-storage throughput: ${(mbps(kit) / mbps(sdk)).toFixed(2)}x (target >= 1.5x); kit / one-PUT ceiling: ${pct(kit, raw)} (target >= 80%); kit / same-parts ceiling: ${pct(kit, parallel)}`,
  );
  console.log("lib-storage signs each 5 MiB part's SHA-256, so it reads and hashes every byte in the page before sending it.");
  console.log(
    'lib-storage runs with requestChecksumCalculation WHEN_REQUIRED: its default CRC32 fails on Blob bodies in browsers (aws-sdk-js-v3#6834).',
  );
} finally {
  await browser.close();
  await stack.close();
  page.close();
}
