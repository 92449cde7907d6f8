// priority-test-provider.test.mjs - paid priority with the built-in test
// payment provider (TUKI_STRIPE_SECRET_KEY "-", the default): the test
// payment page, confirming, receipts, the admin's fee and on/off switch,
// refunds, and who may see or change a payment.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertRedirect, findTags, textOfClass, testCleanShutdown, useServer, visibleText,
} from './harness.mjs';
import {
  categories, fileTicketPage, getTicket, listAll, makeAdmin, makeAgent, makeCustomer, uniqueText,
} from './tickets-helpers.mjs';

describe('paid priority with the test payment provider', () => {
  const srv = useServer();
  let customer;
  let other;
  let agent;
  let admin;
  let cats;
  const flow = {};

  const csrfOf = (html) => findTags(html, 'input').find((a) => a.name === 'csrf')?.value;
  const queue = async () => (await listAll(agent, '/queue')).items;
  const paymentIdFrom = (reply, what) => {
    assert.equal(reply.status, 303, `${what}: ${reply.describe()}`);
    const m = (reply.location || '').match(/^\/pay\/(\d+)$/);
    assert.ok(m, `${what}: Location ${reply.location} is not /pay/{id}`);
    return Number(m[1]);
  };
  const filePriority = (user, subject = uniqueText('urgent')) => fileTicketPage(user, {
    subject, category: cats[0].id, body: uniqueText('everything is on fire'), extra: { priority: '1' },
  });

  test('set up users', async () => {
    customer = await makeCustomer(srv);
    other = await makeCustomer(srv);
    agent = await makeAgent(srv);
    admin = await makeAdmin(srv);
    cats = await categories(customer);
  });

  test('a priority ticket leads to the labelled test payment page', async () => {
    const contact = await customer.client.get('/contact');
    assertHtml(contact, 200, '/contact');
    assert.ok(findTags(contact.text, 'input').some((a) => a.id === 'priority' && a.name === 'priority'),
      'priority checkbox on the contact form');
    assert.match(visibleText(contact.text), /priority ticket for €9\.00/, 'default fee shown');

    const pay = paymentIdFrom(await filePriority(customer), 'POST /contact priority=1');
    const page = await customer.client.get(`/pay/${pay}`);
    assertHtml(page, 200, `/pay/${pay}`);
    assert.ok(findTags(page.text, 'div').some((a) => a.id === 'test-payment'), 'div#test-payment');
    const text = visibleText(page.text);
    assert.match(text, /Test payment/, 'labelled as a test payment');
    assert.match(text, /€9\.00/, 'the fee');
    assert.match(text, /Awaiting payment/, 'the state');
    const back = findTags(page.text, 'a').map((a) => a.href).find((h) => /^\/tickets\/\d+$/.test(h));
    assert.ok(back, 'link back to the ticket');
    flow.pay = pay;
    flow.ticket = Number(back.split('/')[2]);

    const t = await getTicket(customer, flow.ticket);
    assert.equal(t.awaiting_payment, true);
    assert.ok(!(await queue()).some((x) => x.id === flow.ticket), 'not in the queue unpaid');
  });

  test('confirming the test payment makes the ticket a paid priority ticket', async () => {
    assert.ok(flow.pay, 'needs the previous test');
    const page = await customer.client.get(`/pay/${flow.pay}`);
    const form = findTags(page.text, 'form').find((a) => a.action === `/pay/${flow.pay}/confirm`);
    assert.ok(form, 'the pay form');
    assertRedirect(await customer.client.post(`/pay/${flow.pay}/confirm`, { csrf: csrfOf(page.text) }),
      `/tickets/${flow.ticket}`, 'POST confirm');
    const t = await getTicket(customer, flow.ticket);
    assert.equal(t.payment_state, 'paid', JSON.stringify(t));
    assert.equal(t.awaiting_payment, false);
    assert.equal(t.priority, 'priority');
    const q = await queue();
    assert.equal(q[0]?.id, flow.ticket, 'first in the queue');
    assert.equal(q[0].lane, 'priority');

    // Confirming twice counts once.
    assertRedirect(await customer.client.post(`/pay/${flow.pay}/confirm`, { csrf: csrfOf(page.text) }),
      `/tickets/${flow.ticket}`, 'second confirm');
    const again = await getTicket(customer, flow.ticket);
    assert.equal(again.events.filter((e) => e.kind === 'payment' && e.to === 'paid').length, 1,
      JSON.stringify(again.events));

    const tp = await customer.client.get(`/tickets/${flow.ticket}`);
    assertHtml(tp, 200, 'ticket page');
    assert.ok(findTags(tp.text, 'a').some((a) => a.href === `/payments/${flow.pay}/receipt`),
      'receipt link on the ticket page');
    assert.match(textOfClass(tp.text, 'promise') || '', /expect an answer/);
  });

  test('the receipt shows the amount and state', async () => {
    assert.ok(flow.pay, 'needs the previous tests');
    const r = await customer.client.get(`/payments/${flow.pay}/receipt`);
    assertHtml(r, 200, 'receipt');
    const text = visibleText(r.text);
    assert.match(text, /Amount €9\.00/, text);
    assert.match(text, /Status Paid/, text);
    assert.match(text, new RegExp(`#${flow.ticket}\\b`), 'the ticket number');
  });

  test('another customer gets 404 for the payment page, receipt and confirm', async () => {
    assert.ok(flow.pay, 'needs the previous tests');
    for (const p of [`/pay/${flow.pay}`, `/payments/${flow.pay}/receipt`]) {
      const r = await other.client.get(p);
      assert.equal(r.status, 404, `${p}: ${r.describe()}`);
      assert.doesNotMatch(r.text, /€9\.00/, `${p}: no amount leaked`);
    }
    const csrf = await other.csrf('/contact');
    const r = await other.client.post(`/pay/${flow.pay}/confirm`, { csrf });
    assert.equal(r.status, 404, r.describe());
    // Also for a payment that is still pending.
    const pending = paymentIdFrom(await filePriority(customer), 'second priority ticket');
    assert.equal((await other.client.get(`/pay/${pending}`)).status, 404);
    assert.equal((await other.client.post(`/pay/${pending}/confirm`, { csrf })).status, 404);
    const mine = await customer.client.get(`/pay/${pending}`);
    assert.match(visibleText(mine.text), /Awaiting payment/, 'still pending for its owner');
  });

  test('customers and agents cannot refund; the admin can, once', async () => {
    assert.ok(flow.pay, 'needs the previous tests');
    const c = await customer.client.post(`/admin/payments/${flow.pay}/refund`,
      { csrf: await customer.csrf('/contact') });
    assert.equal(c.status, 403, `customer refund: ${c.describe()}`);
    const a = await agent.client.post(`/admin/payments/${flow.pay}/refund`,
      { csrf: await agent.csrf('/desk') });
    assert.equal(a.status, 403, `agent refund: ${a.describe()}`);
    assert.equal((await getTicket(customer, flow.ticket)).payment_state, 'paid', 'still paid');

    const adminCsrf = await admin.csrf('/admin/calendar');
    assertRedirect(await admin.client.post(`/admin/payments/${flow.pay}/refund`, { csrf: adminCsrf }),
      `/desk/tickets/${flow.ticket}`, 'admin refund');
    const t = await getTicket(customer, flow.ticket);
    assert.equal(t.payment_state, 'refunded', JSON.stringify(t));
    assert.equal(t.priority, 'normal', 'a refunded ticket is no longer in the priority lane');
    const row = (await queue()).find((x) => x.id === flow.ticket);
    assert.ok(row, 'still in the queue');
    assert.equal(row.lane, 'normal');

    const page = await customer.client.get(`/tickets/${flow.ticket}`);
    assert.match(visibleText(page.text), /€9\.00: Refunded/, 'the customer sees Refunded');
    const receipt = await customer.client.get(`/payments/${flow.pay}/receipt`);
    assert.match(visibleText(receipt.text), /Status Refunded/);

    const twice = await admin.client.post(`/admin/payments/${flow.pay}/refund`, { csrf: adminCsrf });
    assert.equal(twice.status, 422, `second refund: ${twice.describe()}`);
  });

  test('the admin sets the fee and the contact form and payment show it', async () => {
    const csrf = await admin.csrf('/admin/calendar');
    const bad = await admin.client.post('/admin/priority', { csrf, enabled: '1', fee: 'nine' });
    assert.equal(bad.status, 422, bad.describe());
    const denied = await customer.client.post('/admin/priority',
      { csrf: await customer.csrf('/contact'), enabled: '1', fee: '0.50' });
    assert.equal(denied.status, 403, denied.describe());

    assertRedirect(await admin.client.post('/admin/priority', { csrf, enabled: '1', fee: '12.50' }),
      '/admin/calendar', 'POST /admin/priority');
    const contact = await customer.client.get('/contact');
    assert.match(visibleText(contact.text), /priority ticket for €12\.50/, 'new fee on the form');
    assert.doesNotMatch(visibleText(contact.text), /€9\.00/, 'old fee gone');

    const pay = paymentIdFrom(await filePriority(customer), 'priority at 12.50');
    assert.match(visibleText((await customer.client.get(`/pay/${pay}`)).text), /€12\.50/);
    // Confirm: the receipt says what was paid.
    const page = await customer.client.get(`/pay/${pay}`);
    await customer.client.post(`/pay/${pay}/confirm`, { csrf: csrfOf(page.text) });
    assert.match(visibleText((await customer.client.get(`/payments/${pay}/receipt`)).text),
      /Amount €12\.50/);
  });

  test('with priority switched off there is no checkbox and priority=1 files a normal ticket', async () => {
    const csrf = await admin.csrf('/admin/calendar');
    assertRedirect(await admin.client.post('/admin/priority', { csrf, fee: '12.50' }),
      '/admin/calendar', 'switch priority off');
    const contact = await customer.client.get('/contact');
    assert.ok(!findTags(contact.text, 'input').some((a) => a.name === 'priority'),
      'no priority checkbox');
    assert.doesNotMatch(visibleText(contact.text), /€12\.50/, 'no fee shown');

    const subject = uniqueText('off');
    const reply = await filePriority(customer, subject);
    assert.equal(reply.status, 303, reply.describe());
    const m = (reply.location || '').match(/^\/tickets\/(\d+)/);
    assert.ok(m, `redirect to the ticket, not a payment: ${reply.location}`);
    const t = await getTicket(customer, Number(m[1]));
    assert.equal(t.subject, subject);
    assert.equal(t.awaiting_payment, false);
    assert.equal(t.payment_state, null);
    assert.equal(t.priority, 'normal');
    const row = (await queue()).find((x) => x.id === t.id);
    assert.ok(row, 'in the queue at once');
    assert.equal(row.lane, 'normal');

    assertRedirect(await admin.client.post('/admin/priority', { csrf, enabled: '1', fee: '9,00' }),
      '/admin/calendar', 'back on, Finnish decimal comma');
    assert.match(visibleText((await customer.client.get('/contact')).text), /priority ticket for €9\.00/);
  });

  testCleanShutdown(srv);
});
