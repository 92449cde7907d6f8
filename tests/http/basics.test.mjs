// Health check, home page, security headers, error pages, static files and
// concurrency.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertJsonError, assertSecurityHeaders, findTags, hasElementWithId,
  htmlLang, rawRequest, testCleanShutdown, useServer, visibleText,
} from './harness.mjs';

/** The first /static/ URL (script or stylesheet) the home page refers to. */
async function staticUrlFromHome(client) {
  const home = await client.get('/');
  assert.equal(home.status, 200, home.describe());
  const urls = [...findTags(home.text, 'script').map((a) => a.src),
    ...findTags(home.text, 'link').map((a) => a.href)]
    .filter((u) => typeof u === 'string' && u.startsWith('/static/'));
  assert.ok(urls.length > 0, 'home page refers to no /static/ script or stylesheet');
  return urls[0];
}

describe('basics', () => {
  const srv = useServer();

  test('GET /healthz answers 200 "ok"', async () => {
    const r = await srv.client().get('/healthz');
    assert.equal(r.status, 200, r.describe());
    assert.equal(r.text.trim(), 'ok');
  });

  test('GET / answers 200 HTML with <html lang="en"> by default', async () => {
    const r = await srv.client().get('/');
    assertHtml(r, 200, 'home');
    assert.match(r.text, /^\s*<!doctype html>/i, 'home page starts with a doctype');
    assert.equal(htmlLang(r.text), 'en');
  });

  test('HTML pages carry the security headers', async () => {
    const r = await srv.client().get('/');
    assert.equal(r.status, 200);
    assertSecurityHeaders(r, 'GET /');
  });

  test('the healthz answer carries the security headers', async () => {
    const r = await srv.client().get('/healthz');
    assertSecurityHeaders(r, 'GET /healthz');
  });

  test('JSON API answers carry the security headers', async () => {
    const r = await srv.client().get('/api/v1/me');
    assert.equal(r.status, 401, r.describe());
    assertSecurityHeaders(r, 'GET /api/v1/me');
  });

  test('404 pages carry the security headers', async () => {
    const r = await srv.client().get('/no/such/page');
    assert.equal(r.status, 404, r.describe());
    assertSecurityHeaders(r, 'GET /no/such/page');
  });

  test('static files carry the security headers', async () => {
    const client = srv.client();
    const url = await staticUrlFromHome(client);
    const r = await client.get(url);
    assert.equal(r.status, 200, `${url}: ${r.describe()}`);
    assertSecurityHeaders(r, `GET ${url}`);
  });

  test('unknown page answers a 404 HTML page', async () => {
    const r = await srv.client().get('/no-such-page');
    assertHtml(r, 404, 'unknown page');
    assert.equal(htmlLang(r.text), 'en');
    assert.ok(visibleText(r.text).length > 0, 'the 404 page says something');
  });

  test('unknown API path answers 404 JSON not_found', async () => {
    const r = await srv.client().get('/api/v1/no-such-thing');
    assertJsonError(r, 404, 'not_found', 'GET /api/v1/no-such-thing');
  });

  test('wrong method on a page answers 405 with Allow', async () => {
    const r = await srv.client().get('/logout');
    assert.equal(r.status, 405, r.describe());
    const allow = r.headers.get('allow');
    assert.ok(allow, 'Allow header missing');
    assert.ok(allow.split(',').map((s) => s.trim().toUpperCase()).includes('POST'),
      `Allow for /logout should list POST: ${allow}`);
    assertSecurityHeaders(r, 'GET /logout (405)');
  });

  test('wrong method on an API path answers 405 JSON with Allow', async () => {
    const r = await srv.client().request('DELETE', '/api/v1/me');
    assertJsonError(r, 405, 'method_not_allowed', 'DELETE /api/v1/me');
    const allow = r.headers.get('allow') || '';
    assert.ok(allow.split(',').map((s) => s.trim().toUpperCase()).includes('GET'),
      `Allow for /api/v1/me should list GET: ${allow}`);
  });

  test('static files have an ETag and Cache-Control', async () => {
    const client = srv.client();
    const url = await staticUrlFromHome(client);
    const r = await client.get(url);
    assert.equal(r.status, 200, r.describe());
    assert.ok(r.headers.get('etag'), `${url}: ETag missing`);
    assert.ok(r.headers.get('cache-control'), `${url}: Cache-Control missing`);
    assert.ok(r.body.length > 0, `${url}: empty body`);
  });

  test('If-None-Match with the current ETag answers 304 without a body', async () => {
    const client = srv.client();
    const url = await staticUrlFromHome(client);
    const first = await client.get(url);
    const etag = first.headers.get('etag');
    assert.ok(etag, 'ETag missing');
    const r = await client.get(url, { headers: { 'if-none-match': etag } });
    assert.equal(r.status, 304, r.describe());
    assert.equal(r.body.length, 0, '304 must not have a body');
    assert.equal(r.headers.get('etag'), etag, '304 repeats the ETag');
    assertSecurityHeaders(r, `GET ${url} (304)`);
  });

  test('If-None-Match with another ETag answers 200 with the file', async () => {
    const client = srv.client();
    const url = await staticUrlFromHome(client);
    const first = await client.get(url);
    const r = await client.get(url, { headers: { 'if-none-match': '"not-the-etag"' } });
    assert.equal(r.status, 200, r.describe());
    assert.deepEqual(r.body, first.body);
  });

  test('a missing static file answers 404', async () => {
    const r = await srv.client().get('/static/no-such-file.js');
    assert.equal(r.status, 404, r.describe());
  });

  test('static paths cannot escape the static directory', async () => {
    // Sent raw: fetch would normalise the dot segments away.
    for (const p of ['/static/../meson.build', '/static/%2e%2e/meson.build',
      '/static/..%2fmeson.build', '/static/%2e%2e%2fdocs%2fHTTP.md']) {
      const r = await rawRequest(srv.server, { method: 'GET', path: p });
      assert.notEqual(r.status, 200, `${p} must not be served: ${r.describe()}`);
      assert.doesNotMatch(r.text, /project\('tuki'|# HTTP contract/, `${p} leaked a file`);
    }
  });

  test('50 concurrent requests are all answered', async () => {
    const paths = [];
    for (let i = 0; i < 50; i++) paths.push(i % 2 ? '/healthz' : '/login');
    const replies = await Promise.all(paths.map((p) => srv.client().get(p)));
    const statuses = replies.map((r) => r.status);
    assert.deepEqual(statuses, paths.map(() => 200), `statuses: ${statuses.join(',')}`);
    const loginPages = replies.filter((_, i) => paths[i] === '/login');
    for (const r of loginPages) assert.ok(hasElementWithId(r.text, 'form', 'login'));
  });

  testCleanShutdown(srv);
});
