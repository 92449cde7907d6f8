// harness.mjs - starts the real Tuki server and talks to it over HTTP.
//
// Every server gets a fresh temporary directory and SQLite database, listens
// on a free loopback port (--listen 127.0.0.1:0) and is considered ready when
// it prints "tuki: listening on http://127.0.0.1:PORT" on stderr. Nothing here
// sleeps: we wait for that line, for process exit or for responses, each with
// a deadline that fails the test when it passes.
//
// Environment:
//   TUKI_BIN                    server binary (default <repo>/build/tuki)
//   TUKI_TEST_START_TIMEOUT_MS  deadline for the "listening" line (20000)
//   TUKI_TEST_KEEP              keep the temporary directories for inspection

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TUKI_BIN = process.env.TUKI_BIN
  ? path.resolve(process.env.TUKI_BIN)
  : path.join(REPO_ROOT, 'build', 'tuki');

const START_TIMEOUT_MS = Number(process.env.TUKI_TEST_START_TIMEOUT_MS || 20000);
const STOP_TIMEOUT_MS = 15000;
const REQUEST_TIMEOUT_MS = 20000;
const CLI_TIMEOUT_MS = 30000;

const LISTENING_RE = /^tuki: listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/m;
const SANITIZER_RE = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|WARNING: ThreadSanitizer/;

// ---------------------------------------------------------------------------
// Server process

export class TukiServer {
  constructor({ child, dir, dbUrl, ownsDir = true }) {
    this.child = child;
    this.ownsDir = ownsDir;
    this.dir = dir;
    this.dbUrl = dbUrl;
    this.url = null;
    this.port = null;
    this.stderr = '';
    this.stdout = '';
    this.exitCode = undefined;
    this.exitSignal = undefined;
    this._stopping = null;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve({ code, signal });
      });
    });
    child.stderr.setEncoding('utf8');
    child.stdout.setEncoding('utf8');
    child.stderr.on('data', (s) => { this.stderr += s; });
    child.stdout.on('data', (s) => { this.stdout += s; });
  }

  get running() {
    return this.exitCode === undefined;
  }

  /** Lines of stderr that come from a sanitizer (should always be empty). */
  sanitizerReports() {
    return this.stderr.split('\n').filter((l) => SANITIZER_RE.test(l));
  }

  assertNoSanitizerReports() {
    const reports = this.sanitizerReports();
    assert.deepEqual(reports, [],
      `sanitizer reported problems:\n${this.tail()}`);
  }

  /** The last lines of the server's stderr, for failure messages. */
  tail(lines = 60) {
    const all = this.stderr.trimEnd().split('\n');
    return all.slice(-lines).join('\n');
  }

  /** Resolves when a stderr line matches re (already printed or later). */
  waitForStderr(re, timeoutMs = START_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.stderr.match(re);
        if (m) { cleanup(); resolve(m); return true; }
        return false;
      };
      const onExit = () => {
        if (check()) return;
        cleanup();
        reject(new Error(`tuki exited (code ${this.exitCode}, signal ${this.exitSignal}) ` +
          `before printing ${re}\n--- stderr ---\n${this.tail()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no stderr line matching ${re} within ${timeoutMs} ms\n` +
          `--- stderr ---\n${this.tail()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stderr.off('data', onData);
        this.child.off('exit', onExit);
      };
      const onData = () => { check(); };
      if (check()) return;
      if (!this.running) { onExit(); return; }
      this.child.stderr.on('data', onData);
      this.child.on('exit', onExit);
    });
  }

  /**
   * Sends SIGTERM and waits for the process to end. Rejects unless it exits
   * with code 0 and printed no sanitizer report. Idempotent: later calls
   * return the first call's promise.
   */
  stop() {
    if (!this._stopping) this._stopping = this._stop();
    return this._stopping;
  }

  async _stop() {
    if (this.running) this.child.kill('SIGTERM');
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`tuki did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n` +
          `--- stderr ---\n${this.tail()}`));
      }, STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
    try {
      assert.equal(this.exitSignal, null,
        `tuki was killed by ${this.exitSignal}\n--- stderr ---\n${this.tail()}`);
      assert.equal(this.exitCode, 0,
        `tuki exited with code ${this.exitCode} after SIGTERM\n--- stderr ---\n${this.tail()}`);
      this.assertNoSanitizerReports();
    } finally {
      if (this.ownsDir && !process.env.TUKI_TEST_KEEP) {
        await rm(this.dir, { recursive: true, force: true });
      }
    }
  }

  client(options) {
    return new Client(this.url, options);
  }
}

/**
 * Starts `tuki serve` on a free port with a fresh database.
 * options.env: extra environment (e.g. { TUKI_LOGIN_MAX_FAILURES: '3' }).
 * options.dir: use this directory's tuki.db (kept on stop) instead of a new one.
 */
export async function startServer({ env = {}, args = [], dir: existingDir } = {}) {
  const dir = existingDir ?? await mkdtemp(path.join(os.tmpdir(), 'tuki-test-'));
  const dbUrl = `sqlite:${path.join(dir, 'tuki.db')}`;
  // Priority tickets need a payment provider: the built-in test one,
  // unless a test configures Stripe (or sets it to 0).
  env = { TUKI_TEST_PAYMENTS: '1', ...env };
  const child = spawn(TUKI_BIN,
    ['serve', '--listen', '127.0.0.1:0', '--db', dbUrl, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...stringValues(env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const server = new TukiServer({ child, dir, dbUrl, ownsDir: !existingDir });
  const spawnError = new Promise((_, reject) => {
    child.on('error', (err) => reject(new Error(`cannot start ${TUKI_BIN}: ${err.message}`)));
  });
  try {
    const m = await Promise.race([server.waitForStderr(LISTENING_RE), spawnError]);
    server.url = m[1];
    server.port = Number(m[2]);
    assert.ok(server.port > 0 && server.port < 65536, `bad port in ${m[0]}`);
  } catch (err) {
    if (server.running) child.kill('SIGKILL');
    if (!existingDir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

function stringValues(env) {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/**
 * Declares a server for the enclosing describe(): started in before(),
 * stopped in after(). When a test fails, the server's stderr is printed.
 * Returns a handle whose .server is set once before() ran.
 */
export function useServer(options = {}) {
  const handle = {
    server: null,
    get url() { return handle.server.url; },
    client(clientOptions) { return handle.server.client(clientOptions); },
  };
  before(async () => {
    handle.server = await startServer(options);
  });
  afterEach((t) => {
    if (handle.server && t.passed === false) {
      process.stderr.write(`\n--- tuki stderr after failed test "${t.name}" ---\n` +
        `${handle.server.tail()}\n--- end of tuki stderr ---\n`);
    }
  });
  after(async () => {
    if (!handle.server) return;
    if (handle.server._stopping) {
      // Already stopped by testCleanShutdown, which reported any failure.
      await handle.server._stopping.catch(() => {});
      return;
    }
    await handle.server.stop();
  });
  return handle;
}

/**
 * Declares, as the last test of a describe(), that the server stops on
 * SIGTERM with exit code 0 and that no sanitizer report appeared during the
 * whole run. Makes shutdown problems show up as a failed test.
 */
export function testCleanShutdown(handle) {
  test('server exits with code 0 on SIGTERM and printed no sanitizer report', async () => {
    await handle.server.stop();
  });
}

// ---------------------------------------------------------------------------
// HTTP client with a cookie jar

/** A response with its body already read. */
export class Reply {
  constructor({ status, headers, body, base }) {
    this.status = status;
    this.headers = headers;
    this.body = body; // Buffer
    this.text = body.toString('utf8');
    this.base = base;
  }

  json() {
    try {
      return JSON.parse(this.text);
    } catch (err) {
      throw new Error(`response is not JSON (${err.message}):\n${this.text.slice(0, 500)}`);
    }
  }

  get contentType() {
    return this.headers.get('content-type') || '';
  }

  /** Location header resolved against the server, as "path?query". */
  get location() {
    const loc = this.headers.get('location');
    if (loc === null) return null;
    const u = new URL(loc, this.base);
    if (u.origin !== new URL(this.base).origin) return u.href;
    return u.pathname + u.search;
  }

  setCookies() {
    return this.headers.getSetCookie ? this.headers.getSetCookie() : [];
  }

  /** Short description for assertion messages. */
  describe() {
    return `HTTP ${this.status} ${this.contentType}\n${this.text.slice(0, 800)}`;
  }
}

export class Client {
  /**
   * baseUrl: server url. acceptLanguage: value of Accept-Language (default
   * none, so node's fetch sends "*"). headers: extra headers on every request.
   */
  constructor(baseUrl, { acceptLanguage, headers = {} } = {}) {
    this.baseUrl = baseUrl;
    this.acceptLanguage = acceptLanguage;
    this.extraHeaders = headers;
    this.cookies = new Map();
  }

  get session() {
    return this.cookies.get('tuki_session');
  }

  /** A new client with the same cookies (another tab of the same browser). */
  clone(options = {}) {
    const c = new Client(this.baseUrl, {
      acceptLanguage: this.acceptLanguage, headers: this.extraHeaders, ...options,
    });
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }

  setCookie(name, value) {
    this.cookies.set(name, value);
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(setCookies) {
    for (const line of setCookies) {
      const c = parseSetCookie(line);
      if (!c) continue;
      if (c.expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async request(method, urlPath, { body, headers = {}, contentType } = {}) {
    const h = { ...this.extraHeaders };
    if (this.acceptLanguage !== undefined) h['accept-language'] = this.acceptLanguage;
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (contentType) h['content-type'] = contentType;
    Object.assign(h, headers);
    const res = await fetch(new URL(urlPath, this.baseUrl), {
      method,
      headers: h,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    this.storeCookies(res.headers.getSetCookie());
    return new Reply({ status: res.status, headers: res.headers, body: buf, base: this.baseUrl });
  }

  get(urlPath, options) {
    return this.request('GET', urlPath, options);
  }

  /**
   * POST a form. fields: an object or array of pairs (urlencoded here), or a
   * string/Buffer sent as the raw body.
   */
  post(urlPath, fields = {}, options = {}) {
    let body = fields;
    if (!(typeof fields === 'string' || Buffer.isBuffer(fields))) {
      body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
    }
    return this.request('POST', urlPath, {
      contentType: 'application/x-www-form-urlencoded', ...options, body,
    });
  }
}

export function parseSetCookie(line) {
  const parts = line.split(';').map((s) => s.trim());
  const eq = parts[0].indexOf('=');
  if (eq <= 0) return null;
  const name = parts[0].slice(0, eq);
  const value = parts[0].slice(eq + 1);
  const attrs = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    const k = (i < 0 ? p : p.slice(0, i)).toLowerCase();
    attrs[k] = i < 0 ? true : p.slice(i + 1);
  }
  let expired = value === '';
  if (attrs['max-age'] !== undefined && Number(attrs['max-age']) <= 0) expired = true;
  if (typeof attrs.expires === 'string' && Date.parse(attrs.expires) < Date.now()) expired = true;
  return { name, value, attrs, expired };
}

/** The tuki_session Set-Cookie of a reply, parsed, or null. */
export function sessionSetCookie(reply) {
  for (const line of reply.setCookies()) {
    const c = parseSetCookie(line);
    if (c && c.name === 'tuki_session') return c;
  }
  return null;
}

// ---------------------------------------------------------------------------
// HTML helpers

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(cp);
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attrsOf(tag) {
  const attrs = {};
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<\s*[\w-]+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** All start tags of an element name, as attribute objects. */
export function findTags(html, name) {
  const re = new RegExp(`<${name}\\b[^>]*>`, 'gi');
  return [...html.matchAll(re)].map((m) => attrsOf(m[0]));
}

/** Value of the first hidden csrf input, or null. */
export function extractCsrf(html) {
  const input = findTags(html, 'input').find((a) => a.name === 'csrf');
  return input ? input.value : null;
}

/** The lang attribute of <html>, or null. */
export function htmlLang(html) {
  const tag = findTags(html, 'html')[0];
  return tag ? (tag.lang ?? null) : null;
}

/** Whether the page has <tag id="id">. */
export function hasElementWithId(html, tag, id) {
  return findTags(html, tag).some((a) => a.id === id);
}

/** Text the user sees: tags, scripts and styles removed, whitespace collapsed. */
export function visibleText(html) {
  return decodeEntities(html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text content of the first element with the given class, or null. */
export function textOfClass(html, className) {
  const re = new RegExp(
    `<([a-z][\\w-]*)\\b[^>]*\\bclass\\s*=\\s*"(?:[^"]*\\s)?${className}(?:\\s[^"]*)?"[^>]*>([\\s\\S]*?)</\\1\\s*>`, 'i');
  const m = html.match(re);
  return m ? visibleText(m[2]) : null;
}

/** Text of the <title> element. */
export function titleText(html) {
  const m = html.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i);
  return m ? visibleText(m[1]) : null;
}

// ---------------------------------------------------------------------------
// Assertions shared by the test files

export function assertSecurityHeaders(reply, what) {
  const h = reply.headers;
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy header missing`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: CSP allows unsafe-inline: ${csp}`);
  assert.match(csp, /(?:^|;)\s*frame-ancestors\s+'none'\s*(?:;|$)/,
    `${what}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(h.get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`);
  assert.equal((h.get('x-frame-options') || '').toUpperCase(), 'DENY', `${what}: X-Frame-Options`);
}

export function assertHtml(reply, status, what = 'page') {
  assert.equal(reply.status, status, `${what}: ${reply.describe()}`);
  assert.match(reply.contentType, /^text\/html;\s*charset=utf-8$/i, `${what}: content type`);
}

export function assertJsonError(reply, status, code, what = 'API error') {
  assert.equal(reply.status, status, `${what}: ${reply.describe()}`);
  assert.match(reply.contentType, /^application\/json\b/i, `${what}: content type`);
  const body = reply.json();
  assert.equal(body.error, code, `${what}: error code in ${reply.text}`);
  assert.equal(typeof body.message, 'string', `${what}: message must be a string`);
  assert.ok(body.message.length > 0, `${what}: message must not be empty`);
  return body;
}

export function assertRedirect(reply, to, what = 'redirect') {
  assert.equal(reply.status, 303, `${what}: ${reply.describe()}`);
  const loc = reply.location;
  assert.ok(loc !== null, `${what}: no Location header`);
  assert.equal(new URL(loc, reply.base).pathname, to, `${what}: Location ${loc}`);
}

// ---------------------------------------------------------------------------
// Account helpers

let userCounter = 0;

/** A fresh, unique email address. */
export function uniqueEmail(prefix = 'user') {
  userCounter += 1;
  const rnd = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid}-${userCounter}-${rnd}@example.com`;
}

export const DEFAULT_PASSWORD = 'correct horse battery staple';

/** GETs a page (expecting 200) and returns { csrf, reply }. */
export async function getCsrf(client, urlPath = '/login') {
  const reply = await client.get(urlPath);
  assert.equal(reply.status, 200, `GET ${urlPath}: ${reply.describe()}`);
  const csrf = extractCsrf(reply.text);
  assert.ok(csrf, `GET ${urlPath}: no <input name="csrf"> in page`);
  assert.ok(client.session, `GET ${urlPath}: no tuki_session cookie was set`);
  return { csrf, reply };
}

/** Registers through the form; returns the POST reply (not asserted). */
export async function register(client, { name, email, password }) {
  const { csrf } = await getCsrf(client, '/register');
  return client.post('/register', { csrf, name, email, password });
}

/** Logs in through the form; returns the POST reply (not asserted). */
export async function login(client, email, password) {
  const { csrf } = await getCsrf(client, '/login');
  return client.post('/login', { csrf, email, password });
}

/** Logs out through the form (csrf from /account); returns the POST reply. */
export async function logout(client) {
  const { csrf } = await getCsrf(client, '/account');
  return client.post('/logout', { csrf });
}

/**
 * Registers a new user in a fresh client and asserts it worked.
 * Returns { client, name, email, password }.
 */
export async function newUser(server, { name = 'Test User', email = uniqueEmail(),
  password = DEFAULT_PASSWORD, clientOptions } = {}) {
  const client = server.client(clientOptions);
  const reply = await register(client, { name, email, password });
  assertRedirect(reply, '/account', `register ${email}`);
  return { client, name, email, password };
}

// ---------------------------------------------------------------------------
// CLI

/**
 * Runs the tuki binary against the server's database: `--db URL` is inserted
 * after the sub-command words, e.g. runCli(server, ['token', 'create',
 * '--email', e, '--name', 'ci']) runs `tuki token create --db URL --email ...`.
 * Resolves { code, signal, stdout, stderr }.
 */
export function runCli(server, args, { stdin, env = {} } = {}) {
  const dbUrl = typeof server === 'string' ? server : server.dbUrl;
  let i = args.findIndex((a) => a.startsWith('-'));
  if (i < 0) i = args.length;
  const full = [...args.slice(0, i), '--db', dbUrl, ...args.slice(i)];
  return new Promise((resolve, reject) => {
    const child = spawn(TUKI_BIN, full, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...stringValues(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s) => { stdout += s; });
    child.stderr.on('data', (s) => { stderr += s; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tuki ${full.join(' ')} did not finish within ${CLI_TIMEOUT_MS} ms\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the CLI may exit without reading stdin
    child.stdin.end(stdin ?? '');
  });
}

function assertCliOk(r, what) {
  assert.equal(r.code, 0, `${what} exited ${r.code} (${r.signal})\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, SANITIZER_RE, `${what}: sanitizer report\n${r.stderr}`);
}

/** `tuki user add ... --password-stdin`; asserts success. */
export async function cliAddUser(server, { email, name, role = 'agent', password = DEFAULT_PASSWORD }) {
  const r = await runCli(server,
    ['user', 'add', '--email', email, '--name', name, '--role', role, '--password-stdin'],
    { stdin: `${password}\n` });
  assertCliOk(r, 'tuki user add');
  return r;
}

/** `tuki token create`; asserts success and returns the token. */
export async function cliCreateToken(server, { email, label = 'tests' }) {
  const r = await runCli(server, ['token', 'create', '--email', email, '--name', label]);
  assertCliOk(r, 'tuki token create');
  const token = r.stdout.trim();
  assert.ok(token.length >= 16, `token create printed no token: ${JSON.stringify(r.stdout)}`);
  assert.doesNotMatch(token, /\s/, `token create must print the token alone: ${JSON.stringify(r.stdout)}`);
  return token;
}

// ---------------------------------------------------------------------------
// Raw HTTP over a socket, for bodies the server may refuse half-way.

/**
 * Sends one request on a new connection and resolves with the first response
 * as a Reply (status, headers, body, text; chunked bodies are not decoded). The body is written in chunks
 * and writing stops as soon as the server starts answering, so a server that
 * answers 413 early and closes the connection is handled. chunked: send the
 * body with Transfer-Encoding: chunked instead of Content-Length.
 */
export function rawRequest(server, {
  method = 'POST', path: urlPath = '/', headers = {}, body = Buffer.alloc(0),
  chunked = false, timeoutMs = REQUEST_TIMEOUT_MS,
} = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    let writeFailed = false;
    // A server that answers early (413) and closes makes our next write fail
    // with EPIPE/ECONNRESET while its answer still waits in the receive
    // buffer. Node destroys the socket on a write error, losing that answer,
    // so a write error only stops the writing here; reading goes on until the
    // answer, the end of the connection or a read error.
    const destroy = sock.destroy.bind(sock);
    sock.destroy = (err, ...rest) => {
      if (err && err.syscall === 'write' && !settled) {
        writeFailed = true;
        return sock;
      }
      return destroy(err, ...rest);
    };
    const finish = (err) => {
      if (settled) return;
      const parsed = parseRawResponse(received);
      if (!parsed && !err && !sock.destroyed && !sock.readableEnded) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (parsed) resolve(new Reply({ ...parsed, base: server.url }));
      else reject(err || new Error('connection closed without a response'));
    };
    const timer = setTimeout(() => finish(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
    sock.on('data', (d) => {
      received = Buffer.concat([received, d]);
      const parsed = parseRawResponse(received);
      if (parsed && parsed.complete) finish();
    });
    sock.on('end', () => finish(new Error('connection closed without a response')));
    sock.on('close', () => finish(new Error('connection closed without a response')));
    sock.on('error', (err) => finish(err));
    sock.on('connect', async () => {
      const lines = [`${method} ${urlPath} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`,
        'Connection: close'];
      const h = { ...headers };
      const has = (name) => Object.keys(h).some((k) => k.toLowerCase() === name);
      if (chunked) h['Transfer-Encoding'] = 'chunked';
      else if (!has('content-length') && (body.length || method !== 'GET')) {
        h['Content-Length'] = String(body.length);
      }
      for (const [k, v] of Object.entries(h)) lines.push(`${k}: ${v}`);
      const write = (buf) => new Promise((res) => {
        if (settled || writeFailed || sock.destroyed || received.length) { res(false); return; }
        if (sock.write(buf, (err) => { if (err) res(false); })) res(true);
        else sock.once('drain', () => res(true));
      });
      await write(Buffer.from(lines.join('\r\n') + '\r\n\r\n'));
      const CHUNK = 64 * 1024;
      for (let off = 0; off < body.length; off += CHUNK) {
        const part = body.subarray(off, off + CHUNK);
        const frame = chunked
          ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
          : part;
        if (!(await write(frame))) return;
        // Let the event loop poll the socket between chunks, so an early
        // answer is read before the next write can hit a reset connection.
        await new Promise((res) => setImmediate(res));
      }
      if (chunked) await write(Buffer.from('0\r\n\r\n'));
    });
  });
}

function parseRawResponse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = head[0].match(/^HTTP\/1\.[01] (\d{3})/);
  if (!m) return null;
  // Skip interim 1xx responses (e.g. 100 Continue).
  if (m[1][0] === '1') {
    const rest = parseRawResponse(buf.subarray(end + 4));
    return rest;
  }
  const headers = new Headers();
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const body = buf.subarray(end + 4);
  const len = headers.get('content-length');
  const complete = len !== null ? body.length >= Number(len)
    : /chunked/i.test(headers.get('transfer-encoding') || '') ? body.includes('0\r\n\r\n') : false;
  return { status: Number(m[1]), headers, body, complete };
}
