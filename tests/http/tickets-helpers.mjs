// tickets-helpers.mjs - shared helpers for the ticket tests (issue 4).
//
// Users are made with the CLI (`tuki user add`, `tuki token create`) and log
// in through the web form, so each one has both a cookie session (pages) and
// a bearer token (JSON API). Multipart bodies are built either with
// FormData/Blob (what a browser sends) or by hand, for file names that
// FormData would escape on its own (quotes, CR, LF, paths).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { deflateSync } from 'node:zlib';

import {
  DEFAULT_PASSWORD, assertRedirect, cliAddUser, cliCreateToken, findTags, getCsrf, login,
  uniqueEmail,
} from './harness.mjs';

export const STATUSES = ['new', 'open', 'waiting', 'solved', 'closed'];
export const MAX_FILES = 5;
export const MAX_FILE_SIZE = 10 * 1024 * 1024;

const serverOf = (srv) => srv.server ?? srv;

/** A short random marker to make subjects and bodies unique. */
export function uniqueText(prefix = 'text') {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

// ---------------------------------------------------------------------------
// Users

/**
 * A user made with `tuki user add --role ROLE --password-stdin`, logged in
 * through the form (client: cookie session) and with a bearer token
 * (api(): JSON API). acceptLanguage applies to both.
 */
export async function makeUser(srv, role, { name, acceptLanguage, email = uniqueEmail(role) } = {}) {
  const server = serverOf(srv);
  name ??= `${role[0].toUpperCase()}${role.slice(1)} ${randomBytes(3).toString('hex')}`;
  await cliAddUser(server, { email, name, role, password: DEFAULT_PASSWORD });
  const client = server.client({ acceptLanguage });
  assertRedirect(await login(client, email, DEFAULT_PASSWORD), '/account', `log in ${role} ${email}`);
  const token = await cliCreateToken(server, { email, label: `tests-${role}` });
  const user = new ApiUser(server, { email, name, role, token, client, acceptLanguage });
  const me = await user.api('GET', '/me');
  assert.equal(me.status, 200, `GET /api/v1/me for ${email}: ${me.describe()}`);
  user.id = me.json().id;
  assert.equal(me.json().role, role, 'role of the new user');
  return user;
}

export const makeAgent = (srv, options) => makeUser(srv, 'agent', options);
export const makeCustomer = (srv, options) => makeUser(srv, 'customer', options);
export const makeAdmin = (srv, options) => makeUser(srv, 'admin', options);

/** A bearer token for an existing account. */
export function apiToken(srv, email) {
  return cliCreateToken(serverOf(srv), { email, label: 'tests' });
}

export class ApiUser {
  constructor(server, { email, name, role, token, client, acceptLanguage }) {
    Object.assign(this, { server, email, name, role, token, client, acceptLanguage });
    this.id = null;
  }

  /** A request with the bearer token and no cookies. path is below /api/v1. */
  api(method, path, json, { headers = {}, acceptLanguage = this.acceptLanguage } = {}) {
    const c = this.server.client({ acceptLanguage });
    const opts = { headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (json !== undefined) {
      opts.body = typeof json === 'string' ? json : JSON.stringify(json);
      opts.contentType = 'application/json';
    }
    return c.request(method, `/api/v1${path}`, opts);
  }

  /** A bearer request with a raw body (multipart). */
  apiRaw(method, path, { body, contentType, headers = {} } = {}) {
    const c = this.server.client({ acceptLanguage: this.acceptLanguage });
    return c.request(method, `/api/v1${path}`, {
      body, contentType, headers: { authorization: `Bearer ${this.token}`, ...headers },
    });
  }

  /** The csrf token of this user's session (from a page with a form). */
  async csrf(path = '/account') {
    return (await getCsrf(this.client, path)).csrf;
  }
}

// ---------------------------------------------------------------------------
// Multipart bodies

/**
 * FormData with text fields (object or array of pairs) and files
 * [{ filename, data: Buffer, type }] under the field name `files`.
 */
export function formData(fields = {}, files = []) {
  const fd = new FormData();
  for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) {
    if (v !== undefined && v !== null) fd.append(k, String(v));
  }
  for (const f of files) {
    fd.append(f.field ?? 'files', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }),
      f.filename);
  }
  return fd;
}

/**
 * A hand-built multipart/form-data body. parts: { name, value } for text
 * fields, { name, filename, data, type } for files. The filename is written
 * between the quotes exactly as given (no escaping), so tests control the
 * bytes the server's parser sees; { disposition, data, type } gives the
 * part's whole Content-Disposition value instead. Returns { body: Buffer, contentType }.
 */
export function rawMultipart(parts) {
  const boundary = `----tukiTest${randomBytes(12).toString('hex')}`;
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.disposition !== undefined) {
      // The whole Content-Disposition value of the part, as given.
      head = `--${boundary}\r\nContent-Disposition: ${p.disposition}\r\nContent-Type: ${p.type ?? 'application/octet-stream'}`;
    } else if (p.filename !== undefined) {
      head += `; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}`;
    }
    head += '\r\n\r\n';
    chunks.push(Buffer.from(head, 'utf8'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(String(p.value ?? p.data ?? ''), 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Parts for rawMultipart from fields and files (as for formData). */
export function rawParts(fields = {}, files = []) {
  const parts = Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)
    .map(([name, value]) => ({ name, value: String(value) }));
  for (const f of files) parts.push({ name: f.field ?? 'files', ...f });
  return parts;
}

/** POST a FormData (or { body, contentType } from rawMultipart) with the session. */
export function postMultipart(client, path, multipart, options = {}) {
  if (multipart instanceof FormData) {
    return client.request('POST', path, { ...options, body: multipart });
  }
  return client.request('POST', path, { ...options, body: multipart.body, contentType: multipart.contentType });
}

// ---------------------------------------------------------------------------
// Files

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A small valid RGB PNG with random pixels (so every call gives other bytes). */
export function makePng(width = 4, height = 3) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const rows = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.from([0]), randomBytes(width * 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function makeSvgWithScript() {
  return Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n' +
    `<script type="text/javascript">alert("${uniqueText('xss')}")</script>\n` +
    '<rect width="10" height="10" fill="red"/>\n</svg>\n');
}

export function makeHtml() {
  return Buffer.from('<!DOCTYPE html>\n<html><head><title>x</title></head>\n' +
    `<body><script>alert("${uniqueText('xss')}")</script><p>hello</p></body></html>\n`);
}

export function makeText(text = uniqueText('plain')) {
  return Buffer.from(`${text}\nsome plain text in a file\n`);
}

// ---------------------------------------------------------------------------
// Tickets

/** The active categories from the API, [{ id, name }, ...] (at least two). */
export async function categories(user) {
  const r = await user.api('GET', '/categories');
  assert.equal(r.status, 200, `GET /api/v1/categories: ${r.describe()}`);
  const list = r.json().categories;
  assert.ok(Array.isArray(list) && list.length >= 2, `need two categories: ${r.text}`);
  return list;
}

/** Files a ticket through the contact form (multipart); returns the reply. */
export async function fileTicketPage(user, { subject, category, body, files = [], raw = false,
  urlencoded = false, extra = {} }) {
  const csrf = await user.csrf('/contact');
  const fields = { csrf, subject, category, body, ...extra };
  if (urlencoded) return user.client.post('/contact', fields);
  const mp = raw ? rawMultipart(rawParts(fields, files)) : formData(fields, files);
  return postMultipart(user.client, '/contact', mp);
}

/** The ticket id of a 303 to /tickets/{id}. */
export function ticketIdFromRedirect(reply, what = 'redirect to the ticket') {
  assert.equal(reply.status, 303, `${what}: ${reply.describe()}`);
  const m = (reply.location || '').match(/^\/tickets\/(\d+)(?:[?#].*)?$/);
  assert.ok(m, `${what}: Location ${reply.location} is not /tickets/{id}`);
  return Number(m[1]);
}

/** Files a ticket through the form and asserts the 303; returns the id. */
export async function fileTicketPageOk(user, options) {
  return ticketIdFromRedirect(await fileTicketPage(user, options), 'POST /contact');
}

/** POST /api/v1/tickets; returns the reply. */
export function fileTicketApi(user, { subject, category, body }) {
  return user.api('POST', '/tickets', { subject, category, body });
}

/** Files a ticket with the API, asserts 201; returns the ticket. */
export async function fileTicketApiOk(user, fields = {}) {
  const cats = fields.category === undefined ? await categories(user) : null;
  const t = {
    subject: fields.subject ?? uniqueText('subject'),
    category: fields.category ?? cats[0].id,
    body: fields.body ?? uniqueText('body'),
  };
  const r = await fileTicketApi(user, t);
  assert.equal(r.status, 201, `POST /api/v1/tickets: ${r.describe()}`);
  const ticket = r.json();
  assert.ok(Number.isInteger(ticket.id), `ticket id: ${r.text}`);
  return ticket;
}

/** GET /api/v1/tickets/{id}, asserting 200; returns the ticket with messages and events. */
export async function getTicket(user, id) {
  const r = await user.api('GET', `/tickets/${id}`);
  assert.equal(r.status, 200, `GET /api/v1/tickets/${id} as ${user.role}: ${r.describe()}`);
  return r.json();
}

/** PATCH /api/v1/tickets/{id}; returns the reply. */
export function patchTicket(user, id, patch) {
  return user.api('PATCH', `/tickets/${id}`, patch);
}

/** PATCHes the statuses one after the other, asserting 200 each time. */
export async function setStatuses(agent, id, statuses) {
  for (const status of statuses) {
    const r = await patchTicket(agent, id, { status });
    assert.equal(r.status, 200, `PATCH status ${status} of ${id}: ${r.describe()}`);
    assert.equal(r.json().status, status, `status after PATCH ${status}`);
  }
}

/** Status chain from new to the wanted status. */
export function chainTo(status) {
  const chain = ['open', 'waiting', 'solved', 'closed'];
  return chain.slice(0, chain.indexOf(status) + 1);
}

/** POST /api/v1/tickets/{id}/messages; returns the reply. */
export function postMessage(user, id, body, extra = {}) {
  return user.api('POST', `/tickets/${id}/messages`, { body, ...extra });
}

/** POST /api/v1/tickets/{id}/attachments with FormData; returns the reply. */
export function uploadApi(user, id, { body, files = [], raw = false }) {
  const fields = body === undefined ? {} : { body };
  if (raw) {
    const mp = rawMultipart(rawParts(fields, files));
    return user.apiRaw('POST', `/tickets/${id}/attachments`, mp);
  }
  const c = user.server.client({ acceptLanguage: user.acceptLanguage });
  return c.request('POST', `/api/v1/tickets/${id}/attachments`, {
    body: formData(fields, files), headers: { authorization: `Bearer ${user.token}` },
  });
}

/**
 * Walks a paged list (path with query, below /api/v1) following next_cursor;
 * returns { items, pages }.
 */
export async function listAll(user, path, { limit = 100, key = 'tickets', maxPages = 1000 } = {}) {
  const items = [];
  const pages = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    const u = new URL(path, 'http://x');
    u.searchParams.set('limit', String(limit));
    if (cursor !== null) u.searchParams.set('cursor', cursor);
    const r = await user.api('GET', u.pathname + u.search);
    assert.equal(r.status, 200, `GET ${u.pathname}${u.search}: ${r.describe()}`);
    const page = r.json();
    assert.ok(Array.isArray(page[key]), `${key} array in ${r.text.slice(0, 300)}`);
    assert.ok(page[key].length <= limit, `page longer than limit ${limit}: ${page[key].length}`);
    assert.ok('next_cursor' in page, `next_cursor missing: ${r.text.slice(0, 300)}`);
    pages.push(page);
    items.push(...page[key]);
    if (page.next_cursor === null) return { items, pages };
    assert.equal(typeof page.next_cursor, 'string', 'next_cursor is a string or null');
    assert.notEqual(page.next_cursor, cursor, 'next_cursor must advance');
    cursor = page.next_cursor;
  }
  assert.fail(`more than ${maxPages} pages at ${path}`);
}

// ---------------------------------------------------------------------------
// HTML

/** Start tags (as attribute objects) whose class list contains every class given. */
export function tagsWithClass(html, ...classes) {
  const re = /<([a-z][\w-]*)\b[^>]*>/gi;
  const out = [];
  for (const m of html.matchAll(re)) {
    const attrs = findTags(m[0], m[1])[0];
    const list = (attrs?.class || '').split(/\s+/);
    if (classes.every((c) => list.includes(c))) out.push({ tag: m[1].toLowerCase(), ...attrs });
  }
  return out;
}

/** Inner HTML of the first element <tag class="... cls ..."> (nesting-aware). */
export function innerOfClass(html, cls, tag) {
  const open = new RegExp(`<(${tag ?? '[a-z][\\w-]*'})\\b[^>]*\\bclass\\s*=\\s*"(?:[^"]*\\s)?${cls}(?:\\s[^"]*)?"[^>]*>`, 'i');
  const m = open.exec(html);
  if (!m) return null;
  return innerFrom(html, m.index + m[0].length, m[1]);
}

/** Inner HTML of the first <tag id="id">. */
export function innerOfId(html, tag, id) {
  const open = new RegExp(`<${tag}\\b[^>]*\\bid\\s*=\\s*"${id}"[^>]*>`, 'i');
  const m = open.exec(html);
  if (!m) return null;
  return innerFrom(html, m.index + m[0].length, tag);
}

function innerFrom(html, start, tag) {
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  re.lastIndex = start;
  let depth = 1;
  let m;
  while ((m = re.exec(html))) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index);
  }
  return html.slice(start);
}

/** Ticket ids of the rows tr[data-ticket-id] inside table.CLASS, in page order. */
export function tableTicketIds(html, tableClass) {
  const inner = innerOfClass(html, tableClass, 'table');
  assert.ok(inner !== null, `table.${tableClass} missing`);
  return findTags(inner, 'tr').filter((a) => a['data-ticket-id'] !== undefined)
    .map((a) => Number(a['data-ticket-id']));
}

/** Attachment ids from the a.attachment links of a page, in page order. */
export function attachmentLinks(html) {
  return tagsWithClass(html, 'attachment').filter((a) => a.tag === 'a').map((a) => {
    const m = new URL(a.href, 'http://x').pathname.match(/^\/attachments\/(\d+)$/);
    assert.ok(m, `a.attachment href ${a.href} is not /attachments/{id}`);
    return Number(m[1]);
  });
}

// ---------------------------------------------------------------------------
// Raw responses, for checking header lines as sent

/**
 * GET over a plain socket; resolves { status, headLines, header(name) -> all
 * values, body: Buffer }. headLines are the raw header lines split on CRLF
 * only, so a CR or LF smuggled into a header value stays visible.
 */
export function rawGet(srv, path, headers = {}) {
  const server = serverOf(srv);
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`raw GET ${path}: timeout`)); }, 20000);
    sock.on('connect', () => {
      const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, 'Connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('close', () => {
      clearTimeout(timer);
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { reject(new Error(`raw GET ${path}: no complete head:\n${buf.toString('latin1')}`)); return; }
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = head[0].match(/^HTTP\/1\.[01] (\d{3})/);
      if (!m) { reject(new Error(`raw GET ${path}: bad status line ${head[0]}`)); return; }
      const headLines = head.slice(1);
      const header = (name) => headLines
        .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        .map((l) => l.slice(name.length + 1).trim());
      resolve({ status: Number(m[1]), headLines, header, body: buf.subarray(end + 4) });
    });
  });
}

/**
 * Parses and checks a Content-Disposition value: a disposition type, then
 * only filename="..." (no quote, backslash, control character) and
 * filename*=UTF-8''pct-encoded. Returns { type, filename, filenameStar }.
 */
export function parseDisposition(value, what = 'Content-Disposition') {
  assert.equal(typeof value, 'string', `${what} missing`);
  assert.doesNotMatch(value, /[\x00-\x1f\x7f]/, `${what} has control characters: ${JSON.stringify(value)}`);
  const m = value.match(/^\s*(attachment|inline)\s*((?:;.*)?)$/i);
  assert.ok(m, `${what}: bad disposition type: ${value}`);
  const out = { type: m[1].toLowerCase(), filename: undefined, filenameStar: undefined };
  let rest = m[2];
  const paramRe = /^\s*;\s*(?:filename="([^"\\\x00-\x1f\x7f]*)"|filename\*=UTF-8''((?:[A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-Fa-f]{2})*))\s*/i;
  while (rest.trim() !== '') {
    const p = rest.match(paramRe);
    assert.ok(p, `${what}: malformed parameters at ${JSON.stringify(rest)} in ${JSON.stringify(value)}`);
    if (p[1] !== undefined) out.filename = p[1];
    else out.filenameStar = decodeURIComponent(p[2]);
    rest = rest.slice(p[0].length);
  }
  return out;
}

/** Asserts a sanitised file name: no path, no quotes, no control characters. */
export function assertSafeName(name, what = 'file name') {
  assert.equal(typeof name, 'string', `${what} missing`);
  assert.ok(name.length > 0, `${what} empty`);
  assert.doesNotMatch(name, /[/\\"\x00-\x1f\x7f]/, `${what} not sanitised: ${JSON.stringify(name)}`);
  assert.ok(!name.startsWith('.'), `${what} starts with a dot: ${JSON.stringify(name)}`);
}
