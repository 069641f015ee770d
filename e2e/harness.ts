// What every end-to-end test needs: Debian's Chromium driven by playwright-core, the demo app
// built once and served under a strict CSP, and a fresh local stack per test on free ports.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listenApp, serveApp } from '../demo/server/serve-app';
import { startLocalStack, type LocalStack, type StackOptions } from '../demo/server/stack';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROME_PATH). The e2e suite drives a real browser.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
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
  const config = { authority: stack.issuer, clientId: stack.clientId, roleArn: stack.roleArn, region: 'us-east-1', bucket: stack.bucket, stsEndpoint: stack.sts, s3Endpoint: stack.s3 };
  const served = serveApp(app.server, config, [stack.issuer, stack.sts, stack.s3]);
  return {
    stack,
    url: `${served.url}/`,
    async close() {
      await served.close();
      await stack.close();
    },
  };
}

/** Everything a page said that a person should not see: console errors, uncaught errors. */
export function watch(page: Page) {
  const problems: string[] = [];
  const console: string[] = [];
  page.on('console', (m) => {
    console.push(m.text());
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  return { problems, console, failed };
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

export type { Browser, BrowserContext, Page };
