// priority-refund.test.mjs - an admin's refund of a Stripe payment goes to
// Stripe first (the whole PaymentIntent, with an idempotency key) and is
// recorded only when Stripe accepted it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import Stripe from 'stripe';

import { extractCsrf } from './harness.mjs';
import {
  SECRET_KEY, WEBHOOK_SECRET, eventBody, fakeStripe, sessionReply, startStripeServer,
} from './stripe-helpers.mjs';
import {
  categories, fileTicketPage, getTicket, makeAdmin, makeCustomer, uniqueText,
} from './tickets-helpers.mjs';

const stripe = new Stripe(SECRET_KEY);

describe('refunds of Stripe payments', () => {
  const fake = fakeStripe();
  let server;
  let customer;
  let admin;
  let cats;

  before(async () => {
    await fake.listen();
    server = await startStripeServer(fake);
    customer = await makeCustomer(server);
    admin = await makeAdmin(server);
    cats = await categories(customer);
  });

  after(async () => {
    if (server && !server._stopping) await server.stop();
    await fake.close();
  });

  /** A priority ticket paid through the webhook; returns ids and the intent. */
  async function paidTicket() {
    const session = sessionReply();
    fake.reply = () => ({ status: 200, body: session });
    const subject = uniqueText('refund me');
    const r = await fileTicketPage(customer, {
      subject, category: cats[0].id, body: uniqueText('urgent'), extra: { priority: '1' },
    });
    assert.equal(r.status, 303, r.describe());
    const mine = await customer.api('GET', '/tickets?limit=100');
    const ticket = mine.json().tickets.find((t) => t.subject === subject);
    const intent = `pi_${randomBytes(8).toString('hex')}`;
    const body = eventBody({ session: session.id, ticketId: ticket.id, paymentIntent: intent });
    const w = await server.client().request('POST', '/api/v1/payments/stripe/webhook', {
      body, contentType: 'application/json',
      headers: { 'stripe-signature': stripe.webhooks.generateTestHeaderString({
        payload: body, secret: WEBHOOK_SECRET }) },
    });
    assert.equal(w.status, 200, w.describe());
    const page = await customer.client.get(`/tickets/${ticket.id}`);
    const paymentId = Number(/\/payments\/(\d+)\/receipt/.exec(page.text)?.[1]);
    assert.ok(paymentId > 0, 'a receipt link on the paid ticket');
    return { ticketId: ticket.id, paymentId, intent };
  }

  async function refund(paymentId, ticketId) {
    const desk = await admin.client.get(`/desk/tickets/${ticketId}`);
    return admin.client.post(`/admin/payments/${paymentId}/refund`, { csrf: extractCsrf(desk.text) });
  }

  test('the refund is made at Stripe, then recorded and shown to the customer', async () => {
    const { ticketId, paymentId, intent } = await paidTicket();
    fake.reply = (req) => (req.url === '/v1/refunds'
      ? { status: 200, body: { id: 're_1', object: 'refund', status: 'succeeded' } }
      : { status: 404, body: { error: { message: 'unexpected' } } });
    const before = fake.requests.length;
    const r = await refund(paymentId, ticketId);
    assert.equal(r.status, 303, r.describe());
    const calls = fake.requests.slice(before);
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.equal(calls[0].url, '/v1/refunds');
    assert.equal(calls[0].headers.authorization, `Bearer ${SECRET_KEY}`);
    assert.equal(new URLSearchParams(calls[0].body).get('payment_intent'), intent);
    assert.equal(calls[0].headers['idempotency-key'], `tuki-refund-${paymentId}`);
    const t = await getTicket(customer, ticketId);
    assert.equal(t.payment_state, 'refunded', JSON.stringify(t));
    const receipt = await customer.client.get(`/payments/${paymentId}/receipt`);
    assert.match(receipt.text, /Refunded/);
  });

  test('a refund Stripe refuses changes nothing', async () => {
    const { ticketId, paymentId } = await paidTicket();
    fake.reply = () => ({ status: 402, body: { error: { message: 'charge already refunded' } } });
    const r = await refund(paymentId, ticketId);
    assert.equal(r.status, 503, r.describe());
    const t = await getTicket(customer, ticketId);
    assert.equal(t.payment_state, 'paid', JSON.stringify(t));
  });

  test('sending an unpaid ticket as normal expires its Stripe checkout', async () => {
    const session = sessionReply();
    fake.reply = (req) => (req.url === '/v1/checkout/sessions'
      ? { status: 200, body: session }
      : { status: 200, body: { id: session.id, status: 'expired' } });
    const subject = uniqueText('changed my mind');
    const r = await fileTicketPage(customer, {
      subject, category: cats[0].id, body: uniqueText('not so urgent'), extra: { priority: '1' },
    });
    assert.equal(r.location, session.url, r.describe());
    const ticket = (await customer.api('GET', '/tickets?limit=100')).json().tickets
      .find((t) => t.subject === subject);
    const page = await customer.client.get(`/tickets/${ticket.id}`);
    const before = fake.requests.length;
    const normal = await customer.client.post(`/tickets/${ticket.id}/normal`,
      { csrf: extractCsrf(page.text) });
    assert.equal(normal.status, 303, normal.describe());
    const calls = fake.requests.slice(before);
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`),
      [`POST /v1/checkout/sessions/${session.id}/expire`]);
    const t = await getTicket(customer, ticket.id);
    assert.equal(t.awaiting_payment, false, JSON.stringify(t));
    assert.ok(t.waiting_since, 'a normal ticket now');
  });

  test('server exits with code 0 on SIGTERM and printed no sanitizer report', async () => {
    await server.stop();
  });
});
