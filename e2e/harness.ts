// What every end-to-end test needs: Debian's Chromium driven by playwright-core, the demo app
// built once and served under a strict CSP, and a fresh local stack per test on free ports.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DIST_E2E, listenApp, serveApp } from '../demo/serve-app';
import { startLocalStack, type LocalStack, type StackOptions } from '../stack/stack';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROME_PATH). The e2e suite drives a real browser.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

export interface Demo {
  stack: LocalStack;
  url: string;
  close(): Promise<void>;
}

/** The built demo on a free port, with its own local stack that trusts that origin. */
export async function startDemo(options: StackOptions = {}): Promise<Demo> {
  const app = await listenApp(0);
  const stack = await startLocalStack({ redirectUris: [`${app.url}/`], ...options });
  const config = {
    authority: stack.issuer,
    clientId: stack.clientId,
    roleArn: stack.roleArn,
    region: 'us-east-1',
    bucket: stack.bucket,
    stsEndpoint: stack.sts,
    s3Endpoint: stack.s3,
  };
  const served = serveApp(app.server, config, [stack.issuer, stack.sts, stack.s3], DIST_E2E);
  return {
    stack,
    url: `${served.url}/`,
    async close() {
      await served.close();
      await stack.close();
    },
  };
}

/** A console error, with the URL Chromium attributes it to (for its own network lines, the resource's). */
export interface ConsoleError {
  text: string;
  url: string;
}

/** Everything a page said that a person should not see: console errors, uncaught errors. */
export function watch(page: Page) {
  const problems: string[] = [];
  const console: string[] = [];
  const consoleErrors: ConsoleError[] = [];
  const uncaught: string[] = [];
  page.on('console', (m) => {
    console.push(m.text());
    if (m.type() === 'error') {
      problems.push(`console: ${m.text()}`);
      consoleErrors.push({ text: m.text(), url: m.location().url });
    }
  });
  page.on('pageerror', (e) => {
    problems.push(`uncaught: ${e.message}`);
    uncaught.push(e.message);
  });
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  return { problems, console, failed, consoleErrors, uncaught };
}

export type Watch = ReturnType<typeof watch>;

/**
 * Chromium's own console line for a request that failed: "Failed to load resource: the server
 * responded with a status of 503 (...)" or "Failed to load resource: net::ERR_EMPTY_RESPONSE",
 * attributed to the resource's URL. The page did not write it; the network did. Returns the
 * status (a number) or the net error (a string), or undefined when the line is anything else.
 */
export function networkLine(e: ConsoleError): number | string | undefined {
  const m = /^Failed to load resource: (?:the server responded with a status of (\d{3})\b.*|(net::ERR_[A-Z_]+))$/.exec(e.text);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : m[2];
}

/**
 * The page's problems, less Chromium's network lines that `expected(url, statusOrNetError)`
 * accepts: each test says precisely which failed requests it provoked (a service's origin, an
 * action, a status) and nothing else is let through. Uncaught errors are never filtered.
 */
export function unexpectedProblems(w: Watch, expected: (url: URL, what: number | string) => boolean = () => false): string[] {
  const left = w.consoleErrors
    .filter((e) => {
      const what = networkLine(e);
      return what === undefined || !e.url || !expected(new URL(e.url), what);
    })
    .map((e) => `console: ${e.text} (${e.url})`);
  return [...left, ...w.uncaught.map((u) => `uncaught: ${u}`)];
}

/** Records every CSP violation the page reports (across navigations) and Chromium's console lines about CSP. */
export async function watchCsp(page: Page) {
  const violations: string[] = [];
  await page.exposeFunction('__e2eCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => void window.__e2eCspViolation!(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on('console', (m) => /Content[- ]Security[- ]Policy/i.test(m.text()) && violations.push(`console: ${m.text()}`));
  return violations;
}

/**
 * Records each change of what the page shows about the session: the KitPanel's status and whether
 * a Sign in button is on the page. A MutationObserver sees every React commit, so even a
 * signed-out state that lasts one render is caught. Survives navigations.
 */
export async function recordStatuses(page: Page) {
  const seen: { at: number; status: string; signInShown: boolean; url: string }[] = [];
  await page.exposeFunction('__e2eStatus', (status: string, signInShown: boolean, url: string) =>
    seen.push({ at: Date.now(), status, signInShown, url }),
  );
  await page.addInitScript(() => {
    let last = '';
    const look = () => {
      const status = document.querySelector('[data-testid="kit-status"]')?.textContent ?? '(none)';
      const signIn = !!document.querySelector('.wik-sign-in');
      const now = `${status}|${signIn}`;
      if (now === last) return;
      last = now;
      void window.__e2eStatus!(status, signIn, location.href);
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return seen;
}

/** A request as it left the browser: where, and every header and the body (when Playwright has it). */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Collects every request the page (and its popups) sends; await `settle()` before reading. */
export function recordRequests(target: Page | BrowserContext) {
  const sent: SentRequest[] = [];
  const pending: Promise<unknown>[] = [];
  target.on('request', (r) => {
    const buffer = safely(() => r.postDataBuffer());
    // Bodies of uploads are file bytes; a secret would be in the small ones (forms, XML).
    const body = buffer && buffer.length < 1_000_000 ? buffer.toString('latin1') : '';
    pending.push(
      r.allHeaders().then(
        (headers) => sent.push({ url: r.url(), method: r.method(), headers, body }),
        () => sent.push({ url: r.url(), method: r.method(), headers: r.headers(), body }),
      ),
    );
  });
  return { sent, settle: () => Promise.all(pending) };
}

const safely = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

/** The STS calls the stack answered (across every tab). */
export const stsCalls = (demo: Demo) =>
  demo.stack.log.entries.filter((e) => e.service === 'sts' && e.action === 'AssumeRoleWithWebIdentity');

/** The S3 requests the stack answered, of `action` and with `status` when given. */
export const s3Log = (demo: Demo, action?: string, status?: number) =>
  demo.stack.log.entries.filter(
    (e) => e.service === 's3' && (!action || e.action === action) && (status === undefined || e.status === status),
  );

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Bytes that do not compress and differ per call, so a mixed-up part would show. */
export const randomFile = (size: number) => randomBytes(size);

export const MiB = 1024 * 1024;

/** The key the demo's uploader gives a file: users/<subject>/<file name>. */
export const keyOf = (name: string, subject = 'demo-user-0001') => `users/${subject}/${name}`;

/**
 * Picks files in the demo's uploader, as a person would: small ones as buffers, large ones (over
 * Playwright's 50 MB buffer limit) through a temporary file.
 */
export async function pickFiles(page: Page, files: { name: string; body: Buffer; mimeType?: string }[]) {
  // The file picker, not the folder picker (<input webkitdirectory>) the demo's uploader has too.
  const input = page.locator('.wik-uploader input[type="file"]:not([webkitdirectory])');
  const big = files.some((f) => f.body.length > 40 * MiB);
  if (!big) {
    await input.setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.mimeType ?? 'application/octet-stream', buffer: f.body })));
    return;
  }
  // The browser reads a picked file when it sends it: the file must outlive the upload, so it is
  // removed after the test (perTest), not here.
  const dir = mkdtempSync(join(tmpdir(), 'wik-e2e-'));
  pickedFileDirs.push(dir);
  const paths = files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.body);
    return path;
  });
  await input.setInputFiles(paths);
}

const pickedFileDirs: string[] = [];

/**
 * Writes files (paths relative to a new temporary folder, subfolders made as needed) and returns
 * that folder; it is removed after the test (perTest), since the browser reads a file only when it sends it.
 */
export function writeTempFiles(files: { path: string; body: Buffer }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'wik-e2e-'));
  pickedFileDirs.push(dir);
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.body);
  }
  return dir;
}

/**
 * Drops files and folders from disk on an element, as a person dragging them from the desktop
 * would: Chromium's own drag and drop (CDP Input.dispatchDragEvent), so a folder arrives as a
 * directory entry (webkitGetAsEntry) to be walked, not as a flat list of files.
 */
export async function dropPaths(page: Page, target: Locator, paths: string[]) {
  const box = await target.boundingBox();
  if (!box) throw new Error('the drop target is not on the page');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  try {
    const data = { items: [], files: paths, dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
  } finally {
    await cdp.detach();
  }
}

/**
 * Counts, in the page, the XMLHttpRequests (the kit's transport) to URLs starting with `prefix`
 * that are in flight at once: from send() until the request is DONE (answered, failed or
 * aborted), which the page sees before the kit's own load handler runs and frees the slot. Call
 * before the page loads (it is an init script); read it with `read()` (per document: a reload
 * starts again from zero).
 */
export async function xhrsInFlight(page: Page, prefix: string) {
  await page.addInitScript((prefix: string) => {
    const seen = (window.__e2eXhrs = { now: 0, max: 0, total: 0 });
    // The kit makes its requests with `new XMLHttpRequest()`: this one counts them.
    class CountingXhr extends XMLHttpRequest {
      #counted = false;
      override open(method: string, url: string | URL, async = true, username?: string | null, password?: string | null) {
        this.#counted = String(url).startsWith(prefix);
        super.open(method, url, async, username, password);
      }
      override send(body?: Document | XMLHttpRequestBodyInit | null) {
        if (this.#counted) {
          seen.now++;
          seen.total++;
          seen.max = Math.max(seen.max, seen.now);
          // readystatechange to DONE comes before load (where the kit settles) and on abort or error.
          const done = () => {
            if (this.readyState !== XMLHttpRequest.DONE) return;
            seen.now--;
            this.removeEventListener('readystatechange', done);
          };
          this.addEventListener('readystatechange', done);
        }
        super.send(body);
      }
    }
    globalThis.XMLHttpRequest = CountingXhr;
  }, prefix);
  return {
    read: () => page.evaluate(() => ({ ...window.__e2eXhrs! })),
  };
}

const removePickedFiles = () => pickedFileDirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));

/** The uploader's row for a file name. */
export const uploadRow = (page: Page, name: string) =>
  page.locator('.wik-upload', { has: page.locator('.wik-file-name', { hasText: name }) });

/** Waits for a file's row to say done (or fails at once with the row's error). */
export async function uploadDone(page: Page, name: string, timeout = 60_000) {
  const row = uploadRow(page, name);
  await page.locator('.wik-upload.wik-upload-done, .wik-upload.wik-upload-error').filter({ hasText: name }).first().waitFor({ timeout });
  const status = await row.locator('.wik-upload-status').textContent();
  if (status !== 'done') throw new Error(`upload of ${name} ended ${status}: ${await row.textContent()}`);
  return row;
}

/** SHA-256 (hex) of what a URL serves, fetched by the page itself (its origin, its CORS). */
export function fetchHashInPage(page: Page, url: string, init: { method?: string } = {}) {
  return page.evaluate(
    async ({ url, init }) => {
      const res = await fetch(url, init);
      const bytes = await res.arrayBuffer();
      const hash = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join(
        '',
      );
      return { status: res.status, hash, size: bytes.byteLength };
    },
    { url, init },
  );
}

/**
 * One shared browser per test file, a fresh demo/stack and context per test: call at the top of
 * a file; `open(options)` starts the demo and a page in a new context, closed after the test.
 */
export function perTest(hooks: {
  beforeAll: (f: () => Promise<void>) => void;
  afterAll: (f: () => Promise<void>) => void;
  afterEach: (f: () => Promise<void>) => void;
}) {
  let browser: Browser;
  const cleanups: (() => Promise<void>)[] = [];
  hooks.beforeAll(async () => {
    browser = await launch();
  });
  hooks.afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
    removePickedFiles();
  });
  hooks.afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return browser;
    },
    async open(options: StackOptions = {}) {
      const demo = await startDemo(options);
      cleanups.push(() => demo.close());
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      return { demo, context, page };
    },
  };
}

/** Signs in through the IdP's real login page. */
export async function signIn(page: Page, demo: Demo, user = 'demo', password = user) {
  await page.goto(demo.url);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.waitForURL((u) => u.origin === new URL(demo.stack.issuer).origin);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.href.startsWith(demo.url) && !u.search.includes('code='));
  await page.getByText('Credentials ready').waitFor({ timeout: 15_000 });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

export type { Browser, BrowserContext, Locator, Page };

/** When the page says its credentials expire (the countdown's datetime), in epoch ms. */
export async function shownExpiry(page: Page): Promise<number> {
  return Date.parse((await page.locator('.wik-expires time').getAttribute('datetime'))!);
}

/**
 * Makes the page look hidden or visible to its scripts, as a switch to another tab would, and
 * tells it (visibilitychange). Headless Chromium's pages are always "visible" otherwise.
 */
export async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}
