// Bad input: bodies over TUKI_MAX_BODY, malformed form encoding, invalid
// UTF-8 and NUL bytes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, assertRedirect, getCsrf, rawRequest, testCleanShutdown, uniqueEmail,
  useServer,
} from './harness.mjs';

const MAX_BODY = 4096;

describe(`bad input (TUKI_MAX_BODY=${MAX_BODY})`, () => {
  const srv = useServer({ env: { TUKI_MAX_BODY: String(MAX_BODY) } });

  /** A client with a session and its csrf token, ready to post /login. */
  async function session(path = '/login') {
    const client = srv.client();
    const { csrf } = await getCsrf(client, path);
    return { client, csrf, prefix: `csrf=${encodeURIComponent(csrf)}` };
  }

  /** A /login body of exactly `size` bytes with a valid csrf token. */
  function loginBodyOfSize(prefix, size) {
    const head = `${prefix}&email=${encodeURIComponent(uniqueEmail())}&password=`;
    assert.ok(size > head.length);
    return Buffer.from(head + 'x'.repeat(size - head.length));
  }

  async function postRaw(client, path, body, extraHeaders = {}) {
    return rawRequest(srv.server, {
      path,
      body,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: client.cookieHeader(),
        ...extraHeaders,
      },
    });
  }

  async function assertServerAnswers() {
    const r = await srv.client().get('/healthz');
    assert.equal(r.status, 200, `server no longer healthy: ${r.describe()}`);
  }

  test('a body just under the limit is processed normally', async () => {
    const { client, prefix } = await session();
    const r = await postRaw(client, '/login', loginBodyOfSize(prefix, MAX_BODY - 96));
    assert.equal(r.status, 401, `wrong credentials expected: ${r.describe()}`);
  });

  test('a body one byte over the limit answers 413', async () => {
    const { client, prefix } = await session();
    const r = await postRaw(client, '/login', loginBodyOfSize(prefix, MAX_BODY + 1));
    assert.equal(r.status, 413, r.describe());
  });

  test('a 2 MB body answers 413 and the server keeps answering', async () => {
    const { client, prefix } = await session();
    const r = await postRaw(client, '/login', loginBodyOfSize(prefix, 2 * 1024 * 1024));
    assert.equal(r.status, 413, r.describe());
    await assertServerAnswers();
  });

  test('a chunked body over the limit answers 413', async () => {
    const { client, prefix } = await session();
    const r = await rawRequest(srv.server, {
      path: '/login',
      chunked: true,
      body: loginBodyOfSize(prefix, 64 * 1024),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: client.cookieHeader() },
    });
    assert.equal(r.status, 413, r.describe());
    await assertServerAnswers();
  });

  test('a Content-Length over the limit answers 413 before the body is sent', async () => {
    const { client } = await session();
    // Announce 10 MB but send nothing: the server must not wait for it.
    const r = await rawRequest(srv.server, {
      path: '/login',
      body: Buffer.alloc(0),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: client.cookieHeader(),
        'Content-Length': String(10 * 1024 * 1024),
        Expect: '100-continue',
      },
    });
    assert.equal(r.status, 413, r.describe());
  });

  test('20 oversized bodies in parallel are all refused and the server survives', async () => {
    const { client, prefix } = await session();
    const body = loginBodyOfSize(prefix, 256 * 1024);
    const replies = await Promise.all(Array.from({ length: 20 }, () => postRaw(client, '/login', body)));
    assert.deepEqual(replies.map((r) => r.status), replies.map(() => 413));
    await assertServerAnswers();
  });

  for (const [label, bad] of [
    ['"%zz"', '%zz'],
    ['"%" at the end', 'abc%'],
    ['a truncated escape "%4" at the end', 'abc%4'],
    ['"%g0"', '%g0'],
  ]) {
    test(`malformed form encoding ${label} answers 400`, async () => {
      const { client, prefix } = await session();
      const r = await client.post('/login', `${prefix}&email=x%40example.com&password=${bad}`);
      assert.equal(r.status, 400, r.describe());
    });
  }

  test('malformed encoding in a field name answers 400', async () => {
    const { client, prefix } = await session();
    const r = await client.post('/login', `${prefix}&em%zzail=x%40example.com&password=abcdefghijk`);
    assert.equal(r.status, 400, r.describe());
  });

  for (const [label, name] of [
    ['percent-encoded 0xff 0xfe', '%FF%FE'],
    ['an overlong "/" (0xc0 0xaf)', 'A%C0%AFB'],
    ['a UTF-16 surrogate (0xed 0xa0 0x80)', 'A%ED%A0%80B'],
    ['a truncated sequence (0xe2 0x82)', 'A%E2%82'],
    ['a code point above U+10FFFF (0xf4 0x90 0x80 0x80)', 'A%F4%90%80%80'],
  ]) {
    test(`invalid UTF-8 in a field (${label}) answers 400`, async () => {
      const { client, prefix } = await session('/register');
      const body = `${prefix}&name=${name}&email=${encodeURIComponent(uniqueEmail())}` +
        `&password=${encodeURIComponent(DEFAULT_PASSWORD)}`;
      const r = await client.post('/register', body);
      assert.equal(r.status, 400, r.describe());
    });
  }

  test('raw (unencoded) bytes 0xff 0xfe in the body answer 400', async () => {
    const { client, prefix } = await session('/register');
    const body = Buffer.concat([
      Buffer.from(`${prefix}&name=A`), Buffer.from([0xff, 0xfe]),
      Buffer.from(`&email=${encodeURIComponent(uniqueEmail())}&password=${encodeURIComponent(DEFAULT_PASSWORD)}`),
    ]);
    const r = await client.post('/register', body);
    assert.equal(r.status, 400, r.describe());
  });

  test('a NUL byte in a field answers 400', async () => {
    const { client, prefix } = await session('/register');
    const body = `${prefix}&name=Null%00Byte&email=${encodeURIComponent(uniqueEmail())}` +
      `&password=${encodeURIComponent(DEFAULT_PASSWORD)}`;
    const r = await client.post('/register', body);
    assert.equal(r.status, 400, r.describe());
  });

  test('a NUL byte in the email of a log-in answers 400', async () => {
    const { client, prefix } = await session();
    const r = await client.post('/login', `${prefix}&email=a%00%40example.com&password=abcdefghijkl`);
    assert.equal(r.status, 400, r.describe());
  });

  test('valid multi-byte UTF-8 in a field is accepted', async () => {
    const { client, prefix } = await session('/register');
    const body = `${prefix}&name=${encodeURIComponent('Åsa Ääkkönen 🦊')}` +
      `&email=${encodeURIComponent(uniqueEmail())}&password=${encodeURIComponent(DEFAULT_PASSWORD)}`;
    const r = await client.post('/register', body);
    assertRedirect(r, '/account', 'register with a multi-byte name');
  });

  test('the server still answers after all the bad input', async () => {
    await assertServerAnswers();
  });

  testCleanShutdown(srv);
});
