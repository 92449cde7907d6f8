// Multipart bodies are only read for routes that take files, and only
// from callers who may use them: nobody can make the server hold files
// before it has checked who is asking.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rawRequest, testCleanShutdown, useServer } from './harness.mjs';

const BOUNDARY = '----tukiGateTest0123456789';
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart body with one file of `size` bytes. */
function fileBody(size) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; ` +
      `filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.alloc(size, 0x61),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('uploads only where and by whom they are taken', () => {
  const srv = useServer();

  test('an anonymous upload to the contact form is refused with 401 before the body', async () => {
    // Announce 40 MB and send nothing: an answer proves nothing was awaited.
    const r = await rawRequest(srv.server, {
      path: '/contact',
      headers: { 'Content-Type': TYPE, 'Content-Length': String(40 * 1024 * 1024),
        Expect: '100-continue' },
    });
    assert.equal(r.status, 401, r.describe());
  });

  test('an anonymous upload to the API attachments route is refused with 401', async () => {
    const r = await rawRequest(srv.server, {
      path: '/api/v1/tickets/1/attachments',
      headers: { 'Content-Type': TYPE },
      body: fileBody(200 * 1024),
    });
    assert.equal(r.status, 401, r.describe());
  });

  test('a multipart body to a route that takes no files is refused with 400', async () => {
    const r = await rawRequest(srv.server, {
      path: '/', headers: { 'Content-Type': TYPE }, body: fileBody(64 * 1024),
    });
    assert.equal(r.status, 400, r.describe());
  });

  test('the server still answers afterwards', async () => {
    const r = await srv.client().get('/healthz');
    assert.equal(r.status, 200);
  });

  testCleanShutdown(srv);
});
