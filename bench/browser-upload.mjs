#!/usr/bin/env node
// `npm run bench`, browser part: a 256 MiB upload in one Chromium page against the local S3,
// with the kit, with @aws-sdk/lib-storage and as one presigned PUT (the ceiling), plus the peak
// JS heap of each (sampled through the DevTools protocol every 50 ms). BENCH_KIT_OPTIONS (JSON)
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
const { startLocalStack } = await import('../demo/server/stack.ts');
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
  for (const name of ['raw presigned PUT (ceiling)', 'web-identity-kit uploadToS3', '@aws-sdk/lib-storage Upload']) {
    results[name] = { peakMiB: 0 };
  }
  const t0 = Date.now();
  const phases = tab.evaluate(
    (a) => window.bench(a),
    { endpoint: stack.s3, bucket: stack.bucket, credentials: stack.userKeys, sizeMiB: SIZE_MIB, kitOptions: JSON.parse(process.env.BENCH_KIT_OPTIONS ?? '{}') },
  );
  // Heap peaks by phase: watch which object exists to know where the page is.
  const seen = {};
  const phaseOf = () => {
    const objs = stack.objects.list(stack.bucket).map((o) => o.key);
    const uploads = stack.objects.uploads(stack.bucket).map((u) => u.key);
    if (!objs.includes('bench/raw.bin')) return 'raw presigned PUT (ceiling)';
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
  for (const [name, r] of Object.entries(timed)) Object.assign(results[name], r, { peakMiB: (seen[name] ?? 0) / 1024 / 1024 });
  for (const key of ['bench/raw.bin', 'bench/kit.bin', 'bench/sdk.bin']) {
    const size = stack.objects.list(stack.bucket).find((o) => o.key === key)?.size;
    if (size !== SIZE_MIB * 1024 * 1024) throw new Error(`${key} was not stored whole (${size} bytes)`);
  }
  const mbps = (r) => SIZE_MIB / r.seconds;
  const kit = results['web-identity-kit uploadToS3'];
  const sdk = results['@aws-sdk/lib-storage Upload'];
  const raw = results['raw presigned PUT (ceiling)'];
  console.log(`\n${SIZE_MIB} MiB upload in Chromium ${browser.version()} against the local S3 (loopback), one page, run in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${'implementation'.padEnd(32)} | ${'seconds'.padStart(8)} | ${'MiB/s'.padStart(7)} | ${'peak JS heap MiB'.padStart(16)}`);
  console.log(`${'-'.repeat(32)}-|-${'-'.repeat(8)}-|-${'-'.repeat(7)}-|-${'-'.repeat(16)}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(32)} | ${r.seconds.toFixed(2).padStart(8)} | ${mbps(r).toFixed(1).padStart(7)} | ${r.peakMiB.toFixed(1).padStart(16)}`);
  }
  console.log(`kit / lib-storage throughput: ${(mbps(kit) / mbps(sdk)).toFixed(2)}x (target >= 1.5x); kit / ceiling: ${((100 * mbps(kit)) / mbps(raw)).toFixed(0)}% (target >= 80%)`);
  console.log('lib-storage runs with requestChecksumCalculation WHEN_REQUIRED: its default CRC32 fails on Blob bodies in browsers (aws-sdk-js-v3#6834).');
} finally {
  await browser.close();
  await stack.close();
  page.close();
}
