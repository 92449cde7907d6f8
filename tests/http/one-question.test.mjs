// "One question per ticket": POST /api/v1/questions/check {"text": ...}
// tells whether a message asks several questions, so the contact form can
// suggest splitting it. Answer: {"multiple": bool, "questions": n,
// "message": text in the caller's language}. Authenticated like the rest of
// the API: a bearer token, or the session plus X-CSRF-Token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertJsonError, testCleanShutdown, useServer } from './harness.mjs';
import { makeCustomer } from './tickets-helpers.mjs';

const PATH = '/questions/check';

const TWO_EN = 'How do I change the theme of my shop? Also, why was my card charged twice last week?';
const ONE_EN = 'How do I change the theme of my shop? I tried the settings page but found nothing.';
const THREE_FI = [
  'Hei, muutama kysymys:',
  '1. Miten vaihdan verkkokauppani teeman?',
  '2. Miksi korttiani veloitettiin kahdesti viime viikolla?',
  '3. Milloin tilaukseni 1234 toimitetaan?',
].join('\n');

describe('one question per ticket: POST /api/v1/questions/check', () => {
  const srv = useServer();

  async function check(user, text, options) {
    const r = await user.api('POST', PATH, { text }, options);
    assert.equal(r.status, 200, `check ${JSON.stringify(text.slice(0, 40))}: ${r.describe()}`);
    assert.match(r.contentType, /^application\/json\b/i);
    const out = r.json();
    assert.equal(typeof out.multiple, 'boolean', `multiple is a boolean: ${r.text}`);
    return out;
  }

  test('two English questions are multiple', async () => {
    const user = await makeCustomer(srv, { acceptLanguage: 'en' });
    const out = await check(user, TWO_EN);
    assert.equal(out.multiple, true, JSON.stringify(out));
    assert.equal(out.questions, 2, JSON.stringify(out));
    assert.equal(typeof out.message, 'string');
    assert.ok(out.message.trim().length > 0, 'a message explains the suggestion');
  });

  test('one question is not multiple', async () => {
    const user = await makeCustomer(srv, { acceptLanguage: 'en' });
    const out = await check(user, ONE_EN);
    assert.equal(out.multiple, false, JSON.stringify(out));
    if (out.questions !== undefined) assert.equal(out.questions, 1, JSON.stringify(out));
    const none = await check(user, 'Thanks, everything works now.');
    assert.equal(none.multiple, false, JSON.stringify(none));
  });

  test('a Finnish numbered list of three questions is multiple with questions 3', async () => {
    const user = await makeCustomer(srv, { acceptLanguage: 'fi' });
    const out = await check(user, THREE_FI);
    assert.equal(out.multiple, true, JSON.stringify(out));
    assert.equal(out.questions, 3, JSON.stringify(out));
  });

  test('the message follows the caller\'s language', async () => {
    const user = await makeCustomer(srv);
    const en = await check(user, TWO_EN, { acceptLanguage: 'en' });
    const fi = await check(user, TWO_EN, { acceptLanguage: 'fi' });
    assert.equal(en.multiple, true);
    assert.equal(fi.multiple, true);
    assert.ok(typeof en.message === 'string' && en.message.trim() !== '', `English message: ${JSON.stringify(en)}`);
    assert.ok(typeof fi.message === 'string' && fi.message.trim() !== '', `Finnish message: ${JSON.stringify(fi)}`);
    assert.notEqual(fi.message, en.message, 'Finnish text differs from the English one');
    const fiList = await check(user, THREE_FI, { acceptLanguage: 'fi' });
    assert.ok(typeof fiList.message === 'string' && fiList.message.trim() !== '', 'Finnish message for the list');
    assert.notEqual(fiList.message, en.message, 'the list gets Finnish text too');
  });

  test('with a session it needs X-CSRF-Token; a bearer token needs none', async () => {
    const user = await makeCustomer(srv, { acceptLanguage: 'en' });
    const body = JSON.stringify({ text: TWO_EN });
    const without = await user.client.request('POST', `/api/v1${PATH}`, { body, contentType: 'application/json' });
    assertJsonError(without, 403, 'forbidden', 'session without X-CSRF-Token');
    const wrong = await user.client.request('POST', `/api/v1${PATH}`, {
      body, contentType: 'application/json', headers: { 'x-csrf-token': 'not-the-token' },
    });
    assertJsonError(wrong, 403, 'forbidden', 'session with a wrong X-CSRF-Token');
    const csrf = await user.csrf();
    const ok = await user.client.request('POST', `/api/v1${PATH}`, {
      body, contentType: 'application/json', headers: { 'x-csrf-token': csrf },
    });
    assert.equal(ok.status, 200, ok.describe());
    assert.equal(ok.json().multiple, true);
    const bearer = await user.api('POST', PATH, { text: TWO_EN });
    assert.equal(bearer.status, 200, bearer.describe());
    assert.deepEqual(bearer.json(), ok.json(), 'same answer either way');
    const anon = await srv.client().request('POST', `/api/v1${PATH}`, { body, contentType: 'application/json' });
    assertJsonError(anon, 401, 'unauthorized', 'no credentials');
  });

  testCleanShutdown(srv);
});
