// A paid priority ticket in a real browser (Debian's Chromium driven by
// playwright-core, launched as in journey.test.mjs): the customer ticks
// priority on the contact form, pays on the test payment page and lands on
// the ticket with its promise; an agent finds it first on the desk. No
// console errors and no CSP violations are allowed.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { DEFAULT_PASSWORD, cliAddUser, startServer, uniqueEmail } from '../http/harness.mjs';
import { TIMEOUT_MS, launchContext, reportFailures, watchPage } from './browser.mjs';

describe('browser: paid priority ticket', () => {
  let server;
  let userDataDir;
  let context;
  let page;
  const problems = [];
  const customer = { name: 'Pia Priority', email: uniqueEmail('prio-customer') };
  const agent = { name: 'Aki Agent', email: uniqueEmail('prio-agent') };
  const subject = `Shop down ${Date.now().toString(36)}`;
  let ticketId;

  before(async () => {
    server = await startServer();
    await cliAddUser(server, { ...customer, role: 'customer' });
    await cliAddUser(server, { ...agent, role: 'agent' });
    ({ context, userDataDir } = await launchContext(server, problems));
    page = context.pages()[0] ?? await context.newPage();
    watchPage(page, problems, { documents: true });
  });

  reportFailures(() => server, problems);

  after(async () => {
    if (context) await context.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (server && !server._stopping) await server.stop();
  });

  const submitOf = (form) => page.locator(`${form} :is(button, input[type="submit"])`);

  const logIn = async (email) => {
    await page.goto('/login');
    await page.locator('form#login [name="email"]').fill(email);
    await page.locator('form#login [name="password"]').fill(DEFAULT_PASSWORD);
    await submitOf('form#login').click();
    await page.waitForURL('**/account');
  };

  test('the customer sends a priority ticket, pays, and sees when to expect an answer', async () => {
    await logIn(customer.email);
    await page.goto('/contact');
    await page.locator('#subject').fill(subject);
    await page.locator('#category').selectOption({ index: 1 });
    await page.locator('#body').fill('Our checkout page shows an error for every customer.');
    const label = page.locator('label', { has: page.locator('#priority') });
    assert.match(await label.innerText(), /priority ticket for €9\.00/, 'the fee next to the box');
    await page.locator('#priority').check();
    await page.locator('#send').click();
    await page.waitForURL(/\/pay\/\d+$/);

    const testPayment = page.locator('#test-payment');
    assert.match(await testPayment.innerText(), /Test payment/, 'labelled as a test payment');
    assert.match(await page.locator('.lead').innerText(), /€9\.00/);
    await page.locator('#pay').click();
    await page.waitForURL(/\/tickets\/\d+$/);
    ticketId = Number(new URL(page.url()).pathname.split('/')[2]);
    assert.match(await page.locator('h1').innerText(), new RegExp(subject));
    assert.match(await page.locator('#promise').innerText(), /expect an answer/);
    assert.equal(await page.locator('#awaiting-payment').count(), 0, 'no longer awaiting payment');
    assert.match(await page.locator('ul.payments').innerText(), /Paid/);
  });

  test('an agent sees the ticket first on the desk with its due time', async () => {
    assert.ok(ticketId, 'needs the previous test');
    await submitOf('form#logout').click();
    await page.waitForURL((url) => url.pathname === '/');
    await logIn(agent.email);
    await page.goto('/desk');
    const first = page.locator('table.queue tbody tr').first();
    assert.equal(Number(await first.getAttribute('data-ticket-id')), ticketId);
    const due = (await first.locator('td.due').innerText()).trim();
    assert.ok(due && due !== '–', `a due time: ${due}`);
    const reason = first.locator('td.reason');
    assert.match(await reason.getAttribute('class'), /\blane-priority\b/);
    assert.match(await reason.innerText(), /^Priority, due /);
  });

  test('no console errors, failed requests or CSP violations', async () => {
    assert.deepEqual(problems, []);
    await context.close();
    context = null;
    await server.stop();
  });
});
