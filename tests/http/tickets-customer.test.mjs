// Tickets seen by a customer: the contact form, "My tickets", the ticket
// page and replies, and what a customer must never reach (other customers'
// tickets, internal notes, agent-only changes). Contract: docs/HTTP.md
// "Tickets (issue 4)" and docs/API.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertJsonError, findTags, hasElementWithId, testCleanShutdown, textOfClass,
  useServer, visibleText,
} from './harness.mjs';
import {
  categories, chainTo, fileTicketApi, fileTicketApiOk, fileTicketPage, fileTicketPageOk,
  formData, getTicket, innerOfClass, innerOfId, listAll, makeAgent, makeCustomer, makePng,
  patchTicket, postMessage, postMultipart, setStatuses, tableTicketIds, tagsWithClass,
  ticketIdFromRedirect, uniqueText, uploadApi,
} from './tickets-helpers.mjs';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

describe('tickets: customer side', () => {
  const srv = useServer();

  /** Posts a reply through the ticket page's form (multipart, as a browser would). */
  async function replyPage(user, id, body, files = []) {
    const page = await user.client.get(`/tickets/${id}`);
    assertHtml(page, 200, `GET /tickets/${id}`);
    const form = innerOfId(page.text, 'form', 'reply');
    assert.ok(form !== null, 'form#reply missing on an open ticket');
    const csrf = findTags(form, 'input').find((a) => a.name === 'csrf')?.value ?? await user.csrf();
    return postMultipart(user.client, `/tickets/${id}/reply`, formData({ csrf, body }, files));
  }

  /** The requested path (e.g. in a next= field) and csrf values masked, so two 404 pages compare. */
  function normalise(text, path) {
    return text.replace(/<input\b[^>]*\bname\s*=\s*"csrf"[^>]*>/gi, '<csrf>')
      .split(path).join('PATH')
      .split(encodeURIComponent(path)).join('PATH');
  }

  test('the contact form lists the active categories in a select', async () => {
    const jane = await makeCustomer(srv, { acceptLanguage: 'en' });
    const cats = await categories(jane);
    const r = await jane.client.get('/contact');
    assertHtml(r, 200, 'GET /contact');
    assert.ok(hasElementWithId(r.text, 'form', 'contact'), 'form#contact missing');
    const form = innerOfId(r.text, 'form', 'contact');
    const select = form.match(/<select\b[^>]*\bname\s*=\s*"category"[^>]*>([\s\S]*?)<\/select>/i);
    assert.ok(select, 'select[name=category] missing in form#contact');
    const options = [...select[1].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)]
      .map((m) => ({ value: findTags(`<option${m[1]}>`, 'option')[0].value, text: visibleText(m[2]) }))
      .filter((o) => o.value !== undefined && o.value !== '');
    assert.deepEqual(options.map((o) => Number(o.value)).sort((a, b) => a - b),
      cats.map((c) => Number(c.id)).sort((a, b) => a - b), 'one option per active category');
    for (const c of cats) {
      const o = options.find((x) => Number(x.value) === Number(c.id));
      assert.equal(o.text, c.name, `option text for category ${c.id}`);
    }
    for (const name of ['subject', 'body']) {
      assert.ok(new RegExp(`name\\s*=\\s*"${name}"`).test(form), `field ${name} in form#contact`);
    }
  });

  test('categories follow the language: Finnish names with Accept-Language fi', async () => {
    const jane = await makeCustomer(srv);
    const en = (await jane.api('GET', '/categories', undefined, { acceptLanguage: 'en' })).json().categories;
    const fi = (await jane.api('GET', '/categories', undefined, { acceptLanguage: 'fi' })).json().categories;
    assert.deepEqual(fi.map((c) => c.id), en.map((c) => c.id), 'same categories');
    assert.ok(fi.some((c, i) => c.name !== en[i].name), `Finnish names differ: ${JSON.stringify(fi)}`);
  });

  test('filing through the contact form (multipart) answers 303 to the new ticket', async () => {
    const jane = await makeCustomer(srv);
    const [cat] = await categories(jane);
    const subject = uniqueText('Order not shipped');
    const body = uniqueText('I ordered on Monday');
    const id = await fileTicketPageOk(jane, { subject, category: cat.id, body });
    const page = await jane.client.get(`/tickets/${id}`);
    assertHtml(page, 200, 'ticket page');
    assert.ok(page.text.includes(subject), 'subject on the ticket page');
    assert.ok(visibleText(innerOfClass(page.text, 'thread') ?? '').includes(body), 'body in .thread');
    const t = await getTicket(jane, id);
    assert.equal(t.status, 'new');
    assert.equal(t.subject, subject);
    assert.equal(Number(t.category.id), Number(cat.id));
    assert.equal(t.customer.id, jane.id);
    assert.equal(t.messages.length, 1);
    assert.equal(t.messages[0].body, body);
  });

  test('filing through the contact form also works urlencoded', async () => {
    const jane = await makeCustomer(srv);
    const cats = await categories(jane);
    const subject = uniqueText('urlencoded');
    const id = await fileTicketPageOk(jane, { subject, category: cats[1].id, body: 'plain form', urlencoded: true });
    const t = await getTicket(jane, id);
    assert.equal(t.subject, subject);
    assert.equal(Number(t.category.id), Number(cats[1].id));
  });

  test('POST /api/v1/tickets answers 201 with id, status new and times', async () => {
    const jane = await makeCustomer(srv);
    const [cat] = await categories(jane);
    const subject = uniqueText('API ticket');
    const r = await fileTicketApi(jane, { subject, category: cat.id, body: 'Ordered on Monday...' });
    assert.equal(r.status, 201, r.describe());
    assert.match(r.contentType, /^application\/json\b/i);
    const t = r.json();
    assert.ok(Number.isInteger(t.id) && t.id > 0, `id: ${t.id}`);
    assert.equal(t.status, 'new');
    assert.equal(t.subject, subject);
    assert.match(t.created_at, ISO_UTC, 'created_at');
    assert.match(t.updated_at, ISO_UTC, 'updated_at');
    assert.match(t.waiting_since, ISO_UTC, 'waiting_since');
    assert.ok(Math.abs(Date.parse(t.created_at) - Date.now()) < 5 * 60 * 1000, 'created_at is now');
    assert.deepEqual({ id: t.customer.id, name: t.customer.name }, { id: jane.id, name: jane.name });
    assert.equal(Number(t.category.id), Number(cat.id));
    assert.equal(t.category.name, cat.name);
    assert.equal(t.assignee, null);
    const again = await getTicket(jane, t.id);
    assert.equal(again.subject, subject);
    assert.deepEqual(again.events.map((e) => [e.kind, e.from, e.to]), [['created', null, 'new']]);
  });

  test('empty subject answers 422 and keeps the typed body', async () => {
    const jane = await makeCustomer(srv);
    const [cat] = await categories(jane);
    const body = uniqueText('typed body <kept> & "quoted"');
    const r = await fileTicketPage(jane, { subject: '', category: cat.id, body });
    assertHtml(r, 422, 'POST /contact without subject');
    assert.ok(textOfClass(r.text, 'error'), '.error message shown');
    assert.ok(hasElementWithId(r.text, 'form', 'contact'), 'the form is shown again');
    const textarea = r.text.match(/<textarea\b[^>]*\bname\s*=\s*"body"[^>]*>([\s\S]*?)<\/textarea>/i);
    assert.ok(textarea, 'textarea[name=body] in the re-rendered form');
    assert.equal(visibleText(textarea[1]), body, 'typed body kept (escaped)');
    assert.ok(!r.text.includes('<kept>'), 'typed text is HTML-escaped');
  });

  test('empty body answers 422 and keeps the typed subject', async () => {
    const jane = await makeCustomer(srv);
    const [cat] = await categories(jane);
    const subject = uniqueText('typed subject "q"');
    const r = await fileTicketPage(jane, { subject, category: cat.id, body: '' });
    assertHtml(r, 422, 'POST /contact without body');
    assert.ok(textOfClass(r.text, 'error'), '.error message shown');
    const input = findTags(r.text, 'input').find((a) => a.name === 'subject');
    assert.ok(input, 'input[name=subject] in the re-rendered form');
    assert.equal(input.value, subject, 'typed subject kept');
  });

  test('an unknown category answers 422 (page and API) and files nothing', async () => {
    const jane = await makeCustomer(srv);
    const cats = await categories(jane);
    const unknown = Math.max(...cats.map((c) => Number(c.id))) + 1000;
    const subject = uniqueText('bad category');
    const r = await fileTicketPage(jane, { subject, category: unknown, body: 'text' });
    assertHtml(r, 422, 'POST /contact with unknown category');
    assert.ok(textOfClass(r.text, 'error'), '.error message shown');
    const a = await fileTicketApi(jane, { subject, category: unknown, body: 'text' });
    const err = assertJsonError(a, 422, 'invalid', 'API unknown category');
    assert.equal(err.field, 'category');
    const e = await fileTicketApi(jane, { subject: '', category: cats[0].id, body: 'text' });
    assert.equal(assertJsonError(e, 422, 'invalid', 'API empty subject').field, 'subject');
    const b = await fileTicketApi(jane, { subject, category: cats[0].id, body: '' });
    assert.equal(assertJsonError(b, 422, 'invalid', 'API empty body').field, 'body');
    const mine = await listAll(jane, '/tickets');
    assert.deepEqual(mine.items, [], 'no ticket was filed');
  });

  test('"My tickets" lists only my tickets, newest activity first', async () => {
    const jane = await makeCustomer(srv);
    const other = await makeCustomer(srv);
    const a = await fileTicketApiOk(jane);
    const b = await fileTicketApiOk(jane);
    const c = await fileTicketApiOk(jane);
    const foreign = await fileTicketApiOk(other);
    assert.equal((await postMessage(jane, a.id, 'news on the oldest')).status, 201);
    const r = await jane.client.get('/tickets');
    assertHtml(r, 200, 'GET /tickets');
    const ids = tableTicketIds(r.text, 'tickets');
    assert.deepEqual([...ids].sort((x, y) => x - y), [a.id, b.id, c.id], 'exactly my tickets');
    assert.ok(!ids.includes(foreign.id));
    const api = (await listAll(jane, '/tickets')).items;
    assert.deepEqual(api.map((t) => t.id).sort((x, y) => x - y), [a.id, b.id, c.id], 'API: exactly mine');
    const updated = new Map(api.map((t) => [t.id, Date.parse(t.updated_at)]));
    for (let i = 1; i < ids.length; i++) {
      assert.ok(updated.get(ids[i - 1]) >= updated.get(ids[i]),
        `page order ${ids} is not newest activity first (${JSON.stringify(api.map((t) => [t.id, t.updated_at]))})`);
    }
    assert.deepEqual(api.map((t) => t.id), ids, 'API and page agree on the order');
    assert.ok(updated.get(a.id) >= Date.parse(a.updated_at), 'reply moved updated_at');
    if (updated.get(a.id) > Math.max(updated.get(b.id), updated.get(c.id))) {
      assert.equal(ids[0], a.id, 'the ticket just replied to is first');
    }
  });

  test('the ticket page shows the whole thread, oldest first, and a reply form', async () => {
    const jane = await makeCustomer(srv);
    const agent = await makeAgent(srv);
    const t = await fileTicketApiOk(jane, { body: uniqueText('first') });
    const second = uniqueText('agent answer');
    assert.equal((await postMessage(agent, t.id, second)).status, 201);
    const r = await jane.client.get(`/tickets/${t.id}`);
    assertHtml(r, 200, 'ticket page');
    const thread = innerOfClass(r.text, 'thread');
    assert.ok(thread !== null, '.thread missing');
    assert.equal(tagsWithClass(thread, 'message').length, 2, 'two .message in .thread');
    const first = (await getTicket(jane, t.id)).messages[0].body;
    const i1 = thread.indexOf(first);
    const i2 = thread.indexOf(second);
    assert.ok(i1 >= 0 && i2 > i1, 'both messages, oldest first');
    assert.ok(hasElementWithId(r.text, 'form', 'reply'), 'form#reply');
  });

  test('a reply through the page answers 303 back and joins the thread', async () => {
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const body = uniqueText('my reply');
    const r = await replyPage(jane, t.id, body);
    assert.equal(ticketIdFromRedirect(r, 'POST reply'), t.id);
    const page = await jane.client.get(`/tickets/${t.id}`);
    assert.ok(visibleText(innerOfClass(page.text, 'thread')).includes(body), 'reply shown');
    const api = await getTicket(jane, t.id);
    assert.deepEqual(api.messages.map((m) => m.body).slice(-1), [body]);
    assert.equal(api.messages.at(-1).author.id, jane.id);
    assert.equal(api.messages.at(-1).internal, false);
  });

  test('a reply through the API answers 201 with the message', async () => {
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const r = await postMessage(jane, t.id, 'Here is the order number: 1234');
    assert.equal(r.status, 201, r.describe());
    const m = r.json();
    assert.ok(Number.isInteger(m.id));
    assert.equal(m.body, 'Here is the order number: 1234');
    assert.equal(m.internal, false);
    assert.equal(m.author.id, jane.id);
    assert.deepEqual(m.attachments, []);
  });

  test('a customer reply to a solved ticket reopens it', async () => {
    const jane = await makeCustomer(srv);
    const agent = await makeAgent(srv);
    const t = await fileTicketApiOk(jane);
    await setStatuses(agent, t.id, chainTo('solved'));
    assert.equal((await getTicket(jane, t.id)).status, 'solved');
    const r = await replyPage(jane, t.id, 'It broke again');
    ticketIdFromRedirect(r, 'reply to solved');
    const after = await getTicket(agent, t.id);
    assert.equal(after.status, 'open');
    const ev = after.events.at(-1);
    assert.deepEqual([ev.from, ev.to], ['solved', 'open'], `last event: ${JSON.stringify(ev)}`);
    assert.equal(ev.actor.id, jane.id, 'the customer reopened it');
  });

  test('a reply to a closed ticket is refused with 409 and the page links to a new ticket', async () => {
    const jane = await makeCustomer(srv);
    const agent = await makeAgent(srv);
    const t = await fileTicketApiOk(jane);
    await setStatuses(agent, t.id, chainTo('closed'));
    const page = await jane.client.get(`/tickets/${t.id}`);
    assertHtml(page, 200, 'closed ticket page');
    assert.ok(!hasElementWithId(page.text, 'form', 'reply'), 'no form#reply on a closed ticket');
    const notice = innerOfClass(page.text, 'closed-notice');
    assert.ok(notice !== null, '.closed-notice missing');
    const links = findTags(notice, 'a').map((a) => new URL(a.href, 'http://x'));
    assert.ok(links.some((u) => u.pathname === '/contact' && u.searchParams.get('from') === String(t.id)),
      `.closed-notice links to /contact?from=${t.id}: ${notice}`);
    const before = (await getTicket(jane, t.id)).messages.length;
    const csrf = await jane.csrf('/contact');
    const r = await postMultipart(jane.client, `/tickets/${t.id}/reply`, formData({ csrf, body: 'too late' }));
    assertHtml(r, 409, 'page reply to closed');
    assert.ok(findTags(r.text, 'a').some((a) => new URL(a.href, 'http://x').pathname === '/contact'),
      '409 page links to a new ticket');
    assertJsonError(await postMessage(jane, t.id, 'too late'), 409, 'conflict', 'API reply to closed');
    const after = await getTicket(jane, t.id);
    assert.equal(after.messages.length, before, 'nothing was added');
    assert.equal(after.status, 'closed');
  });

  test('another customer\'s ticket answers 404 everywhere, just like an unknown id', async () => {
    const owner = await makeCustomer(srv);
    const mallory = await makeCustomer(srv);
    const subject = uniqueText('secret subject');
    const png = makePng();
    const id = await fileTicketPageOk(owner, {
      subject, category: (await categories(owner))[0].id, body: uniqueText('secret body'),
      files: [{ filename: 'secret.png', data: png, type: 'image/png' }],
    });
    const ticket = await getTicket(owner, id);
    const att = ticket.messages[0].attachments[0];
    assert.ok(att, 'attachment stored');
    const unknown = id + 100000;
    const unknownAtt = att.id + 100000;
    const csrf = await mallory.csrf('/contact');

    const pageCases = [
      ['GET', `/tickets/${id}`, `/tickets/${unknown}`],
      ['GET', `/attachments/${att.id}`, `/attachments/${unknownAtt}`],
      ['POST', `/tickets/${id}/reply`, `/tickets/${unknown}/reply`],
    ];
    for (const [method, path, unknownPath] of pageCases) {
      const send = (p) => (method === 'GET' ? mallory.client.get(p)
        : postMultipart(mallory.client, p, formData({ csrf, body: 'hi' })));
      const a = await send(path);
      const b = await send(unknownPath);
      assert.equal(a.status, 404, `${method} ${path} as another customer: ${a.describe()}`);
      assert.equal(b.status, 404, `${method} ${unknownPath}: ${b.describe()}`);
      assert.ok(!a.text.includes(subject), `${path}: subject leaked`);
      assert.ok(!a.body.includes(png), `${path}: file leaked`);
      assert.equal(normalise(a.text, path), normalise(b.text, unknownPath),
        `${method} ${path}: the 404 differs from an unknown id's`);
    }

    const apiCases = [
      ['GET', `/tickets/${id}`, `/tickets/${unknown}`, undefined],
      ['POST', `/tickets/${id}/messages`, `/tickets/${unknown}/messages`, { body: 'hi' }],
      ['GET', `/attachments/${att.id}`, `/attachments/${unknownAtt}`, undefined],
    ];
    for (const [method, path, unknownPath, json] of apiCases) {
      const a = await mallory.api(method, path, json);
      const b = await mallory.api(method, unknownPath, json);
      const ea = assertJsonError(a, 404, 'not_found', `API ${method} ${path} as another customer`);
      const eb = assertJsonError(b, 404, 'not_found', `API ${method} ${unknownPath}`);
      assert.deepEqual(ea, eb, `API ${method} ${path}: same answer as an unknown id`);
      assert.ok(!a.text.includes(subject));
    }
    const up = await uploadApi(mallory, id, { body: 'x', files: [{ filename: 'a.png', data: makePng(), type: 'image/png' }] });
    const upUnknown = await uploadApi(mallory, unknown, { body: 'x', files: [{ filename: 'a.png', data: makePng(), type: 'image/png' }] });
    assert.deepEqual(assertJsonError(up, 404, 'not_found', 'API upload to another customer\'s ticket'),
      assertJsonError(upUnknown, 404, 'not_found', 'API upload to an unknown ticket'));

    const list = (await listAll(mallory, '/tickets')).items;
    assert.ok(!list.some((t) => t.id === id), 'not in the other customer\'s list');
    const after = await getTicket(owner, id);
    assert.equal(after.messages.length, 1, 'nothing was added by the other customer');
    assert.equal(after.status, 'new');
  });

  test('a customer cannot post internal notes (403) nor change status or assignee', async () => {
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    assertJsonError(await postMessage(jane, t.id, 'note?', { internal: true }), 403, 'forbidden',
      'customer internal note');
    assertJsonError(await patchTicket(jane, t.id, { status: 'closed' }), 403, 'forbidden',
      'customer PATCH status');
    assertJsonError(await patchTicket(jane, t.id, { assignee: 'me' }), 403, 'forbidden',
      'customer PATCH assignee');
    const after = await getTicket(jane, t.id);
    assert.equal(after.status, 'new');
    assert.equal(after.assignee, null);
    assert.equal(after.messages.length, 1);
  });

  test('a customer never sees internal notes, on the page or in the API', async () => {
    const jane = await makeCustomer(srv);
    const agent = await makeAgent(srv);
    const t = await fileTicketApiOk(jane);
    const note = uniqueText('internal note about the customer');
    const publicReply = uniqueText('public answer');
    const n = await postMessage(agent, t.id, note, { internal: true });
    assert.equal(n.status, 201, n.describe());
    assert.equal(n.json().internal, true);
    assert.equal((await postMessage(agent, t.id, publicReply)).status, 201);
    const staff = await getTicket(agent, t.id);
    assert.ok(staff.messages.some((m) => m.body === note && m.internal === true), 'agent sees the note');

    const page = await jane.client.get(`/tickets/${t.id}`);
    assertHtml(page, 200);
    assert.ok(page.text.includes(publicReply), 'public reply shown');
    assert.ok(!page.text.includes(note), 'internal note leaked to the customer page');
    assert.equal(tagsWithClass(page.text, 'internal').length, 0, 'no .internal element');
    const api = await jane.api('GET', `/tickets/${t.id}`);
    assert.equal(api.status, 200);
    assert.ok(!api.text.includes(note), 'internal note leaked in the API');
    assert.ok(api.json().messages.every((m) => m.internal === false), 'only public messages');
    assert.equal(api.json().messages.length, 2);
    const list = await jane.api('GET', '/tickets');
    assert.ok(!list.text.includes(note), 'internal note leaked in the list');
  });

  test('a customer cannot reach the desk', async () => {
    const jane = await makeCustomer(srv);
    assert.equal((await jane.client.get('/desk')).status, 403);
    assertJsonError(await jane.api('GET', '/queue'), 403, 'forbidden', 'customer GET /queue');
  });

  testCleanShutdown(srv);
});
