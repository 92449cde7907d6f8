// Attachments: type detection from the content, safe serving (downloads for
// anything but raster images, nosniff, sandboxing CSP), limits that refuse
// only the offending files, sanitised names, and who may download.
// Contract: docs/HTTP.md "Attachments" and docs/API.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertHtml, assertJsonError, textOfClass, testCleanShutdown, useServer } from './harness.mjs';
import {
  MAX_FILES, MAX_FILE_SIZE, assertSafeName, attachmentLinks, categories, fileTicketApiOk,
  fileTicketPage, getTicket, makeAgent, makeCustomer, makeHtml, makePng, makeSvgWithScript,
  makeText, parseDisposition, rawGet, sha256, tagsWithClass, ticketIdFromRedirect, uniqueText,
  uploadApi,
} from './tickets-helpers.mjs';

/** Headers every file response carries. */
function assertFileHeaders(reply, what) {
  assert.equal(reply.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  const csp = reply.headers.get('content-security-policy') || '';
  assert.match(csp, /(?:^|;)\s*sandbox\s*(?:;|$)/, `${what}: CSP lacks sandbox: ${csp}`);
  assert.match(csp, /(?:^|;)\s*default-src\s+'none'\s*(?:;|$)/, `${what}: CSP lacks default-src 'none': ${csp}`);
}

function dispositionType(reply) {
  const v = reply.headers.get('content-disposition');
  return v === null ? null : parseDisposition(v).type;
}

/** The rejected_files entry naming `name` with `reason`, or undefined. */
function rejected(list, name, reason) {
  assert.ok(Array.isArray(list), `rejected_files is an array: ${JSON.stringify(list)}`);
  return list.find((e) => JSON.stringify(e).includes(name) && JSON.stringify(e).includes(reason));
}

describe('tickets: attachments', () => {
  const srv = useServer();

  /** A customer with a ticket (filed with the API). */
  async function customerWithTicket() {
    const customer = await makeCustomer(srv, { acceptLanguage: 'en' });
    const ticket = await fileTicketApiOk(customer);
    return { customer, ticket };
  }

  /** Uploads through the API and asserts 201; returns { message, rejected_files }. */
  async function uploadOk(user, id, options) {
    const r = await uploadApi(user, id, options);
    assert.equal(r.status, 201, `POST /api/v1/tickets/${id}/attachments: ${r.describe()}`);
    const out = r.json();
    assert.ok(out.message && Array.isArray(out.message.attachments), `message.attachments: ${r.text}`);
    assert.ok(Array.isArray(out.rejected_files), `rejected_files: ${r.text}`);
    return out;
  }

  /** Files a ticket through the contact form with files; returns { id, landing }. */
  async function fileWithFiles(customer, files, body = uniqueText('with files')) {
    const [cat] = await categories(customer);
    const r = await fileTicketPage(customer, { subject: uniqueText('files'), category: cat.id, body, files });
    const id = ticketIdFromRedirect(r, 'POST /contact with files');
    const landing = await customer.client.get(r.location);
    assertHtml(landing, 200, 'ticket page after filing');
    return { id, landing, body };
  }

  test('a PNG filed through the contact form comes back byte for byte, typed image/png', async () => {
    const jane = await makeCustomer(srv);
    const png = makePng(5, 4);
    const { id, landing } = await fileWithFiles(jane,
      [{ filename: 'screenshot.png', data: png, type: 'text/plain' }]);
    const t = await getTicket(jane, id);
    const [att] = t.messages[0].attachments;
    assert.ok(att, 'attachment listed in the API');
    assert.equal(att.filename, 'screenshot.png');
    assert.equal(att.content_type, 'image/png', 'type from the content, not the client\'s text/plain');
    assert.equal(att.size, png.length);
    assert.equal(att.sha256, sha256(png));

    const links = attachmentLinks(landing.text);
    assert.deepEqual(links, [att.id], 'a.attachment links to /attachments/{id}');
    const previews = tagsWithClass(landing.text, 'preview').filter((a) => a.tag === 'img');
    assert.equal(previews.length, 1, 'img.preview for the PNG');
    assert.equal(new URL(previews[0].src, 'http://x').pathname, `/attachments/${att.id}`);

    const r = await jane.client.get(`/attachments/${att.id}`);
    assert.equal(r.status, 200, r.describe());
    assert.ok(r.body.equals(png), 'same bytes');
    assert.equal(sha256(r.body), sha256(png));
    assert.match(r.contentType, /^image\/png\b/i);
    assertFileHeaders(r, 'PNG inline');
    assert.ok([null, 'inline'].includes(dispositionType(r)), 'PNG is shown inline');
    const d = await jane.client.get(`/attachments/${att.id}?download=1`);
    assert.equal(d.status, 200, d.describe());
    assert.equal(dispositionType(d), 'attachment', '?download=1 forces a download');
    assert.ok(d.body.equals(png));
    assertFileHeaders(d, 'PNG download');
  });

  test('a PNG uploaded with the API (claimed text/plain) is image/png with the same sha256', async () => {
    const { customer, ticket } = await customerWithTicket();
    const png = makePng(7, 2);
    const out = await uploadOk(customer, ticket.id, {
      body: 'The error', files: [{ filename: 'error.png', data: png, type: 'text/plain' }],
    });
    assert.deepEqual(out.rejected_files, []);
    assert.equal(out.message.body, 'The error');
    const [att] = out.message.attachments;
    assert.equal(att.content_type, 'image/png');
    assert.equal(att.sha256, sha256(png));
    assert.equal(att.size, png.length);
    assert.equal(att.filename, 'error.png');
    assert.equal(new URL(att.url, 'http://x').pathname, `/api/v1/attachments/${att.id}`);
    const r = await customer.api('GET', `/attachments/${att.id}`);
    assert.equal(r.status, 200, r.describe());
    assert.ok(r.body.equals(png), 'same bytes through the API');
    assert.match(r.contentType, /^image\/png\b/i);
    assertFileHeaders(r, 'API PNG');
    const t = await getTicket(customer, ticket.id);
    assert.deepEqual(t.messages.at(-1).attachments.map((a) => a.id), [att.id], 'in the thread');
  });

  test('a PNG named shot.svg is still image/png and shown inline', async () => {
    const { customer, ticket } = await customerWithTicket();
    const png = makePng();
    const out = await uploadOk(customer, ticket.id, {
      files: [{ filename: 'shot.svg', data: png, type: 'image/svg+xml' }],
    });
    const [att] = out.message.attachments;
    assert.equal(att.content_type, 'image/png');
    const r = await customer.client.get(`/attachments/${att.id}`);
    assert.equal(r.status, 200, r.describe());
    assert.match(r.contentType, /^image\/png\b/i);
    assert.ok([null, 'inline'].includes(dispositionType(r)));
    assert.ok(r.body.equals(png));
  });

  for (const [label, make, claimed, filename] of [
    ['an SVG with <script>', makeSvgWithScript, 'image/svg+xml', 'drawing.svg'],
    ['an SVG claiming image/png', makeSvgWithScript, 'image/png', 'pretty.png'],
    ['an HTML file', makeHtml, 'text/html', 'page.html'],
    ['an HTML file claiming image/png', makeHtml, 'image/png', 'photo.png'],
  ]) {
    test(`${label} comes back only as a download, sandboxed`, async () => {
      const { customer, ticket } = await customerWithTicket();
      const data = make();
      const out = await uploadOk(customer, ticket.id, { files: [{ filename, data, type: claimed }] });
      const [att] = out.message.attachments;
      assert.ok(att, 'file kept');
      assert.notEqual(att.content_type, 'image/png', 'type not taken from the client');
      assert.equal(att.sha256, sha256(data));
      for (const [what, get] of [
        ['page', () => customer.client.get(`/attachments/${att.id}`)],
        ['API', () => customer.api('GET', `/attachments/${att.id}`)],
      ]) {
        const r = await get();
        assert.equal(r.status, 200, `${what}: ${r.describe()}`);
        assert.equal(dispositionType(r), 'attachment', `${what}: Content-Disposition attachment`);
        assertFileHeaders(r, `${what} ${label}`);
        assert.doesNotMatch(r.contentType, /^image\/png\b/i, `${what}: claimed type echoed`);
        assert.ok(r.body.equals(data), `${what}: same bytes`);
      }
      const page = await customer.client.get(`/tickets/${ticket.id}`);
      assertHtml(page, 200);
      assert.ok(attachmentLinks(page.text).includes(att.id), 'a.attachment link');
      const previews = tagsWithClass(page.text, 'preview').filter((a) => a.tag === 'img');
      assert.ok(!previews.some((p) => new URL(p.src, 'http://x').pathname === `/attachments/${att.id}`),
        'no img.preview for a non-raster file');
    });
  }

  test('an 11 MiB file is refused, the text and a small second file are kept (API)', async () => {
    const { customer, ticket } = await customerWithTicket();
    const big = Buffer.alloc(11 * 1024 * 1024, 0x61);
    assert.ok(big.length > MAX_FILE_SIZE);
    const small = makePng();
    const body = uniqueText('text with a big file');
    const out = await uploadOk(customer, ticket.id, {
      body,
      files: [{ filename: 'huge.bin', data: big }, { filename: 'small.png', data: small, type: 'image/png' }],
    });
    assert.equal(out.message.body, body, 'text kept');
    assert.deepEqual(out.message.attachments.map((a) => a.filename), ['small.png'], 'small file kept');
    assert.equal(out.message.attachments[0].sha256, sha256(small));
    assert.ok(rejected(out.rejected_files, 'huge.bin', 'too_large'),
      `huge.bin named as too_large: ${JSON.stringify(out.rejected_files)}`);
    assert.equal(out.rejected_files.length, 1);
    const t = await getTicket(customer, ticket.id);
    assert.equal(t.messages.at(-1).body, body);
    assert.equal(t.messages.at(-1).attachments.length, 1);
  });

  test('an 11 MiB file through the contact form is named in .file-errors, the ticket is kept', async () => {
    const jane = await makeCustomer(srv, { acceptLanguage: 'en' });
    const big = Buffer.alloc(11 * 1024 * 1024, 0x62);
    const small = makeText();
    const { id, landing, body } = await fileWithFiles(jane, [
      { filename: 'enormous.log', data: big, type: 'text/plain' },
      { filename: 'notes.txt', data: small, type: 'text/plain' },
    ]);
    const errors = textOfClass(landing.text, 'file-errors');
    assert.ok(errors !== null, '.file-errors shown after filing');
    assert.ok(errors.includes('enormous.log'), `.file-errors names the file: ${errors}`);
    assert.ok(!errors.includes('notes.txt'), 'the kept file is not named as refused');
    const t = await getTicket(jane, id);
    assert.equal(t.messages[0].body, body);
    assert.deepEqual(t.messages[0].attachments.map((a) => a.filename), ['notes.txt']);
    assert.equal(t.messages[0].attachments[0].sha256, sha256(small));
  });

  test(`more than ${MAX_FILES} files: the first ${MAX_FILES} are kept, the rest refused (API)`, async () => {
    const { customer, ticket } = await customerWithTicket();
    const files = Array.from({ length: MAX_FILES + 2 }, (_, i) => ({
      filename: `part-${i + 1}.txt`, data: makeText(`file ${i + 1} ${uniqueText()}`), type: 'text/plain',
    }));
    const out = await uploadOk(customer, ticket.id, { body: 'many files', files });
    assert.deepEqual(out.message.attachments.map((a) => a.filename),
      files.slice(0, MAX_FILES).map((f) => f.filename), 'first five kept, in order');
    assert.deepEqual(out.message.attachments.map((a) => a.sha256),
      files.slice(0, MAX_FILES).map((f) => sha256(f.data)));
    for (const f of files.slice(MAX_FILES)) {
      assert.ok(rejected(out.rejected_files, f.filename, 'too_many'),
        `${f.filename} named as too_many: ${JSON.stringify(out.rejected_files)}`);
    }
    assert.equal(out.rejected_files.length, 2);
  });

  test(`more than ${MAX_FILES} files through the form: extras named in .file-errors`, async () => {
    const jane = await makeCustomer(srv, { acceptLanguage: 'en' });
    const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({
      filename: `page-${i + 1}.png`, data: makePng(), type: 'image/png',
    }));
    const { id, landing } = await fileWithFiles(jane, files);
    const errors = textOfClass(landing.text, 'file-errors');
    assert.ok(errors !== null && errors.includes(`page-${MAX_FILES + 1}.png`),
      `.file-errors names the extra file: ${errors}`);
    const t = await getTicket(jane, id);
    assert.deepEqual(t.messages[0].attachments.map((a) => a.filename),
      files.slice(0, MAX_FILES).map((f) => f.filename));
  });

  test('an upload whose only file is empty answers 422; an empty file is named as empty', async () => {
    const { customer, ticket } = await customerWithTicket();
    const r = await uploadApi(customer, ticket.id, { files: [{ filename: 'nothing.txt', data: Buffer.alloc(0) }] });
    assertJsonError(r, 422, 'invalid', 'only an empty file');
    const before = (await getTicket(customer, ticket.id)).messages.length;
    assert.equal(before, 1, 'no message was created');
    const out = await uploadOk(customer, ticket.id, {
      files: [{ filename: 'nothing.txt', data: Buffer.alloc(0) }, { filename: 'real.png', data: makePng() }],
    });
    assert.ok(rejected(out.rejected_files, 'nothing.txt', 'empty'), JSON.stringify(out.rejected_files));
    assert.deepEqual(out.message.attachments.map((a) => a.filename), ['real.png']);
  });

  test('a file named ../../etc/passwd is stored and served under a safe name', async () => {
    const { customer, ticket } = await customerWithTicket();
    const data = makeText('root:x:0:0:root:/root:/bin/sh');
    const out = await uploadOk(customer, ticket.id, {
      raw: true, files: [{ filename: '../../etc/passwd', data, type: 'text/plain' }],
    });
    const [att] = out.message.attachments;
    assert.ok(att, 'file kept');
    assertSafeName(att.filename, 'stored name');
    assert.match(att.filename, /passwd/, `passwd-like name: ${att.filename}`);
    const r = await rawGet(srv, `/api/v1/attachments/${att.id}`, { Authorization: `Bearer ${customer.token}` });
    assert.equal(r.status, 200);
    const cds = r.header('content-disposition');
    assert.equal(cds.length, 1, `one Content-Disposition: ${cds}`);
    assert.doesNotMatch(cds[0], /\/|%2F/i, `no slash in Content-Disposition: ${cds[0]}`);
    const cd = parseDisposition(cds[0]);
    for (const n of [cd.filename, cd.filenameStar].filter((x) => x !== undefined)) assertSafeName(n);
    assert.ok(cd.filename !== undefined || cd.filenameStar !== undefined, 'a filename is given');
    assert.ok(r.body.equals(data));
  });

  // Names as different clients send them: the server must end up with one
  // well-formed Content-Disposition header and a name without quotes or
  // control characters. mayRefuse: part headers that are malformed (a bare
  // CR or LF, an unterminated or broken quoted string), which HTTP.md lets
  // the server refuse as "malformed form encoding" with 400.
  for (const [label, file, mayRefuse] of [
    ['a backslash-escaped quote', { filename: 'quo\\"te.txt' }, false],
    ['an unescaped quote', { filename: 'bare"quote.txt' }, true],
    ['a bare CR and a bare LF', { filename: 'cr\rlf\nname.txt' }, true],
    ['a tab and a DEL', { filename: 'tab\there\x7f.txt' }, false],
    ['a CR LF header injection', { filename: 'x.txt\r\nX-Injected: yes' }, true],
    ['percent-escaped quote, CR and LF', { filename: 'pct%22q%0D%0Aname.txt' }, false],
    ['filename* with an encoded quote and CR LF',
      { disposition: 'form-data; name="files"; filename="star.txt"; filename*=UTF-8\'\'st%22ar%0D%0AX-Injected%3A%20yes.txt' }, false],
  ]) {
    test(`a file name with ${label} gives one well-formed Content-Disposition`, async () => {
      const { customer, ticket } = await customerWithTicket();
      const data = makeText();
      const r = await uploadApi(customer, ticket.id, {
        raw: true, body: 'odd name', files: [{ ...file, data, type: 'text/plain' }],
      });
      if (mayRefuse && r.status === 400) {
        assertJsonError(r, 400, 'bad_request', 'malformed part header');
        const health = await customer.api('GET', '/me');
        assert.equal(health.status, 200, 'server still answers');
        return;
      }
      assert.equal(r.status, 201, r.describe());
      const [att] = r.json().message.attachments;
      assert.ok(att, `file kept: ${r.text}`);
      assertSafeName(att.filename, 'stored name');
      assert.ok(!r.text.includes('X-Injected: yes'), 'raw injected header text echoed');
      for (const [what, path, headers] of [
        ['API', `/api/v1/attachments/${att.id}`, { Authorization: `Bearer ${customer.token}` }],
        ['page', `/attachments/${att.id}?download=1`, { Cookie: customer.client.cookieHeader() }],
      ]) {
        const g = await rawGet(srv, path, headers);
        assert.equal(g.status, 200, `${what}: status`);
        for (const line of g.headLines) {
          assert.doesNotMatch(line, /[\r\n]/, `${what}: bare CR/LF in header line ${JSON.stringify(line)}`);
          assert.match(line, /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/, `${what}: malformed header line ${JSON.stringify(line)}`);
        }
        assert.deepEqual(g.header('x-injected'), [], `${what}: header injected`);
        const cds = g.header('content-disposition');
        assert.equal(cds.length, 1, `${what}: one Content-Disposition, got ${JSON.stringify(cds)}`);
        const cd = parseDisposition(cds[0], `${what} Content-Disposition`);
        assert.equal(cd.type, 'attachment');
        assert.ok(cd.filename !== undefined || cd.filenameStar !== undefined, 'a filename is given');
        for (const n of [cd.filename, cd.filenameStar].filter((x) => x !== undefined)) {
          assertSafeName(n, `${what} header name`);
        }
        assert.ok(g.body.equals(data), `${what}: same bytes`);
      }
    });
  }

  test('a name with quotes, CR and LF sent by FormData is stored safely too', async () => {
    const { customer, ticket } = await customerWithTicket();
    const out = await uploadOk(customer, ticket.id, {
      files: [{ filename: 'form"data\r\nname.txt', data: makeText(), type: 'text/plain' }],
    });
    assertSafeName(out.message.attachments[0].filename);
  });

  test('an agent can download, another customer gets 404 like an unknown id', async () => {
    const { customer, ticket } = await customerWithTicket();
    const agent = await makeAgent(srv);
    const mallory = await makeCustomer(srv);
    const png = makePng();
    const out = await uploadOk(customer, ticket.id, { files: [{ filename: 'private.png', data: png }] });
    const [att] = out.message.attachments;

    const viaPage = await agent.client.get(`/attachments/${att.id}`);
    assert.equal(viaPage.status, 200, viaPage.describe());
    assert.ok(viaPage.body.equals(png), 'agent page download');
    assertFileHeaders(viaPage, 'agent page download');
    const viaApi = await agent.api('GET', `/attachments/${att.id}`);
    assert.equal(viaApi.status, 200, viaApi.describe());
    assert.ok(viaApi.body.equals(png), 'agent API download');

    const unknown = att.id + 100000;
    const a = await mallory.client.get(`/attachments/${att.id}`);
    const b = await mallory.client.get(`/attachments/${unknown}`);
    assert.equal(a.status, 404, a.describe());
    assert.equal(b.status, 404, b.describe());
    assert.ok(!a.body.includes(png));
    const ea = assertJsonError(await mallory.api('GET', `/attachments/${att.id}`), 404, 'not_found');
    const eb = assertJsonError(await mallory.api('GET', `/attachments/${unknown}`), 404, 'not_found');
    assert.deepEqual(ea, eb);
    const anon = await srv.client().get(`/attachments/${att.id}`);
    assert.notEqual(anon.status, 200, 'logged out: no file');
    assert.ok(!anon.body.includes(png));
  });

  testCleanShutdown(srv);
});
