#!/usr/bin/env node
// `npm run bench`, browser part: the kit and Uppy (@uppy/core + @uppy/aws-s3) side by side in one
// Chromium page, against the local S3, with the same temporary credentials (the stack's STS,
// AssumeRoleWithWebIdentity from the page), the same part size and the same concurrency, on
//   (a) one 256 MiB file, (b) 500 files of 256 KiB, (c) one 1 GiB file,
// each next to its same-pattern ceiling: the same requests as plain presigned PUTs (the kit's parts
// as separate objects; 500 PUTs under the same limit). Rounds rotate the order so noise hits every
// side; min and median are printed, with the ratios and memory (peak JS heap, RSS growth).
// (a) also runs once with one PUT of the whole body, and @aws-sdk/lib-storage once on 32 MiB (it
// hashes every byte in the page at 1-2 MiB/s here: 256 MiB took it 2 to 3 minutes). Then (d): a
// batch that outlasts its credentials (short-lived, from one kit CredentialSession for both), and
// (e): the browser offline for 10 s mid-upload, one large file and a batch of small ones.
//
// Environment: BENCH_UPLOAD_MIB (a's size, 256), BENCH_FILES and BENCH_FILE_KIB (b: 500 x 256),
// BENCH_LARGE_MIB (c's size, 1024; 0 skips c), BENCH_ROUNDS (3), BENCH_LIB_STORAGE_MIB (32; 0
// skips lib-storage), BENCH_EXPIRY_SECONDS (d's credential lifetime, 15; 0 skips d),
// BENCH_OFFLINE_SECONDS (e's time offline, 10; 0 skips e),
// BENCH_KIT_OPTIONS (JSON: partSize and concurrency apply to every side, anything else to the
// kit's uploadToS3 only, e.g. '{"concurrency":6,"partSize":16777216}'), BENCH_MINIFY=0 (readable
// stack traces from the page).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'node:http';
import { register } from 'tsx/esm/api';
import { createSampler } from './browser/sampler.mjs';
import { verifyStored } from './browser/verify.mjs';
import { fmtRatio, printTable, ratio, summarize } from './browser/report.mjs';
import { printOffline, runOffline } from './browser/offline.mjs';
import { printRenewing, runRenewing } from './browser/renewing.mjs';

const MIB = 1024 * 1024;
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const ROUNDS = Math.max(1, env('BENCH_ROUNDS', 3));
const { partSize = 8 * MIB, concurrency = 4, ...kitOptions } = JSON.parse(process.env.BENCH_KIT_OPTIONS ?? '{}');
const SCENARIOS = [
  { id: 'a', title: `(a) one ${env('BENCH_UPLOAD_MIB', 256)} MiB file`, bytes: env('BENCH_UPLOAD_MIB', 256) * MIB },
  {
    id: 'b',
    title: `(b) ${env('BENCH_FILES', 500)} files of ${env('BENCH_FILE_KIB', 256)} KiB`,
    bytes: env('BENCH_FILE_KIB', 256) * 1024,
    files: env('BENCH_FILES', 500),
  },
  { id: 'c', title: `(c) one ${env('BENCH_LARGE_MIB', 1024)} MiB file`, bytes: env('BENCH_LARGE_MIB', 1024) * MIB },
].filter((s) => s.bytes > 0 && (s.files ?? 1) > 0);
const LABELS = { kit: 'web-identity-kit', uppy: 'Uppy 6 (@uppy/aws-s3)', ceiling: 'ceiling: same requests, presigned' };
const LIB_STORAGE_MIB = env('BENCH_LIB_STORAGE_MIB', 32);
const EXTRAS = { 'one-put': 'ceiling: one presigned PUT', 'lib-storage': `@aws-sdk/lib-storage (${LIB_STORAGE_MIB} MiB)` };
const LIB_STORAGE_PART = 5 * MIB;
// (d): 200 files of 256 KiB, 4 in flight, each PutObject held 300 ms at S3: 15 s and more a batch.
const RENEWING = { id: 'd', bytes: 256 * 1024, files: 200, lifetimeSeconds: env('BENCH_EXPIRY_SECONDS', 15), latencyMs: 300 };
// (e): offline once some answers are in and more are held at S3: a multipart file, then small files.
const OFFLINE_MS = env('BENCH_OFFLINE_SECONDS', 10) * 1000;
const OFFLINE = [
  { id: 'e1', title: 'one 64 MiB file (8 parts)', bytes: 64 * MIB, action: 'UploadPart', cutAfter: 1, latencyMs: 1000 },
  { id: 'e2', title: '40 files of 256 KiB', bytes: 256 * 1024, files: 40, action: 'PutObject', cutAfter: 4, latencyMs: 300 },
];

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
  minify: process.env.BENCH_MINIFY !== '0',
  write: false,
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const js = bundle.outputFiles[0].text;

/** The keys one round stores and the bytes each must hold, for verifyStored. */
function expectedObjects(s, impl, prefix) {
  if (s.files)
    return Array.from({ length: s.files }, (_, i) => ({
      key: `${prefix}${String(i).padStart(4, '0')}.bin`,
      start: i * s.bytes,
      length: s.bytes,
    }));
  if (impl === 'ceiling') {
    return Array.from({ length: Math.ceil(s.bytes / partSize) }, (_, i) => ({
      key: `${prefix}${String(i + 1).padStart(5, '0')}`,
      start: i * partSize,
      length: Math.min(partSize, s.bytes - i * partSize),
    }));
  }
  const parts = { kit: partSize, uppy: partSize, 'lib-storage': LIB_STORAGE_PART }[impl];
  return [{ key: prefix, start: 0, length: s.bytes, partSize: parts && s.bytes > parts ? parts : undefined }];
}

/** Where one round stores its objects: one key for a single body, a key prefix otherwise. */
const prefixOf = (s, impl, round) =>
  s.files || impl === 'ceiling' ? `bench/${s.id}/${impl}-r${round}/` : `bench/${s.id}/${impl}-r${round}.bin`;

const page = createServer((req, res) => {
  if (req.url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
});
await new Promise((r) => page.listen(0, '127.0.0.1', r));
const stack = await startLocalStack();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const t0 = Date.now();
  const tab = await browser.newPage();
  // A request the page saw fail says why here (the page's own error is only "failed").
  tab.on('requestfailed', (r) => console.error(`request failed: ${r.method()} ${r.url().split('?')[0]}: ${r.failure()?.errorText}`));
  await tab.goto(`http://127.0.0.1:${page.address().port}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  const idToken = await stack.mintIdToken({ sub: 'bench-user' });
  const { expiration } = await tab.evaluate((a) => window.benchSetup(a), {
    endpoint: stack.s3,
    bucket: stack.bucket,
    sts: stack.sts,
    roleArn: stack.roleArn,
    idToken,
    partSize,
    concurrency,
    kitOptions,
  });
  const sampler = await createSampler(browser, tab);
  console.log(
    `\nUploads in Chromium ${browser.version()} against the local S3 (loopback), one page; temporary credentials from the stack's STS ` +
      `(AssumeRoleWithWebIdentity, expire ${expiration}) shared by every side; ${partSize / MIB} MiB parts, ${concurrency} requests in flight; ` +
      `${ROUNDS} rounds, order rotated each round; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the start (other work on the machine widens min-to-median). Memory: the highest of any round; RSS ${sampler.renderer ? `of the page's renderer (pid ${sampler.renderer}) and` : 'of'} all Chromium processes, growth over the round's start.`,
  );

  const runInPage = (impl, round) => tab.evaluate(([i, a]) => window.benchRun(i, a), [impl, round]);
  const verify = (s, impl, prefix, what) => verifyStored(stack.objects.list(stack.bucket), expectedObjects(s, impl, prefix), what);

  /** One timed, sampled, verified round. */
  async function round(s, impl, r) {
    const prefix = prefixOf(s, impl, r);
    const { result, ...memory } = await sampler.measure(() => runInPage(impl, { bytes: s.bytes, files: s.files, prefix }));
    verify(s, impl, prefix, `${s.id}/${impl} round ${r}`);
    return { seconds: result.seconds, ...memory };
  }

  // One untimed round of each path first (parts, and small files): a page's first upload pays for
  // the JIT, the first connections and the heap's growth, which would land on whoever goes first.
  for (const warm of [
    { id: 'warm', bytes: 2 * partSize + 1 },
    { id: 'warm', bytes: 64 * 1024, files: 8 },
  ]) {
    for (const impl of ['kit', 'uppy', 'ceiling'])
      await runInPage(impl, { ...warm, prefix: `${prefixOf(warm, impl, 0)}${warm.files ? 'files/' : ''}` });
  }

  const summary = [];
  for (const s of SCENARIOS) {
    const runs = { kit: [], uppy: [], ceiling: [] };
    const order = Object.keys(runs);
    for (let r = 1; r <= ROUNDS; r++) {
      // Rotated each round: kit before Uppy in one round, after it in the next.
      for (const impl of [...order.slice((r - 1) % 3), ...order.slice(0, (r - 1) % 3)]) runs[impl].push(await round(s, impl, r));
    }
    const mib = (s.bytes * (s.files ?? 1)) / MIB;
    const rows = Object.fromEntries(order.map((impl) => [LABELS[impl], summarize(runs[impl], mib)]));
    if (s.id === 'a') {
      rows[EXTRAS['one-put']] = summarize([await round(s, 'one-put', 1)], mib);
      const lib = { ...s, bytes: LIB_STORAGE_MIB * MIB };
      if (LIB_STORAGE_MIB > 0) rows[EXTRAS['lib-storage']] = summarize([await round(lib, 'lib-storage', 1)], LIB_STORAGE_MIB);
    }
    const [kit, uppy, ceiling] = order.map((impl) => rows[LABELS[impl]]);
    printTable(`${s.title}: ${mib.toFixed(0)} MiB per round`, rows);
    const vsUppy = ratio(kit, uppy);
    const vsCeiling = ratio(kit, ceiling);
    console.log(`kit / Uppy throughput: ${fmtRatio(vsUppy)} (target >= 1.2x)`);
    console.log(`kit / same-pattern ceiling: ${fmtRatio(vsCeiling, true)} (target >= 90%)`);
    if (rows[EXTRAS['lib-storage']]) console.log(`kit / lib-storage throughput: ${fmtRatio(ratio(kit, rows[EXTRAS['lib-storage']]))}`);
    summary.push({ s, kit, uppy, vsUppy, vsCeiling });
  }

  if (RENEWING.lifetimeSeconds > 0) {
    const d = RENEWING;
    const rows = await runRenewing({
      tab,
      stack,
      lifetimeSeconds: d.lifetimeSeconds,
      latencyMs: d.latencyMs,
      round: (impl, prefix) => runInPage(impl, { bytes: d.bytes, files: d.files, prefix, renewing: true }),
      verify: (impl, prefix) => verify(d, impl, prefix, `d/${impl}`),
    });
    printRenewing(
      `(d) ${d.files} files of ${d.bytes / 1024} KiB, credentials that last ${d.lifetimeSeconds} s (one kit CredentialSession for both), each PutObject held ${d.latencyMs} ms at S3, one batch each:`,
      rows,
      LABELS,
    );
  }

  for (const e of OFFLINE_MS > 0 ? OFFLINE : []) {
    const rows = await runOffline({
      tab,
      stack,
      ...e,
      offlineMs: OFFLINE_MS,
      prefixOf: (impl) => prefixOf(e, impl, 1),
      round: (impl, prefix) => runInPage(impl, { bytes: e.bytes, files: e.files, prefix, offline: true }),
      verify: (impl, prefix) => verify(e, impl, prefix, `${e.id}/${impl}`),
    });
    printOffline(
      `(${e.id}) ${e.title}, the browser offline for ${OFFLINE_MS / 1000} s once ${e.cutAfter} ${e.action} answered (each held ${e.latencyMs} ms at S3):`,
      rows,
      LABELS,
    );
  }

  const budget = (concurrency * partSize) / MIB + 10;
  console.log(`\nSummary (memory target for the kit: heap and renderer RSS growth <= concurrency x part size + 10 MiB = ${budget} MiB)`);
  for (const { s, kit, uppy, vsUppy, vsCeiling } of summary) {
    const mem = (x) => `heap +${x.heapGrowthMiB.toFixed(1)} MiB, renderer RSS +${x.rendererGrowthMiB?.toFixed(1) ?? 'n/a'} MiB`;
    console.log(
      `${s.title.padEnd(28)} kit/Uppy ${vsUppy.median.toFixed(2)}x, kit/ceiling ${(100 * vsCeiling.median).toFixed(0)}% (medians); kit ${mem(kit)}; Uppy ${mem(uppy)}`,
    );
  }
  console.log(
    'Uppy 6 uploads one file at a time per slot: `limit` bounds files in flight, and a file sends its parts one after another, so one large file has one request open.',
  );
  console.log("lib-storage signs each 5 MiB part's SHA-256, so it reads and hashes every byte in the page before sending it.");
  console.log(
    'lib-storage runs with requestChecksumCalculation WHEN_REQUIRED: its default CRC32 fails on Blob bodies in browsers (aws-sdk-js-v3#6834).',
  );
  console.log(`browser part done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
  await stack.close();
  page.close();
}
