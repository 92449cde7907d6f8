// A ticket's journey in a real browser (Debian's Chromium driven by
// playwright-core), with two people in two separate browser contexts:
//
//   customer: registers, opens the contact form, picks a category, types a
//             description holding two questions (the live "one question per
//             ticket" notice appears), attaches a PNG screenshot and sends;
//             sees the thread with the screenshot preview.
//   agent:    (made with the CLI) logs in, finds the ticket in the desk queue,
//             takes it and answers with "status after sending = waiting"; the
//             history lists the events and the screenshot shows here too.
//   customer: reloads the ticket and sees the answer and the new status;
//             "My tickets" lists the ticket.
//
// No console errors, page errors, failed loads, error statuses or CSP
// violations are allowed in either context. Screenshots of the customer's
// ticket page and of the desk ticket page go to /tmp/tuki-shots/ for a human
// to look at (nothing is asserted on pixels). Nothing sleeps: every step
// waits for a selector, a navigation or a condition in the page.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { DEFAULT_PASSWORD, cliAddUser, startServer, uniqueEmail } from '../http/harness.mjs';
import { makePng, uniqueText } from '../http/tickets-helpers.mjs';
import { CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, reportFailures, watchPage } from './browser.mjs';

const SHOTS_DIR = process.env.TUKI_SHOTS_DIR || '/tmp/tuki-shots';

const PNG_WIDTH = 160;
const PNG_HEIGHT = 100;
const PNG_NAME = 'screenshot.png';

describe('browser ticket journey: customer asks, agent answers', () => {
  let server;
  let browser;
  let tmpDir;
  const problems = []; // console errors, page errors, CSP violations, failed loads, error statuses
  let broken = false; // an earlier step failed: later steps of the journey are skipped

  const customer = { name: 'Kaisa Asiakas', email: uniqueEmail('customer'), password: DEFAULT_PASSWORD };
  const agent = { name: 'Aino Agentti', email: uniqueEmail('agent'), password: DEFAULT_PASSWORD };
  const ticket = {
    subject: `Shop settings ${uniqueText('subj')}`,
    body: `How do I change the logo? And where do I set the shipping fee? (${uniqueText('ref')})`,
    id: null,
    categoryId: null,
    categoryName: null,
    statusLabelBefore: null,
  };
  const answer = `Hello! The logo is under Settings, Appearance. ${uniqueText('answer')}`;
  let pngPath;
  let customerPage;
  let agentPage;

  /** A fresh browser context whose pages report problems into `problems`. */
  async function newWatchedContext(who) {
    const context = await browser.newContext({ locale: 'en-US', baseURL: server.url });
    context.setDefaultTimeout(TIMEOUT_MS);
    context.setDefaultNavigationTimeout(TIMEOUT_MS);
    // CSP violations are reported from inside the page (init scripts are not
    // subject to the page's CSP).
    await context.exposeBinding('__tukiCspViolation', (_source, text) => {
      problems.push(`[${who}] CSP violation: ${text}`);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__tukiCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
          `at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const page = await context.newPage();
    watchPage(page, problems, {
      label: who,
      documents: true, // no step of this journey expects an error status
      // contact.js aborts a question check that a newer text superseded;
      // that is its documented behaviour, not a failed load.
      ignoreFailure: (req, error) =>
        new URL(req.url()).pathname === '/api/v1/questions/check' && /ERR_ABORTED/.test(error),
    });
    return page;
  }

  /** A step of the journey; skipped once an earlier step failed. */
  function step(name, fn) {
    test(name, async (t) => {
      if (broken) {
        t.skip('an earlier step of the journey failed');
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        broken = true;
        throw err;
      }
    });
  }

  const pathOf = (page) => new URL(page.url()).pathname;
  const submitOf = (page, form) => page.locator(`${form} :is(button, input[type="submit"])`);

  /** Waits until every img.preview on the page has loaded; returns their natural sizes. */
  async function loadedPreviews(page, what) {
    await page.locator('img.preview').first().waitFor({ state: 'visible' });
    try {
      await page.waitForFunction(() => {
        const imgs = [...document.querySelectorAll('img.preview')];
        return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0);
      });
    } catch (err) {
      const state = await page.evaluate(() => [...document.querySelectorAll('img.preview')]
        .map((img) => `${img.src} complete=${img.complete} naturalWidth=${img.naturalWidth}`));
      throw new Error(`${what}: img.preview did not load: ${state.join('; ')}\n${err.message}`);
    }
    return page.evaluate(() => [...document.querySelectorAll('img.preview')]
      .map((img) => ({ width: img.naturalWidth, height: img.naturalHeight, src: img.getAttribute('src') })));
  }

  async function assertScreenshotPreview(page, what) {
    const previews = await loadedPreviews(page, what);
    assert.equal(previews.length, 1, `${what}: one img.preview, got ${JSON.stringify(previews)}`);
    assert.deepEqual([previews[0].width, previews[0].height], [PNG_WIDTH, PNG_HEIGHT],
      `${what}: the preview shows the uploaded PNG`);
    assert.match(new URL(previews[0].src, server.url).pathname, /^\/attachments\/\d+$/,
      `${what}: preview src ${previews[0].src}`);
    const link = page.locator('.thread a.attachment');
    assert.equal(await link.count(), 1, `${what}: one a.attachment`);
    assert.equal((await link.innerText()).trim(), PNG_NAME, `${what}: the attachment's name`);
  }

  before(async () => {
    server = await startServer();
    await cliAddUser(server, { email: agent.email, name: agent.name, role: 'agent', password: agent.password });
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'tuki-browser-tickets-'));
    pngPath = path.join(tmpDir, PNG_NAME);
    await writeFile(pngPath, makePng(PNG_WIDTH, PNG_HEIGHT));
    await mkdir(SHOTS_DIR, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    customerPage = await newWatchedContext('customer');
    agentPage = await newWatchedContext('agent');
  });

  reportFailures(() => server, problems);

  after(async () => {
    // Normally done by the last test; this cleans up when it did not run.
    if (browser) await browser.close();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    if (server && !server._stopping) await server.stop();
  });

  step('the customer registers through the form', async () => {
    const page = customerPage;
    await page.goto('/register');
    await page.locator('form#register [name="name"]').fill(customer.name);
    await page.locator('form#register [name="email"]').fill(customer.email);
    await page.locator('form#register [name="password"]').fill(customer.password);
    await submitOf(page, 'form#register').click();
    await page.waitForURL('**/account');
    assert.equal((await page.locator('.user-name').first().innerText()).trim(), customer.name);
  });

  step('the contact form: subject, category, two questions raise the live notice', async () => {
    const page = customerPage;
    await page.locator('header a[href="/contact"]').first().click();
    await page.waitForURL('**/contact');
    const form = page.locator('form#contact');
    await form.waitFor();

    await form.locator('[name="subject"]').click();
    await form.locator('[name="subject"]').pressSequentially(ticket.subject);

    // Pick a real category (the last one, so not merely the first listed).
    const select = form.locator('select[name="category"]');
    const options = await select.locator('option').evaluateAll((opts) => opts
      .filter((o) => o.value !== '').map((o) => ({ value: o.value, label: o.textContent.trim() })));
    assert.ok(options.length >= 1, 'the category select offers categories');
    const chosen = options[options.length - 1];
    await select.selectOption(chosen.value);
    assert.equal(await select.inputValue(), chosen.value);
    ticket.categoryId = chosen.value;
    ticket.categoryName = chosen.label;

    const notice = page.locator('#question-notice');
    assert.equal(await notice.isVisible(), false, 'no notice before typing');
    await form.locator('[name="body"]').click();
    await form.locator('[name="body"]').pressSequentially(ticket.body);
    await notice.waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.getElementById('question-notice').textContent.trim().length > 0);
    const text = (await notice.innerText()).trim();
    assert.ok(text.length > 10, `the notice explains itself: ${JSON.stringify(text)}`);
    // The notice is a hint only: the typed text is kept as it is.
    assert.equal(await form.locator('[name="body"]').inputValue(), ticket.body);
  });

  step('the customer attaches a PNG screenshot, sends, and lands on the ticket', async () => {
    const page = customerPage;
    await page.locator('form#contact #files').setInputFiles(pngPath);
    await page.locator('form#contact button#send').click();
    await page.waitForURL(/\/tickets\/\d+$/);
    ticket.id = Number(pathOf(page).match(/^\/tickets\/(\d+)$/)[1]);
    assert.ok(ticket.id > 0, `ticket id from ${page.url()}`);

    await page.locator('.thread .message').first().waitFor();
    assert.equal(await page.locator('.thread .message').count(), 1, 'one message in the thread');
    assert.match(await page.locator('.thread').innerText(), new RegExp(escapeRe(ticket.body)),
      'the description is in the thread');
    const main = await page.locator('main').innerText();
    assert.match(main, new RegExp(escapeRe(ticket.subject)), 'the subject is shown');
    assert.match(main, new RegExp(escapeRe(ticket.categoryName)), 'the chosen category is shown');
    assert.equal(await page.locator('.file-errors').count(), 0, 'no refused files');
    assert.equal(await page.locator('form#reply').count(), 1, 'the customer can reply');
    await assertScreenshotPreview(page, 'customer ticket page');
    ticket.statusLabelBefore = (await page.locator('.ticket-facts .status').innerText()).trim();
    assert.ok(ticket.statusLabelBefore.length > 0, 'a status label is shown');
  });

  step('the agent logs in and finds the ticket in the desk queue', async () => {
    const page = agentPage;
    await page.goto('/login');
    await page.locator('form#login [name="email"]').fill(agent.email);
    await page.locator('form#login [name="password"]').fill(agent.password);
    await submitOf(page, 'form#login').click();
    await page.waitForURL('**/account');
    assert.equal((await page.locator('.user-name').first().innerText()).trim(), agent.name);

    await page.locator('header a[href="/desk"]').first().click();
    await page.waitForURL('**/desk');
    const row = page.locator(`table.queue tr[data-ticket-id="${ticket.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(escapeRe(ticket.subject)), 'the row names the subject');
    assert.match(await row.innerText(), new RegExp(escapeRe(customer.name)), 'the row names the customer');
  });

  step('the agent opens the ticket and takes it', async () => {
    const page = agentPage;
    await page.locator(`table.queue tr[data-ticket-id="${ticket.id}"] a[href="/desk/tickets/${ticket.id}"]`).click();
    await page.waitForURL(`**/desk/tickets/${ticket.id}`);
    assert.match(await page.locator('.thread').innerText(), new RegExp(escapeRe(ticket.body)),
      'the agent sees the description');
    await assertScreenshotPreview(page, 'desk ticket page');

    await page.locator('form#take button').click();
    // 303 back to the same page, now offering Release instead of Take.
    await page.locator('form#release').waitFor();
    assert.equal(pathOf(page), `/desk/tickets/${ticket.id}`, 'Take returns to the ticket');
    assert.equal(await page.locator('form#take').count(), 0, 'no Take once taken');
    assert.match(await page.locator('main').innerText(), new RegExp(escapeRe(agent.name)),
      'the page names the agent handling it');
  });

  step('the agent replies with status after sending = waiting', async () => {
    const page = agentPage;
    const form = page.locator('form#agent-reply');
    await form.locator('[name="body"]').click();
    await form.locator('[name="body"]').pressSequentially(answer);
    await form.locator('select[name="status"]').selectOption('waiting');
    assert.equal(await form.locator('[name="internal"]').isChecked(), false, 'a public reply');
    await submitOf(page, 'form#agent-reply').click();

    // 303 back to the same page: wait for the answer in the thread.
    await page.locator('.thread .message', { hasText: answer }).waitFor();
    assert.equal(pathOf(page), `/desk/tickets/${ticket.id}`, 'the reply returns to the ticket');
    assert.equal(await page.locator('.thread .message').count(), 2, 'description and answer');
    assert.equal(await page.locator('.thread .message.internal').count(), 0, 'not an internal note');
    assert.match((await page.locator('.ticket-facts .status').innerText()).trim(), /waiting/i,
      'the status is now waiting');

    const kinds = await page.locator('.history li').evaluateAll((lis) => lis.map((li) => li.dataset.kind));
    for (const kind of ['created', 'assigned', 'message', 'status']) {
      assert.ok(kinds.includes(kind), `history lists a "${kind}" event: ${JSON.stringify(kinds)}`);
    }
    const history = await page.locator('.history').innerText();
    assert.match(history, new RegExp(escapeRe(customer.name)), 'the history names the customer');
    assert.match(history, new RegExp(escapeRe(agent.name)), 'the history names the agent');
    assert.match(await page.locator('.history li[data-kind="status"]').last().innerText(), /waiting/i,
      'the status event shows the change to waiting');

    await assertScreenshotPreview(page, 'desk ticket page after the reply');
    await page.screenshot({ path: path.join(SHOTS_DIR, 'desk-ticket.png'), fullPage: true });
  });

  step('the customer reloads the ticket and sees the answer and the new status', async () => {
    const page = customerPage;
    const response = await page.reload();
    assert.equal(response.status(), 200);
    const thread = page.locator('.thread');
    await thread.waitFor();
    assert.match(await thread.innerText(), new RegExp(escapeRe(answer)), 'the agent\'s answer is in the thread');
    assert.match(await thread.innerText(), new RegExp(escapeRe(agent.name)), 'the answer is signed by the agent');
    assert.equal(await page.locator('.thread .message').count(), 2);
    assert.equal(await page.locator('.thread .message.internal').count(), 0, 'no internal notes for customers');
    const label = (await page.locator('.ticket-facts .status').innerText()).trim();
    assert.notEqual(label, ticket.statusLabelBefore, 'the status label changed');
    assert.match(label, /waiting/i, 'the customer sees that the team waits on them');
    await assertScreenshotPreview(page, 'customer ticket page after the answer');
    await page.screenshot({ path: path.join(SHOTS_DIR, 'customer-ticket.png'), fullPage: true });
  });

  step('"My tickets" lists the ticket', async () => {
    const page = customerPage;
    await page.locator('header a[href="/tickets"]').first().click();
    await page.waitForURL((url) => url.pathname === '/tickets');
    const row = page.locator(`table.tickets tr[data-ticket-id="${ticket.id}"]`);
    await row.waitFor();
    assert.equal(await page.locator('table.tickets tr[data-ticket-id]').count(), 1, 'exactly the one ticket');
    const text = await row.innerText();
    assert.match(text, new RegExp(escapeRe(ticket.subject)), 'the row names the subject');
    assert.match(text, /waiting/i, 'the row shows the new status');
    assert.equal(await row.locator(`a[href="/tickets/${ticket.id}"]`).count(), 1, 'the row links to the ticket');
  });

  test('no console errors, page errors, failed loads, error statuses or CSP violations', () => {
    assert.deepEqual(problems, []);
  });

  test('server exits with code 0 on SIGTERM and printed no sanitizer report', async () => {
    await browser.close();
    browser = null;
    await server.stop();
  });
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
