// The agents' desk: the queue and its filters, the desk ticket view,
// internal notes, status changes and their history, taking and releasing
// tickets (also under a race), and paging through the API.
// Contract: docs/HTTP.md "Tickets (issue 4)" and docs/API.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertHtml, assertJsonError, assertRedirect, findTags, hasElementWithId, testCleanShutdown,
  textOfClass, useServer, visibleText,
} from './harness.mjs';
import {
  STATUSES, categories, chainTo, fileTicketApiOk, getTicket, innerOfClass, listAll, makeAgent,
  makeCustomer, patchTicket, postMessage, setStatuses, tableTicketIds, tagsWithClass, uniqueText,
} from './tickets-helpers.mjs';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const LABELS = { new: 'new', open: 'open', waiting: 'waiting', solved: 'solved', closed: 'closed' };

/**
 * Per-status numbers of .status-counts: from elements with data-status, from
 * links with status=X, or else from the English label followed or preceded
 * by a number.
 */
function statusCounts(html) {
  const inner = innerOfClass(html, 'status-counts');
  assert.ok(inner !== null, '.status-counts missing');
  const counts = {};
  const numberIn = (s) => {
    const m = visibleText(s).match(/\d+/);
    return m ? Number(m[0]) : undefined;
  };
  for (const status of STATUSES) {
    const re = new RegExp(`<(\\w+)\\b([^>]*)>([\\s\\S]*?)</\\1>`, 'gi');
    for (const m of inner.matchAll(re)) {
      const attrs = findTags(`<${m[1]}${m[2]}>`, m[1])[0];
      const href = attrs.href ? new URL(attrs.href, 'http://x').searchParams.get('status') : null;
      if (attrs['data-status'] === status || href === status) {
        counts[status] = numberIn(m[3]);
        if (counts[status] !== undefined) break;
      }
    }
    if (counts[status] === undefined) {
      const text = visibleText(inner);
      const m = text.match(new RegExp(`\\b${LABELS[status]}\\b\\D{0,20}?(\\d+)`, 'i'))
        ?? text.match(new RegExp(`(\\d+)\\s*${LABELS[status]}\\b`, 'i'));
      if (m) counts[status] = Number(m[1]);
    }
  }
  return counts;
}

function assertNonDecreasing(items, key, what) {
  for (let i = 1; i < items.length; i++) {
    assert.ok(Date.parse(items[i - 1][key]) <= Date.parse(items[i][key]),
      `${what}: ${key} not oldest first at ${i}: ${JSON.stringify(items.map((t) => [t.id, t[key]]))}`);
  }
}

describe('tickets: the desk', () => {
  const srv = useServer();

  async function deskCsrf(agent, id) {
    return agent.csrf(id === undefined ? '/desk' : `/desk/tickets/${id}`);
  }

  async function deskPost(agent, id, action, fields = {}) {
    const csrf = await deskCsrf(agent, id);
    return agent.client.post(`/desk/tickets/${id}/${action}`, { csrf, ...fields });
  }

  // Runs first, while the server holds only the tickets made here.
  test('the queue holds new and open tickets, oldest waiting first, and nothing else', async () => {
    const agent = await makeAgent(srv, { acceptLanguage: 'en' });
    const jane = await makeCustomer(srv);
    const tOpen = await fileTicketApiOk(jane);
    const tNew = await fileTicketApiOk(jane);
    const tWaiting = await fileTicketApiOk(jane);
    const tSolved = await fileTicketApiOk(jane);
    const tClosed = await fileTicketApiOk(jane);
    const tNew2 = await fileTicketApiOk(jane);
    assert.equal((await postMessage(agent, tOpen.id, 'We are on it')).status, 201);
    assert.equal((await getTicket(agent, tOpen.id)).status, 'open', 'public agent reply: new -> open');
    await setStatuses(agent, tWaiting.id, chainTo('waiting'));
    await setStatuses(agent, tSolved.id, chainTo('solved'));
    await setStatuses(agent, tClosed.id, chainTo('closed'));

    const queue = (await listAll(agent, '/queue')).items;
    const ids = queue.map((t) => t.id);
    assert.deepEqual([...ids].sort((a, b) => a - b), [tOpen.id, tNew.id, tNew2.id],
      `queue holds exactly the new and open tickets: ${JSON.stringify(queue.map((t) => [t.id, t.status]))}`);
    for (const t of queue) assert.ok(['new', 'open'].includes(t.status), `status ${t.status} in queue`);
    assertNonDecreasing(queue, 'waiting_since', 'API queue');
    assert.deepEqual(queue.map((t) => t.position), queue.map((_, i) => i + 1), 'positions 1..n');

    const page = await agent.client.get('/desk');
    assertHtml(page, 200, 'GET /desk');
    assert.deepEqual(tableTicketIds(page.text, 'queue'), ids, 'desk shows the API queue order');
  });

  test('the desk and the queue API require an agent', async () => {
    const jane = await makeCustomer(srv);
    const r = await jane.client.get('/desk');
    assert.equal(r.status, 403, `customer GET /desk: ${r.describe()}`);
    assertJsonError(await jane.api('GET', '/queue'), 403, 'forbidden', 'customer GET /api/v1/queue');
    const t = await fileTicketApiOk(jane);
    assert.equal((await jane.client.get(`/desk/tickets/${t.id}`)).status, 403, 'customer desk ticket view');
    const anon = await srv.client().get('/api/v1/queue');
    assertJsonError(anon, 401, 'unauthorized', 'anonymous GET /api/v1/queue');
    const anonPage = await srv.client().get('/desk');
    assert.ok([303, 401, 403].includes(anonPage.status), `anonymous /desk: ${anonPage.status}`);
    assert.ok(!anonPage.text.includes('data-ticket-id'), 'no queue for anonymous');
  });

  test('filters: status and category on the desk and in the API, with per-status counts', async () => {
    const agent = await makeAgent(srv, { acceptLanguage: 'en' });
    const jane = await makeCustomer(srv);
    const [catA, catB] = await categories(jane);
    const aNew = await fileTicketApiOk(jane, { category: catA.id });
    const bNew = await fileTicketApiOk(jane, { category: catB.id });
    const aWaiting = await fileTicketApiOk(jane, { category: catA.id });
    await setStatuses(agent, aWaiting.id, chainTo('waiting'));

    const waitingPage = await agent.client.get('/desk?status=waiting');
    assertHtml(waitingPage, 200, '/desk?status=waiting');
    const waitingIds = tableTicketIds(waitingPage.text, 'queue');
    assert.ok(waitingIds.includes(aWaiting.id), 'waiting ticket listed under status=waiting');
    assert.ok(!waitingIds.includes(aNew.id) && !waitingIds.includes(bNew.id), 'new tickets not listed');
    const defaultIds = tableTicketIds((await agent.client.get('/desk')).text, 'queue');
    assert.ok(!defaultIds.includes(aWaiting.id), 'waiting ticket not in the default queue');

    const catPage = await agent.client.get(`/desk?category=${catB.id}`);
    assertHtml(catPage, 200, '/desk?category');
    const catIds = tableTicketIds(catPage.text, 'queue');
    assert.ok(catIds.includes(bNew.id), 'category B ticket listed');
    assert.ok(!catIds.includes(aNew.id), 'category A ticket not listed under category B');

    const apiWaiting = (await listAll(agent, '/tickets?status=waiting')).items;
    assert.ok(apiWaiting.every((t) => t.status === 'waiting'), 'API status filter');
    assert.ok(apiWaiting.some((t) => t.id === aWaiting.id));
    const apiCat = (await listAll(agent, `/tickets?category=${catA.id}`)).items;
    assert.ok(apiCat.every((t) => Number(t.category.id) === Number(catA.id)), 'API category filter');
    assert.ok(apiCat.some((t) => t.id === aNew.id) && apiCat.some((t) => t.id === aWaiting.id));
    assert.ok(!apiCat.some((t) => t.id === bNew.id));
    const queueCat = (await listAll(agent, `/queue?category=${catB.id}`)).items;
    assert.ok(queueCat.every((t) => Number(t.category.id) === Number(catB.id) && ['new', 'open'].includes(t.status)));
    assert.ok(queueCat.some((t) => t.id === bNew.id) && !queueCat.some((t) => t.id === aNew.id));

    const totals = {};
    for (const s of STATUSES) totals[s] = (await listAll(agent, `/tickets?status=${s}`)).items.length;
    const counts = statusCounts((await agent.client.get('/desk')).text);
    assert.deepEqual(counts, totals, `.status-counts ${JSON.stringify(counts)} vs API ${JSON.stringify(totals)}`);
    const more = await fileTicketApiOk(jane);
    assert.ok(more.id);
    const after = statusCounts((await agent.client.get('/desk')).text);
    assert.equal(after.new, totals.new + 1, 'a new ticket adds one to the new count');
  });

  test('the desk ticket view shows the customer\'s earlier tickets and the agent forms', async () => {
    const agent = await makeAgent(srv, { acceptLanguage: 'en' });
    const jane = await makeCustomer(srv);
    const other = await makeCustomer(srv);
    const earlier = await fileTicketApiOk(jane, { subject: uniqueText('earlier subject') });
    const foreign = await fileTicketApiOk(other, { subject: uniqueText('someone else') });
    const current = await fileTicketApiOk(jane, { subject: uniqueText('current subject') });
    const r = await agent.client.get(`/desk/tickets/${current.id}`);
    assertHtml(r, 200, 'desk ticket view');
    assert.ok(r.text.includes(current.subject), 'subject shown');
    assert.ok(r.text.includes(earlier.subject), 'customer history lists the earlier ticket');
    assert.ok(findTags(r.text, 'a').some((a) => new URL(a.href ?? '', 'http://x').pathname === `/desk/tickets/${earlier.id}`),
      'link to the earlier ticket');
    assert.ok(!r.text.includes(foreign.subject), 'another customer\'s ticket not in the history');
    for (const id of ['agent-reply', 'status', 'take']) {
      assert.ok(hasElementWithId(r.text, 'form', id), `form#${id}`);
    }
    assert.ok(!hasElementWithId(r.text, 'form', 'release'), 'no form#release on an unassigned ticket');
    assert.ok(innerOfClass(r.text, 'history') !== null, '.history');
    const missing = await agent.client.get(`/desk/tickets/${current.id + 100000}`);
    assert.equal(missing.status, 404, 'unknown id on the desk');
  });

  test('internal notes are shown to agents only and do not change the status', async () => {
    const agent = await makeAgent(srv);
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const note = uniqueText('note: customer is a VIP');
    const r = await deskPost(agent, t.id, 'reply', { body: note, internal: '1' });
    assertRedirect(r, `/desk/tickets/${t.id}`, 'internal note');
    const desk = await agent.client.get(`/desk/tickets/${t.id}`);
    const notes = tagsWithClass(desk.text, 'message', 'internal');
    assert.equal(notes.length, 1, 'one .message.internal');
    assert.ok(visibleText(innerOfClass(desk.text, 'internal')).includes(note), 'note text in .message.internal');
    const staff = await getTicket(agent, t.id);
    assert.equal(staff.status, 'new', 'a note is not an answer');
    assert.ok(staff.messages.some((m) => m.internal === true && m.body === note));
    const page = await jane.client.get(`/tickets/${t.id}`);
    assert.ok(!page.text.includes(note), 'note leaked to the customer page');
    const api = await jane.api('GET', `/tickets/${t.id}`);
    assert.ok(!api.text.includes(note), 'note leaked to the customer API');
    const other = await makeAgent(srv);
    assert.ok((await getTicket(other, t.id)).messages.some((m) => m.body === note), 'other agents see it');
  });

  test('a public agent reply through the desk moves new to open; a reply may set a status', async () => {
    const agent = await makeAgent(srv);
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const answer = uniqueText('public answer');
    assertRedirect(await deskPost(agent, t.id, 'reply', { body: answer }), `/desk/tickets/${t.id}`);
    let api = await getTicket(agent, t.id);
    assert.equal(api.status, 'open');
    assert.ok(api.events.some((e) => e.from === 'new' && e.to === 'open' && e.actor.id === agent.id),
      `event new -> open: ${JSON.stringify(api.events)}`);
    assert.ok((await jane.client.get(`/tickets/${t.id}`)).text.includes(answer), 'customer sees the answer');
    assertRedirect(await deskPost(agent, t.id, 'reply', { body: 'Could you send a screenshot?', status: 'waiting' }),
      `/desk/tickets/${t.id}`);
    api = await getTicket(agent, t.id);
    assert.equal(api.status, 'waiting');
  });

  test('status changes new -> open -> waiting -> solved -> closed are events in the history', async () => {
    const agent = await makeAgent(srv, { acceptLanguage: 'en' });
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const pageSteps = ['open', 'waiting'];
    for (const status of pageSteps) {
      assertRedirect(await deskPost(agent, t.id, 'status', { status }), `/desk/tickets/${t.id}`, `status ${status}`);
      assert.equal((await getTicket(agent, t.id)).status, status);
    }
    await setStatuses(agent, t.id, ['solved', 'closed']);
    const api = await getTicket(agent, t.id);
    assert.equal(api.events[0].kind, 'created');
    const changes = api.events.filter((e) => e.kind !== 'created' && STATUSES.includes(e.to));
    assert.deepEqual(changes.map((e) => [e.from, e.to]),
      [['new', 'open'], ['open', 'waiting'], ['waiting', 'solved'], ['solved', 'closed']]);
    for (const e of changes) {
      assert.equal(e.actor.id, agent.id, 'actor');
      assert.match(e.created_at, ISO_UTC);
    }
    const desk = await agent.client.get(`/desk/tickets/${t.id}`);
    const history = textOfClass(desk.text, 'history') ?? '';
    for (const s of ['open', 'waiting', 'solved', 'closed']) {
      assert.match(history, new RegExp(s, 'i'), `.history mentions ${s}: ${history}`);
    }
    assert.ok(history.includes(agent.name), '.history names who changed it');

    assertJsonError(await patchTicket(agent, t.id, { status: 'open' }), 422, 'invalid', 'closed -> open');
    const page = await deskPost(agent, t.id, 'status', { status: 'open' });
    assertHtml(page, 422, 'desk closed -> open');
    assert.equal((await getTicket(agent, t.id)).status, 'closed', 'still closed');
    assertJsonError(await patchTicket(agent, t.id, { status: 'bogus' }), 422, 'invalid', 'unknown status');
  });

  test('take and release with PATCH assignee me / null, and the desk forms', async () => {
    const emma = await makeAgent(srv, { name: 'Emma Support' });
    const olli = await makeAgent(srv, { name: 'Olli Other', acceptLanguage: 'en' });
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    const take = await patchTicket(emma, t.id, { assignee: 'me' });
    assert.equal(take.status, 200, take.describe());
    assert.equal(take.json().assignee.id, emma.id);
    assert.equal(take.json().assignee.name, 'Emma Support');
    assert.equal((await patchTicket(emma, t.id, { assignee: 'me' })).status, 200, 'taking again is fine');

    const refused = await deskPost(olli, t.id, 'take');
    assertHtml(refused, 409, 'desk take of a held ticket');
    assert.ok(visibleText(refused.text).includes('Emma Support'), '409 page names the holder');
    assert.equal((await getTicket(olli, t.id)).assignee.id, emma.id, 'still Emma\'s');

    const release = await patchTicket(emma, t.id, { assignee: null });
    assert.equal(release.status, 200, release.describe());
    assert.equal(release.json().assignee, null);

    assertRedirect(await deskPost(olli, t.id, 'take'), `/desk/tickets/${t.id}`, 'desk take');
    assert.equal((await getTicket(olli, t.id)).assignee.id, olli.id);
    const held = await olli.client.get(`/desk/tickets/${t.id}`);
    assert.ok(hasElementWithId(held.text, 'form', 'release'), 'form#release for the holder');
    assertRedirect(await deskPost(olli, t.id, 'release'), `/desk/tickets/${t.id}`, 'desk release');
    assert.equal((await getTicket(olli, t.id)).assignee, null);
  });

  test('two agents taking the same ticket at once: exactly one wins, the other gets 409 naming the holder', async () => {
    const a = await makeAgent(srv, { name: 'Racer Alpha' });
    const b = await makeAgent(srv, { name: 'Racer Beta' });
    const jane = await makeCustomer(srv);
    const agents = new Map([[a.id, a], [b.id, b]]);
    for (let round = 0; round < 10; round++) {
      const t = await fileTicketApiOk(jane);
      const replies = await Promise.all([
        patchTicket(a, t.id, { assignee: 'me' }),
        patchTicket(b, t.id, { assignee: 'me' }),
      ]);
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409],
        `round ${round}: ${replies.map((r) => r.describe()).join('\n')}`);
      const win = replies.find((r) => r.status === 200).json();
      const winner = agents.get(win.assignee.id);
      assert.ok(winner, `winner is one of the two: ${JSON.stringify(win.assignee)}`);
      const loss = replies.find((r) => r.status === 409);
      const err = assertJsonError(loss, 409, 'conflict', `round ${round} loser`);
      assert.equal(err.holder.id, winner.id, 'holder id');
      assert.equal(err.holder.name, winner.name, 'holder name');
      assert.ok(err.message.includes(winner.name), `message names the holder: ${err.message}`);
      const now = await getTicket(winner, t.id);
      assert.equal(now.assignee.id, winner.id, 'the ticket is the winner\'s');
      assert.equal((await patchTicket(winner, t.id, { assignee: 'me' })).status, 200, 'holder may take again');
      const loser = winner === a ? b : a;
      assertJsonError(await patchTicket(loser, t.id, { assignee: 'me' }), 409, 'conflict', 'loser again');
    }
  });

  test('a customer reply on a waiting ticket moves it back to open and into the queue', async () => {
    const agent = await makeAgent(srv);
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    await setStatuses(agent, t.id, chainTo('waiting'));
    const before = await getTicket(agent, t.id);
    assert.ok(!(await listAll(agent, '/queue')).items.some((q) => q.id === t.id), 'waiting: not in queue');
    assert.equal((await postMessage(jane, t.id, 'Here is the screenshot')).status, 201);
    const after = await getTicket(agent, t.id);
    assert.equal(after.status, 'open');
    assert.ok(Date.parse(after.waiting_since) >= Date.parse(before.created_at), 'waiting_since restarted');
    const ev = after.events.at(-1);
    assert.deepEqual([ev.from, ev.to, ev.actor.id], ['waiting', 'open', jane.id], JSON.stringify(ev));
    const queue = (await listAll(agent, '/queue')).items;
    const mine = queue.find((q) => q.id === t.id);
    assert.ok(mine, 'back in the queue');
    assertNonDecreasing(queue, 'waiting_since', 'queue after the reply');
    const deskIds = tableTicketIds((await agent.client.get('/desk')).text, 'queue');
    assert.ok(deskIds.includes(t.id) || deskIds.length < mine.position, 'listed on the desk');
    assert.deepEqual(deskIds, queue.slice(0, deskIds.length).map((q) => q.id), 'desk follows the queue order');
  });

  test('API paging with limit=2 walks every ticket exactly once', async () => {
    const agent = await makeAgent(srv);
    const jane = await makeCustomer(srv);
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await fileTicketApiOk(jane)).id);

    const small = await listAll(jane, '/tickets', { limit: 2 });
    assert.equal(small.pages.length, 3, 'five tickets in pages of two');
    assert.deepEqual(small.pages.map((p) => p.tickets.length), [2, 2, 1]);
    assert.deepEqual(small.items.map((t) => t.id).sort((a, b) => a - b), mine, 'customer: exactly theirs');
    const big = await listAll(jane, '/tickets', { limit: 100 });
    assert.deepEqual(small.items.map((t) => t.id), big.items.map((t) => t.id), 'same order in any page size');

    const all2 = await listAll(agent, '/tickets', { limit: 2 });
    const all100 = await listAll(agent, '/tickets', { limit: 100 });
    const ids = all2.items.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(ids, all100.items.map((t) => t.id), 'agent walk sees every ticket once, in order');
    for (const id of mine) assert.ok(ids.includes(id));
    assert.ok(all2.pages.length >= 3);
    for (let i = 1; i < all2.items.length; i++) {
      assert.ok(Date.parse(all2.items[i - 1].updated_at) >= Date.parse(all2.items[i].updated_at),
        'newest activity first');
    }

    const q2 = await listAll(agent, '/queue', { limit: 2 });
    const q100 = await listAll(agent, '/queue', { limit: 100 });
    assert.deepEqual(q2.items.map((t) => t.id), q100.items.map((t) => t.id), 'queue paging');
    assert.deepEqual(q2.items.map((t) => t.position), q2.items.map((_, i) => i + 1), 'positions continue across pages');
  });

  test('every change is an event: reply, take, waiting, customer reply, release, solve, close', async () => {
    const agent = await makeAgent(srv);
    const jane = await makeCustomer(srv);
    const t = await fileTicketApiOk(jane);
    assert.equal((await postMessage(agent, t.id, 'On it')).status, 201);
    assert.equal((await patchTicket(agent, t.id, { assignee: 'me' })).status, 200);
    await setStatuses(agent, t.id, ['waiting']);
    assert.equal((await postMessage(jane, t.id, 'More info')).status, 201);
    assert.equal((await patchTicket(agent, t.id, { assignee: null })).status, 200);
    await setStatuses(agent, t.id, ['solved', 'closed']);
    const { events } = await getTicket(agent, t.id);
    const statusEvents = events.filter((e) => e.kind !== 'created' && STATUSES.includes(e.to));
    assert.deepEqual(statusEvents.map((e) => [e.from, e.to, e.actor.id]), [
      ['new', 'open', agent.id], ['open', 'waiting', agent.id], ['waiting', 'open', jane.id],
      ['open', 'solved', agent.id], ['solved', 'closed', agent.id],
    ], JSON.stringify(events));
    const others = events.filter((e) => e.kind !== 'created' && !statusEvents.includes(e));
    assert.ok(others.length >= 2, `take and release are events: ${JSON.stringify(events)}`);
    for (const e of events) {
      assert.equal(typeof e.kind, 'string');
      assert.ok(e.actor && Number.isInteger(e.actor.id), `actor of ${JSON.stringify(e)}`);
      assert.match(e.created_at, ISO_UTC);
    }
    for (let i = 1; i < events.length; i++) {
      assert.ok(Date.parse(events[i - 1].created_at) <= Date.parse(events[i].created_at), 'events oldest first');
    }
  });

  testCleanShutdown(srv);
});
