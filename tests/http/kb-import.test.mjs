// `tuki kb import DIR` and `tuki kb export DIR`: the knowledge base as a
// folder of Markdown files with front matter. The fixture folder is written
// by the test (kb-helpers.mjs), with a few bad files among the good ones.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  runCli, testCleanShutdown, titleText, useServer, visibleText,
} from './harness.mjs';
import {
  ARTICLES, BAD_FILES, GOOD_COUNT, articleFile, fixtureDir, importKb, removeDir,
} from './kb-helpers.mjs';

const BAD_COUNT = Object.keys(BAD_FILES).length;
const PUBLISHED_SLUGS = Object.keys(ARTICLES).filter((s) => ARTICLES[s].published !== false);

describe('tuki kb import / export', () => {
  const srv = useServer();
  let dir;
  let exportDir;
  let first; // the first import's result

  before(async () => {
    dir = await fixtureDir({ bad: true });
    exportDir = await mkdtemp(path.join(os.tmpdir(), 'tuki-kb-export-'));
  });

  after(async () => {
    if (dir) await removeDir(dir);
    if (exportDir) await removeDir(exportDir);
  });

  async function page(slug) {
    return srv.client({ acceptLanguage: 'en' }).get(`/kb/${slug}`);
  }

  test('the first import counts every file and imports all the good ones', async () => {
    first = await importKb(srv.server, dir);
    assert.equal(first.code, 0, `exit code (bad files are skipped, not fatal)\n${first.stderr}`);
    assert.deepEqual(first.summary, {
      files: GOOD_COUNT + BAD_COUNT, imported: GOOD_COUNT, created: GOOD_COUNT, updated: 0,
      unchanged: 0, skipped: BAD_COUNT,
    }, first.stdout);
  });

  test('each bad file is reported on stderr as FILE:LINE: reason', () => {
    for (const [name, bad] of Object.entries(BAD_FILES)) {
      const line = first.stderr.split('\n').find((l) => l.includes(name));
      assert.ok(line, `${name} not reported on stderr:\n${first.stderr}`);
      const m = line.match(/^(.*?):(\d+): (.*)$/);
      assert.ok(m, `not FILE:LINE: reason: ${line}`);
      assert.equal(path.resolve(m[1]), path.join(dir, name), `file of: ${line}`);
      assert.equal(Number(m[2]), bad.line, `line of: ${line}`);
      assert.match(m[3], bad.message, `reason of: ${line}`);
    }
    assert.doesNotMatch(first.stdout, /bad-lang|bad-quote/, 'problems go to stderr, not stdout');
  });

  test('the imported articles are on the site, the bad ones are not', async () => {
    for (const slug of PUBLISHED_SLUGS) {
      const r = await page(slug);
      assert.equal(r.status, 200, `/kb/${slug}: ${r.describe()}`);
      assert.ok(visibleText(r.text).includes(ARTICLES[slug].title), `title of /kb/${slug}`);
    }
    for (const slug of ['bad-lang', 'bad-quote']) {
      assert.equal((await page(slug)).status, 404, `/kb/${slug} must not exist`);
    }
  });

  test('a double-quoted title with JSON escapes is decoded', async () => {
    const r = await page('reset-password');
    assert.equal(r.status, 200, r.describe());
    const want = ARTICLES['reset-password'].title; // Forgot your "password"? Café \ login help
    assert.match(want, /"password".*é.*\\/, 'the fixture title holds a quote, é and a backslash');
    const h1 = r.text.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/);
    assert.ok(h1, 'article <h1>');
    assert.equal(visibleText(h1[1]), want);
    assert.ok(titleText(r.text).includes(want), `<title> ${titleText(r.text)}`);
  });

  test('importing the same folder again changes nothing ("unchanged")', async () => {
    const r = await importKb(srv.server, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.summary, {
      files: GOOD_COUNT + BAD_COUNT, imported: 0, created: 0, updated: 0,
      unchanged: GOOD_COUNT, skipped: BAD_COUNT,
    }, r.stdout);
  });

  test('a changed file updates its article (single-quoted value with \'\')', async () => {
    const slug = 'track-shipment';
    const marker = `marker${process.pid}x${Date.now().toString(36)}`;
    const text = articleFile(slug, {
      titleRaw: "'Where''s my parcel: a \"tracking\" guide'",
      body: `${ARTICLES[slug].body}\nNew paragraph ${marker}.\n`,
    });
    await writeFile(path.join(dir, `${slug}.md`), text);
    const r = await importKb(srv.server, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.summary, {
      files: GOOD_COUNT + BAD_COUNT, imported: 1, created: 0, updated: 1,
      unchanged: GOOD_COUNT - 1, skipped: BAD_COUNT,
    }, r.stdout);
    const p = await page(slug);
    assert.equal(p.status, 200, p.describe());
    const seen = visibleText(p.text);
    assert.ok(seen.includes('Where\'s my parcel: a "tracking" guide'), `new title: ${seen.slice(0, 300)}`);
    assert.ok(seen.includes(marker), 'new body text');
    assert.ok(!seen.includes(ARTICLES[slug].title), 'old title gone');
  });

  test('a fixed bad file is imported on the next run', async () => {
    const name = 'bad-lang.md';
    const fixed = BAD_FILES[name].text.replace('lang: de', 'lang: en');
    await writeFile(path.join(dir, name), fixed);
    const r = await importKb(srv.server, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.summary.created, 1, r.stdout);
    assert.equal(r.summary.skipped, BAD_COUNT - 1, r.stdout);
    assert.doesNotMatch(r.stderr, /bad-lang\.md/, 'the fixed file is no longer reported');
    assert.equal((await page('bad-lang')).status, 200, '/kb/bad-lang after the fix');
  });

  test('export writes every article, drafts included, in the import format', async () => {
    const r = await runCli(srv.server, ['kb', 'export', exportDir]);
    assert.equal(r.code, 0, `tuki kb export exited ${r.code}\n${r.stderr}`);
    const files = (await readdir(exportDir)).filter((f) => f.endsWith('.md')).sort();
    const want = [...Object.keys(ARTICLES), 'bad-lang'].map((s) => `${s}.md`).sort();
    assert.deepEqual(files, want);
    assert.match(r.stdout, new RegExp(`\\b${want.length} articles\\b`), `summary: ${r.stdout}`);
    const draft = await readFile(path.join(exportDir, 'draft-notes.md'), 'utf8');
    assert.match(draft, /^published:\s*false\s*$/m, 'the draft stays a draft');
    // A file that was imported unchanged is written back byte for byte.
    const orig = await readFile(path.join(dir, 'refund-payment.md'), 'utf8');
    assert.equal(await readFile(path.join(exportDir, 'refund-payment.md'), 'utf8'), orig);
    // The Finnish category name in the source is exported as the category.
    const fi = await readFile(path.join(exportDir, 'hyvita-maksu.md'), 'utf8');
    assert.match(fi, /^category:\s*"?(Payments|Maksut)"?\s*$/m, fi);
  });

  test('importing the export into the same database changes nothing', async () => {
    const r = await importKb(srv.server, exportDir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no file of the export is refused');
    const n = Object.keys(ARTICLES).length + 1;
    assert.deepEqual(r.summary, {
      files: n, imported: 0, created: 0, updated: 0, unchanged: n, skipped: 0,
    }, r.stdout);
  });

  test('the export imports into an empty database with the same titles', async () => {
    const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'tuki-kb-empty-'));
    try {
      const db = `sqlite:${path.join(emptyDir, 'tuki.db')}`;
      const r = await runCli(db, ['kb', 'import', exportDir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${Object.keys(ARTICLES).length + 1} new`), r.stdout);
      const again = path.join(emptyDir, 'again');
      const e = await runCli(db, ['kb', 'export', again]);
      assert.equal(e.code, 0, e.stderr);
      for (const f of await readdir(exportDir)) {
        if (!f.endsWith('.md')) continue;
        assert.equal(await readFile(path.join(again, f), 'utf8'),
          await readFile(path.join(exportDir, f), 'utf8'), `${f} after export -> import -> export`);
      }
    } finally {
      await removeDir(emptyDir);
    }
  });

  testCleanShutdown(srv);
});
