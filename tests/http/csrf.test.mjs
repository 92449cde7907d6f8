// Every POST form needs a csrf token bound to the tuki_session cookie.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, assertRedirect, getCsrf, htmlLang, newUser, testCleanShutdown,
  textOfClass, uniqueEmail, useServer,
} from './harness.mjs';

/** A token that has the look of a real one but was never issued. */
function forged(token) {
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return token.slice(0, -1) + last;
}

describe('CSRF protection', () => {
  const srv = useServer();

  /** Fields for each form, given a client that has a session. */
  const forms = {
    '/login': async () => ({ email: uniqueEmail(), password: DEFAULT_PASSWORD }),
    '/register': async () => ({ name: 'Csrf', email: uniqueEmail(), password: DEFAULT_PASSWORD }),
    '/lang': async () => ({ lang: 'fi' }),
  };

  for (const [path, fieldsFor] of Object.entries(forms)) {
    test(`POST ${path} without csrf answers 403`, async () => {
      const client = srv.client();
      await getCsrf(client, '/login');
      const r = await client.post(path, await fieldsFor());
      assert.equal(r.status, 403, r.describe());
    });

    test(`POST ${path} with a wrong csrf answers 403`, async () => {
      const client = srv.client();
      const { csrf } = await getCsrf(client, '/login');
      const r = await client.post(path, { csrf: forged(csrf), ...(await fieldsFor()) });
      assert.equal(r.status, 403, r.describe());
    });

    test(`POST ${path} with the csrf of another session answers 403`, async () => {
      const alice = srv.client();
      const mallory = srv.client();
      await getCsrf(alice, '/login');
      const { csrf: malloryToken } = await getCsrf(mallory, '/login');
      assert.notEqual(alice.session, mallory.session);
      const r = await alice.post(path, { csrf: malloryToken, ...(await fieldsFor()) });
      assert.equal(r.status, 403, r.describe());
    });

    test(`POST ${path} with a csrf but no cookie answers 403`, async () => {
      const issuer = srv.client();
      const { csrf } = await getCsrf(issuer, '/login');
      const r = await srv.client().post(path, { csrf, ...(await fieldsFor()) });
      assert.equal(r.status, 403, r.describe());
    });
  }

  test('a refused log-in does not log in even with the right password', async () => {
    const user = await newUser(srv.server);
    const client = srv.client();
    await getCsrf(client, '/login');
    const r = await client.post('/login', { email: user.email, password: user.password });
    assert.equal(r.status, 403, r.describe());
    assertRedirect(await client.get('/account'), '/login', 'still logged out');
  });

  test('a refused registration creates no account', async () => {
    const email = uniqueEmail();
    const client = srv.client();
    await getCsrf(client, '/register');
    const r = await client.post('/register', { name: 'Ghost', email, password: DEFAULT_PASSWORD });
    assert.equal(r.status, 403, r.describe());
    const again = await newUser(srv.server, { email });
    assert.ok(again.client.session, 'the email is still free');
  });

  test('a refused language switch keeps the language', async () => {
    const client = srv.client();
    const { csrf } = await getCsrf(client, '/login');
    const r = await client.post('/lang', { csrf: forged(csrf), lang: 'fi' });
    assert.equal(r.status, 403);
    assert.equal(htmlLang((await client.get('/login')).text), 'en');
  });

  test('the 403 page is HTML with an error message', async () => {
    const client = srv.client();
    await getCsrf(client, '/login');
    const r = await client.post('/login', { email: 'a@example.com', password: DEFAULT_PASSWORD });
    assert.equal(r.status, 403);
    assert.match(r.contentType, /^text\/html/i);
    assert.ok(htmlLang(r.text), '<html lang> present');
  });

  test('POST /logout without csrf answers 403 and keeps the session', async () => {
    const user = await newUser(srv.server, { name: 'Stays' });
    const r = await user.client.post('/logout', {});
    assert.equal(r.status, 403, r.describe());
    const account = await user.client.get('/account');
    assert.equal(account.status, 200, 'still logged in');
    assert.equal(textOfClass(account.text, 'user-name'), 'Stays');
  });

  test('POST /logout with a wrong csrf answers 403 and keeps the session', async () => {
    const user = await newUser(srv.server);
    const { csrf } = await getCsrf(user.client, '/account');
    const r = await user.client.post('/logout', { csrf: forged(csrf) });
    assert.equal(r.status, 403, r.describe());
    assert.equal((await user.client.get('/account')).status, 200, 'still logged in');
  });

  test('POST /logout with the csrf of another session answers 403', async () => {
    const victim = await newUser(srv.server);
    const attacker = await newUser(srv.server);
    const { csrf } = await getCsrf(attacker.client, '/account');
    const r = await victim.client.post('/logout', { csrf });
    assert.equal(r.status, 403, r.describe());
    assert.equal((await victim.client.get('/account')).status, 200, 'victim still logged in');
  });

  test('POST /account/password without csrf answers 403 and keeps the password', async () => {
    const user = await newUser(srv.server);
    const r = await user.client.post('/account/password', {
      current_password: user.password, new_password: 'attacker chosen password',
    });
    assert.equal(r.status, 403, r.describe());
    const check = srv.client();
    const { csrf } = await getCsrf(check, '/login');
    const login = await check.post('/login', { csrf, email: user.email, password: user.password });
    assertRedirect(login, '/account', 'old password still works');
  });

  testCleanShutdown(srv);
});
