// The public help page (/help) and the admin's response-time reports
// (/admin/reports): hours, cut-offs, priority hours and the fee come from
// the live settings, the measured response time from real tickets.
//
// Contract (web/help.c, web/reports.c, templates/help.html and
// admin_reports.html): table#hours-normal and table#hours-priority list
// the hours ("08:00–17:00" in English, "8.00–17.00" in Finnish), p#priority-fee
// the fee (p#priority-off when priority is not offered), dd#median-normal
// and dd#median-priority the median first response over 30 days with
// data-seconds and data-answered (class "no-data" before any answer);
// p#total-normal / p#total-priority on /admin/reports carry data-tickets,
// data-answered, data-median-seconds, data-p90-seconds, data-within and
// data-judged. Charts are inline <svg role="img"> without scripts or style
// attributes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { decodeEntities, extractCsrf, findTags, testCleanShutdown, useServer } from './harness.mjs';
import { fileTicketApiOk, innerOfId, makeAdmin, makeAgent, makeCustomer, postMessage } from './tickets-helpers.mjs';

const text = (html) => decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The calendar form's fields: Mon-Fri normal, Sat short, Sun closed. */
function calendarFields(csrf, { open = '08:00', close = '17:00', cutoff = '16:00', popen = '08:00',
  pclose = '20:00', minutes = '120' } = {}) {
  const f = { csrf, zone: 'Europe/Helsinki', priority_minutes: minutes, finnish_holidays: '1' };
  for (let d = 0; d < 7; d++) {
    const weekday = d >= 1 && d <= 5;
    Object.assign(f, {
      [`open_${d}`]: weekday ? open : d === 6 ? '09:00' : '00:00',
      [`close_${d}`]: weekday ? close : d === 6 ? '12:00' : '00:00',
      [`cutoff_${d}`]: weekday ? cutoff : d === 6 ? '11:00' : '00:00',
      [`popen_${d}`]: popen,
      [`pclose_${d}`]: pclose,
    });
  }
  return f;
}

describe('help page and response-time reports', () => {
  const srv = useServer();
  let admin;

  async function adminCsrf() {
    admin ??= await makeAdmin(srv.server);
    const page = await admin.client.get('/admin/calendar');
    assert.equal(page.status, 200, page.describe());
    return extractCsrf(page.text);
  }

  async function help(lang = 'en') {
    const r = await srv.client({ acceptLanguage: lang }).get('/help');
    assert.equal(r.status, 200, r.describe());
    assert.match(r.contentType, /^text\/html/);
    return r.text;
  }

  test('anyone can read it, with the sections in order, in both languages', async () => {
    const en = await help('en');
    const ids = ['help-quick', 'help-desk', 'help-urgent', 'help-promise', 'help-fair-use',
      'help-measured', 'help-faq', 'help-tips'];
    const at = ids.map((id) => en.indexOf(`id="${id}"`));
    assert.ok(at.every((i) => i > 0), `all sections present: ${at}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'sections in the issue\'s order');
    assert.ok(findTags(en, 'form').some((f) => f.action === '/kb/search'), 'search box');
    assert.match(en, /href="\/faq"/);
    assert.match(en, /<html lang="en"/);
    const fi = await help('fi');
    assert.match(fi, /<html lang="fi"/);
  });

  test('the default hours and fee are shown', async () => {
    const en = await help('en');
    const normal = text(innerOfId(en, 'table', 'hours-normal'));
    assert.match(normal, /08:00–17:00/);
    assert.match(normal, /16:00/, 'cut-off');
    assert.match(normal, /09:00–12:00/, 'Saturday morning');
    assert.match(text(innerOfId(en, 'table', 'hours-priority')), /08:00–20:00/);
    assert.match(text(innerOfId(en, 'p', 'priority-fee')), /€9\.00/);
    const fi = await help('fi');
    assert.match(text(innerOfId(fi, 'table', 'hours-normal')), /8\.00–17\.00/);
    assert.match(text(innerOfId(fi, 'p', 'priority-fee')), /9,00\s€/u);
  });

  test('the page follows the calendar the admin saves', async () => {
    const csrf = await adminCsrf();
    const r = await admin.client.post('/admin/calendar', calendarFields(csrf, {
      open: '07:30', close: '18:00', cutoff: '17:15', popen: '09:00', pclose: '21:00', minutes: '90',
    }));
    assert.equal(r.status, 303, r.describe());
    const en = await help('en');
    const normal = text(innerOfId(en, 'table', 'hours-normal'));
    assert.match(normal, /07:30–18:00/);
    assert.match(normal, /17:15/);
    assert.doesNotMatch(normal, /08:00–17:00/);
    assert.match(text(innerOfId(en, 'table', 'hours-priority')), /09:00–21:00/);
    assert.match(text(en), /1 h 30 min of priority hours/);
    const fi = await help('fi');
    assert.match(text(innerOfId(fi, 'table', 'hours-normal')), /7\.30–18\.00/);
    // Back to the defaults for the tests that follow.
    const back = await admin.client.post('/admin/calendar', calendarFields(await adminCsrf()));
    assert.equal(back.status, 303, back.describe());
  });

  test('the page follows the priority fee the admin saves', async () => {
    const csrf = await adminCsrf();
    const r = await admin.client.post('/admin/priority', { csrf, enabled: '1', fee: '12,50' });
    assert.equal(r.status, 303, r.describe());
    assert.match(text(innerOfId(await help('en'), 'p', 'priority-fee')), /€12\.50/);
    assert.match(text(innerOfId(await help('fi'), 'p', 'priority-fee')), /12,50\s€/u);
    const off = await admin.client.post('/admin/priority', { csrf, fee: '12,50' });
    assert.equal(off.status, 303, off.describe());
    const en = await help('en');
    assert.equal(innerOfId(en, 'p', 'priority-fee'), null);
    assert.ok(innerOfId(en, 'p', 'priority-off') !== null, 'says priority is not offered');
    const on = await admin.client.post('/admin/priority', { csrf, enabled: '1', fee: '9' });
    assert.equal(on.status, 303, on.describe());
  });

  test('the measured response time comes from real tickets', async () => {
    const before = await help('en');
    const dd = findTags(before, 'dd').find((a) => a.id === 'median-normal');
    assert.ok(dd, 'dd#median-normal');
    assert.match(dd.class ?? '', /no-data/, 'no answered tickets yet');

    const customer = await makeCustomer(srv.server);
    const agent = await makeAgent(srv.server);
    const answered = await fileTicketApiOk(customer);
    await fileTicketApiOk(customer); // waits: no answer yet
    const reply = await postMessage(agent, answered.id, 'Here is the answer.');
    assert.ok(reply.status === 200 || reply.status === 201, reply.describe());
    // The customer's own message is no first response.
    const other = await fileTicketApiOk(customer);
    await postMessage(customer, other.id, 'More details from me.');

    const after = await help('en');
    const m = findTags(after, 'dd').find((a) => a.id === 'median-normal');
    assert.ok(m && !/no-data/.test(m.class ?? ''), `a median now: ${innerOfId(after, 'dd', 'median-normal')}`);
    assert.equal(m['data-answered'], '1');
    const secs = Number(m['data-seconds']);
    assert.ok(Number.isInteger(secs) && secs >= 0 && secs < 300, `median seconds ${m['data-seconds']}`);
    const chart = innerOfId(after, 'figure', 'chart-normal');
    assert.match(chart, /<svg\b[^>]*role="img"/);
    assert.doesNotMatch(chart, /<script|style=|href=/i);
    const pr = findTags(after, 'dd').find((a) => a.id === 'median-priority');
    assert.match(pr.class ?? '', /no-data/, 'no priority tickets answered');
    assert.match(text(await help('fi')), /\S/);
  });

  test('reports need an admin', async () => {
    const agent = await makeAgent(srv.server);
    const customer = await makeCustomer(srv.server);
    assert.equal((await agent.client.get('/admin/reports')).status, 403);
    assert.equal((await customer.client.get('/admin/reports')).status, 403);
    const anon = await srv.client().get('/admin/reports');
    assert.equal(anon.status, 303);
    assert.match(anon.location, /^\/login/);
  });

  test('reports show the numbers per week and per category, lanes apart', async () => {
    admin ??= await makeAdmin(srv.server);
    const r = await admin.client.get('/admin/reports');
    assert.equal(r.status, 200, r.describe());
    const total = findTags(r.text, 'p').find((a) => a.id === 'total-normal');
    assert.ok(total, 'p#total-normal');
    assert.ok(Number(total['data-tickets']) >= 3, `tickets ${total['data-tickets']}`);
    assert.equal(total['data-answered'], '1');
    assert.ok(Number(total['data-median-seconds']) >= 0);
    assert.equal(total['data-median-seconds'], total['data-p90-seconds'], 'one answer: p90 = median');
    const prio = findTags(r.text, 'p').find((a) => a.id === 'total-priority');
    assert.equal(prio['data-answered'], '0');
    assert.ok(innerOfId(r.text, 'table', 'weeks-normal').includes('<tr data-week="'));
    assert.match(text(innerOfId(r.text, 'table', 'categories-normal')), /Orders/);
    assert.ok((r.text.match(/<svg\b/g) || []).length >= 6, 'charts for both lanes');
    assert.doesNotMatch(r.text, /<svg[\s\S]*?<script/i);
    assert.equal((await admin.client.get('/admin/reports?weeks=4')).status, 200);
    assert.equal((await admin.client.get('/admin/reports?weeks=0')).status, 422);
    assert.equal((await admin.client.get('/admin/reports?weeks=x')).status, 422);
  });

  testCleanShutdown(srv);
});
