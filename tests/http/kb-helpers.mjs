// kb-helpers.mjs - shared helpers for the knowledge-base and assistant tests.
//
// fixtureDir() writes a small knowledge base (Markdown files with front
// matter, Finnish and English) into a fresh temporary folder; importKb()
// runs `tuki kb import DIR --db URL` against a server's database.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { findTags, getCsrf, runCli } from './harness.mjs';

/** One article file: front-matter lines (already formatted) and a body. */
function file(lines, body) {
  return `---\n${lines.join('\n')}\n---\n\n${body.trimStart()}`;
}

/**
 * The good articles of the fixture, by slug: { file, text, title, lang,
 * kind, published, translation }. title is the decoded title.
 */
export const ARTICLES = {
  'change-delivery-method': {
    lang: 'en', kind: 'faq', category: 'Shipping', translation: 'vaihda-toimitustapa',
    title: 'How do I change the delivery method of my order?',
    body: `
You can switch the delivery method of an order until the parcel has been shipped.

## For buyers

Contact the shop and tell them:

- your order number
- the new delivery method, for example home delivery instead of a parcel locker

## For merchants

Open the order in the admin panel and pick **Change delivery method**.
`,
  },
  'refund-payment': {
    lang: 'en', kind: 'faq', category: 'Payments', translation: 'hyvita-maksu',
    title: 'How do I refund a card payment?',
    body: `
Open the order and click **Refund**. A refund to a card reaches the buyer in 3-5 banking days.
You can refund the whole payment or a part of it.
`,
  },
  'refund-invoice': {
    lang: 'en', kind: 'doc', category: 'Payments',
    title: 'How do I refund an invoice payment?',
    body: `
Open the order paid by invoice and click **Refund**. The invoice company credits the buyer
within a week. You can refund the whole payment or a part of it.
`,
  },
  'reset-password': {
    lang: 'en', kind: 'doc', category: 'Account & billing',
    // Written double-quoted with JSON escapes in the file.
    titleRaw: '"Forgot your \\"password\\"? Caf\\u00e9 \\\\ login help"',
    title: 'Forgot your "password"? Café \\ login help',
    body: `
Click **Forgot password** on the log-in page and type your email address. We send a link
that lets you choose a new password. The link works for one hour.
`,
  },
  'track-shipment': {
    lang: 'en', kind: 'faq', category: 'Shipping',
    title: 'Where is my parcel?',
    body: `
Every shipped order has a tracking code in the shipping confirmation email. Type the code on
the carrier's site to see where the package is.
`,
  },
  'draft-notes': {
    lang: 'en', kind: 'faq', category: 'Other', published: false,
    title: 'Unfinished draft about gift wrapping',
    body: `
Gift wrapping is coming soon. This draft must not be shown to the public.
`,
  },
  'vaihda-toimitustapa': {
    lang: 'fi', kind: 'faq', category: 'Shipping', translation: 'change-delivery-method',
    title: 'Kuinka vaihdan toimitustavan?',
    body: `
Tilauksen toimitustavan vaihto onnistuu niin kauan kuin tilausta ei ole lähetetty.

## Jos olet ostaja

Ota yhteyttä kauppaan ja kerro tilausnumero sekä uusi toimitustapa.

## Jos olet kauppias

Avaa tilaus hallinnassa ja valitse **Muokkaa toimitusta**.
`,
  },
  'hyvita-maksu': {
    lang: 'fi', kind: 'faq', category: 'Maksut', translation: 'refund-payment',
    title: 'Miten hyvitän korttimaksun?',
    body: `
Avaa tilaus ja valitse **Hyvitä**. Hyvitys näkyy ostajan tilillä 3-5 pankkipäivän kuluessa.
`,
  },
  noutopisteet: {
    lang: 'fi', kind: 'doc', category: 'Shipping',
    title: 'Noutopisteet ja pakettiautomaatit',
    body: `
Ostaja voi valita kassalla noutopisteen tai pakettiautomaatin postinumeron perusteella.
Ota noutopisteet käyttöön kohdassa **Asetukset > Toimitus**.
`,
  },
  'nollaa-salasana': {
    lang: 'fi', kind: 'doc', category: 'Account & billing',
    title: 'Unohtuiko salasana?',
    body: `
Valitse kirjautumissivulla **Unohtuiko salasana** ja kirjoita sähköpostiosoitteesi. Saat
linkin, jolla voit valita uuden salasanan.
`,
  },
};

export const GOOD_COUNT = Object.keys(ARTICLES).length;

/** The text of a good article's file. */
export function articleFile(slug, overrides = {}) {
  const a = { ...ARTICLES[slug], ...overrides };
  const lines = [`title: ${a.titleRaw ?? a.title}`, `lang: ${a.lang}`, `kind: ${a.kind}`];
  if (a.category) lines.push(`category: ${a.category}`);
  lines.push(`slug: ${slug}`);
  if (a.translation) lines.push(`translation: ${a.translation}`);
  if (a.published === false) lines.push('published: false');
  return file(lines, a.body);
}

/**
 * The bad files: name -> { text, line, message } where line is the line
 * the problem is on and message a regular expression for the reason.
 */
export const BAD_FILES = {
  'bad-lang.md': {
    text: file(['title: A German article', 'kind: faq', 'lang: de', 'slug: bad-lang'],
      'Hallo.\n'),
    line: 4,
    message: /lang/i,
  },
  'bad-quote.md': {
    text: file(['title: Fine title', 'lang: en', 'kind: "faq', 'slug: bad-quote'], 'Body.\n'),
    line: 4,
    message: /quote/i,
  },
};

/**
 * Writes the fixture into a new temporary folder; returns its path.
 * options.bad: also write the bad files (default true).
 */
export async function fixtureDir({ bad = true } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tuki-kb-'));
  for (const slug of Object.keys(ARTICLES)) {
    await writeFile(path.join(dir, `${slug}.md`), articleFile(slug));
  }
  if (bad) {
    for (const [name, b] of Object.entries(BAD_FILES)) await writeFile(path.join(dir, name), b.text);
  }
  return dir;
}

export function removeDir(dir) {
  return process.env.TUKI_TEST_KEEP ? Promise.resolve() : rm(dir, { recursive: true, force: true });
}

/** Parses "kb import: N files: I imported (C new, U updated), X unchanged, S skipped". */
export function importSummary(stdout) {
  const m = stdout.match(/kb import: (\d+) files: (\d+) imported \((\d+) new, (\d+) updated\), (\d+) unchanged, (\d+) skipped/);
  assert.ok(m, `no summary line in ${JSON.stringify(stdout)}`);
  const [files, imported, created, updated, unchanged, skipped] = m.slice(1).map(Number);
  return { files, imported, created, updated, unchanged, skipped };
}

/** `tuki kb import DIR --db URL`; resolves { code, stdout, stderr, summary }. */
export async function importKb(server, dir) {
  const r = await runCli(server, ['kb', 'import', dir]);
  assert.equal(r.signal, null, `tuki kb import killed by ${r.signal}\n${r.stderr}`);
  return { ...r, summary: r.code === 0 || /kb import:/.test(r.stdout) ? importSummary(r.stdout) : null };
}

/** Writes the fixture, imports it (asserting success) and removes the folder. */
export async function importFixture(server, { bad = false } = {}) {
  const dir = await fixtureDir({ bad });
  try {
    const r = await importKb(server, dir);
    assert.equal(r.code, 0, `tuki kb import exited ${r.code}\n${r.stderr}`);
    assert.equal(r.summary.skipped, 0, `fixture files skipped:\n${r.stderr}`);
    return r;
  } finally {
    await removeDir(dir);
  }
}

/** GET /api/v1/assist with the query parameters given; returns the reply. */
export function assist(client, params, options) {
  const u = new URL('/api/v1/assist', 'http://x');
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  return client.get(u.pathname + u.search, options);
}

/** GET /api/v1/assist, asserting 200 JSON of the documented shape; returns the body. */
export async function assistOk(client, params, options) {
  const r = await assist(client, params, options);
  assert.equal(r.status, 200, `assist ${JSON.stringify(params)}: ${r.describe()}`);
  assert.match(r.contentType, /^application\/json\b/i, 'assist content type');
  const body = r.json();
  assert.ok(Array.isArray(body.suggestions), `suggestions array: ${r.text.slice(0, 300)}`);
  assert.ok('interaction_id' in body, `interaction_id key: ${r.text.slice(0, 300)}`);
  for (const s of body.suggestions) {
    assert.ok(Number.isInteger(s.id), `suggestion id: ${JSON.stringify(s)}`);
    for (const k of ['slug', 'title', 'url', 'snippet', 'snippet_html']) {
      assert.equal(typeof s[k], 'string', `suggestion ${k}: ${JSON.stringify(s)}`);
    }
    assert.equal(s.url, `/kb/${s.slug}`, 'suggestion url');
    assert.equal(typeof s.score, 'number', `suggestion score: ${JSON.stringify(s)}`);
  }
  return body;
}

/** Slugs of the suggestions. */
export const slugs = (body) => body.suggestions.map((s) => s.slug);

/** Article ids by slug, from the admin list (table.articles rows). */
export async function adminArticleIds(admin) {
  const r = await admin.client.get('/admin/kb');
  assert.equal(r.status, 200, `GET /admin/kb: ${r.describe()}`);
  const ids = {};
  const rows = r.text.match(/<tr data-article-id="\d+">[\s\S]*?<\/tr>/g) || [];
  for (const row of rows) {
    const id = Number(findTags(row, 'tr')[0]['data-article-id']);
    const m = row.match(/<span class="muted">\/kb\/([a-z0-9-]+)<\/span>/);
    assert.ok(m, `slug in admin row ${row}`);
    ids[m[1]] = id;
  }
  return ids;
}

/** The numbers of /admin/assist: { interactions, deflected, rate, html }. */
export async function assistStats(admin) {
  const r = await admin.client.get('/admin/assist');
  assert.equal(r.status, 200, `GET /admin/assist: ${r.describe()}`);
  const num = (cls) => {
    const m = r.text.match(new RegExp(`class="${cls}"[^>]*>\\s*([0-9.]+)`));
    assert.ok(m, `.${cls} with a number on /admin/assist`);
    return Number(m[1]);
  };
  return { interactions: num('stat-interactions'), deflected: num('stat-deflected'),
    rate: num('stat-rate'), html: r.text };
}

/** The csrf token of a client's session (from a page with a form). */
export async function csrfOf(client, urlPath = '/contact') {
  return (await getCsrf(client, urlPath)).csrf;
}
