// Language: the user's setting, then the session's choice, then
// Accept-Language, then English.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertJsonError, assertRedirect, findTags, getCsrf, htmlLang, login, newUser,
  testCleanShutdown, textOfClass, titleText, uniqueEmail, useServer, visibleText,
} from './harness.mjs';

/** Posts the language switch form; returns the reply. */
async function switchLang(client, lang, extra = {}) {
  const { csrf } = await getCsrf(client, '/login');
  return client.post('/lang', { csrf, lang, ...extra });
}

/** <html lang> of a page. */
async function langOf(client, path = '/login') {
  const r = await client.get(path);
  assert.equal(r.status, 200, `GET ${path}: ${r.describe()}`);
  return htmlLang(r.text);
}

describe('language', () => {
  const srv = useServer();

  test('without Accept-Language the pages are English', async () => {
    assert.equal(await langOf(srv.client(), '/'), 'en');
    assert.equal(await langOf(srv.client(), '/login'), 'en');
  });

  test('Accept-Language: fi gives <html lang="fi">', async () => {
    const client = srv.client({ acceptLanguage: 'fi' });
    assert.equal(await langOf(client, '/'), 'fi');
    assert.equal(await langOf(client, '/login'), 'fi');
    assert.equal(await langOf(client, '/register'), 'fi');
  });

  test('Accept-Language is negotiated with regions and q-values', async () => {
    const cases = [
      ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
      ['en-US,en;q=0.9,fi;q=0.5', 'en'],
      ['sv-SE, fi;q=0.5', 'fi'],
      ['en;q=0.1, fi;q=0.8', 'fi'],
      ['de-DE,de;q=0.9', 'en'],
    ];
    for (const [header, want] of cases) {
      assert.equal(await langOf(srv.client({ acceptLanguage: header })), want, `Accept-Language: ${header}`);
    }
  });

  test('Finnish pages show Finnish text', async () => {
    const en = (await srv.client({ acceptLanguage: 'en' }).get('/login')).text;
    const fi = (await srv.client({ acceptLanguage: 'fi' }).get('/login')).text;
    assert.notEqual(titleText(fi), titleText(en), 'the <title> is translated');
    const fiText = visibleText(fi);
    assert.notEqual(fiText, visibleText(en), 'the visible text is translated');
    // Finnish log-in vocabulary (sähköposti, kirjaudu sisään, ...) has ä or ö.
    assert.match(fiText, /[äöÄÖ]/, `no Finnish letters in: ${fiText.slice(0, 300)}`);
  });

  test('pages have the language switch form with fi and en buttons', async () => {
    const html = (await srv.client().get('/')).text;
    const form = findTags(html, 'form').find((a) => (a.class || '').split(/\s+/).includes('lang-switch'));
    assert.ok(form, 'form.lang-switch missing');
    assert.equal((form.method || '').toLowerCase(), 'post', 'the switch posts');
    assert.equal(form.action, '/lang');
    const buttons = findTags(html, 'button').filter((a) => a.name === 'lang');
    assert.ok(buttons.some((b) => b.value === 'fi'), 'button[name=lang][value=fi] missing');
    assert.ok(buttons.some((b) => b.value === 'en'), 'button[name=lang][value=en] missing');
  });

  test('POST /lang with lang=fi switches an anonymous session to Finnish', async () => {
    const client = srv.client();
    const r = await switchLang(client, 'fi');
    assert.equal(r.status, 303, r.describe());
    assert.equal(await langOf(client, '/'), 'fi');
    assert.equal(await langOf(client, '/register'), 'fi');
  });

  test('the language switch on the home page works for a first-time visitor', async () => {
    const client = srv.client();
    const home = await client.get('/');
    assert.equal(home.status, 200);
    const csrf = findTags(home.text, 'input').find((a) => a.name === 'csrf')?.value;
    assert.ok(csrf, 'home page lang-switch form has a csrf field');
    assert.ok(client.session, 'home page sets the session cookie its form needs');
    const r = await client.post('/lang', { csrf, lang: 'fi', next: '/' });
    assertRedirect(r, '/', 'POST /lang from home');
    assert.equal(await langOf(client, '/'), 'fi');
  });

  test("the session's choice beats Accept-Language", async () => {
    const client = srv.client({ acceptLanguage: 'fi' });
    const r = await switchLang(client, 'en');
    assert.equal(r.status, 303, r.describe());
    assert.equal(await langOf(client, '/'), 'en');
  });

  test('switching back to English works', async () => {
    const client = srv.client();
    assert.equal((await switchLang(client, 'fi')).status, 303);
    assert.equal(await langOf(client), 'fi');
    assert.equal((await switchLang(client, 'en')).status, 303);
    assert.equal(await langOf(client), 'en');
  });

  test('POST /lang with next=/register redirects there', async () => {
    const r = await switchLang(srv.client(), 'fi', { next: '/register' });
    assertRedirect(r, '/register', 'POST /lang next=/register');
  });

  test('POST /lang never redirects off-site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example',
      'http:evil.example', '\\\\evil.example', 'javascript:alert(1)']) {
      const r = await switchLang(srv.client(), 'fi', { next });
      assert.ok(r.status === 303 || r.status === 400, `next=${next}: ${r.describe()}`);
      if (r.status === 303) {
        const raw = r.headers.get('location');
        const target = new URL(raw, srv.url);
        assert.equal(target.origin, new URL(srv.url).origin, `next=${next} redirected to ${raw}`);
        const path = raw.startsWith(srv.url) ? raw.slice(srv.url.length) : raw;
        assert.match(path, /^\/(?![/\\])/, `next=${next}: Location ${raw} must be a local path`);
      }
    }
  });

  test('POST /lang with an unknown language answers 400', async () => {
    const client = srv.client();
    const r = await switchLang(client, 'xx');
    assertHtml(r, 400, 'lang=xx');
    assert.equal(await langOf(client), 'en', 'language unchanged');
  });

  test('POST /lang without a language answers 400', async () => {
    const client = srv.client();
    const { csrf } = await getCsrf(client, '/login');
    const r = await client.post('/lang', { csrf });
    assert.equal(r.status, 400, r.describe());
  });

  test("a logged-in user's choice is saved to the account", async () => {
    const user = await newUser(srv.server);
    const { csrf } = await getCsrf(user.client, '/account');
    const r = await user.client.post('/lang', { csrf, lang: 'fi' });
    assert.equal(r.status, 303, r.describe());
    assert.equal(await langOf(user.client, '/account'), 'fi');
    const me = (await user.client.get('/api/v1/me')).json();
    assert.equal(me.lang, 'fi');
  });

  test("the user's language persists across a new log-in", async () => {
    const user = await newUser(srv.server);
    const { csrf } = await getCsrf(user.client, '/account');
    assert.equal((await user.client.post('/lang', { csrf, lang: 'fi' })).status, 303);
    const fresh = srv.client();
    assertRedirect(await login(fresh, user.email, user.password), '/account');
    assert.equal(await langOf(fresh, '/account'), 'fi');
  });

  test("the user's setting beats Accept-Language", async () => {
    const user = await newUser(srv.server);
    const { csrf } = await getCsrf(user.client, '/account');
    assert.equal((await user.client.post('/lang', { csrf, lang: 'fi' })).status, 303);
    const fresh = srv.client({ acceptLanguage: 'en-GB,en;q=0.9' });
    assertRedirect(await login(fresh, user.email, user.password), '/account');
    assert.equal(await langOf(fresh, '/account'), 'fi');
  });

  test('the 404 page is in Finnish for Accept-Language: fi', async () => {
    const en = await srv.client({ acceptLanguage: 'en' }).get('/no-such-page');
    const fi = await srv.client({ acceptLanguage: 'fi' }).get('/no-such-page');
    assertHtml(fi, 404, 'Finnish 404');
    assert.equal(htmlLang(fi.text), 'fi');
    assert.equal(htmlLang(en.text), 'en');
    assert.notEqual(visibleText(fi.text), visibleText(en.text), 'the 404 text is translated');
  });

  test('the 404 on an API path stays JSON for Accept-Language: fi', async () => {
    const r = await srv.client({ acceptLanguage: 'fi' }).get('/api/v1/nothing-here');
    assertJsonError(r, 404, 'not_found', 'Finnish API 404');
  });

  test('the log-in error is shown in Finnish', async () => {
    const email = uniqueEmail();
    const en = await login(srv.client({ acceptLanguage: 'en' }), email, 'wrong password x');
    const fi = await login(srv.client({ acceptLanguage: 'fi' }), email, 'wrong password x');
    assert.equal(en.status, 401);
    assert.equal(fi.status, 401);
    assert.equal(htmlLang(fi.text), 'fi');
    assert.ok(textOfClass(fi.text, 'error'), '.error in Finnish page');
    assert.notEqual(textOfClass(fi.text, 'error'), textOfClass(en.text, 'error'));
  });

  testCleanShutdown(srv);
});
