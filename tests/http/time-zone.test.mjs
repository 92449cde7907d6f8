// time-zone.test.mjs - customers see times in their own zone when they
// set one, and in the help desk's otherwise; the instant stays the same.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { extractCsrf, testCleanShutdown, useServer } from './harness.mjs';
import { categories, makeCustomer } from './tickets-helpers.mjs';

/** "HH:MM" of an ISO instant in zone, as a clock shows it. */
function clockIn(iso, zone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23' }).format(new Date(iso));
}

describe('the viewer\u2019s time zone', () => {
  const srv = useServer();

  test('the promise is told in the zone the customer chose', async () => {
    const customer = await makeCustomer(srv.server);
    const cats = await categories(customer);
    const created = await customer.api('POST', '/tickets',
      { subject: 'When?', category: cats[0].id, body: 'A question' });
    assert.equal(created.status, 201, created.describe());
    const t = created.json();
    assert.ok(t.expected_response_by, JSON.stringify(t));
    assert.ok(t.expected_local.endsWith(clockIn(t.expected_response_by, 'Europe/Helsinki')),
      `help desk zone: ${t.expected_local}`);

    const account = await customer.client.get('/account');
    const csrf = extractCsrf(account.text);
    const bad = await customer.client.post('/account/time-zone', { csrf, time_zone: 'Mars/Base' });
    assert.equal(bad.status, 422, bad.describe());
    const ok = await customer.client.post('/account/time-zone', { csrf, time_zone: 'America/New_York' });
    assert.equal(ok.status, 303, ok.describe());

    const again = (await customer.api('GET', `/tickets/${t.id}`)).json();
    assert.equal(again.expected_response_by, t.expected_response_by, 'the same instant');
    assert.ok(again.expected_local.endsWith(clockIn(t.expected_response_by, 'America/New_York')),
      `customer zone: ${again.expected_local}`);
  });

  testCleanShutdown(srv);
});
