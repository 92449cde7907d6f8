// Registration, log-in, log-out, password change and the session cookie.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, assertHtml, assertRedirect, getCsrf, hasElementWithId, login, logout,
  newUser, register, sessionSetCookie, startServer, testCleanShutdown, textOfClass,
  uniqueEmail, useServer,
} from './harness.mjs';

/** Asserts that the client's session is logged in as user (by name). */
async function assertLoggedIn(client, name, what) {
  const r = await client.get('/account');
  assertHtml(r, 200, `${what}: GET /account`);
  assert.equal(textOfClass(r.text, 'user-name'), name, `${what}: .user-name`);
}

/** Asserts that the client's session is not logged in (page and API). */
async function assertLoggedOut(client, what) {
  const page = await client.get('/account');
  assertRedirect(page, '/login', `${what}: GET /account`);
  const api = await client.get('/api/v1/me');
  assert.equal(api.status, 401, `${what}: GET /api/v1/me: ${api.describe()}`);
  assert.equal(api.json().error, 'unauthorized');
}

describe('registration', () => {
  const srv = useServer();

  test('GET /register shows form#register and sets the session cookie', async () => {
    const client = srv.client();
    const r = await client.get('/register');
    assertHtml(r, 200, 'GET /register');
    assert.ok(hasElementWithId(r.text, 'form', 'register'), 'form#register missing');
    assert.ok(client.session, 'tuki_session cookie not set by a page with a form');
  });

  test('register answers 303 to /account and logs the user in', async () => {
    const client = srv.client();
    const email = uniqueEmail();
    const r = await register(client, { name: 'Aino Asiakas', email, password: DEFAULT_PASSWORD });
    assertRedirect(r, '/account', 'POST /register');
    await assertLoggedIn(client, 'Aino Asiakas', 'after register');
  });

  test('register sets tuki_session with HttpOnly, SameSite=Lax and Path=/', async () => {
    const client = srv.client();
    const r = await register(client, { name: 'Cookie Check', email: uniqueEmail(), password: DEFAULT_PASSWORD });
    assert.equal(r.status, 303, r.describe());
    const c = sessionSetCookie(r);
    assert.ok(c, `no tuki_session Set-Cookie on register: ${r.setCookies().join(' | ')}`);
    assert.ok(c.value.length >= 16, 'session id looks too short to be random');
    assert.equal(c.attrs.httponly, true, 'HttpOnly missing');
    assert.equal(String(c.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax missing');
    assert.equal(c.attrs.path, '/', 'Path=/ missing');
    for (const line of r.setCookies()) {
      assert.match(line, /^tuki_session=/, `Tuki sets only tuki_session, got: ${line}`);
    }
  });

  test('register gives a new session id (no session fixation)', async () => {
    const client = srv.client();
    const { csrf } = await getCsrf(client, '/register');
    const before = client.session;
    const r = await client.post('/register', { csrf, name: 'Fixation', email: uniqueEmail(), password: DEFAULT_PASSWORD });
    assert.equal(r.status, 303, r.describe());
    assert.notEqual(client.session, before, 'the anonymous session id must not become the logged-in one');
  });

  test('the account page escapes the user name', async () => {
    const name = '<b id="x">Ann & "Co"</b>';
    const { client } = await newUser(srv.server, { name });
    const r = await client.get('/account');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('<b id="x">'), 'user name rendered as HTML');
    assert.ok(r.text.includes('&lt;b'), 'escaped name not found');
    assert.equal(textOfClass(r.text, 'user-name'), name);
  });

  test('register accepts non-ASCII names and shows them back', async () => {
    const name = 'Äijä Öljynen 😀';
    const { client } = await newUser(srv.server, { name });
    await assertLoggedIn(client, name, 'non-ASCII name');
  });

  test('a password shorter than 10 characters answers 422 with the form and an error', async () => {
    const client = srv.client();
    const r = await register(client, { name: 'Short', email: uniqueEmail(), password: '123456789' });
    assertHtml(r, 422, 'short password');
    assert.ok(hasElementWithId(r.text, 'form', 'register'), 'form shown again');
    assert.ok(textOfClass(r.text, 'error'), '.error message missing');
    const account = await client.get('/account');
    assertRedirect(account, '/login', 'not logged in after a 422');
  });

  test('a password of exactly 10 characters is accepted', async () => {
    const client = srv.client();
    const r = await register(client, { name: 'Ten', email: uniqueEmail(), password: '1234567890' });
    assertRedirect(r, '/account', 'ten-character password');
  });

  test('an invalid email address answers 422', async () => {
    for (const email of ['not-an-email', 'a@', '@example.com', 'a b@example.com']) {
      const client = srv.client();
      const r = await register(client, { name: 'Bad Email', email, password: DEFAULT_PASSWORD });
      assertHtml(r, 422, `email ${JSON.stringify(email)}`);
      assert.ok(textOfClass(r.text, 'error'), `.error missing for ${email}`);
    }
  });

  test('the 422 form keeps the typed name and email but never the password', async () => {
    const client = srv.client();
    const r = await register(client, { name: 'Keep Me', email: 'keep@example.com', password: 'short-pw' });
    assertHtml(r, 422, 'short password');
    assert.ok(r.text.includes('Keep Me'), 'name not kept');
    assert.ok(r.text.includes('keep@example.com'), 'email not kept');
    assert.ok(!r.text.includes('short-pw'), 'password echoed back into the page');
  });

  test('an email taken in another case and with surrounding spaces answers 409', async () => {
    const local = uniqueEmail('dup').split('@')[0];
    await newUser(srv.server, { email: `${local}@example.com` });
    const client = srv.client();
    const r = await register(client, {
      name: 'Duplicate', email: `  ${local.toUpperCase()}@Example.COM `, password: DEFAULT_PASSWORD,
    });
    assertHtml(r, 409, 'duplicate email');
    assert.ok(textOfClass(r.text, 'error'), '.error message missing');
  });

  testCleanShutdown(srv);
});

describe('log in and log out', () => {
  const srv = useServer();

  test('GET /login shows form#login', async () => {
    const r = await srv.client().get('/login');
    assertHtml(r, 200, 'GET /login');
    assert.ok(hasElementWithId(r.text, 'form', 'login'), 'form#login missing');
  });

  test('logging in with the right password answers 303 to /account', async () => {
    const user = await newUser(srv.server, { name: 'Login Ok' });
    const client = srv.client();
    const r = await login(client, user.email, user.password);
    assertRedirect(r, '/account', 'POST /login');
    await assertLoggedIn(client, 'Login Ok', 'after log-in');
  });

  test('log-in matches the email regardless of case and surrounding spaces', async () => {
    const user = await newUser(srv.server, { name: 'Case Login' });
    const client = srv.client();
    const r = await login(client, `  ${user.email.toUpperCase()} `, user.password);
    assertRedirect(r, '/account', 'POST /login with upper-case email');
  });

  test('log-in gives a new session id (no session fixation)', async () => {
    const user = await newUser(srv.server);
    const client = srv.client();
    const { csrf } = await getCsrf(client, '/login');
    const anonymous = client.session;
    const r = await client.post('/login', { csrf, email: user.email, password: user.password });
    assert.equal(r.status, 303, r.describe());
    assert.notEqual(client.session, anonymous);
    const stale = srv.client();
    stale.setCookie('tuki_session', anonymous);
    await assertLoggedOut(stale, 'the anonymous session id after log-in');
  });

  test('a wrong password and an unknown email both answer 401 with the same error text', async () => {
    const user = await newUser(srv.server);
    const wrong = await login(srv.client(), user.email, 'not the right password');
    const unknown = await login(srv.client(), uniqueEmail('nobody'), 'not the right password');
    assertHtml(wrong, 401, 'wrong password');
    assertHtml(unknown, 401, 'unknown email');
    const wrongText = textOfClass(wrong.text, 'error');
    const unknownText = textOfClass(unknown.text, 'error');
    assert.ok(wrongText, '.error missing for a wrong password');
    assert.equal(unknownText, wrongText);
    assert.ok(hasElementWithId(wrong.text, 'form', 'login'), 'form shown again');
  });

  test('a failed log-in does not log the session in', async () => {
    const user = await newUser(srv.server);
    const client = srv.client();
    const r = await login(client, user.email, 'not the right password');
    assert.equal(r.status, 401);
    await assertLoggedOut(client, 'after a failed log-in');
  });

  test('GET /account when logged out answers 303 to /login', async () => {
    const r = await srv.client().get('/account');
    assertRedirect(r, '/login', 'GET /account anonymously');
  });

  test('log-out answers 303 to /', async () => {
    const { client } = await newUser(srv.server);
    const r = await logout(client);
    assertRedirect(r, '/', 'POST /logout');
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<a\b[^>]*\bhref="\/login"/, 'log-in link shown when logged out');
  });

  test('log-out revokes the session on the server, not just the cookie', async () => {
    const { client } = await newUser(srv.server);
    const old = client.session;
    assert.ok(old);
    const r = await logout(client);
    assert.equal(r.status, 303, r.describe());
    const replay = srv.client();
    replay.setCookie('tuki_session', old);
    await assertLoggedOut(replay, 'old cookie after log-out');
  });

  test('log-out ends only that session', async () => {
    const user = await newUser(srv.server, { name: 'Two Devices' });
    const second = srv.client();
    assertRedirect(await login(second, user.email, user.password), '/account');
    assert.equal((await logout(user.client)).status, 303);
    await assertLoggedIn(second, 'Two Devices', 'the other session');
  });

  testCleanShutdown(srv);
});

describe('changing the password', () => {
  const srv = useServer();

  async function changePassword(client, current, next) {
    const { csrf, reply } = await getCsrf(client, '/account');
    assert.ok(hasElementWithId(reply.text, 'form', 'password'), 'form#password missing on /account');
    return client.post('/account/password', {
      csrf, current_password: current, new_password: next,
    });
  }

  test('a successful change answers 303 to /account and keeps this session', async () => {
    const user = await newUser(srv.server, { name: 'Changer' });
    const r = await changePassword(user.client, user.password, 'a brand new password');
    assertRedirect(r, '/account', 'POST /account/password');
    await assertLoggedIn(user.client, 'Changer', 'the session that changed the password');
  });

  test('the new password works and the old one no longer does', async () => {
    const user = await newUser(srv.server);
    const r = await changePassword(user.client, user.password, 'a brand new password');
    assert.equal(r.status, 303, r.describe());
    assert.equal((await login(srv.client(), user.email, user.password)).status, 401);
    assertRedirect(await login(srv.client(), user.email, 'a brand new password'), '/account');
  });

  test('a change revokes the other sessions', async () => {
    const user = await newUser(srv.server);
    const other = srv.client();
    assertRedirect(await login(other, user.email, user.password), '/account');
    const r = await changePassword(user.client, user.password, 'a brand new password');
    assert.equal(r.status, 303, r.describe());
    await assertLoggedOut(other, 'the other session after a password change');
  });

  test('a wrong current password answers 422 and changes nothing', async () => {
    const user = await newUser(srv.server);
    const r = await changePassword(user.client, 'not my password', 'a brand new password');
    assertHtml(r, 422, 'wrong current password');
    assert.ok(textOfClass(r.text, 'error'), '.error missing');
    assertRedirect(await login(srv.client(), user.email, user.password), '/account');
  });

  test('a new password shorter than 10 characters answers 422', async () => {
    const user = await newUser(srv.server);
    const r = await changePassword(user.client, user.password, 'short');
    assertHtml(r, 422, 'short new password');
    assertRedirect(await login(srv.client(), user.email, user.password), '/account');
  });

  test('changing the password needs a logged-in session', async () => {
    const client = srv.client();
    const { csrf } = await getCsrf(client, '/login');
    const r = await client.post('/account/password', {
      csrf, current_password: 'whatever-password', new_password: 'a brand new password',
    });
    assert.ok(r.status === 303 || r.status === 401 || r.status === 403,
      `anonymous password change must be refused: ${r.describe()}`);
    if (r.status === 303) assertRedirect(r, '/login');
  });

  testCleanShutdown(srv);
});

describe('TUKI_SECURE_COOKIES=1', () => {
  test('marks the session cookie Secure', async () => {
    const server = await startServer({ env: { TUKI_SECURE_COOKIES: '1' } });
    try {
      const r = await server.client().get('/login');
      assert.equal(r.status, 200, r.describe());
      const c = sessionSetCookie(r);
      assert.ok(c, 'no tuki_session cookie on /login');
      assert.equal(c.attrs.secure, true, `Secure missing: ${r.setCookies().join(' | ')}`);
      assert.equal(c.attrs.httponly, true);
    } finally {
      await server.stop();
    }
  });

  test('without it, a plain-HTTP session cookie is not marked Secure', async () => {
    const server = await startServer();
    try {
      const r = await server.client().get('/login');
      const c = sessionSetCookie(r);
      assert.ok(c, 'no tuki_session cookie on /login');
      assert.equal(c.attrs.secure, undefined, 'Secure would stop plain-HTTP browsers from sending it');
    } finally {
      await server.stop();
    }
  });
});
