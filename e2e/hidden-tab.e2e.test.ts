// A tab left in the background past its credentials' expiry (a laptop lid closed, a throttled
// hidden tab): its timers did not run. When it is shown again it must refresh before its next
// AWS call, so S3 never sees the expired credentials.
//
// Time is moved without waiting: Playwright's clock (page.clock) runs the page's Date and timers;
// setSystemTime() moves the page's wall clock forward without firing a single timer (as a frozen
// tab). The stack gets the same jump (its `now` option), so STS and S3 agree with the page on
// what time it is, and the credentials really are expired for S3 too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  keyOf,
  perTest,
  pickFiles,
  randomFile,
  recordStatuses,
  screenshot,
  setVisibility,
  shownExpiry,
  signIn,
  stsCalls,
  unexpectedProblems,
  uploadDone,
  watch,
} from './harness';

const t = perTest({ beforeAll, afterAll, afterEach });

describe('a tab hidden past expiry', () => {
  it('refreshes when shown again, before its next call: S3 never sees the expired credentials', async () => {
    let jumped = 0;
    const { demo, page } = await t.open({ credentialLifetimeSeconds: 60, now: () => Date.now() + jumped });
    const w = watch(page);
    const statuses = await recordStatuses(page);
    await page.clock.install(); // the real time, flowing; timers are the clock's from now on
    await signIn(page, demo);
    await page.goto(`${demo.url}?e2e`); // window.__kit: the session's getCredentials, to call it at the very moment of return
    await page.getByText('Credentials ready').waitFor();
    await page.waitForFunction(() => !!window.__kit);
    const calls = stsCalls(demo).length;
    const first = demo.stack.credentials.all().at(-1)!;
    const firstExpiry = await shownExpiry(page);
    expect(firstExpiry).toBe(first.expiration!.getTime());

    // Hidden, then 90 s pass with no timer running: the 60 s credentials are expired.
    await setVisibility(page, 'hidden');
    const JUMP = 90_000;
    const pageNow = await page.evaluate(() => Date.now());
    jumped += JUMP;
    await page.clock.setSystemTime(pageNow + JUMP);
    await page.locator('.wik-expires', { hasText: 'expired' }).waitFor();
    expect(stsCalls(demo), 'no timer ran: no refresh yet').toHaveLength(calls);
    await screenshot(page, 'hidden-tab-expired');

    // Shown again: the return itself (visibilitychange) starts the refresh. Nothing else asks
    // for credentials meanwhile, and the session's timer is not due before ~44 s after the load.
    const shownAt = Date.now();
    const from = statuses.length;
    await setVisibility(page, 'visible');
    await expect.poll(() => stsCalls(demo).length, { timeout: 5_000 }).toBe(calls + 1);
    expect(stsCalls(demo).at(-1)!.status).toBe(200);
    expect(Date.now() - shownAt).toBeLessThan(5_000);
    // The next call (the page's own getCredentials, as any AWS call makes) gets the new ones.
    const got = await page.evaluate(async () => {
      const c = await window.__kit!.getCredentials();
      return { accessKeyId: c.accessKeyId, expiration: c.expiration.getTime(), now: Date.now() };
    });
    expect(stsCalls(demo)).toHaveLength(calls + 1);
    const second = demo.stack.credentials.all().at(-1)!;
    expect(got.accessKeyId, 'the next call got the new credentials').toBe(second.accessKeyId);
    expect(got.accessKeyId).not.toBe(first.accessKeyId);
    expect(got.expiration).toBeGreaterThan(got.now + 50_000);

    await page.getByText('Credentials ready').waitFor();
    expect(await shownExpiry(page)).toBe(second.expiration!.getTime());
    expect(await shownExpiry(page)).toBeGreaterThan(firstExpiry + JUMP - 5_000);
    expect(await page.locator('.wik-expires').textContent()).not.toBe('expired');
    // And the page stayed signed in throughout: 'refreshing', then 'ready' (before 4328523 it
    // said 'loading', with the "Checking your session…" screen and a Sign in button).
    expect(statuses.slice(from).map((s) => `${s.status}${s.signInShown ? '+sign-in' : ''}`)).toEqual(['refreshing', 'ready']);

    // And S3 works with them: an upload, and nothing S3 was sent after the jump used the old key.
    const logFrom = demo.stack.log.entries.length;
    const body = randomFile(256 * 1024);
    await pickFiles(page, [{ name: 'after-return.bin', body }]);
    await uploadDone(page, 'after-return.bin');
    expect(Buffer.compare(demo.stack.objects.get(demo.stack.bucket, keyOf('after-return.bin'))!.body, body)).toBe(0);
    const s3 = demo.stack.log.entries.slice(logFrom).filter((e) => e.service === 's3' && e.action !== 'PreflightRequest');
    expect(s3.length).toBeGreaterThan(0);
    expect(s3.filter((e) => e.status >= 300 || e.accessKeyId !== second.accessKeyId)).toEqual([]);
    expect(w.failed, 'no failed S3 (or any) request').toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });

  // Regression (found by this suite, fixed in 4328523): when credentials had expired (a tab back
  // from the background, a laptop back from sleep), src/credentials/session.ts reported 'loading'
  // although the user was signed in; <RequireCredentials> unmounted everything under it for the
  // length of the STS call: the upload list was lost and useS3Upload aborted, on unmount, every
  // upload running or paused. It reports 'refreshing' now.
  it('keeps a paused upload across the return: Resume completes it with the new credentials', async () => {
    let jumped = 0;
    const { demo, page } = await t.open({ credentialLifetimeSeconds: 60, now: () => Date.now() + jumped });
    const w = watch(page);
    await page.clock.install();
    await signIn(page, demo);
    demo.stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 1000, times: Infinity });
    let partsSent = 0;
    page.on('request', (r) => r.method() === 'PUT' && r.url().includes('partNumber=') && partsSent++);
    const body = randomFile(20 * 1024 * 1024);
    await pickFiles(page, [{ name: 'lunch.bin', body }]);
    await expect.poll(() => partsSent).toBeGreaterThan(0);
    const row = page.locator('.wik-upload', { hasText: 'lunch.bin' });
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.locator('.wik-upload-status', { hasText: 'paused' }).waitFor();
    // Nothing in flight any more (each stopped part has reached its end at S3).
    await expect.poll(() => demo.stack.log.entries.filter((e) => e.action === 'UploadPart').length, { timeout: 10_000 }).toBe(partsSent);
    demo.stack.faults.clear();

    await setVisibility(page, 'hidden');
    const pageNow = await page.evaluate(() => Date.now());
    jumped += 90_000;
    await page.clock.setSystemTime(pageNow + 90_000);
    await page.locator('.wik-expires', { hasText: 'expired' }).waitFor();
    await setVisibility(page, 'visible');
    await expect.poll(() => stsCalls(demo).length).toBe(2);
    await page.getByText('Credentials ready').waitFor();
    await screenshot(page, 'hidden-tab-paused-upload-after-return');

    expect(await row.count(), 'the paused upload\u2019s row is still on the page').toBe(1);
    expect(
      demo.stack.log.entries.filter((e) => e.action === 'AbortMultipartUpload'),
      'the paused upload was not aborted',
    ).toEqual([]);
    await row.getByRole('button', { name: 'Resume' }).click();
    await uploadDone(page, 'lunch.bin');
    expect(Buffer.compare(demo.stack.objects.get(demo.stack.bucket, keyOf('lunch.bin'))!.body, body)).toBe(0);
    expect(w.failed).toEqual([]);
    expect(unexpectedProblems(w)).toEqual([]);
  });
});
