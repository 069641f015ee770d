// Uploads that survive what users do (issue 15): the browser offline for 10 s mid-upload (longer
// than the retries would last) and back, and a picked file changed on disk mid-upload. Real
// Chromium: Playwright's context.setOffline fires the page's offline/online events and fails its
// requests, as a lost Wi-Fi does; the file comes from disk, as an <input type="file"> gives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MiB,
  keyOf,
  perTest,
  randomFile,
  s3Log,
  screenshot,
  sha256,
  signIn,
  unexpectedProblems,
  uploadRow,
  watch,
  type Page,
} from './harness';
import type { Request } from 'playwright-core';

const t = perTest({ beforeAll, afterAll, afterEach });

const OFFLINE_MS = 10_000;

/** Files written to disk for the page to pick, removed after each test. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function onDisk(name: string, body: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'wik-offline-e2e-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

/** Picks a file from disk in the demo's uploader (the file picker, not the folder one): Chromium reads it from disk as it sends it. */
const pickFromDisk = (page: Page, path: string) =>
  page.locator('.wik-uploader input[type="file"]:not([webkitdirectory])').setInputFiles(path);

/** Records every status text the uploader's rows show, from the first render on (a MutationObserver sees each commit). */
async function recordRowStatuses(page: Page) {
  const seen: string[] = [];
  await page.exposeFunction('__e2eRowStatus', (s: string) => seen.push(s));
  await page.addInitScript(() => {
    let last = '';
    new MutationObserver(() => {
      const now = [...document.querySelectorAll('.wik-upload .wik-upload-status')].map((e) => e.textContent ?? '').join('|');
      if (now === last || !now) return;
      last = now;
      void (window as unknown as { __e2eRowStatus: (s: string) => Promise<void> }).__e2eRowStatus(now);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return seen;
}

/** Requests of the upload the page starts from now until `stop()`: offline, each would be an attempt spent. */
function uploadRequestsStarted(page: Page) {
  const started: string[] = [];
  const record = (r: Request) => /[?&](uploads|uploadId)=/.test(r.url()) && started.push(`${r.method()} ${r.url()}`);
  page.on('request', record);
  return { started, stop: () => void page.off('request', record) };
}

describe('offline mid-upload', () => {
  it('waits for the network (10 s offline) and completes byte-identical, never showing a failure', async () => {
    const { demo, page, context } = await t.open();
    const w = watch(page);
    const statuses = await recordRowStatuses(page);
    await signIn(page, demo);
    // Parts take a while at the server, so the upload is midway when the network goes.
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1500, times: Infinity });
    const body = randomFile(96 * MiB);
    await pickFromDisk(page, onDisk('offline.bin', body));
    await expect.poll(() => s3Log(demo, 'UploadPart', 200).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const storedBefore = s3Log(demo, 'UploadPart', 200).length;

    await context.setOffline(true);
    const wentOffline = Date.now();
    const offline = uploadRequestsStarted(page);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.waitForTimeout(OFFLINE_MS); // the wait under test: longer than every retry would last
    await screenshot(page, 'offline-waiting');
    const whileOffline = [...statuses];
    offline.stop();
    await context.setOffline(false);
    expect(Date.now() - wentOffline).toBeGreaterThanOrEqual(OFFLINE_MS);

    const row = uploadRow(page, 'offline.bin');
    await row.locator('.wik-upload-status', { hasText: 'done' }).waitFor({ timeout: 60_000 });
    const stored = demo.stack.objects.get(demo.stack.bucket, keyOf('offline.bin'))!;
    expect(stored.size).toBe(body.length);
    expect(sha256(stored.body)).toBe(sha256(body));
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    expect(storedBefore).toBeLessThan(12); // it was midway (12 parts of 8 MiB)

    // The row said it was waiting, and never that the upload failed.
    expect(
      whileOffline.some((s) => /waiting/i.test(s)),
      `statuses while offline: ${whileOffline.join(', ')}`,
    ).toBe(true);
    expect(statuses.filter((s) => /error|fail/i.test(s))).toEqual([]);
    expect(await row.locator('.wik-upload-alert').count()).toBe(0);
    // Nothing of the upload was sent while offline (the parts in flight as it went failed, or were
    // cut, and were sent again once online): no attempt was spent on a network that was not there.
    expect(offline.started).toEqual([]);
    expect(unexpectedProblems(w, (_url, what) => what === 'net::ERR_INTERNET_DISCONNECTED')).toEqual([]);
  });

  it('uploadToS3 tells of waiting-for-network and running through onStateChange, and the bytes arrive whole', async () => {
    const { demo, page, context } = await t.open();
    await signIn(page, demo);
    await page.goto(`${demo.url}?e2e`);
    await page.getByText('Credentials ready').waitFor();
    await page.waitForFunction(() => !!window.__kit);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1000, times: Infinity });
    const SIZE = 26 * MiB; // six parts of 5 MiB, the last 1 MiB
    const run = page.evaluate(async (SIZE) => {
      const bytes = new Uint8Array(SIZE);
      for (let i = 0; i < SIZE; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const hex = async (b: Uint8Array<ArrayBuffer>) =>
        Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
      const kit = window.__kit!;
      const c = kit.config;
      const states: string[] = [];
      const up = kit.uploadToS3({
        bucket: c.bucket,
        key: 'users/demo-user-0001/states.bin',
        region: c.region,
        endpoint: c.s3Endpoint,
        forcePathStyle: true,
        body: new Blob([bytes]),
        credentials: kit.getCredentials,
        partSize: 5 * 1024 * 1024,
        concurrency: 2,
        maxAttempts: 2,
        onStateChange: (s) => states.push(s),
      });
      const outcome = await up.done.then(
        () => 'done',
        (e: Error) => `${e.name}: ${e.message}`,
      );
      return { outcome, states, sha256: await hex(bytes) };
    }, SIZE);
    await expect.poll(() => s3Log(demo, 'UploadPart', 200).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await context.setOffline(true);
    await page.waitForTimeout(OFFLINE_MS);
    await context.setOffline(false);
    const { outcome, states, sha256: sent } = await run;
    expect(outcome).toBe('done');
    expect(states).toEqual(['waiting-for-network', 'running', 'done']);
    const stored = demo.stack.objects.get(demo.stack.bucket, 'users/demo-user-0001/states.bin')!;
    expect(stored.size).toBe(SIZE);
    expect(sha256(stored.body)).toBe(sent);
  });
});

describe('a picked file that changes on disk mid-upload', () => {
  it('fails with S3UploadSourceError ("pick it again"), not a network or CORS message', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    const statuses = await recordRowStatuses(page);
    await signIn(page, demo);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 3000, times: Infinity });
    const path = onDisk('changed.bin', randomFile(64 * MiB));
    const changed = randomFile(64 * MiB);
    await pickFromDisk(page, path);
    // Rewritten while the first parts are held at S3: the last two of its eight parts cannot have
    // been read yet (six at once), so they read the new bytes whatever the machine's load.
    await expect.poll(() => demo.stack.inProgress(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(s3Log(demo, 'UploadPart')).toEqual([]);
    writeFileSync(path, changed); // saved again by another program: same size, new bytes and time

    const row = uploadRow(page, 'changed.bin');
    const alert = row.locator('.wik-upload-alert');
    await alert.waitFor({ timeout: 60_000 });
    await screenshot(page, 'source-changed');
    const text = await alert.textContent();
    expect(text).toContain('The file changed or can no longer be read; pick it again');
    expect(text).toMatch(/Pick the file again/);
    expect(text).not.toMatch(/network error|CORS/i);
    expect(statuses.at(-1)).toMatch(/error/);
    expect(demo.stack.objects.get(demo.stack.bucket, keyOf('changed.bin'))).toBeUndefined();
    // Chromium's own lines for the parts it could not send (those reading the file as it changed
    // end as ERR_FAILED, a later one as ERR_UPLOAD_FILE_CHANGED); nothing else.
    const partOfIt = (url: URL) => url.origin === new URL(demo.stack.s3).origin && url.pathname.endsWith('/changed.bin');
    expect(unexpectedProblems(w, (url, what) => partOfIt(url) && /^net::ERR_(UPLOAD_FILE_CHANGED|FAILED)$/.test(String(what)))).toEqual([]);
  });
});
