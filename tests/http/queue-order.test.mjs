// queue-order.test.mjs - the order of the agents' queue, in the API and on
// the desk: paid priority tickets first, then normal tickets by due time and
// then by submission; a priority ticket that is not paid yet is not in the
// queue at all. The business calendar is set so that tickets get different
// due times without waiting: every day open all day, and holidays added and
// removed between tickets move the next due time by whole days.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertHtml, assertRedirect, findTags, testCleanShutdown, useServer } from './harness.mjs';
import {
  categories, fileTicketApiOk, fileTicketPage, getTicket, innerOfClass, listAll, makeAdmin,
  makeAgent, makeCustomer, tableTicketIds, uniqueText,
} from './tickets-helpers.mjs';

const ZONE = 'Europe/Helsinki';
const ymd = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric',
  month: '2-digit', day: '2-digit' }).format(new Date(ms));

describe('queue order', () => {
  const srv = useServer();
  let customer;
  let agent;
  let admin;
  let cats;
  const ids = {};

  const csrfOf = (html) => findTags(html, 'input').find((a) => a.name === 'csrf')?.value;
  const queueItems = async () => (await listAll(agent, '/queue')).items;

  /** Files a priority ticket through /contact; returns { ticket, pay }. */
  const filePriority = async () => {
    const reply = await fileTicketPage(customer, {
      subject: uniqueText('priority'), category: cats[0].id, body: uniqueText('urgent'),
      extra: { priority: '1' },
    });
    assert.equal(reply.status, 303, reply.describe());
    const m = (reply.location || '').match(/^\/pay\/(\d+)$/);
    assert.ok(m, `redirect to the test payment page: ${reply.location}`);
    const page = await customer.client.get(m[0]);
    assertHtml(page, 200, m[0]);
    const back = findTags(page.text, 'a').map((a) => a.href).find((h) => /^\/tickets\/\d+$/.test(h));
    assert.ok(back, 'link back to the ticket on the payment page');
    return { ticket: Number(back.split('/')[2]), pay: Number(m[1]), csrf: csrfOf(page.text) };
  };

  const normal = async (label) => {
    ids[label] = (await fileTicketApiOk(customer, { category: cats[1].id,
      subject: uniqueText(label) })).id;
  };

  test('scenario: normal, unpaid priority, paid priority tickets with different due times', async () => {
    customer = await makeCustomer(srv);
    agent = await makeAgent(srv);
    admin = await makeAdmin(srv);
    cats = await categories(customer);

    // Every day open 00:00-24:00, no Finnish holidays: a normal ticket is due
    // at the end of the next day that is not a holiday.
    let csrf = await admin.csrf('/admin/calendar');
    const cal = { csrf, zone: ZONE, priority_minutes: '120' };
    for (let d = 0; d < 7; d++) {
      Object.assign(cal, { [`open_${d}`]: '00:00', [`close_${d}`]: '24:00', [`cutoff_${d}`]: '24:00',
        [`popen_${d}`]: '00:00', [`pclose_${d}`]: '24:00' });
    }
    assertRedirect(await admin.client.post('/admin/calendar', cal), '/admin/calendar', 'calendar');

    await normal('n1');
    await normal('n2');
    const unpaid = await filePriority();
    ids.unpaid = unpaid.ticket;

    // Today and tomorrow become holidays: the next normal ticket is due later.
    const days = [ymd(Date.now()), ymd(Date.now() + 86400000)];
    for (const date of days) {
      assertRedirect(await admin.client.post('/admin/holidays', { csrf, date, name: 'Test day' }),
        '/admin/calendar', `holiday ${date}`);
    }
    await normal('late');
    csrf = await admin.csrf('/admin/calendar');
    for (const date of days) {
      assertRedirect(await admin.client.post(`/admin/holidays/${date.replaceAll('-', '')}/delete`,
        { csrf }), '/admin/calendar', `delete holiday ${date}`);
    }
    // Sent after "late" but due earlier.
    await normal('early');

    const paid = await filePriority();
    ids.paid = paid.ticket;
    assertRedirect(await customer.client.post(`/pay/${paid.pay}/confirm`, { csrf: paid.csrf }),
      `/tickets/${paid.ticket}`, 'confirm the payment');

    const due = {};
    for (const k of ['n1', 'n2', 'late', 'early', 'paid']) {
      const t = await getTicket(agent, ids[k]);
      assert.equal(typeof t.due_at, 'string', `${k} has a due time: ${JSON.stringify(t)}`);
      due[k] = Date.parse(t.due_at);
    }
    assert.equal(due.n1, due.n2, 'n1 and n2 are due together');
    assert.equal(due.early, due.n1, 'early is due with n1');
    assert.ok(due.late > due.early, `late is due after early: ${JSON.stringify(due)}`);
    const u = await getTicket(agent, ids.unpaid);
    assert.equal(u.awaiting_payment, true);
    assert.equal(u.priority, 'normal', 'unpaid priority is not in the priority lane');
  });

  const expected = () => [ids.paid, ids.n1, ids.n2, ids.early, ids.late];

  test('the API queue: paid priority first, then normal by due time, then by submission', async () => {
    assert.ok(ids.paid, 'needs the scenario');
    const items = await queueItems();
    assert.deepEqual(items.map((t) => t.id), expected(),
      `queue order: ${JSON.stringify(items.map((t) => [t.id, t.lane, t.due_at, t.waiting_since]))}`);
    assert.ok(!items.some((t) => t.id === ids.unpaid), 'unpaid priority ticket not in the queue');
    assert.deepEqual(items.map((t) => t.position), items.map((_, i) => i + 1), 'positions');
    assert.deepEqual(items.map((t) => t.lane), ['priority', 'normal', 'normal', 'normal', 'normal']);
    for (const t of items) {
      const label = t.lane === 'priority' ? 'Priority' : 'Normal';
      assert.equal(t.lane_label, label, `lane_label of ${t.id}`);
      assert.ok(t.reason.startsWith(label), `reason of ${t.id} names the lane: ${t.reason}`);
      assert.match(t.reason, /\bdue\b/, `reason of ${t.id} gives the due time: ${t.reason}`);
    }
  });

  test('paging with limit=1 walks the same order with the same positions', async () => {
    assert.ok(ids.paid, 'needs the scenario');
    const full = await queueItems();
    const { items, pages } = await listAll(agent, '/queue', { limit: 1 });
    assert.equal(pages.length, full.length, 'one page per ticket');
    assert.deepEqual(items.map((t) => t.id), full.map((t) => t.id));
    assert.deepEqual(items.map((t) => t.position), full.map((t) => t.position));
    assert.deepEqual(items.map((t) => t.reason), full.map((t) => t.reason));
    assert.equal(pages.at(-1).next_cursor, null);
  });

  test('the desk shows the same order and says why each row is there', async () => {
    assert.ok(ids.paid, 'needs the scenario');
    const page = await agent.client.get('/desk');
    assertHtml(page, 200, '/desk');
    assert.deepEqual(tableTicketIds(page.text, 'queue'), expected());
    const body = innerOfClass(page.text, 'queue', 'table');
    const rows = [...body.matchAll(/<tr data-ticket-id="(\d+)">([\s\S]*?)<\/tr>/g)];
    assert.equal(rows.length, expected().length);
    for (const [, id, row] of rows) {
      const td = findTags(row, 'td').find((a) => (a.class || '').split(/\s+/).includes('reason'));
      assert.ok(td, `td.reason in row ${id}`);
      const lane = Number(id) === ids.paid ? 'lane-priority' : 'lane-normal';
      assert.ok(td.class.split(/\s+/).includes(lane), `row ${id}: ${td.class}`);
      const text = row.match(/<td class="reason[^"]*">([\s\S]*?)<\/td>/)[1];
      assert.match(text, Number(id) === ids.paid ? /^Priority, due / : /^Normal, due /, `row ${id}`);
      const dueCell = row.match(/<td class="due[^"]*">([\s\S]*?)<\/td>/)[1];
      assert.notEqual(dueCell.trim(), '–', `row ${id} has a due time`);
    }
  });

  test('the unpaid ticket joins the normal lane only when sent as normal', async () => {
    assert.ok(ids.paid, 'needs the scenario');
    const csrf = await customer.csrf(`/tickets/${ids.unpaid}`);
    assertRedirect(await customer.client.post(`/tickets/${ids.unpaid}/normal`, { csrf }),
      `/tickets/${ids.unpaid}`, 'send it as normal');
    const items = await queueItems();
    const order = items.map((t) => t.id);
    const row = items.find((t) => t.id === ids.unpaid);
    assert.ok(row, `now in the queue: ${order}`);
    assert.equal(row.lane, 'normal');
    assert.equal(order[0], ids.paid, 'paid priority still first');
    const at = order.indexOf(ids.unpaid);
    assert.ok(at > order.indexOf(ids.n2), `after the normal tickets sent before it: ${order}`);
    assert.ok(at < order.indexOf(ids.late), `before the ticket due later: ${order}`);
    assert.deepEqual(order.filter((id) => id !== ids.unpaid), expected(), 'others keep their order');
    assert.deepEqual(items.map((t) => t.position), items.map((_, i) => i + 1));
    const desk = await agent.client.get('/desk');
    assert.deepEqual(tableTicketIds(desk.text, 'queue'), order, 'desk agrees');
  });

  testCleanShutdown(srv);
});
