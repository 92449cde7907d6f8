// proxy.test.mjs - behind a trusted reverse proxy, throttling counts the
// client named in X-Forwarded-For; from anyone else the header is ignored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { getCsrf, testCleanShutdown, uniqueEmail, useServer } from './harness.mjs';

/** A failed log-in as the client at `forwarded`; resolves the status. */
async function failLogin(srv, forwarded) {
  const client = srv.client();
  const { csrf } = await getCsrf(client, '/login');
  const headers = forwarded ? { 'X-Forwarded-For': forwarded } : {};
  const r = await client.post('/login', { csrf, email: uniqueEmail('x'), password: 'wrong password' },
    { headers });
  return r.status;
}

describe('behind a trusted proxy (127.0.0.1)', () => {
  const srv = useServer({ env: { TUKI_TRUSTED_PROXIES: '127.0.0.1', TUKI_LOGIN_MAX_FAILURES_IP: '2' } });

  test('each forwarded client has its own failure count', async () => {
    assert.equal(await failLogin(srv, '203.0.113.7'), 401);
    assert.equal(await failLogin(srv, '198.51.100.1, 203.0.113.7'), 401);
    assert.equal(await failLogin(srv, '203.0.113.7'), 429, 'the third from the same client');
    assert.equal(await failLogin(srv, '203.0.113.8'), 401, 'another client is not locked out');
  });

  test('an address claimed left of the client does not count', async () => {
    // The client at .9 claims to be .7 (locked above): it is still .9.
    assert.equal(await failLogin(srv, '203.0.113.7, 203.0.113.9'), 401);
  });

  testCleanShutdown(srv);
});

describe('without trusted proxies', () => {
  const srv = useServer({ env: { TUKI_LOGIN_MAX_FAILURES_IP: '2' } });

  test('X-Forwarded-For is ignored: the connection is the client', async () => {
    assert.equal(await failLogin(srv, '203.0.113.1'), 401);
    assert.equal(await failLogin(srv, '203.0.113.2'), 401);
    assert.equal(await failLogin(srv, '203.0.113.3'), 429);
  });

  testCleanShutdown(srv);
});
