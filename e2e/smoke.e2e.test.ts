import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot, signIn, startDemo, watch, type Browser, type Demo } from './harness';

let browser: Browser;
let demo: Demo;
beforeAll(async () => {
  browser = await launch();
  demo = await startDemo();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('smoke', () => {
  it('signs in and shows credentials', async () => {
    const page = await browser.newPage();
    const { problems, failed } = watch(page);
    await page.goto(demo.url);
    await screenshot(page, '01-signed-out');
    await signIn(page, demo);
    await screenshot(page, '02-signed-in');
    expect(await page.locator('.wik-role').textContent()).toContain('assumed-role/web/demo-user-0001');
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });
});
