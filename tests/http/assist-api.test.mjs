// GET /api/v1/assist and POST /api/v1/assist/answered: the virtual
// assistant's contract, on a small fixture knowledge base (kb-helpers.mjs).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { assertJsonError, testCleanShutdown, useServer } from './harness.mjs';
import {
  ARTICLES, assist, assistOk, assistStats, csrfOf, importFixture, slugs,
} from './kb-helpers.mjs';
import { makeAdmin, makeCustomer, uniqueText } from './tickets-helpers.mjs';

const langOf = (slug) => ARTICLES[slug]?.lang;
const text = (slug) => `${ARTICLES[slug].title}\n${ARTICLES[slug].body}`.toLowerCase();

/** Asserts that scores never increase down the list. */
function assertBestFirst(body, what) {
  const scores = body.suggestions.map((s) => s.score);
  for (let i = 1; i < scores.length; i++) {
    assert.ok(scores[i] <= scores[i - 1], `${what}: scores not best first: ${scores}`);
  }
}

/** POST /api/v1/assist/answered with a session and its csrf token. */
async function answeredWithSession(client, csrf, body) {
  return client.request('POST', '/api/v1/assist/answered', {
    body: JSON.stringify(body), contentType: 'application/json',
    headers: csrf === undefined ? {} : { 'x-csrf-token': csrf },
  });
}

describe('assistant API', () => {
  // Anonymous calls from the tests share one address: no limit here.
  const srv = useServer({ env: { TUKI_ASSIST_RATE_LIMIT: 100000 } });
  let admin;
  let customer;

  before(async () => {
    await importFixture(srv.server);
    admin = await makeAdmin(srv, { acceptLanguage: 'en' });
    customer = await makeCustomer(srv, { acceptLanguage: 'en' });
  });

  const anon = (acceptLanguage) => srv.client({ acceptLanguage });

  test('a Finnish inflected question finds the article in its base form', async () => {
    const q = 'toimitustapaa vaihtaa';
    for (const w of q.split(' ')) assert.ok(!text('vaihda-toimitustapa').includes(w), `fixture has ${w}`);
    const body = await assistOk(anon(), { q, lang: 'fi' });
    assert.equal(slugs(body)[0], 'vaihda-toimitustapa', JSON.stringify(slugs(body)));
    const s = body.suggestions[0];
    assert.equal(s.title, ARTICLES['vaihda-toimitustapa'].title);
    assert.ok(s.snippet.length > 0, 'a snippet');
    assert.doesNotMatch(s.snippet, /[\x02\x03]/, 'plain snippet has no marks');
    assert.ok(Number.isInteger(body.interaction_id) && body.interaction_id > 0, 'interaction id');
  });

  test('a part of a Finnish compound word finds the article', async () => {
    // "automaatti" only occurs inside "pakettiautomaatti(t/n)".
    assert.doesNotMatch(text('noutopisteet'), /(^|[^a-zåäö])automaat/, 'fixture');
    const body = await assistOk(anon(), { q: 'automaatti', lang: 'fi' });
    assert.equal(slugs(body)[0], 'noutopisteet', JSON.stringify(slugs(body)));
  });

  test('English stems: "refunds" finds the refund articles', async () => {
    assert.ok(!text('refund-payment').includes('refunds'), 'fixture says "refund" only');
    const body = await assistOk(anon(), { q: 'refunds', lang: 'en' });
    assert.deepEqual(slugs(body).slice(0, 2).sort(), ['refund-invoice', 'refund-payment'],
      JSON.stringify(slugs(body)));
    assertBestFirst(body, 'refunds');
  });

  test('a typo still finds the article', async () => {
    for (const [q, lang, want] of [['pasword', 'en', 'reset-password'], ['salasna', 'fi', 'nollaa-salasana']]) {
      assert.ok(!text(want).includes(q), `fixture has ${q}`);
      const body = await assistOk(anon(), { q, lang });
      assert.equal(slugs(body)[0], want, `${q}: ${JSON.stringify(slugs(body))}`);
    }
  });

  test('suggestions come best first and the best one matters most', async () => {
    for (const [q, lang, want] of [['where is my parcel', 'en', 'track-shipment'],
      ['delivery method', 'en', 'change-delivery-method'], ['hyvitys', 'fi', 'hyvita-maksu']]) {
      const body = await assistOk(anon(), { q, lang });
      assert.equal(slugs(body)[0], want, `${q}: ${JSON.stringify(slugs(body))}`);
      assertBestFirst(body, q);
      for (const s of body.suggestions) assert.ok(s.score > 0 && s.score <= 1, `score ${s.score}`);
    }
  });

  test('snippet_html is escaped text with <mark> only', async () => {
    const body = await assistOk(anon(), { q: 'refund payment', lang: 'en' });
    assert.ok(body.suggestions.length > 0);
    for (const s of body.suggestions) {
      const tags = s.snippet_html.match(/<\/?[a-z][^>]*>/gi) || [];
      for (const t of tags) assert.match(t, /^<\/?mark>$/, `tag in snippet_html: ${t}`);
    }
    assert.ok(body.suggestions.some((s) => s.snippet_html.includes('<mark>')), 'matches are marked');
  });

  test('limit is respected and checked', async () => {
    const all = await assistOk(anon(), { q: 'order payment parcel delivery refund', lang: 'en', limit: 20 });
    assert.ok(all.suggestions.length >= 3, `need 3+ results: ${slugs(all)}`);
    for (const limit of [1, 2]) {
      const body = await assistOk(anon(), { q: 'order payment parcel delivery refund', lang: 'en', limit });
      assert.equal(body.suggestions.length, limit, `limit=${limit}`);
      assert.deepEqual(slugs(body), slugs(all).slice(0, limit), 'the best ones');
    }
    const dflt = await assistOk(anon(), { q: 'order payment parcel delivery refund', lang: 'en' });
    assert.ok(dflt.suggestions.length <= 5, 'default limit 5');
    for (const limit of ['0', '21', '-1', 'abc', '2x']) {
      assertJsonError(await assist(anon(), { q: 'refund', lang: 'en', limit }), 422, 'invalid', `limit=${limit}`);
    }
  });

  test('lang chooses the articles\' language; Accept-Language is the default', async () => {
    const fiOnly = await assistOk(anon(), { q: 'salasana', lang: 'fi' });
    assert.equal(slugs(fiOnly)[0], 'nollaa-salasana');
    for (const s of slugs(fiOnly)) assert.equal(langOf(s), 'fi', `fi result ${s}`);
    const enOnly = await assistOk(anon(), { q: 'salasana', lang: 'en' });
    for (const s of slugs(enOnly)) assert.equal(langOf(s), 'en', `en result ${s}`);

    const byHeaderFi = await assistOk(anon('fi-FI,fi;q=0.9,en;q=0.5'), { q: 'salasana' });
    assert.equal(slugs(byHeaderFi)[0], 'nollaa-salasana', 'Accept-Language: fi');
    const byHeaderEn = await assistOk(anon('en-GB,en;q=0.9'), { q: 'forgot password' });
    assert.equal(slugs(byHeaderEn)[0], 'reset-password', 'Accept-Language: en');
    for (const s of slugs(byHeaderEn)) assert.equal(langOf(s), 'en');
    // The parameter wins over the header.
    const both = await assistOk(anon('en'), { q: 'salasana', lang: 'fi' });
    assert.equal(slugs(both)[0], 'nollaa-salasana', 'lang=fi over Accept-Language: en');
  });

  test('an unknown lang is 422', async () => {
    for (const lang of ['de', 'xx', 'english']) {
      const body = assertJsonError(await assist(anon(), { q: 'refund', lang }), 422, 'invalid', `lang=${lang}`);
      assert.equal(body.field, 'lang');
    }
  });

  test('empty and blank questions give an empty list and record nothing', async () => {
    const before = await assistStats(admin);
    for (const q of [undefined, '', ' ', '   \t\n  ']) {
      const params = q === undefined ? { lang: 'en' } : { q, lang: 'en' };
      const body = await assistOk(anon(), params);
      assert.deepEqual(body.suggestions, [], `q=${JSON.stringify(q)}`);
      assert.equal(body.interaction_id, null, `q=${JSON.stringify(q)}: no interaction`);
    }
    const after = await assistStats(admin);
    assert.equal(after.interactions, before.interactions, 'no interaction recorded');
  });

  test('a 10,000-character question is cut, not refused', async () => {
    const long = 'refund payment '.repeat(700).slice(0, 10000);
    assert.equal(long.length, 10000);
    const body = await assistOk(anon(), { q: long, lang: 'en' });
    assert.ok(slugs(body)[0].startsWith('refund-'), JSON.stringify(slugs(body)));
    // Two-byte letters: the cut must fall between characters.
    const fi = 'ä'.repeat(9999) + ' salasana';
    await assistOk(anon(), { q: fi, lang: 'fi' });
    const fi2 = 'hyvitys ' + 'äö'.repeat(4996);
    const b2 = await assistOk(anon(), { q: fi2, lang: 'fi' });
    assert.equal(slugs(b2)[0], 'hyvita-maksu');
  });

  test('questions without a good answer are listed as gaps, with their count', async () => {
    const q = `zyxwv qqqq ${uniqueText('gap')}`;
    for (let i = 0; i < 3; i++) {
      const body = await assistOk(anon(), { q, lang: 'en' });
      assert.ok(body.interaction_id, 'recorded');
    }
    const stats = await assistStats(admin);
    const table = stats.html.match(/<table class="gaps">[\s\S]*?<\/table>/);
    assert.ok(table, 'table.gaps');
    const row = [...table[0].matchAll(/<tr><td>([^<]*)<\/td><td>(\d+)<\/td><\/tr>/g)].find((m) => m[1] === q);
    assert.ok(row, `the question ${q} is a gap:\n${table[0].slice(0, 1500)}`);
    assert.equal(Number(row[2]), 3, 'asked three times');
  });

  test('search syntax and SQL in the question never cause an error', async () => {
    const nasty = ['"', '""', '*', 'refund*', 'NEAR(', 'NEAR(refund payment)', 'OR', 'refund OR',
      '-', '-refund', 'AND', 'refund AND', 'NOT', "'; DROP TABLE articles; --",
      '\'); DELETE FROM articles; --', 'title:foo', 'body:refund', '^', '^refund', '(', ')', '(refund',
      'refund"', '"refund', '{title}: x', '+', ':', '.', '\\', '%', '%%', '_', 'a" OR "b',
      'x\u0000y', '\u2028', '🙂 refund', 'rowid:1'];
    for (const lang of ['en', 'fi']) {
      for (const q of nasty) {
        const r = await assist(anon(), { q, lang });
        assert.equal(r.status, 200, `q=${JSON.stringify(q)} lang=${lang}: ${r.describe()}`);
        const body = r.json();
        assert.ok(Array.isArray(body.suggestions), `q=${JSON.stringify(q)}`);
      }
    }
    // The articles are still there.
    const body = await assistOk(anon(), { q: 'refund payment', lang: 'en' });
    assert.ok(slugs(body).includes('refund-payment'), 'articles intact');
  });

  test('"this answered my question" with a session needs the csrf token and counts once', async () => {
    const before = await assistStats(admin);
    const c = anon('en');
    const csrf = await csrfOf(c, '/contact');
    const body = await assistOk(c, { q: 'where is my parcel', lang: 'en' });
    const article = body.suggestions[0];
    assert.ok(article, 'a suggestion');
    const payload = { interaction_id: body.interaction_id, article_id: article.id };
    assert.equal((await answeredWithSession(c, undefined, payload)).status, 403, 'no X-CSRF-Token');
    assert.equal((await answeredWithSession(c, 'wrong', payload)).status, 403, 'wrong X-CSRF-Token');
    const ok = await answeredWithSession(c, csrf, payload);
    assert.equal(ok.status, 200, ok.describe());
    assert.match(ok.contentType, /^application\/json\b/);
    const again = await answeredWithSession(c, csrf, payload);
    assert.equal(again.status, 200, `a repeated click: ${again.describe()}`);
    const after = await assistStats(admin);
    assert.equal(after.interactions, before.interactions + 1, 'one more question');
    assert.equal(after.deflected, before.deflected + 1, 'one more deflection, counted once');
    assert.ok(after.deflected >= 1 && after.interactions >= 1);
    const rate = (100 * after.deflected) / after.interactions;
    assert.ok(Math.abs(after.rate - rate) <= 0.051, `rate ${after.rate} vs ${rate.toFixed(1)}`);
  });

  test('a bearer-token caller records a deflection without csrf', async () => {
    const before = await assistStats(admin);
    const r = await customer.api('GET', `/assist?lang=en&q=${encodeURIComponent('forgot my password')}`);
    assert.equal(r.status, 200, r.describe());
    const body = r.json();
    assert.equal(body.suggestions[0].slug, 'reset-password');
    const a = await customer.api('POST', '/assist/answered',
      { interaction_id: body.interaction_id, article_id: body.suggestions[0].id });
    assert.equal(a.status, 200, a.describe());
    const after = await assistStats(admin);
    assert.equal(after.deflected, before.deflected + 1);
  });

  test('choosing an article that was not shown is 422; an unknown question 404', async () => {
    const body = await assistOk(customer.client.clone(), { q: 'where is my parcel', lang: 'en', limit: 1 });
    const shown = body.suggestions.map((s) => s.id);
    const other = await assistOk(anon(), { q: 'salasana', lang: 'fi' });
    const notShown = other.suggestions.find((s) => !shown.includes(s.id));
    assert.ok(notShown, 'an article that was not shown');
    const r = await customer.api('POST', '/assist/answered',
      { interaction_id: body.interaction_id, article_id: notShown.id });
    // body was asked with the customer's session: the same account.
    const e = assertJsonError(r, 422, 'invalid', 'article not shown');
    assert.equal(e.field, 'article_id');
    const missing = await customer.api('POST', '/assist/answered',
      { interaction_id: 999999999, article_id: shown[0] });
    assertJsonError(missing, 404, 'not_found', 'unknown interaction');
    const bad = await customer.api('POST', '/assist/answered', { interaction_id: 'x', article_id: shown[0] });
    assertJsonError(bad, 422, 'invalid', 'non-numeric interaction');
  });

  test('someone else\'s question cannot be marked answered', async () => {
    const mine = await customer.api('GET', `/assist?lang=en&q=${encodeURIComponent('delivery method')}`);
    const body = mine.json();
    const other = await makeCustomer(srv, { acceptLanguage: 'en' });
    const r = await other.api('POST', '/assist/answered',
      { interaction_id: body.interaction_id, article_id: body.suggestions[0].id });
    assertJsonError(r, 404, 'not_found', 'another account\'s interaction');
    const c = anon('en');
    const csrf = await csrfOf(c, '/contact');
    const a = await answeredWithSession(c, csrf,
      { interaction_id: body.interaction_id, article_id: body.suggestions[0].id });
    assert.equal(a.status, 404, `anonymous on an account's interaction: ${a.describe()}`);
  });

  test('a synonym added by the admin widens the search', async () => {
    // A word of the shop's own jargon that no article uses.
    const word = 'qvorbix';
    assert.ok(!Object.keys(ARTICLES).some((s) => text(s).includes(word)), 'fixture');
    const before = await assistOk(anon(), { q: word, lang: 'en' });
    assert.ok(!(slugs(before)[0] || '').startsWith('refund-'), `before: ${slugs(before)}`);
    const csrf = await admin.csrf('/admin/assist');
    const r = await admin.client.post('/admin/synonyms', { csrf, lang: 'en', term: word, expansion: 'refund' });
    assert.equal(r.status, 303, r.describe());
    const page = await assistStats(admin);
    assert.ok(page.html.includes(word), 'listed on /admin/assist');
    const after = await assistOk(anon(), { q: word, lang: 'en' });
    assert.ok(slugs(after)[0].startsWith('refund-'), `after: ${slugs(after)}`);
    // Finnish questions are not affected.
    const fi = await assistOk(anon(), { q: word, lang: 'fi' });
    for (const s of slugs(fi)) assert.equal(langOf(s), 'fi');
  });

  test('the assistant learns: deflections move an article up for the same question', async () => {
    const q = 'how do i refund a payment';
    const first = await assistOk(customer.client.clone(), { q, lang: 'en' });
    const list = slugs(first);
    assert.ok(list.length >= 2, `need two results: ${list}`);
    const target = first.suggestions[1];
    assert.notEqual(list[0], target.slug, 'the target is not first before');
    for (let i = 0; i < 3; i++) {
      const r = await customer.api('GET', `/assist?lang=en&q=${encodeURIComponent(q)}`);
      const b = r.json();
      const shown = b.suggestions.find((s) => s.id === target.id);
      assert.ok(shown, `the target is shown (round ${i})`);
      const a = await customer.api('POST', '/assist/answered', { interaction_id: b.interaction_id, article_id: target.id });
      assert.equal(a.status, 200, a.describe());
    }
    const now = await assistOk(anon(), { q, lang: 'en' });
    assert.equal(slugs(now)[0], target.slug, `after the deflections: ${slugs(now)}`);
  });

  testCleanShutdown(srv);
});

describe('assistant API rate limit', () => {
  const LIMIT = 3;
  const srv = useServer({ env: { TUKI_ASSIST_RATE_LIMIT: LIMIT } });
  let customer;

  before(async () => {
    await importFixture(srv.server);
    customer = await makeCustomer(srv, { acceptLanguage: 'en' });
  });

  test('anonymous callers get 429 with Retry-After over the limit', async () => {
    // The budget is per clock minute: a new minute may start during the
    // loop, so up to 2 * LIMIT calls can pass before the first 429.
    let ok = 0;
    let limited = null;
    for (let i = 0; i < 2 * LIMIT + 1 && !limited; i++) {
      const r = await assist(srv.client(), { q: 'refund', lang: 'en' });
      if (r.status === 429) limited = r;
      else {
        assert.equal(r.status, 200, r.describe());
        ok += 1;
      }
    }
    assert.ok(limited, `no 429 after ${ok} calls`);
    assert.ok(ok >= LIMIT && ok <= 2 * LIMIT, `${ok} calls passed, limit ${LIMIT}`);
    assertJsonError(limited, 429, 'too_many_requests', 'over the limit');
    const after = limited.headers.get('retry-after');
    assert.match(after || '', /^\d+$/, `Retry-After: ${after}`);
    assert.ok(Number(after) >= 1 && Number(after) <= 60, `Retry-After ${after}`);
  });

  test('a bearer-token caller is not limited', async () => {
    // The address is over its budget now (or just got a new one).
    for (let i = 0; i < 2 * LIMIT + 2; i++) {
      const r = await customer.api('GET', '/assist?lang=en&q=refund');
      assert.equal(r.status, 200, `bearer call ${i + 1}: ${r.describe()}`);
      assert.ok(r.json().suggestions.length > 0);
    }
  });

  testCleanShutdown(srv);
});
