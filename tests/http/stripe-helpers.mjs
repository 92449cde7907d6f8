// stripe-helpers.mjs - a fake Stripe API for the payment tests: a node:http
// server in the test process that records every request and answers as
// the test says, plus Stripe-shaped replies and webhook events.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { startServer } from './harness.mjs';

// Fresh per test process, so no test can lean on a real account's keys.
export const SECRET_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
export const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;

/** A Tuki server that takes payments through fake (already listening). */
export function startStripeServer(fake, env = {}) {
  return startServer({
    env: {
      TUKI_STRIPE_SECRET_KEY: SECRET_KEY,
      TUKI_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TUKI_STRIPE_API_BASE: fake.base,
      ...env,
    },
  });
}

// ---------------------------------------------------------------------------
// A fake Stripe API: records every request and answers with `reply`.

export function fakeStripe() {
  const fake = {
    requests: [],
    // (request) => { status, body }; set per test
    reply: null,
    server: null,
    base: null,
  };
  fake.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method, url: req.url, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8') };
      fake.requests.push(r);
      const out = fake.reply ? fake.reply(r)
        : { status: 500, body: { error: { message: 'no reply set in the test' } } };
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  fake.listen = () => new Promise((resolve) => {
    fake.server.listen(0, '127.0.0.1', () => {
      fake.base = `http://127.0.0.1:${fake.server.address().port}`;
      resolve();
    });
  });
  fake.close = () => new Promise((resolve) => fake.server.close(() => resolve()));
  return fake;
}

/** A Checkout Session reply, as Stripe gives it (the fields the server reads). */
export function sessionReply() {
  const id = `cs_test_${randomBytes(12).toString('hex')}`;
  return { id, url: `https://checkout.example/c/pay/${id}` };
}

export function eventBody({ id = `evt_${randomBytes(10).toString('hex')}`, type = 'checkout.session.completed',
  session, amount = 900, currency = 'eur', paymentStatus = 'paid', ticketId,
  paymentIntent = `pi_${randomBytes(10).toString('hex')}` }) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: session,
        object: 'checkout.session',
        amount_total: amount,
        currency,
        payment_status: paymentStatus,
        client_reference_id: String(ticketId),
        metadata: { ticket_id: String(ticketId) },
        payment_intent: paymentIntent,
      },
    },
  });
}

