// The public knowledge base (/kb, /kb/{slug}, /faq) and the admin's
// article editor (/admin/kb ...), on a fixture imported with the CLI.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  assertHtml, assertRedirect, extractCsrf, findTags, htmlLang, testCleanShutdown, titleText,
  useServer, visibleText,
} from './harness.mjs';
import { ARTICLES, importFixture } from './kb-helpers.mjs';
import { innerOfClass, makeAdmin, makeAgent, makeCustomer, uniqueText } from './tickets-helpers.mjs';

const inLang = (lang) => Object.keys(ARTICLES)
  .filter((s) => ARTICLES[s].lang === lang && ARTICLES[s].published !== false);

/** Titles of the links in the first ul.article-list inside html. */
function listTitles(html) {
  const inner = innerOfClass(html, 'article-list', 'ul');
  assert.ok(inner !== null, 'ul.article-list missing');
  return [...inner.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((m) => visibleText(m[1]));
}

/** The inner HTML of the article (article.kb-article). */
function articleHtml(html) {
  const inner = innerOfClass(html, 'kb-article', 'article');
  assert.ok(inner !== null, 'article.kb-article missing');
  return inner;
}

describe('knowledge base pages', () => {
  const srv = useServer();
  let admin;
  let customer;
  let agent;
  const en = () => srv.client({ acceptLanguage: 'en' });
  const fi = () => srv.client({ acceptLanguage: 'fi' });

  before(async () => {
    await importFixture(srv.server);
    admin = await makeAdmin(srv, { acceptLanguage: 'en' });
    customer = await makeCustomer(srv, { acceptLanguage: 'en' });
    agent = await makeAgent(srv, { acceptLanguage: 'en' });
  });

  test('/kb lists categories and articles in the viewer\'s language', async () => {
    const e = await en().get('/kb');
    assertHtml(e, 200, '/kb in English');
    assert.equal(htmlLang(e.text), 'en');
    const eText = visibleText(e.text);
    for (const slug of inLang('en')) assert.ok(eText.includes(ARTICLES[slug].title), `en title of ${slug}`);
    for (const slug of inLang('fi')) assert.ok(!eText.includes(ARTICLES[slug].title), `no fi title ${slug}`);
    assert.ok(!eText.includes(ARTICLES['draft-notes'].title), 'no draft on /kb');
    const eCats = [...e.text.matchAll(/<section class="kb-category">\s*<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    assert.ok(eCats.includes('Shipping') && eCats.includes('Payments'), `en categories: ${eCats}`);

    const f = await fi().get('/kb');
    assertHtml(f, 200, '/kb in Finnish');
    assert.equal(htmlLang(f.text), 'fi');
    const fText = visibleText(f.text);
    for (const slug of inLang('fi')) assert.ok(fText.includes(ARTICLES[slug].title), `fi title of ${slug}`);
    for (const slug of inLang('en')) assert.ok(!fText.includes(ARTICLES[slug].title), `no en title ${slug}`);
    const fCats = [...f.text.matchAll(/<section class="kb-category">\s*<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    assert.ok(fCats.includes('Toimitus') && fCats.includes('Maksut'), `fi categories: ${fCats}`);
    assert.ok(!fCats.includes('Shipping'), 'category names are translated');
  });

  test('/kb/{slug} renders the Markdown with a <title> and a meta description', async () => {
    const r = await en().get('/kb/change-delivery-method');
    assertHtml(r, 200, 'article');
    const a = articleHtml(r.text);
    assert.match(a, /<h2>For buyers<\/h2>/, 'the ## heading is an <h2>');
    assert.match(a, /<li>your order number<\/li>/, 'the list items are <li>');
    assert.match(a, /<strong>Change delivery method<\/strong>/, '**bold** is <strong>');
    assert.ok(titleText(r.text).includes(ARTICLES['change-delivery-method'].title), titleText(r.text));
    const meta = findTags(r.text, 'meta').find((m) => m.name === 'description');
    assert.ok(meta, 'meta description');
    assert.ok(meta.content.startsWith('You can switch the delivery method'), `description: ${meta.content}`);
    assert.doesNotMatch(meta.content, /[#*<>]/, 'description is plain text');
    assert.ok(meta.content.length <= 200, 'description is short');
  });

  test('the translation link points to the other language\'s article', async () => {
    const e = await en().get('/kb/change-delivery-method');
    const toFi = findTags(e.text, 'a').find((a) => a.href === '/kb/vaihda-toimitustapa');
    assert.ok(toFi, 'link to /kb/vaihda-toimitustapa');
    assert.equal(toFi.hreflang, 'fi');
    const f = await fi().get('/kb/vaihda-toimitustapa');
    const toEn = findTags(f.text, 'a').find((a) => a.href === '/kb/change-delivery-method');
    assert.ok(toEn, 'link to /kb/change-delivery-method');
    assert.equal(toEn.hreflang, 'en');
    // An article without a translation has no such link.
    const n = await en().get('/kb/track-shipment');
    assert.ok(!findTags(n.text, 'a').some((a) => a.hreflang), 'no translation link');
  });

  test('the translation link names the linked article\'s language whatever the viewer\'s', async () => {
    // An English-speaking viewer reading the Finnish article: the link goes to English.
    const r = await en().get('/kb/vaihda-toimitustapa');
    assertHtml(r, 200, 'Finnish article for an English viewer');
    const link = findTags(r.text, 'a').find((a) => a.href === '/kb/change-delivery-method');
    assert.ok(link, 'link to the English translation');
    assert.equal(link.hreflang, 'en', 'hreflang of the link to the English article');
    assert.equal(link.lang, 'en', 'lang of the link text (the English title)');
  });

  test('"did this help": yes and no answer 303 and are counted', async () => {
    const popular = async () => listTitles((await en().get('/kb')).text);
    const before = await popular();
    const last = before[before.length - 1];
    const first = before[0];
    assert.notEqual(first, last, 'need two articles in the list');
    const slugOf = (title) => Object.keys(ARTICLES).find((s) => ARTICLES[s].title === title);
    const c = en();
    // A "yes" moves the last article to the top of "Most useful articles".
    const page = await c.get(`/kb/${slugOf(last)}`);
    const form = findTags(page.text, 'form').find((f) => f.id === 'helpful');
    assert.ok(form, 'form#helpful');
    assert.equal(form.action, `/kb/${slugOf(last)}/feedback`);
    const yes = await c.post(form.action, { csrf: extractCsrf(page.text), helpful: 'yes' });
    assertRedirect(yes, `/kb/${slugOf(last)}`, 'helpful=yes');
    const thanks = await c.get(yes.location);
    assertHtml(thanks, 200, 'article after feedback');
    assert.ok(innerOfClass(thanks.text, 'flash') !== null, 'a thank-you .flash');
    assert.ok(!findTags(thanks.text, 'form').some((f) => f.id === 'helpful'), 'no second vote form');
    let now = await popular();
    assert.equal(now[0], last, `after a yes: ${now}`);
    // Two "no" votes move the (now) second article below the unvoted ones.
    const second = now[1];
    for (let i = 0; i < 2; i++) {
      const p = await c.get(`/kb/${slugOf(second)}`);
      const no = await c.post(`/kb/${slugOf(second)}/feedback`, { csrf: extractCsrf(p.text), helpful: 'no' });
      assertRedirect(no, `/kb/${slugOf(second)}`, 'helpful=no');
    }
    now = await popular();
    assert.equal(now[now.length - 1], second, `after two noes: ${now}`);
  });

  test('feedback needs a yes or no and the csrf token', async () => {
    const c = en();
    const p = await c.get('/kb/track-shipment');
    const csrf = extractCsrf(p.text);
    assert.equal((await c.post('/kb/track-shipment/feedback', { csrf, helpful: 'maybe' })).status, 400);
    assert.equal((await c.post('/kb/track-shipment/feedback', { helpful: 'yes' })).status, 403);
    assert.equal((await c.post('/kb/no-such-article/feedback', { csrf, helpful: 'yes' })).status, 404);
  });

  test('an unknown slug is 404', async () => {
    const r = await en().get(`/kb/${uniqueText('missing')}`);
    assertHtml(r, 404, 'unknown article');
  });

  test('an unpublished article is 404 for the public and customers', async () => {
    assertHtml(await en().get('/kb/draft-notes'), 404, 'draft, anonymous');
    assertHtml(await customer.client.get('/kb/draft-notes'), 404, 'draft, customer');
    assertHtml(await admin.client.get('/kb/draft-notes'), 200, 'draft, admin');
    const s = await en().get(`/kb/search?q=${encodeURIComponent('gift wrapping')}`);
    assertHtml(s, 200, 'search');
    assert.ok(!visibleText(s.text).includes(ARTICLES['draft-notes'].title), 'draft not in search results');
  });

  test('/faq lists the FAQ-kind articles only', async () => {
    const r = await en().get('/faq');
    assertHtml(r, 200, '/faq');
    const text = visibleText(r.text);
    for (const slug of inLang('en')) {
      const shown = text.includes(ARTICLES[slug].title);
      assert.equal(shown, ARTICLES[slug].kind === 'faq', `${slug} (${ARTICLES[slug].kind}) on /faq`);
    }
    assert.ok(!text.includes(ARTICLES['draft-notes'].title), 'no draft on /faq');
    const f = visibleText((await fi().get('/faq')).text);
    assert.ok(f.includes(ARTICLES['vaihda-toimitustapa'].title), 'Finnish FAQ in Finnish');
    assert.ok(!f.includes(ARTICLES.noutopisteet.title), 'Finnish doc not on /faq');
  });

  test('a non-admin gets 403 on the editor pages', async () => {
    for (const user of [customer, agent]) {
      for (const p of ['/admin/kb', '/admin/kb/new', '/admin/assist']) {
        assertHtml(await user.client.get(p), 403, `${user.role} GET ${p}`);
      }
      const csrf = await user.csrf('/account');
      const r = await user.client.post('/admin/kb', {
        csrf, title: 'Nope', slug: uniqueText('nope'), lang: 'en', kind: 'faq', body: 'x', action: 'save',
      });
      assert.equal(r.status, 403, `${user.role} POST /admin/kb: ${r.describe()}`);
    }
    const anon = await en().get('/admin/kb');
    assert.ok(anon.status === 303 || anon.status === 401 || anon.status === 403,
      `anonymous /admin/kb: ${anon.status}`);
  });

  describe('admin editor', () => {
    const slug = uniqueText('editor').toLowerCase();
    const v1 = { title: `Gift cards ${slug}`, body: `# Gift cards\n\nFirst text ${slug}-one.\n\n- buy\n- give\n` };
    const v2 = { title: `Gift cards, updated ${slug}`, body: `Second text ${slug}-two.\n` };
    let id;
    let csrf;
    let shipping;

    const fields = (extra) => ({
      csrf, slug, lang: 'en', kind: 'faq', category: String(shipping), translation: '',
      published: '1', ...extra,
    });

    before(async () => {
      const r = await admin.client.get('/admin/kb/new');
      assertHtml(r, 200, '/admin/kb/new');
      csrf = extractCsrf(r.text);
      const opt = [...r.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)]
        .find((m) => m[2] === 'Shipping');
      assert.ok(opt, 'Shipping in the category select');
      shipping = Number(opt[1]);
    });

    test('preview shows the rendered HTML and saves nothing', async () => {
      const r = await admin.client.post('/admin/kb', fields({ ...v1, action: 'preview' }));
      assertHtml(r, 200, 'preview');
      const preview = innerOfClass(r.text, 'preview', 'section');
      assert.ok(preview !== null, 'section.preview');
      assert.match(preview, /<h1>Gift cards<\/h1>/);
      assert.match(preview, /<li>buy<\/li>\s*<li>give<\/li>/);
      const ta = r.text.match(/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/);
      assert.ok(ta && ta[1].includes(`${slug}-one`), 'the typed text stays in the form');
      assert.equal((await en().get(`/kb/${slug}`)).status, 404, 'not saved by a preview');
    });

    test('save creates the article', async () => {
      const r = await admin.client.post('/admin/kb', fields({ ...v1, action: 'save' }));
      assert.equal(r.status, 303, r.describe());
      const m = (r.location || '').match(/^\/admin\/kb\/(\d+)$/);
      assert.ok(m, `Location ${r.location}`);
      id = Number(m[1]);
      const p = await en().get(`/kb/${slug}`);
      assertHtml(p, 200, 'new article');
      assert.ok(visibleText(p.text).includes(`${slug}-one`));
      const list = await admin.client.get('/admin/kb');
      assert.ok(findTags(list.text, 'tr').some((t) => Number(t['data-article-id']) === id), 'in /admin/kb');
    });

    test('a new article cannot take the slug of another one', async () => {
      const before = await en().get('/kb/refund-payment');
      const r = await admin.client.post('/admin/kb', fields({
        slug: 'refund-payment', title: 'Hijacked', body: `Overwritten ${slug}`, action: 'save',
      }));
      assert.ok(r.status === 409 || r.status === 422, `POST /admin/kb with a taken slug: ${r.describe()}`);
      const after = await en().get('/kb/refund-payment');
      assert.equal(visibleText(articleHtml(after.text)), visibleText(articleHtml(before.text)),
        'the existing article is unchanged');
    });

    test('an edit makes a new version; restoring the old one brings back its text', async () => {
      const r = await admin.client.post(`/admin/kb/${id}`, fields({ ...v2, action: 'save' }));
      assertRedirect(r, `/admin/kb/${id}`, 'edit');
      let p = visibleText((await en().get(`/kb/${slug}`)).text);
      assert.ok(p.includes(`${slug}-two`) && !p.includes(`${slug}-one`), 'the edit is shown');

      const ed = await admin.client.get(`/admin/kb/${id}`);
      assertHtml(ed, 200, 'editor');
      const versions = innerOfClass(ed.text, 'versions', 'ol');
      assert.ok(versions !== null, 'ol.versions');
      const items = [...versions.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
      assert.ok(items.length >= 2, `two versions, got ${items.length}`);
      const old = items.find((li) => visibleText(li).includes(v1.title) && !visibleText(li).includes(v2.title));
      assert.ok(old, `a version titled ${v1.title}`);
      const form = findTags(old, 'form')[0];
      assert.equal(form.action, `/admin/kb/${id}/restore`);
      const version = findTags(old, 'input').find((i) => i.name === 'version').value;
      const rr = await admin.client.post(form.action, { csrf: extractCsrf(ed.text), version });
      assertRedirect(rr, `/admin/kb/${id}`, 'restore');
      p = visibleText((await en().get(`/kb/${slug}`)).text);
      assert.ok(p.includes(`${slug}-one`) && !p.includes(`${slug}-two`), 'the old text is back');
      assert.ok(p.includes(v1.title), 'the old title is back');
      const ed2 = await admin.client.get(`/admin/kb/${id}`);
      const n2 = [...innerOfClass(ed2.text, 'versions', 'ol').matchAll(/<li>/g)].length;
      assert.equal(n2, items.length + 1, 'the restore is a new version: history only grows');
    });

    test('raw HTML and javascript: links in the body are not passed through', async () => {
      const evil = `${slug}-evil`;
      const marker = uniqueText('xss');
      const body = [
        '## Safe heading', '',
        `<script>alert("${marker}")</script>`, '',
        `<img src=x onerror="alert('${marker}')">`, '',
        `Click [x](javascript:alert(1)) or [y](JavaScript:alert(2)) or [z](data:text/html,hi).`, '',
        '- one', '- two', '',
      ].join('\n');
      const check = (html, what) => {
        assert.doesNotMatch(html, /<script\b/i, `${what}: a <script> tag`);
        assert.doesNotMatch(html, /<img\b/i, `${what}: an <img> from raw HTML`);
        assert.doesNotMatch(html, /\sonerror\s*=/i, `${what}: an onerror attribute`);
        for (const a of findTags(html, 'a')) {
          assert.doesNotMatch((a.href || '').trim(), /^(javascript|data):/i, `${what}: href ${a.href}`);
        }
        assert.match(html, /<h2>Safe heading<\/h2>/, `${what}: the Markdown heading`);
        assert.match(html, /<li>one<\/li>/, `${what}: the Markdown list`);
      };
      const pv = await admin.client.post('/admin/kb', fields({ slug: evil, title: `Evil ${evil}`, body, action: 'preview' }));
      assertHtml(pv, 200, 'preview of the evil body');
      check(innerOfClass(pv.text, 'preview', 'section'), 'preview');
      const r = await admin.client.post('/admin/kb', fields({ slug: evil, title: `Evil ${evil}`, body, action: 'save' }));
      assert.equal(r.status, 303, r.describe());
      const p = await en().get(`/kb/${evil}`);
      assertHtml(p, 200, 'evil article');
      check(articleHtml(p.text), 'article');
      // The page's own scripts are all files from /static (the CSP forbids inline ones).
      for (const s of findTags(p.text, 'script')) assert.match(s.src || '', /^\/static\//, 'page script');
      assert.ok(!p.text.includes(`alert("${marker}")</script>`), 'the script text is not live');
    });

    test('an invalid slug is refused with the form again', async () => {
      const r = await admin.client.post('/admin/kb', fields({
        ...v1, slug: 'Not A Slug!', action: 'save',
      }));
      assertHtml(r, 422, 'bad slug');
      assert.ok(innerOfClass(r.text, 'error') !== null, '.error');
    });

    test('delete removes the article from the site', async () => {
      const r = await admin.client.post(`/admin/kb/${id}/delete`, { csrf });
      assertRedirect(r, '/admin/kb', 'delete');
      assertHtml(await en().get(`/kb/${slug}`), 404, 'deleted article');
      assertHtml(await admin.client.get(`/admin/kb/${id}`), 404, 'deleted article in the editor');
    });
  });

  testCleanShutdown(srv);
});
