// priority-webhook.test.mjs - paid priority tickets through Stripe Checkout:
// the server asks a fake Stripe (a node:http server in this process) for a
// Checkout Session, sends the customer there, and only a correctly signed
// checkout.session.completed webhook for the right amount, currency and
// ticket puts the ticket in the priority lane. Signatures are made with the
// official `stripe` package's test helper, so the server is checked against
// Stripe's own signing scheme.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';

import Stripe from 'stripe';

import {
  SECRET_KEY, WEBHOOK_SECRET, eventBody, fakeStripe, sessionReply, startStripeServer,
} from './stripe-helpers.mjs';
import { assertHtml, assertRedirect, findTags, testCleanShutdown } from './harness.mjs';
import {
  categories, fileTicketApiOk, fileTicketPage, getTicket, listAll, makeAgent, makeCustomer,
  makePng, sha256, uniqueText,
} from './tickets-helpers.mjs';

const PUBLIC_URL = 'https://help.example.test';
const WEBHOOK = '/api/v1/payments/stripe/webhook';

const stripe = new Stripe(SECRET_KEY);

describe('paid priority through Stripe Checkout and its webhook', () => {
  const fake = fakeStripe();
  let server;
  let customer;
  let agent;
  let cats;

  before(async () => {
    await fake.listen();
    server = await startStripeServer(fake, { TUKI_PUBLIC_URL: PUBLIC_URL });
    customer = await makeCustomer(server);
    agent = await makeAgent(server);
    cats = await categories(customer);
  });

  afterEach((t) => {
    if (server && t.passed === false) {
      process.stderr.write(`\n--- tuki stderr after failed test "${t.name}" ---\n` +
        `${server.tail()}\n--- end of tuki stderr ---\n`);
    }
  });

  after(async () => {
    if (server && !server._stopping) await server.stop();
    await fake.close();
  });

  const queueIds = async () => (await listAll(agent, '/queue')).items.map((t) => t.id);

  /** POSTs a webhook body with a Stripe-Signature header (or none). */
  const sendWebhook = (body, header) => server.client().request('POST', WEBHOOK, {
    body, contentType: 'application/json',
    headers: header === undefined ? {} : { 'stripe-signature': header },
  });

  const signed = (payload, options = {}) => stripe.webhooks.generateTestHeaderString({
    payload, secret: WEBHOOK_SECRET, ...options,
  });

  /** The customer's ticket id with the given subject, from the API. */
  const ticketIdBySubject = async (subject) => {
    const { items } = await listAll(customer, '/tickets');
    const found = items.filter((t) => t.subject === subject);
    assert.equal(found.length, 1, `one ticket with subject ${subject}: ${JSON.stringify(items)}`);
    return found[0].id;
  };

  const paidEvents = (ticket) => ticket.events.filter((e) => e.kind === 'payment' && e.to === 'paid');

  // State shared by the tests below, in order.
  const flow = { id: null, session: null, normalId: null };

  test('a priority ticket from /contact creates a Checkout Session and redirects there', async () => {
    // A normal ticket waits already, so "first in the queue" means something.
    flow.normalId = (await fileTicketApiOk(customer, { category: cats[0].id })).id;

    const session = sessionReply();
    fake.reply = () => ({ status: 200, body: { object: 'checkout.session', ...session } });
    const before = fake.requests.length;
    const subject = uniqueText('urgent');
    const reply = await fileTicketPage(customer, {
      subject, category: cats[0].id, body: uniqueText('the shop is down'), extra: { priority: '1' },
    });
    assert.equal(reply.status, 303, `POST /contact: ${reply.describe()}`);
    assert.equal(reply.location, session.url, 'the customer is sent to the Checkout URL');

    const calls = fake.requests.slice(before);
    assert.equal(calls.length, 1, `one call to Stripe: ${JSON.stringify(calls)}`);
    const call = calls[0];
    const id = await ticketIdBySubject(subject);
    assert.equal(call.method, 'POST');
    assert.equal(call.url, '/v1/checkout/sessions');
    assert.equal(call.headers.authorization, `Bearer ${SECRET_KEY}`);
    assert.match(call.headers['content-type'] || '', /^application\/x-www-form-urlencoded\b/);
    const form = new URLSearchParams(call.body);
    assert.equal(form.get('mode'), 'payment', call.body);
    assert.equal(form.get('line_items[0][price_data][unit_amount]'), '900', call.body);
    assert.equal(form.get('line_items[0][price_data][currency]'), 'eur', call.body);
    assert.equal(form.get('line_items[0][quantity]'), '1', call.body);
    assert.equal(form.get('metadata[ticket_id]'), String(id), call.body);
    assert.equal(form.get('client_reference_id'), String(id), call.body);
    assert.equal(form.get('success_url'), `${PUBLIC_URL}/tickets/${id}`, call.body);
    assert.equal(form.get('cancel_url'), `${PUBLIC_URL}/tickets/${id}`, call.body);
    assert.equal(form.get('customer_email'), customer.email, call.body);
    assert.ok(call.headers['idempotency-key'], 'an Idempotency-Key header');

    flow.id = id;
    flow.session = session.id;
  });

  test('the unpaid ticket shows awaiting payment and is not in the queue', async () => {
    assert.ok(flow.id, 'needs the first test');
    const t = await getTicket(customer, flow.id);
    assert.equal(t.awaiting_payment, true, JSON.stringify(t));
    assert.equal(t.payment_state, 'pending');
    assert.equal(t.priority, 'normal', 'not in the priority lane before payment');
    const page = await customer.client.get(`/tickets/${flow.id}`);
    assertHtml(page, 200, 'ticket page');
    assert.ok(findTags(page.text, 'div').some((a) => a.id === 'awaiting-payment'),
      'div#awaiting-payment on the ticket page');
    const q = await queueIds();
    assert.ok(!q.includes(flow.id), `unpaid ticket in the queue: ${q}`);
    assert.ok(q.includes(flow.normalId), `normal ticket in the queue: ${q}`);
  });

  /** Asserts that the ticket still waits for its payment and the queue is as before. */
  const assertUnchanged = async (queueBefore, what) => {
    const t = await getTicket(customer, flow.id);
    assert.equal(t.awaiting_payment, true, `${what}: still awaiting payment: ${JSON.stringify(t)}`);
    assert.equal(t.payment_state, 'pending', `${what}: payment state`);
    assert.equal(paidEvents(t).length, 0, `${what}: no paid event`);
    assert.deepEqual(await queueIds(), queueBefore, `${what}: queue unchanged`);
  };

  test('webhooks that do not verify are refused and change nothing', async () => {
    assert.ok(flow.id, 'needs the first test');
    const q = await queueIds();
    const good = eventBody({ session: flow.session, ticketId: flow.id });
    const other = eventBody({ session: flow.session, ticketId: flow.id, amount: 1 });
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      ['no Stripe-Signature header', good, undefined],
      ['a signature of another body', good, signed(other)],
      ['a tampered body', good.replace('"amount_total":900', '"amount_total":900 '), signed(good)],
      ['the wrong secret', good, stripe.webhooks.generateTestHeaderString({
        payload: good, secret: `whsec_${randomBytes(16).toString('hex')}` })],
      ['a timestamp ten minutes old', good, signed(good, { timestamp: now - 600 })],
      ['a timestamp ten minutes ahead', good, signed(good, { timestamp: now + 600 })],
      ['a garbage header', good, 'not a signature'],
    ];
    for (const [what, body, header] of cases) {
      const r = await sendWebhook(body, header);
      assert.equal(r.status, 400, `${what}: ${r.describe()}`);
      await assertUnchanged(q, what);
    }
  });

  test('signed events that do not match the payment are acknowledged but change nothing', async () => {
    assert.ok(flow.id, 'needs the first test');
    const q = await queueIds();
    const cases = [
      ['a wrong amount (890)', { amount: 890 }],
      ['a wrong currency (usd)', { currency: 'usd' }],
      ['another ticket in the metadata', { ticketId: flow.normalId }],
      ['an unknown session', { session: `cs_test_${randomBytes(12).toString('hex')}` }],
      ['an unpaid session', { paymentStatus: 'unpaid' }],
      ['another event type', { type: 'checkout.session.expired' }],
    ];
    for (const [what, over] of cases) {
      const body = eventBody({ session: flow.session, ticketId: flow.id, ...over });
      const r = await sendWebhook(body, signed(body));
      assert.equal(r.status, 200, `${what}: ${r.describe()}`);
      await assertUnchanged(q, what);
    }
  });

  test('checkout.session.completed puts the ticket first in the queue, with a due time', async () => {
    assert.ok(flow.id, 'needs the first test');
    const evtId = `evt_${randomBytes(10).toString('hex')}`;
    const body = eventBody({ id: evtId, session: flow.session, ticketId: flow.id });
    const r = await sendWebhook(body, signed(body));
    assert.equal(r.status, 200, r.describe());
    assert.match(r.contentType, /^application\/json\b/);
    assert.equal(r.json().received, true, r.text);
    flow.event = { id: evtId, body };

    const t = await getTicket(customer, flow.id);
    assert.equal(t.awaiting_payment, false, JSON.stringify(t));
    assert.equal(t.payment_state, 'paid');
    assert.equal(t.priority, 'priority');
    assert.equal(paidEvents(t).length, 1, `one paid event: ${JSON.stringify(t.events)}`);

    const { items } = await listAll(agent, '/queue');
    assert.equal(items[0]?.id, flow.id, `paid ticket first: ${items.map((x) => x.id)}`);
    assert.equal(items[0].position, 1);
    assert.equal(items[0].lane, 'priority');
    assert.equal(typeof items[0].due_at, 'string', `due_at: ${JSON.stringify(items[0])}`);
    assert.ok(!Number.isNaN(Date.parse(items[0].due_at)), `due_at parses: ${items[0].due_at}`);
    assert.ok(items.some((x) => x.id === flow.normalId && x.lane === 'normal'),
      'the normal ticket stays in the normal lane');

    const page = await customer.client.get(`/tickets/${flow.id}`);
    assertHtml(page, 200, 'ticket page after payment');
    assert.ok(!findTags(page.text, 'div').some((a) => a.id === 'awaiting-payment'),
      'no awaiting-payment notice after payment');
  });

  test('a replayed event is acknowledged and processed once', async () => {
    assert.ok(flow.event, 'needs the payment test');
    const q = await queueIds();
    for (let i = 0; i < 2; i++) {
      const r = await sendWebhook(flow.event.body, signed(flow.event.body));
      assert.equal(r.status, 200, `replay ${i + 1}: ${r.describe()}`);
    }
    // The same session completed again under a new event id changes nothing either.
    const again = eventBody({ session: flow.session, ticketId: flow.id });
    assert.equal((await sendWebhook(again, signed(again))).status, 200);
    const t = await getTicket(customer, flow.id);
    assert.equal(t.payment_state, 'paid');
    assert.equal(paidEvents(t).length, 1, `paid once: ${JSON.stringify(t.events)}`);
    assert.equal(t.events.filter((e) => e.kind === 'payment').length, 1,
      `one payment entry in the history: ${JSON.stringify(t.events)}`);
    assert.deepEqual(await queueIds(), q, 'queue unchanged by the replays');
    const page = await customer.client.get(`/tickets/${flow.id}`);
    const payments = page.text.match(/<ul class="payments">([\s\S]*?)<\/ul>/);
    assert.ok(payments, 'ul.payments on the ticket page');
    assert.equal((payments[1].match(/<li>/g) || []).length, 1, `one payment listed: ${payments[1]}`);
  });

  test('when Stripe refuses, the customer lands on the ticket and can send it as normal', async () => {
    fake.reply = () => ({ status: 402,
      body: { error: { type: 'card_error', message: 'Your card was declined.' } } });
    const before = fake.requests.length;
    const subject = uniqueText('declined');
    const text = uniqueText('please help, the checkout is broken');
    const png = makePng();
    const reply = await fileTicketPage(customer, {
      subject, category: cats[1].id, body: text, extra: { priority: '1' },
      files: [{ filename: 'error.png', data: png, type: 'image/png' }],
    });
    assert.equal(fake.requests.length, before + 1, 'Stripe was asked once');
    const id = await ticketIdBySubject(subject);
    assertRedirect(reply, `/tickets/${id}`, 'POST /contact when Stripe answers 402');

    const page = await customer.client.get(`/tickets/${id}`);
    assertHtml(page, 200, 'ticket page');
    assert.ok(findTags(page.text, 'div').some((a) => a.id === 'awaiting-payment'),
      'the ticket waits for its payment');
    const normalForm = findTags(page.text, 'form').find((a) => a.action === `/tickets/${id}/normal`);
    assert.ok(normalForm, 'a form to send it as a normal ticket');
    let t = await getTicket(customer, id);
    assert.equal(t.awaiting_payment, true);
    assert.ok(!(await queueIds()).includes(id), 'not in the queue while awaiting payment');

    const csrf = findTags(page.text, 'input').find((a) => a.name === 'csrf').value;
    assertRedirect(await customer.client.post(`/tickets/${id}/normal`, { csrf }), `/tickets/${id}`,
      'POST /tickets/{id}/normal');
    t = await getTicket(customer, id);
    assert.equal(t.awaiting_payment, false, JSON.stringify(t));
    assert.equal(t.priority, 'normal');
    assert.equal(t.subject, subject);
    assert.equal(t.messages.length, 1, 'the original message');
    assert.equal(t.messages[0].body, text, 'text kept');
    assert.equal(t.messages[0].attachments.length, 1, 'attachment kept');
    assert.equal(t.messages[0].attachments[0].sha256, sha256(png));
    const dl = await customer.client.get(`/attachments/${t.messages[0].attachments[0].id}`);
    assert.equal(dl.status, 200);
    assert.ok(dl.body.equals(png), 'attachment bytes kept');

    const { items } = await listAll(agent, '/queue');
    const row = items.find((x) => x.id === id);
    assert.ok(row, `the ticket joined the queue: ${items.map((x) => x.id)}`);
    assert.equal(row.lane, 'normal');
    assert.equal(typeof row.due_at, 'string', 'a due time');
    assert.ok(items.findIndex((x) => x.id === id) > items.findIndex((x) => x.id === flow.id),
      'after the paid priority ticket');

    // Only once: it is no longer awaiting a payment.
    const again = await customer.client.post(`/tickets/${id}/normal`, { csrf });
    assert.equal(again.status, 409, again.describe());
  });

  testCleanShutdown({ get server() { return server; } });
});
