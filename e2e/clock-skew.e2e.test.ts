// A device whose clock is ahead of real time (3 minutes, 2 hours), against a stack whose STS and
// IdP keep real time: ID tokens carry real-time iat/exp, STS's Expiration is in real time, so on
// the page's clock the 60-second credentials STS issues are expired the moment they arrive (by 2
// minutes, or by 2 hours). The kit must judge them by the lifetime STS granted, counted on the
// page's own clock: signed in with fresh credentials, one STS call per refresh, and never an
// expired set handed out.
//
// Regression (727fb33, 8f489e8): before them, issue 17 saw hundreds of STS POSTs in seconds on such
// a clock. With 7c3b40d's src/credentials this test fails: 3 minutes ahead, the sets handed out
// had expired on the page's clock (the panel said 'expired'); 2 hours ahead, no credentials at all.
//
// The page's clock: Playwright's clock installed before the first navigation at real time + skew,
// flowing (Date and timers run at real speed from there). 60-second credentials so a background
// refresh happens within the window (the session refreshes 15 s before expiry, minus up to 1.5 s
// of jitter: about every 44 s).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { perTest, signIn, stsCalls, unexpectedProblems, watch, type Demo, type Page } from './harness';

const t = perTest({ beforeAll, afterAll, afterEach });
const LIFETIME_S = 60;
/** Real time watched after the reload: one background refresh (~44 s after the load) in it, not two. */
const WINDOW_MS = 50_000;
const POLL_EVERY_MS = 5_000;
/** Real time let pass before counting a page's exchanges: a storm shows in far less. */
const SETTLE_MS = 3_000;

/** The times (real, ms) at which the page sent STS AssumeRoleWithWebIdentity, as the browser saw it. */
function countStsPosts(page: Page, demo: Demo) {
  const sent: number[] = [];
  const sts = new URL(demo.stack.sts).origin;
  page.on('request', (r) => {
    if (r.method() !== 'POST' || new URL(r.url()).origin !== sts) return;
    if ((r.postData() ?? '').includes('Action=AssumeRoleWithWebIdentity')) sent.push(Date.now());
  });
  return sent;
}

/** What the page's own getCredentials hands out, with the page's Date.now() right after. */
const credentialsNow = (page: Page) =>
  page.evaluate(async () => {
    const kit = (window as unknown as { __kit: { getCredentials(): Promise<{ accessKeyId: string; expiration: Date }> } }).__kit;
    const c = await kit.getCredentials();
    return { accessKeyId: c.accessKeyId, expiration: c.expiration.getTime(), pageNow: Date.now() };
  });

/** (a) The panel says ready, with an expiry ahead on the page's clock. */
async function panelFresh(page: Page) {
  expect(await page.getByTestId('kit-status').textContent()).toBe('ready');
  expect(await page.locator('.wik-expires').textContent()).not.toBe('expired');
  const shown = Date.parse((await page.locator('.wik-expires time').getAttribute('datetime'))!);
  expect(shown - (await page.evaluate(() => Date.now()))).toBeGreaterThan(0);
}

describe('a device clock ahead of STS', () => {
  for (const { label, skewMs } of [
    { label: '3 minutes', skewMs: 3 * 60_000 },
    { label: '2 hours', skewMs: 2 * 3600_000 },
  ]) {
    it(`${label} ahead: signed in with fresh credentials, one STS call per refresh, never an expired set`, async () => {
      const { demo, page } = await t.open({ credentialLifetimeSeconds: LIFETIME_S });
      const w = watch(page);
      const posts = countStsPosts(page, demo);
      await page.clock.install({ time: Date.now() + skewMs }); // flowing, from before the first navigation
      await signIn(page, demo);
      const skew = (await page.evaluate(() => Date.now())) - Date.now();
      expect(Math.abs(skew - skewMs), 'the page runs on the skewed clock').toBeLessThan(5_000);
      // Sign-in: one exchange, not a storm (a few seconds would have made hundreds).
      await page.waitForTimeout(SETTLE_MS);
      expect(posts.length, 'STS calls for the sign-in').toBe(1);
      await panelFresh(page);

      // ?e2e puts getCredentials on window.__kit: a new page, which makes its own exchange.
      await page.goto(`${demo.url}?e2e`);
      await page.getByText('Credentials ready').waitFor();
      await page.waitForFunction(() => '__kit' in window);
      await page.waitForTimeout(SETTLE_MS);
      const start = Date.now();
      const before = posts.length;
      expect(before, 'STS calls for the sign-in and the reloaded page').toBe(2);
      await panelFresh(page);

      // (c) Polled across the window: every set handed out expires after the page's now, within
      // one lifetime of it (the kit's expiration is on the page's clock, not STS's), and is a set
      // STS issued that has not expired in real time either.
      const seen = new Set<string>();
      let least = Infinity;
      while (Date.now() - start < WINDOW_MS) {
        const got = await credentialsNow(page);
        const left = got.expiration - got.pageNow;
        least = Math.min(least, left);
        expect(left, `credentials ${got.accessKeyId} handed out expired on the page's clock`).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(LIFETIME_S * 1000 + 1_000);
        const issued = demo.stack.credentials.all().find((c) => c.accessKeyId === got.accessKeyId);
        expect(issued, 'credentials STS issued').toBeDefined();
        expect(issued!.expiration!.getTime(), 'not expired in real time').toBeGreaterThan(Date.now());
        seen.add(got.accessKeyId);
        await page.waitForTimeout(POLL_EVERY_MS); // real time (Playwright's, not the page's clock)
      }
      const elapsed = Date.now() - start;

      // (b) At most one STS call per elapsed lifetime, plus one; and at least the one refresh due
      // in the window (the session keeps them fresh by itself on the skewed clock).
      const inWindow = posts.length - before;
      const allowed = Math.floor(elapsed / (LIFETIME_S * 1000)) + 1;
      console.info(
        `clock-skew ${label}: ${inWindow} STS call(s) in ${Math.round(elapsed / 1000)} s (allowed ${allowed}); ${seen.size} sets handed out; least time left ${Math.round(least / 1000)} s`,
      );
      expect(inWindow, 'STS calls in the window').toBeLessThanOrEqual(allowed);
      expect(inWindow, 'a background refresh in the window').toBeGreaterThanOrEqual(1);
      expect(seen.size, 'the refreshed set was handed out').toBeGreaterThanOrEqual(2);
      // The stack answered each of them, and each with credentials.
      expect(stsCalls(demo).map((c) => c.status)).toEqual(posts.map(() => 200));

      // (a) once more at the end, and nothing went wrong on the way: no IdP or STS request
      // refused, no uncaught error. One exception, not the kit's: the demo's object list (the AWS
      // SDK's S3Client, demo/src/ObjectList.tsx) signs on the page's clock, and 2 hours is past
      // S3's 15 minutes: RequestTimeTooSkewed (403), which the SDK cannot correct because the
      // bucket's CORS does not expose S3's Date header. Only that listing may fail, only then.
      await panelFresh(page);
      const s3 = new URL(demo.stack.s3).origin;
      const tooSkewedForS3 = skewMs > 15 * 60_000;
      const listing = (url: URL) => url.origin === s3 && url.searchParams.get('list-type') === '2';
      const refused = w.failed.filter((f) => !(tooSkewedForS3 && /^403 GET /.test(f) && listing(new URL(f.split(' ')[2]))));
      expect(refused).toEqual([]);
      expect(unexpectedProblems(w, (url, what) => tooSkewedForS3 && what === 403 && listing(url))).toEqual([]);
    });
  }
});
