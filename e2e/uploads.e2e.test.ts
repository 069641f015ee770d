// Uploads in the real browser (XHR, Blob slices) against the stack's S3, which verifies every
// signature, session token and part: one PUT and multipart, failing parts, cancel, pause and
// resume, a CORS rule that hides ETag, resume after a reload, and presigned GET/PUT.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { corsRuleFor } from 'web-identity-kit/s3';
import { defaultCors } from '../stack/stack';
import {
  MiB,
  keyOf,
  perTest,
  pickFiles,
  randomFile,
  s3Log,
  screenshot,
  sha256,
  signIn,
  unexpectedProblems,
  uploadDone,
  uploadRow,
  watch,
  type Demo,
  type Page,
} from './harness';

const t = perTest({ beforeAll, afterAll, afterEach });

const partNumberOf = (url: string) => Number(new URL(url).searchParams.get('partNumber'));

/** Signs in, then opens the demo with ?e2e, which puts the kit's S3 functions on window.__kit. */
async function openWithKit(page: Page, demo: Demo) {
  await signIn(page, demo);
  await page.goto(`${demo.url}?e2e`);
  await page.getByText('Credentials ready').waitFor();
  await page.waitForFunction(() => !!window.__kit);
}

/**
 * Uploads `size` bytes made in the page from `seed` (the same bytes for the same seed, in any
 * page load), as a File or a plain Blob, with uploadToS3, 5 MiB parts one at a time, under the
 * resumeKey 'e2e-resume'. Resolves with the outcome and the bytes' SHA-256.
 */
const resumableInPage = (page: Page, o: { size: number; seed: number; as: 'File' | 'Blob' }) =>
  page.evaluate(async ({ size, seed, as }) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = Math.imul(i + seed, 2654435761) >>> 24;
    const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (x) => x.toString(16).padStart(2, '0')).join(
      '',
    );
    const kit = window.__kit!;
    const type = 'application/octet-stream';
    const body = as === 'File' ? new File([bytes], 'resume.bin', { type, lastModified: 1_700_000_000_000 }) : new Blob([bytes], { type });
    const c = kit.config;
    const up = kit.uploadToS3({
      bucket: c.bucket,
      key: 'users/demo-user-0001/resume.bin',
      region: c.region,
      endpoint: c.s3Endpoint,
      forcePathStyle: true,
      body,
      credentials: kit.getCredentials,
      partSize: 5 * 1024 * 1024,
      concurrency: 1,
      resumeKey: 'e2e-resume',
    });
    window.__upload = up;
    return up.done.then(
      (r) => ({ ok: true, etag: r.etag, sha256 }),
      (e: Error) => ({ ok: false, error: `${e.name}: ${e.message}`, sha256 }),
    );
  }, o);

describe('uploads from the browser', () => {
  it('uploads a small file in one PUT and a 20 MiB file in three parts, byte for byte', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    // Slow parts a little, so the page can be seen mid-upload.
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 600, times: Infinity });
    const small = randomFile(100 * 1024 + 1);
    const big = randomFile(20 * MiB);
    await pickFiles(page, [
      { name: 'small.bin', body: small },
      { name: 'multi.bin', body: big },
    ]);
    await uploadDone(page, 'small.bin');
    const row = uploadRow(page, 'multi.bin');
    await expect.poll(async () => Number(await row.locator('progress').getAttribute('value'))).toBeGreaterThan(0);
    await screenshot(page, 'flow-04-uploads-in-progress');
    await uploadDone(page, 'multi.bin');
    await page.locator('.objects .object-link', { hasText: 'multi.bin' }).waitFor();
    await screenshot(page, 'uploads-done');

    expect(Buffer.compare(demo.stack.objects.get(demo.stack.bucket, keyOf('small.bin'))!.body, small)).toBe(0);
    const stored = demo.stack.objects.get(demo.stack.bucket, keyOf('multi.bin'))!;
    expect(stored.size).toBe(big.length);
    expect(sha256(stored.body)).toBe(sha256(big));
    expect(stored.etag, 'a three-part ETag').toMatch(/-3$/);
    expect(s3Log(demo, 'PutObject', 200)).toHaveLength(1);
    expect(s3Log(demo, 'CreateMultipartUpload', 200)).toHaveLength(1);
    expect(s3Log(demo, 'UploadPart', 200)).toHaveLength(3);
    expect(s3Log(demo, 'CompleteMultipartUpload', 200)).toHaveLength(1);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('completes a 64 MiB upload while 5% of UploadPart requests fail (armed with the panel button)', async () => {
    // Seed 6: the generator's 2nd and 7th draws are under 0.05, so two of the eight-plus part requests fail.
    const { demo, page } = await t.open({ seed: 6 });
    const w = watch(page);
    await signIn(page, demo);
    await page.getByRole('button', { name: '5% of upload parts fail' }).click();
    await page.getByText('Armed: 5% of upload parts fail.').waitFor();
    const body = randomFile(64 * MiB);
    await pickFiles(page, [{ name: 'flaky.bin', body }]);
    await uploadDone(page, 'flaky.bin', 120_000);
    const stored = demo.stack.objects.get(demo.stack.bucket, keyOf('flaky.bin'))!;
    expect(stored.size).toBe(body.length);
    expect(sha256(stored.body)).toBe(sha256(body));
    expect(stored.etag).toMatch(/-8$/);
    const failedParts = s3Log(demo, 'UploadPart', 500);
    expect(demo.stack.faults.fired.status, 'the fault did fire').toBeGreaterThanOrEqual(1);
    expect(failedParts).toHaveLength(demo.stack.faults.fired.status);
    expect(s3Log(demo, 'UploadPart', 200)).toHaveLength(8);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    // The page saw exactly those 500s, and Chromium logged one line for each; nothing else.
    expect(w.failed).toHaveLength(failedParts.length);
    for (const f of w.failed) expect(f).toMatch(new RegExp(`^500 PUT ${demo.stack.s3}/demo/.*partNumber=\\d+&uploadId=`));
    const expected = (u: URL, what: number | string) => u.origin === demo.stack.s3 && what === 500 && u.searchParams.has('partNumber');
    expect(unexpectedProblems(w, expected)).toEqual([]);
  });

  it('Cancel stops a multipart upload and leaves no upload behind in the bucket', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1500, times: Infinity });
    let partsSent = 0;
    page.on('request', (r) => r.method() === 'PUT' && r.url().includes('partNumber=') && partsSent++);
    await pickFiles(page, [{ name: 'cancel-me.bin', body: randomFile(20 * MiB) }]);
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket).length).toBe(1);
    await expect.poll(() => partsSent).toBeGreaterThan(0);
    const row = uploadRow(page, 'cancel-me.bin');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.wik-upload.wik-upload-aborted', { hasText: 'cancel-me.bin' }).waitFor();
    await expect.poll(() => s3Log(demo, 'AbortMultipartUpload', 204).length).toBe(1);
    // Parts still on their way (held by the latency fault) reach the server after the abort:
    // once each has been answered, none of them has revived the upload.
    await expect.poll(() => s3Log(demo, 'UploadPart').length, { timeout: 10_000 }).toBe(partsSent);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    expect(demo.stack.objects.get(demo.stack.bucket, keyOf('cancel-me.bin'))).toBeUndefined();
    expect(await row.getByRole('button').count(), 'no Pause, Resume or Cancel left').toBe(0);
    expect(await row.locator('[role="alert"]').count(), 'a cancel is not an error').toBe(0);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('Pause stops the parts in flight, Resume sends them again, and the object is identical', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1500, times: Infinity });
    const aborted: number[] = [];
    const sentAfterResume: number[] = [];
    let resumed = false;
    page.on('requestfailed', (r) => r.url().includes('partNumber=') && aborted.push(partNumberOf(r.url())));
    page.on(
      'request',
      (r) => resumed && r.method() === 'PUT' && r.url().includes('partNumber=') && sentAfterResume.push(partNumberOf(r.url())),
    );
    const body = randomFile(20 * MiB); // three parts of 8, 8 and 4 MiB, all in flight at once
    await pickFiles(page, [{ name: 'pause.bin', body }]);
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket).length).toBe(1);
    const row = uploadRow(page, 'pause.bin');
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.locator('.wik-upload-status', { hasText: 'paused' }).waitFor();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    await expect.poll(() => aborted.length, { message: 'the parts in flight were stopped' }).toBeGreaterThan(0);
    const progressWhilePaused = Number(await row.locator('progress').getAttribute('value'));
    expect(progressWhilePaused).toBeLessThan(body.length);
    await screenshot(page, 'upload-paused');

    resumed = true;
    await row.getByRole('button', { name: 'Resume' }).click();
    await uploadDone(page, 'pause.bin');
    for (const n of new Set(aborted)) expect(sentAfterResume, `part ${n} sent again after Resume`).toContain(n);
    const stored = demo.stack.objects.get(demo.stack.bucket, keyOf('pause.bin'))!;
    expect(sha256(stored.body)).toBe(sha256(body));
    expect(stored.etag).toMatch(/-3$/);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('explains a CORS rule without ExposeHeaders with an S3CorsError carrying the CORS JSON that fixes it', async () => {
    const { demo, page } = await t.open({ cors: { ...defaultCors(), exposeHeaders: [] } });
    const w = watch(page);
    await signIn(page, demo);
    await pickFiles(page, [{ name: 'cors-small.bin', body: randomFile(2048) }]);
    const alert = uploadRow(page, 'cors-small.bin').getByRole('alert');
    await alert.waitFor();
    await screenshot(page, 'error-cors');
    const message = (await alert.textContent())!;
    expect(message).toContain('cannot read its ETag');
    expect(message).toContain('Apply this CORS configuration to the bucket:');
    expect(message).toContain('aws s3api put-bucket-cors');
    const json = /bucket:\s*(\{[\s\S]*?\n\})/.exec(message)?.[1];
    expect(json, `a JSON block in: ${message}`).toBeDefined();
    const fix = JSON.parse(json!) as ReturnType<typeof corsRuleFor>;
    const rule = fix.CORSRules[0];
    expect(rule.AllowedOrigins).toEqual([new URL(demo.url).origin]);
    expect(rule.ExposeHeaders).toContain('ETag');
    // S3 stored the single PUT all the same; the demo lists its objects again after a failure.
    expect(demo.stack.objects.get(demo.stack.bucket, keyOf('cors-small.bin'))).toBeDefined();
    await page.getByRole('region', { name: 'Your objects' }).getByRole('link', { name: 'cors-small.bin' }).waitFor({ timeout: 5_000 });

    // A multipart upload fails the same way, and the kit aborts it: nothing is left in the bucket.
    await pickFiles(page, [{ name: 'cors-multi.bin', body: randomFile(9 * MiB) }]);
    await uploadRow(page, 'cors-multi.bin').getByRole('alert').filter({ hasText: 'CORS configuration' }).waitFor();
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);

    // The rule it suggests does fix it: applied to the bucket, the same upload goes through.
    const applied = await fetch(`${demo.stack.s3}/__control/settings`, {
      method: 'POST',
      body: JSON.stringify({
        cors: {
          allowedOrigins: rule.AllowedOrigins,
          allowedMethods: rule.AllowedMethods,
          allowedHeaders: rule.AllowedHeaders,
          exposeHeaders: rule.ExposeHeaders,
          maxAgeSeconds: rule.MaxAgeSeconds,
        },
      }),
    });
    expect(applied.status).toBe(200);
    const body = randomFile(9 * MiB);
    await pickFiles(page, [{ name: 'cors-fixed.bin', body }]);
    await uploadDone(page, 'cors-fixed.bin');
    expect(sha256(demo.stack.objects.get(demo.stack.bucket, keyOf('cors-fixed.bin'))!.body)).toBe(sha256(body));
    // The multipart upload was aborted once (both parts failed; see the next test).
    expect(s3Log(demo, 'AbortMultipartUpload').map((e) => e.status)).toEqual([204]);
    // The kit found out without tripping the browser: no request failed, no console error (not
    // even Chromium's 'Refused to get unsafe header "etag"').
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  // Regression (found by this suite, fixed in 4328523): src/s3/upload.ts #startPart: when one
  // part failed for good, the parts it stopped ran the failure path too (the handler returned
  // early only for 'aborted', not 'failed'): one AbortMultipartUpload per part in flight, all but
  // the first answered 404 NoSuchUpload (each a console error).
  it('aborts a multipart upload that failed for good exactly once, and says which part failed', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await signIn(page, demo);
    // AccessDenied is not retried: every part in flight fails at once.
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'status', status: 403, times: Infinity });
    await pickFiles(page, [{ name: 'denied.bin', body: randomFile(20 * MiB) }]);
    const alert = uploadRow(page, 'denied.bin').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Part [123] of 3 failed: Access Denied/);
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    await expect.poll(() => s3Log(demo, 'UploadPart').length).toBe(3);
    expect(s3Log(demo, 'AbortMultipartUpload').map((e) => e.status)).toEqual([204]);
    // Only refused parts failed in the page: the first 403 it read, and any other 403 that
    // arrived before the kit stopped those requests (S3 refused all three; the page may not see all).
    expect(w.failed.length).toBeGreaterThanOrEqual(1);
    expect(w.failed.length).toBeLessThanOrEqual(3);
    for (const f of w.failed) expect(f).toMatch(/^403 PUT .*partNumber=[123]&uploadId=/);
    const expected = (u: URL, what: number | string) => u.origin === demo.stack.s3 && what === 403 && u.searchParams.has('partNumber');
    expect(unexpectedProblems(w, expected)).toEqual([]);
  });

  it('resumes an upload after a reload, sending only the parts S3 does not have (resumeKey, IndexedDB)', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await openWithKit(page, demo);
    const SIZE = 22 * MiB; // five parts of 5 MiB (the last 2 MiB)
    const SEED = 0x5eed;
    const sent: { n: number; after: boolean }[] = [];
    let afterReload = false;
    page.on(
      'request',
      (r) => r.method() === 'PUT' && r.url().includes('partNumber=') && sent.push({ n: partNumberOf(r.url()), after: afterReload }),
    );
    // The first two parts S3 sees are answered after 0.7 s, the rest after 8 s: the reload finds
    // them held however slow the machine (with 0.7 s for all, a loaded one could finish first).
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 700, times: 2 });
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 8000, times: Infinity });

    const run = (p: Page) => resumableInPage(p, { size: SIZE, seed: SEED, as: 'File' });
    // Not awaited: the page is reloaded under it.
    const first = run(page).catch((e: Error) => ({ ok: false, error: e.message }));
    await expect
      .poll(() => demo.stack.objects.uploads(demo.stack.bucket)[0]?.parts.length ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    // Requests the old document sends until the reload commits are still "before".
    page.on('framenavigated', (f) => f === page.mainFrame() && (afterReload = true));
    await page.reload();
    expect(await first).toMatchObject({ ok: false }); // the page it ran in is gone
    await page.getByText('Credentials ready').waitFor();
    await page.waitForFunction(() => !!window.__kit);
    // Let the part requests the reload cut off reach their end on S3 (counted there: one the page
    // started may never have reached it), then see what S3 has.
    await expect.poll(() => demo.stack.inProgress(), { timeout: 20_000 }).toBe(0);
    const [upload] = demo.stack.objects.uploads(demo.stack.bucket);
    expect(upload, 'the upload is still open on S3').toBeDefined();
    const have = upload.parts;
    expect(have.length).toBeGreaterThanOrEqual(2);
    expect(have.length).toBeLessThan(5);
    demo.stack.faults.clear();
    const createdBefore = s3Log(demo, 'CreateMultipartUpload').length;
    const listedBefore = s3Log(demo, 'ListParts', 200).length;

    const second = await run(page);
    expect(second).toMatchObject({ ok: true });
    expect((second as { etag: string }).etag).toMatch(/-5"?$/);
    const resent = sent
      .filter((s) => s.after)
      .map((s) => s.n)
      .sort();
    expect(resent, `S3 had parts ${have.join(', ')}`).toEqual([1, 2, 3, 4, 5].filter((n) => !have.includes(n)));
    expect(s3Log(demo, 'CreateMultipartUpload').length, 'no new multipart upload').toBe(createdBefore);
    expect(s3Log(demo, 'ListParts', 200).length, 'asked S3 which parts it has').toBe(listedBefore + 1);
    const stored = demo.stack.objects.get(demo.stack.bucket, 'users/demo-user-0001/resume.bin')!;
    expect(stored.size).toBe(SIZE);
    expect(sha256(stored.body)).toBe((second as { sha256: string }).sha256);
    expect(demo.stack.objects.uploads(demo.stack.bucket)).toEqual([]);
    // The resume record is gone from IndexedDB once the upload completed.
    expect(await page.evaluate(() => window.__kit!.indexedDbResumeStore.get('e2e-resume'))).toBeUndefined();
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('a different Blob of the same size under the same resumeKey starts afresh: every part sent, the stale upload aborted', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await openWithKit(page, demo);
    const SIZE = 12 * MiB; // three parts of 5 MiB
    // The first part S3 sees is answered after 0.7 s, the rest after 8 s: the reload finds
    // them held however slow the machine (with 0.7 s for all, a loaded one could finish first).
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 700, times: 1 });
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 8000, times: Infinity });
    // The first Blob: cut off by a reload once S3 has a part of it.
    const first = resumableInPage(page, { size: SIZE, seed: 1, as: 'Blob' }).catch((e: Error) => ({ ok: false, error: e.message }));
    await expect.poll(() => demo.stack.objects.uploads(demo.stack.bucket)[0]?.parts.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.reload();
    expect(await first).toMatchObject({ ok: false });
    await page.getByText('Credentials ready').waitFor();
    await page.waitForFunction(() => !!window.__kit);
    await expect.poll(() => demo.stack.inProgress(), { timeout: 20_000 }).toBe(0);
    expect(demo.stack.objects.uploads(demo.stack.bucket), 'the first Blob’s upload, open on S3').toHaveLength(1);
    demo.stack.faults.clear();
    const parts = s3Log(demo, 'UploadPart').length;

    // Another Blob, the same size and type: its fingerprint differs, so none of the stale parts are used.
    const second = await resumableInPage(page, { size: SIZE, seed: 2, as: 'Blob' });
    expect(second).toMatchObject({ ok: true });
    const stored = demo.stack.objects.get(demo.stack.bucket, 'users/demo-user-0001/resume.bin')!;
    expect(sha256(stored.body), 'the second Blob’s bytes, none of the first’s').toBe(second.sha256);
    expect(s3Log(demo, 'UploadPart').length - parts, 'every part sent afresh').toBe(3);
    expect(s3Log(demo, 'CreateMultipartUpload').length).toBe(2);
    const aborted = s3Log(demo, 'AbortMultipartUpload', 204);
    expect(aborted.length, 'the stale upload aborted').toBe(1);
    expect(demo.stack.objects.uploads(demo.stack.bucket), 'ListMultipartUploads is empty').toEqual([]);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('uploads a Uint8Array view (multipart and one PUT) by XHR as exactly its own bytes', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await openWithKit(page, demo);
    const prefix = 'users/demo-user-0001/bytes-';
    const sent = await page.evaluate(async (prefix) => {
      const kit = window.__kit!;
      const c = kit.config;
      const where = { bucket: c.bucket, region: c.region, endpoint: c.s3Endpoint, forcePathStyle: true, credentials: kit.getCredentials };
      const hex = async (b: Uint8Array) =>
        Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b.slice())), (x) => x.toString(16).padStart(2, '0')).join('');
      // A view at an offset into a larger buffer: only its own bytes may go.
      const backing = new Uint8Array(13 * 1024 * 1024 + 64);
      for (let i = 0; i < backing.length; i += 65536) crypto.getRandomValues(backing.subarray(i, Math.min(i + 65536, backing.length)));
      const big = backing.subarray(17, 17 + 13 * 1024 * 1024);
      const small = backing.subarray(5, 5 + 70_000);
      let progressed = 0;
      await kit.uploadToS3({
        ...where,
        key: `${prefix}big.bin`,
        body: big,
        partSize: 5 * 1024 * 1024,
        onProgress: (p: { loaded: number }) => (progressed = p.loaded),
      }).done;
      await kit.uploadToS3({ ...where, key: `${prefix}small.bin`, body: small }).done;
      return { big: await hex(big), small: await hex(small), progressed };
    }, prefix);
    expect(sha256(demo.stack.objects.get(demo.stack.bucket, `${prefix}big.bin`)!.body)).toBe(sent.big);
    expect(sha256(demo.stack.objects.get(demo.stack.bucket, `${prefix}small.bin`)!.body)).toBe(sent.small);
    expect(sent.progressed).toBe(13 * MiB);
    expect(s3Log(demo, 'UploadPart').map((e) => e.status)).toEqual([200, 200, 200]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  it('presigned PUT and GET URLs made in the page work from the page, and a tampered one is refused', async () => {
    const { demo, page } = await t.open();
    const w = watch(page);
    await openWithKit(page, demo);
    const key = 'users/demo-user-0001/presigned.bin';
    const result = await page.evaluate(async (key) => {
      const kit = window.__kit!;
      const c = kit.config;
      const where = {
        bucket: c.bucket,
        key,
        region: c.region,
        endpoint: c.s3Endpoint,
        forcePathStyle: true,
        credentials: kit.getCredentials,
      };
      const body = crypto.getRandomValues(new Uint8Array(50_000));
      const hex = async (b: BufferSource) =>
        Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
      const put = await kit.presignS3Url({ ...where, method: 'PUT', expiresIn: 300 });
      const putRes = await fetch(put, { method: 'PUT', body });
      const get = await kit.presignS3Url({ ...where, method: 'GET', expiresIn: 300 });
      const getRes = await fetch(get);
      const got = await getRes.arrayBuffer();
      const tampered = get.replace(/X-Amz-Signature=([0-9a-f])/, (_: string, d: string) => `X-Amz-Signature=${d === '0' ? '1' : '0'}`);
      const bad = await fetch(tampered);
      return {
        put,
        putStatus: putRes.status,
        getStatus: getRes.status,
        sent: await hex(body),
        got: await hex(got),
        badStatus: bad.status,
        badBody: await bad.text(),
      };
    }, key);
    expect(result.put).toContain('X-Amz-Security-Token=');
    expect(result.putStatus).toBe(200);
    expect(result.getStatus).toBe(200);
    expect(result.got).toBe(result.sent);
    expect(sha256(demo.stack.objects.get(demo.stack.bucket, key)!.body)).toBe(result.sent);
    expect(result.badStatus).toBe(403);
    expect(result.badBody).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(w.failed).toHaveLength(1);
    const expected = (u: URL, what: number | string) => u.origin === demo.stack.s3 && what === 403 && u.pathname.endsWith('/presigned.bin');
    expect(unexpectedProblems(w, expected)).toEqual([]);
  });
});
