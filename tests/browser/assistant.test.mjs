// The virtual assistant in a real browser (Debian's Chromium driven by
// playwright-core): an anonymous visitor types a question on /contact key
// by key, suggestions appear without submitting anything, "This answered my
// question" shows the thanks message; then an admin (made with the CLI)
// sees the deflection on /admin/assist. No console errors and no CSP
// violations are allowed. Nothing sleeps: every step waits for a selector,
// a response or a navigation.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { DEFAULT_PASSWORD, cliAddUser, startServer, uniqueEmail } from '../http/harness.mjs';
import { TIMEOUT_MS, launchContext, reportFailures, watchPage } from './browser.mjs';
import { ARTICLES, importFixture } from '../http/kb-helpers.mjs';

const QUESTION = 'where is my parcel';

describe('browser: the assistant on the contact page', () => {
  let server;
  let userDataDir;
  let context;
  let page;
  const problems = []; // console errors, page errors, CSP violations, failed loads
  const admin = { name: 'Anna Admin', email: uniqueEmail('admin'), password: DEFAULT_PASSWORD };
  let deflectedBefore = null;

  before(async () => {
    server = await startServer();
    await importFixture(server);
    await cliAddUser(server, { ...admin, role: 'admin' });
    ({ context, userDataDir } = await launchContext(server, problems));
    page = context.pages()[0] ?? await context.newPage();
    watchPage(page, problems, {
      // assistant.js never reads the body of POST /api/v1/assist/answered
      // (it only needs the status), so leaving the page afterwards aborts
      // the unread body: not a failed load once a 2xx answer arrived.
      ignoreFailure: async (req, error) => {
        const res = await req.response().catch(() => null);
        return error === 'net::ERR_ABORTED' && res !== null && res.ok();
      },
    });
  });

  reportFailures(() => server, problems);

  after(async () => {
    if (context) await context.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (server && !server._stopping) await server.stop();
  });

  /** Logs the browser in as the admin through the form. */
  async function logInAsAdmin() {
    await page.goto('/login');
    await page.locator('form#login [name="email"]').fill(admin.email);
    await page.locator('form#login [name="password"]').fill(admin.password);
    await page.locator('form#login :is(button, input[type="submit"])').click();
    await page.waitForURL('**/account');
  }

  async function deflectedCount() {
    await page.goto('/admin/assist');
    const text = (await page.locator('.stat-deflected').innerText()).trim();
    assert.match(text, /^\d+$/, `.stat-deflected: ${text}`);
    return Number(text);
  }

  test('the admin sees the deflection count before (logged in, then out)', async () => {
    await logInAsAdmin();
    deflectedBefore = await deflectedCount();
    await page.locator('form#logout :is(button, input[type="submit"])').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('a[href="/login"]').first().waitFor();
  });

  test('typing a question on /contact shows suggestions without submitting', async () => {
    await page.goto('/contact');
    assert.equal(await page.locator('form#contact').count(), 0, 'anonymous: no ticket form');
    const box = page.locator('textarea[data-assist-input]');
    await box.waitFor();
    assert.equal(await page.locator('#suggestions .suggestion').count(), 0, 'nothing before typing');
    let navigated = false;
    const onNav = (frame) => { if (frame === page.mainFrame()) navigated = true; };
    page.on('framenavigated', onNav);
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/assist' &&
      new URL(r.url()).searchParams.get('q') === QUESTION);
    await box.click();
    await box.pressSequentially(QUESTION);
    const res = await asked;
    assert.equal(res.status(), 200);
    const first = page.locator('#suggestions .suggestion').first();
    await first.waitFor();
    page.off('framenavigated', onNav);
    assert.equal(navigated, false, 'the page was not submitted or reloaded');
    assert.equal(new URL(page.url()).pathname, '/contact');
    assert.equal(new URL(page.url()).search, '', 'no query string: nothing was submitted');
    const title = (await first.locator('a').first().innerText()).trim();
    assert.equal(title, ARTICLES['track-shipment'].title);
    assert.equal(await first.locator('a').first().getAttribute('href'), '/kb/track-shipment');
    // The log-in link now carries the question.
    const href = await page.locator('#contact-login').getAttribute('href');
    const next = new URL(href, server.url).searchParams.get('next');
    assert.equal(new URL(next, server.url).searchParams.get('q'), QUESTION, `log-in link ${href}`);
  });

  test('"This answered my question" shows the thanks message', async () => {
    const first = page.locator('#suggestions .suggestion').first();
    const button = first.getByRole('button', { name: 'This answered my question' });
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/assist/answered');
    await button.click();
    const res = await answered;
    assert.equal(res.status(), 200, `POST /api/v1/assist/answered: ${res.status()}`);
    assert.equal(res.request().method(), 'POST');
    const thanks = page.locator('#suggestions .flash');
    await thanks.waitFor();
    assert.match(await thanks.innerText(), /glad/i);
    assert.equal(await page.locator('#suggestions .suggestion').count(), 0, 'the list is replaced');
    assert.equal(new URL(page.url()).pathname, '/contact', 'still on the contact page');
  });

  test('the admin sees one more deflection on /admin/assist', async () => {
    await logInAsAdmin();
    const now = await deflectedCount();
    assert.ok(now >= 1, `deflected ${now}`);
    assert.equal(now, deflectedBefore + 1, 'exactly the one click counted');
    const interactions = Number((await page.locator('.stat-interactions').innerText()).trim());
    assert.ok(interactions >= 1, `interactions ${interactions}`);
    const rate = (await page.locator('.stat-rate').innerText()).trim();
    assert.match(rate, /^\d+(\.\d)?\s*%$/, `rate ${rate}`);
    assert.ok(Number.parseFloat(rate) > 0, `rate ${rate}`);
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
