// Log-in throttling per account (TUKI_LOGIN_MAX_FAILURES) and per client IP
// (TUKI_LOGIN_MAX_FAILURES_IP).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertRedirect, login, newUser, testCleanShutdown, textOfClass,
  uniqueEmail, useServer,
} from './harness.mjs';

function assertThrottled(reply, what) {
  assertHtml(reply, 429, what);
  const retryAfter = reply.headers.get('retry-after');
  assert.ok(retryAfter !== null, `${what}: Retry-After missing`);
  assert.match(retryAfter, /^\d+$/, `${what}: Retry-After must be a number of seconds: ${retryAfter}`);
  assert.ok(Number(retryAfter) > 0, `${what}: Retry-After must be > 0: ${retryAfter}`);
  assert.ok(textOfClass(reply.text, 'error'), `${what}: .error message missing`);
}

describe('per-account throttling (TUKI_LOGIN_MAX_FAILURES=3)', () => {
  const srv = useServer({ env: { TUKI_LOGIN_MAX_FAILURES: '3', TUKI_LOGIN_MAX_FAILURES_IP: '1000' } });

  test('the first 3 failures answer 401', async () => {
    const user = await newUser(srv.server);
    for (let i = 1; i <= 3; i++) {
      const r = await login(srv.client(), user.email, `wrong password ${i}`);
      assert.equal(r.status, 401, `failure ${i}: ${r.describe()}`);
    }
  });

  test('after 3 failures even the right password answers 429 with Retry-After', async () => {
    const user = await newUser(srv.server);
    for (let i = 1; i <= 3; i++) {
      assert.equal((await login(srv.client(), user.email, `wrong password ${i}`)).status, 401);
    }
    const client = srv.client();
    const r = await login(client, user.email, user.password);
    assertThrottled(r, 'right password after 3 failures');
    assertRedirect(await client.get('/account'), '/login', 'not logged in while throttled');
  });

  test('a throttled account stays throttled for further wrong passwords', async () => {
    const user = await newUser(srv.server);
    for (let i = 1; i <= 3; i++) await login(srv.client(), user.email, `wrong password ${i}`);
    assertThrottled(await login(srv.client(), user.email, 'wrong password 4'), 'fourth failure');
  });

  test('the throttle counts the account regardless of email case', async () => {
    const user = await newUser(srv.server);
    const variants = [user.email, user.email.toUpperCase(), ` ${user.email} `];
    for (const email of variants) {
      assert.equal((await login(srv.client(), email, 'wrong password')).status, 401);
    }
    assertThrottled(await login(srv.client(), user.email, user.password), 'after mixed-case failures');
  });

  test('throttling one account does not throttle another', async () => {
    const victim = await newUser(srv.server);
    const other = await newUser(srv.server);
    for (let i = 1; i <= 3; i++) await login(srv.client(), victim.email, `wrong password ${i}`);
    assertThrottled(await login(srv.client(), victim.email, victim.password), 'victim');
    assertRedirect(await login(srv.client(), other.email, other.password), '/account', 'other account');
  });

  test('failures below the limit do not stop the right password', async () => {
    const user = await newUser(srv.server);
    for (let i = 1; i <= 2; i++) await login(srv.client(), user.email, `wrong password ${i}`);
    assertRedirect(await login(srv.client(), user.email, user.password), '/account', 'after 2 failures');
  });

  testCleanShutdown(srv);
});

describe('per-IP throttling (TUKI_LOGIN_MAX_FAILURES_IP=4)', () => {
  const srv = useServer({ env: { TUKI_LOGIN_MAX_FAILURES: '100', TUKI_LOGIN_MAX_FAILURES_IP: '4' } });

  test('failures spread over different emails throttle the client IP', async () => {
    const user = await newUser(srv.server);
    const strangers = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c'), user.email];
    for (const email of strangers) {
      const r = await login(srv.client(), email, 'wrong password');
      assert.equal(r.status, 401, `failure for ${email}: ${r.describe()}`);
    }
    const r = await login(srv.client(), user.email, user.password);
    assertThrottled(r, 'right password after 4 failures from this IP');
  });

  test('a throttled IP gets 429 for any account', async () => {
    // The previous test used up this IP's allowance.
    const fresh = await newUser(srv.server);
    assertThrottled(await login(srv.client(), fresh.email, fresh.password), 'another account, same IP');
  });

  testCleanShutdown(srv);
});
