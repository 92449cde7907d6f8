// priority-guards.test.mjs - paid priority cannot be had for free, paid
// twice, or paid for a ticket that is no longer waiting for its payment.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { extractCsrf, testCleanShutdown, useServer } from './harness.mjs';
import {
  categories, fileTicketPage, getTicket, listAll, makeAgent, makeCustomer, uniqueText,
} from './tickets-helpers.mjs';

/** Files a priority ticket through /contact; returns its id and where it went. */
async function priorityTicket(customer) {
  const cats = await categories(customer);
  const subject = uniqueText('urgent');
  const r = await fileTicketPage(customer, {
    subject, category: cats[0].id, body: uniqueText('help'), extra: { priority: '1' },
  });
  assert.equal(r.status, 303, r.describe());
  const { items } = await listAll(customer, '/tickets');
  return { id: items.find((t) => t.subject === subject).id, location: r.location };
}

describe('priority without a payment provider is not offered', () => {
  const srv = useServer({ env: { TUKI_TEST_PAYMENTS: '0' } });

  test('no priority choice, and a forged priority=1 files a normal ticket', async () => {
    const customer = await makeCustomer(srv.server);
    const page = await customer.client.get('/contact');
    assert.ok(!page.text.includes('name="priority"'), 'no priority checkbox');
    const { id, location } = await priorityTicket(customer);
    assert.equal(location, `/tickets/${id}`);
    const t = await getTicket(customer, id);
    assert.equal(t.awaiting_payment, false, JSON.stringify(t));
    assert.ok(t.waiting_since, 'a normal ticket waits for the team at once');
  });

  testCleanShutdown(srv);
});

describe('payments that must not go through', () => {
  const srv = useServer();

  test('"pay now" twice leads to the same checkout, not a second charge', async () => {
    const customer = await makeCustomer(srv.server);
    const { id, location } = await priorityTicket(customer);
    const page = await customer.client.get(`/tickets/${id}`);
    const again = await customer.client.post(`/tickets/${id}/pay`, { csrf: extractCsrf(page.text) });
    assert.equal(again.status, 303, again.describe());
    assert.equal(again.location, location, 'the open checkout again');
  });

  test('a closed ticket cannot be paid for, and stays out of the queue', async () => {
    const customer = await makeCustomer(srv.server);
    const agent = await makeAgent(srv.server);
    const { id, location } = await priorityTicket(customer);
    const closed = await agent.api('PATCH', `/tickets/${id}`, { status: 'closed' });
    assert.equal(closed.status, 200, closed.describe());
    const pay = await customer.client.get(location);
    const confirm = await customer.client.post(`${location}/confirm`, { csrf: extractCsrf(pay.text) });
    assert.equal(confirm.status, 303, confirm.describe());
    const t = await getTicket(customer, id);
    assert.equal(t.payment_state, 'pending', `not paid: ${JSON.stringify(t)}`);
    const queue = (await listAll(agent, '/queue')).items.map((x) => x.id);
    assert.ok(!queue.includes(id), `closed ticket in the queue: ${queue}`);
  });

  test('an agent cannot confirm or cancel the payment of a customer', async () => {
    const customer = await makeCustomer(srv.server);
    const agent = await makeAgent(srv.server);
    const { id, location } = await priorityTicket(customer);
    const desk = await agent.client.get(`/desk/tickets/${id}`);
    const csrf = extractCsrf(desk.text);
    assert.equal((await agent.client.post(`${location}/confirm`, { csrf })).status, 404);
    assert.equal((await agent.client.post(`/tickets/${id}/normal`, { csrf })).status, 404);
    assert.equal((await getTicket(customer, id)).payment_state, 'pending');
  });

  testCleanShutdown(srv);
});
