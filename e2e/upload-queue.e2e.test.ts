// The demo's <S3Uploader> over one upload queue, in Chromium against the stack's S3: 200 files
// dropped at once, byte for byte, never more requests in flight than the queue's limit; a folder
// dropped (and one picked) keeping its layout in the keys; Cancel all leaving no multipart upload
// (ListMultipartUploads, asked of S3 itself); and a batch cut off by a reload that, added again,
// sends only the parts S3 lacks.
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3_DEFAULTS } from '../src/s3/defaults';
import {
  MiB,
  dropPaths,
  keyOf,
  perTest,
  randomFile,
  s3Log,
  screenshot,
  signIn,
  unexpectedProblems,
  watch,
  writeTempFiles,
  xhrsInFlight,
  type Demo,
  type Page,
} from './harness';

const t = perTest({ beforeAll, afterAll, afterEach });

const dropZone = (page: Page) => page.locator('.wik-uploader .wik-drop-zone');
const totals = (page: Page) => page.locator('.wik-upload-total .wik-total-files');
const statuses = (page: Page) => page.locator('.wik-upload .wik-upload-status').allTextContents();
const partNumberOf = (url: string) => Number(new URL(url).searchParams.get('partNumber'));

/** What S3 itself answers to ListMultipartUploads for the bucket (signed with the stack's IAM user). */
async function listMultipartUploads(demo: Demo) {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: demo.stack.s3, forcePathStyle: true, credentials: demo.stack.userKeys });
  try {
    const out = await s3.send(new ListMultipartUploadsCommand({ Bucket: demo.stack.bucket }));
    return (out.Uploads ?? []).map((u) => u.Key);
  } finally {
    s3.destroy();
  }
}

describe('many files through one queue', () => {
  it('uploads 200 files dropped at once byte for byte, never more requests in flight than the limit', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    // The kit's requests for objects of the bucket (not the object list's, which go by fetch).
    const inFlight = await xhrsInFlight(page, `${demo.stack.s3}/${demo.stack.bucket}/`);
    await signIn(page, demo);
    // Every request waits a little at S3, so the queue's limit is what bounds them.
    demo.stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs: 50, times: Infinity });
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 50, times: Infinity });
    // 198 small files of 1 byte to 96 KiB, and two of 9 MiB in two parts each, among them.
    const files = Array.from({ length: 200 }, (_, i) => ({
      path: `f-${String(i).padStart(3, '0')}.bin`,
      body: randomFile(i === 50 || i === 150 ? 9 * MiB + i : 1 + ((i * 7919) % (96 * 1024))),
    }));
    const dir = writeTempFiles(files);
    const started = Date.now();
    await dropPaths(
      page,
      dropZone(page),
      files.map((f) => join(dir, f.path)),
    );
    await totals(page).filter({ hasText: '200 of 200 files' }).waitFor({ timeout: 50_000 });
    const seconds = (Date.now() - started) / 1000;
    await screenshot(page, 'queue-200-files');

    for (const f of files) {
      const stored = demo.stack.objects.get(demo.stack.bucket, keyOf(f.path));
      expect(stored?.size, f.path).toBe(f.body.length);
      expect(Buffer.compare(stored!.body, f.body), `${f.path} byte for byte`).toBe(0);
    }
    expect(s3Log(demo, 'PutObject').map((e) => e.status)).toEqual(Array(198).fill(200));
    expect(s3Log(demo, 'UploadPart').map((e) => e.status)).toEqual(Array(4).fill(200));
    expect(s3Log(demo, 'CompleteMultipartUpload')).toHaveLength(2);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    const xhrs = await inFlight.read();
    expect(xhrs.total).toBe(198 + 2 * (1 + 2 + 1)); // a PUT each; create, two parts and complete each
    expect(xhrs.max, 'requests in flight at once').toBeLessThanOrEqual(S3_DEFAULTS.queueConcurrency);
    expect(xhrs.max, 'the limit was filled').toBe(S3_DEFAULTS.queueConcurrency);
    console.info(`upload-queue: 200 files in ${seconds.toFixed(1)} s, at most ${xhrs.max} requests in flight`);
    expect(await page.locator('.wik-upload.wik-upload-done').count()).toBe(200);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('keeps a folder’s layout in the keys, dropped or picked', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    const dropped = [
      { path: 'album/cover.bin', body: randomFile(1000) },
      { path: 'album/2026/a.bin', body: randomFile(2000) },
      { path: 'album/2026/deep/b.bin', body: randomFile(3000) },
      { path: 'loose.bin', body: randomFile(400) },
    ];
    const dir = writeTempFiles(dropped);
    // A folder and a file beside it, dropped together.
    await dropPaths(page, dropZone(page), [join(dir, 'album'), join(dir, 'loose.bin')]);
    await totals(page).filter({ hasText: '4 of 4 files' }).waitFor({ timeout: 30_000 });
    for (const f of dropped) {
      expect(Buffer.compare(demo.stack.objects.get(demo.stack.bucket, keyOf(f.path))?.body ?? Buffer.alloc(0), f.body), f.path).toBe(0);
    }
    const names = await page.locator('.wik-upload .wik-file-name').allTextContents();
    expect(names.sort()).toEqual(dropped.map((f) => f.path).sort());
    await page.locator('.wik-upload', { hasText: 'album/2026/deep/b.bin' }).getByRole('link', { name: 'Download' }).waitFor();

    // The folder picker (<input webkitdirectory>) gives the same paths.
    const picked = [
      { path: 'docs/readme.bin', body: randomFile(500) },
      { path: 'docs/specs/v1.bin', body: randomFile(600) },
    ];
    const other = writeTempFiles(picked);
    await page.getByLabel('Choose a folder').setInputFiles(join(other, 'docs'));
    await totals(page).filter({ hasText: '6 of 6 files' }).waitFor({ timeout: 30_000 });
    for (const f of picked) {
      expect(Buffer.compare(demo.stack.objects.get(demo.stack.bucket, keyOf(f.path))?.body ?? Buffer.alloc(0), f.body), f.path).toBe(0);
    }
    await screenshot(page, 'queue-folders');
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('Cancel all stops every file, and S3 lists no multipart upload afterwards', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1500, times: Infinity });
    demo.stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs: 1500, times: Infinity });
    let partsSent = 0;
    page.on('request', (r) => r.method() === 'PUT' && r.url().includes('partNumber=') && partsSent++);
    const files = [
      ...['big-1.bin', 'big-2.bin', 'big-3.bin'].map((path) => ({ path, body: randomFile(17 * MiB) })),
      ...Array.from({ length: 20 }, (_, i) => ({ path: `small-${i}.bin`, body: randomFile(10_000 + i) })),
    ];
    const dir = writeTempFiles(files);
    await dropPaths(
      page,
      dropZone(page),
      files.map((f) => join(dir, f.path)),
    );
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => partsSent).toBeGreaterThan(0);
    expect(await listMultipartUploads(demo), 'S3 lists the open uploads').not.toEqual([]);
    await page.getByRole('button', { name: 'Cancel all', exact: true }).click();
    await expect.poll(() => statuses(page)).toEqual(Array(23).fill('aborted'));
    // Parts still on their way (held by the latency fault) reach S3 after the aborts: once each
    // has been handled (counted on the server: a part the page cut before it went out never
    // arrives), none has revived an upload.
    await expect.poll(() => demo.stack.inProgress(), { timeout: 10_000 }).toBe(0);
    expect(s3Log(demo, 'UploadPart').length).toBeGreaterThan(0);
    expect(await listMultipartUploads(demo)).toEqual([]);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    for (const f of files.slice(0, 3)) expect(demo.stack.objects.get(demo.stack.bucket, keyOf(f.path)), f.path).toBeUndefined();
    expect(s3Log(demo, 'AbortMultipartUpload').every((e) => e.status === 204)).toBe(true);
    expect(await page.locator('.wik-upload').getByRole('button').count(), 'no row has a button left').toBe(0);
    expect(await page.locator('.wik-upload [role="alert"]').count(), 'a cancel is not an error').toBe(0);
    await screenshot(page, 'queue-cancel-all');
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('resumes a batch cut off by a reload: the same files added again send only the parts S3 lacks', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    await page.goto(`${demo.url}?resumable`);
    await page.getByText('Credentials ready').waitFor();
    // The first part S3 sees is answered after 1.5 s, every other after 8 s: the reload, sent once
    // a part is stored, finds the rest still held. With 1.5 s for all, a loaded CI reloaded after
    // the second file's three parts had been stored and the file completed.
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1500, times: 1 });
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 8000, times: Infinity });
    const sent: { key: string; n: number; after: boolean }[] = [];
    let afterReload = false;
    page.on('request', (r) => {
      if (r.method() !== 'PUT' || !r.url().includes('partNumber=')) return;
      const key = decodeURIComponent(new URL(r.url()).pathname.split('/').slice(2).join('/'));
      sent.push({ key, n: partNumberOf(r.url()), after: afterReload });
    });
    // Seven parts of 8 MiB (the first holds more than the limit of six at once) and three.
    const files = [
      { path: 'first.bin', body: randomFile(6 * 8 * MiB + 1234), parts: 7 },
      { path: 'second.bin', body: randomFile(2 * 8 * MiB + 99), parts: 3 },
    ];
    const dir = writeTempFiles(files);
    const pick = (p: Page) =>
      p.locator('.wik-uploader input[type="file"]:not([webkitdirectory])').setInputFiles(files.map((f) => join(dir, f.path)));
    await pick(page);
    // Reload once the first wave of parts is on S3: the rest of the batch is in flight or queued,
    // and no file can have completed (its last parts are held by the latency).
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket)[0]?.parts.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    page.on('framenavigated', (f) => f === page.mainFrame() && (afterReload = true));
    await page.reload();
    await page.getByText('Credentials ready').waitFor();
    // Let the part requests the reload cut off reach their end on S3, then see what it has. Counted
    // on the server: a request the page had started may never have reached it (the browser held it
    // for a connection, or cut it before its headers went out), so the page's count can be higher.
    await expect.poll(() => demo.stack.inProgress(), { timeout: 20_000 }).toBe(0);
    const open = new Map(demo.stack.objects.uploads(demo.stack.bucket).map((u) => [u.key, u.parts]));
    expect(open.has(keyOf('first.bin')), 'the first file is still an open upload on S3').toBe(true);
    for (const f of files) expect(demo.stack.objects.get(demo.stack.bucket, keyOf(f.path)), `${f.path} not complete`).toBeUndefined();
    const lacking = files.flatMap((f) =>
      Array.from({ length: f.parts }, (_, i) => i + 1)
        .filter((n) => !(open.get(keyOf(f.path)) ?? []).includes(n))
        .map((n) => `${keyOf(f.path)}#${n}`),
    );
    demo.stack.faults.clear();
    const partsBefore = s3Log(demo, 'UploadPart').length;
    const createdBefore = s3Log(demo, 'CreateMultipartUpload').length;

    await pick(page); // the user adds the same files again
    await totals(page).filter({ hasText: '2 of 2 files' }).waitFor({ timeout: 40_000 });
    const resent = sent.filter((s) => s.after).map((s) => `${s.key}#${s.n}`);
    expect(resent.sort(), `S3 had ${JSON.stringify([...open])}`).toEqual(lacking.sort());
    expect(s3Log(demo, 'UploadPart').length - partsBefore, 'UploadPart requests S3 answered after the reload').toBe(lacking.length);
    expect(s3Log(demo, 'CreateMultipartUpload').length - createdBefore, 'a new upload only for a file S3 had none of').toBe(
      files.filter((f) => !open.has(keyOf(f.path))).length,
    );
    for (const f of files) {
      const stored = demo.stack.objects.get(demo.stack.bucket, keyOf(f.path));
      expect(stored?.etag, f.path).toMatch(new RegExp(`-${f.parts}"?$`));
      expect(Buffer.compare(stored!.body, f.body), `${f.path} byte for byte`).toBe(0);
    }
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    console.info(`upload-queue resume: S3 had ${open.size} open upload(s); ${lacking.length} part(s) sent after the reload`);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });
});
