// A person's journey through Tuki in a real browser (Debian's Chromium driven
// by playwright-core): register, log out, log in, switch language, change the
// text size. No console errors and no CSP violations are allowed.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { DEFAULT_PASSWORD, startServer, uniqueEmail } from '../http/harness.mjs';
import { TIMEOUT_MS, launchContext, reportFailures, watchPage } from './browser.mjs';

describe('browser journey', () => {
  let server;
  let userDataDir;
  let context;
  let page;
  const problems = []; // console errors, page errors, CSP violations, failed loads
  let allowedConsoleErrors = []; // set by a test that expects an error status
  const english = {}; // texts seen before switching to Finnish

  const user = { name: 'Selma Selain', email: uniqueEmail('browser'), password: DEFAULT_PASSWORD };

  before(async () => {
    server = await startServer();
    ({ context, userDataDir } = await launchContext(server, problems));
    page = context.pages()[0] ?? await context.newPage();
    watchPage(page, problems, {
      ignoreConsole: (text) => allowedConsoleErrors.some((re) => re.test(text)),
    });
  });

  reportFailures(() => server, problems);

  after(async () => {
    // Normally done by the last test; this cleans up when it did not run.
    if (context) await context.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (server && !server._stopping) await server.stop();
  });

  const html = () => page.locator('html');
  const textSize = () => html().getAttribute('data-text-size');
  const rootFontSize = () => page.evaluate(
    () => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const submitOf = (form) => page.locator(`${form} :is(button, input[type="submit"])`);
  const currentPath = () => new URL(page.url()).pathname;

  test('register through the form lands on the account page, logged in', async () => {
    await page.goto('/register');
    await page.locator('form#register [name="name"]').fill(user.name);
    await page.locator('form#register [name="email"]').fill(user.email);
    await page.locator('form#register [name="password"]').fill(user.password);
    await submitOf('form#register').click();
    await page.waitForURL('**/account');
    assert.equal((await page.locator('.user-name').first().innerText()).trim(), user.name);
    assert.equal(await page.locator('form#logout').count(), 1, 'form#logout in the header');
  });

  test('log out returns to the home page with a log-in link', async () => {
    await submitOf('form#logout').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('a[href="/login"]').first().waitFor();
    assert.equal(await page.locator('.user-name').count(), 0, 'no user name when logged out');
    assert.equal(await page.locator('form#logout').count(), 0, 'no log-out form when logged out');
  });

  test('a wrong password shows an error on the log-in form', async () => {
    await page.locator('a[href="/login"]').first().click();
    await page.waitForURL('**/login');
    await page.locator('form#login [name="email"]').fill(user.email);
    await page.locator('form#login [name="password"]').fill('not the password at all');
    // Chromium may log the expected 401 of the document as a console error.
    allowedConsoleErrors = [/status of 401/];
    try {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
        submitOf('form#login').click(),
      ]);
      assert.equal(response.status(), 401);
      await page.locator('.error').first().waitFor();
    } finally {
      allowedConsoleErrors = [];
    }
    assert.equal(await page.locator('.user-name').count(), 0, 'still logged out');
  });

  test('log in through the form lands on the account page', async () => {
    await page.goto('/login');
    await page.locator('form#login [name="email"]').fill(user.email);
    await page.locator('form#login [name="password"]').fill(user.password);
    await submitOf('form#login').click();
    await page.waitForURL('**/account');
    assert.equal((await page.locator('.user-name').first().innerText()).trim(), user.name);
  });

  test('switching to Finnish changes <html lang> and the text', async () => {
    await page.goto('/account');
    assert.equal(await html().getAttribute('lang'), 'en');
    const englishText = await page.locator('body').innerText();
    const englishLogout = (await submitOf('form#logout').innerText()).trim();
    english.logout = englishLogout;
    await page.locator('form.lang-switch button[name="lang"][value="fi"]').click();
    await page.locator('html[lang="fi"]').waitFor({ state: 'attached' });
    assert.equal(currentPath(), '/account', 'the switch returns to the same page');
    const finnishText = await page.locator('body').innerText();
    assert.notEqual(finnishText, englishText);
    assert.notEqual((await submitOf('form#logout').innerText()).trim(), englishLogout,
      'the log-out button is translated');
    assert.match(finnishText, /[äöÄÖ]/, 'Finnish letters on the Finnish page');
  });

  test('Finnish stays after a reload and on other pages', async () => {
    await page.reload();
    assert.equal(await html().getAttribute('lang'), 'fi');
    await page.goto('/');
    assert.equal(await html().getAttribute('lang'), 'fi');
  });

  test('switching back to English restores the English text', async () => {
    await page.goto('/account');
    await page.locator('form.lang-switch button[name="lang"][value="en"]').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    assert.equal((await submitOf('form#logout').innerText()).trim(), english.logout);
  });

  test('text-larger increases data-text-size and the font size', async () => {
    await page.goto('/account');
    const larger = page.locator('button#text-larger');
    await larger.waitFor({ state: 'visible' }); // shown once the script ran
    const before = Number((await textSize()) ?? '0');
    const beforePx = await rootFontSize();
    await larger.click();
    await page.waitForFunction((b) => Number(document.documentElement.dataset.textSize ?? '0') !== b, before);
    const afterSize = Number(await textSize());
    assert.equal(afterSize, before + 1);
    assert.ok(afterSize >= -2 && afterSize <= 4);
    const afterPx = await rootFontSize();
    assert.ok(afterPx > beforePx, `font-size ${beforePx}px -> ${afterPx}px should grow`);
    const stored = await page.evaluate(() => localStorage.getItem('tuki.textSize'));
    assert.equal(Number(stored), afterSize, 'remembered in localStorage["tuki.textSize"]');
  });

  test('the text size is remembered after a reload', async () => {
    const size = await textSize();
    const px = await rootFontSize();
    assert.ok(size !== null && Number(size) > 0, `expected a larger size before reload, got ${size}`);
    await page.reload();
    await page.locator(`html[data-text-size="${size}"]`).waitFor({ state: 'attached' });
    assert.equal(await rootFontSize(), px);
  });

  test('the text size is remembered on another page', async () => {
    const size = await textSize();
    await page.goto('/');
    await page.locator(`html[data-text-size="${size}"]`).waitFor({ state: 'attached' });
  });

  test('text-smaller decreases data-text-size and the font size', async () => {
    const smaller = page.locator('button#text-smaller');
    await smaller.waitFor({ state: 'visible' });
    const before = Number(await textSize());
    const beforePx = await rootFontSize();
    await smaller.click();
    await page.waitForFunction((b) => Number(document.documentElement.dataset.textSize) !== b, before);
    assert.equal(Number(await textSize()), before - 1);
    assert.ok(await rootFontSize() < beforePx, 'font-size should shrink');
    assert.equal(Number(await page.evaluate(() => localStorage.getItem('tuki.textSize'))), before - 1);
  });

  /** Clicks a text-size button and waits until data-text-size changed. */
  async function clickAndWaitForSizeChange(button) {
    const before = await textSize();
    await button.click();
    await page.waitForFunction((b) => document.documentElement.getAttribute('data-text-size') !== b, before);
  }

  /** At a bound the button is disabled, or clicking it changes nothing. */
  async function assertStaysAt(button, bound) {
    if (!(await button.isDisabled())) {
      await button.click(); // click handlers run before click() returns
    }
    assert.equal(Number(await textSize()), bound);
  }

  test('text size stops at 4', async () => {
    const larger = page.locator('button#text-larger');
    for (let i = 0; i < 10 && Number(await textSize()) < 4; i++) {
      await clickAndWaitForSizeChange(larger);
    }
    assert.equal(Number(await textSize()), 4);
    await assertStaysAt(larger, 4);
  });

  test('text size stops at -2', async () => {
    const smaller = page.locator('button#text-smaller');
    for (let i = 0; i < 10 && Number(await textSize()) > -2; i++) {
      await clickAndWaitForSizeChange(smaller);
    }
    assert.equal(Number(await textSize()), -2);
    await assertStaysAt(smaller, -2);
    assert.equal(Number(await page.evaluate(() => localStorage.getItem('tuki.textSize'))), -2);
  });

  test('no console errors, page errors, failed loads or CSP violations', () => {
    assert.deepEqual(problems, []);
  });

  test('server exits with code 0 on SIGTERM and printed no sanitizer report', async () => {
    await context.close();
    context = null;
    await server.stop();
  });
});
