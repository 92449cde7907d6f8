// The assistant on the contact page: suggestions for anonymous visitors,
// the log-in link that carries the question, the ticket that keeps the
// assistant's suggestions for the agent, "Answer with this article", and
// the no-JavaScript "This answered my question" form.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, assertHtml, assertRedirect, cliAddUser, extractCsrf, findTags,
  testCleanShutdown, uniqueEmail, useServer, visibleText,
} from './harness.mjs';
import { ARTICLES, assistStats, importFixture } from './kb-helpers.mjs';
import {
  categories, getTicket, innerOfClass, innerOfId, makeAdmin, makeAgent, ticketIdFromRedirect,
  uniqueText,
} from './tickets-helpers.mjs';

const QUESTION = 'How do I refund a card payment to my customer?';

/** The li.suggestion items of #suggestions: [{ id, title, href, form }]. */
function suggestionItems(html) {
  const box = innerOfId(html, 'section', 'suggestions');
  assert.ok(box !== null, 'section#suggestions');
  const items = [...box.matchAll(/<li class="suggestion"[^>]*>([\s\S]*?)<\/li>/g)];
  return items.map((m) => {
    const li = findTags(m[0], 'li')[0];
    const a = findTags(m[1], 'a').find((x) => (x.class || '').includes('suggestion-title'));
    const form = findTags(m[1], 'form')[0];
    const inputs = Object.fromEntries(findTags(m[1], 'input').map((i) => [i.name, i.value]));
    const title = visibleText(m[1].match(/<a\b[^>]*>([\s\S]*?)<\/a>/)[1]);
    return { id: Number(li['data-article-id']), title, href: a?.href, form, inputs };
  });
}

describe('assistant on the contact page', () => {
  const srv = useServer({ env: { TUKI_ASSIST_RATE_LIMIT: 100000 } });
  let admin;
  let agent;
  const customer = { email: uniqueEmail('contact'), name: 'Kaisa Kauppias' };
  let ticketId;
  let nextPath;
  let client; // the customer's browser, anonymous at first

  before(async () => {
    await importFixture(srv.server);
    admin = await makeAdmin(srv, { acceptLanguage: 'en' });
    agent = await makeAgent(srv, { acceptLanguage: 'en' });
    await cliAddUser(srv.server, { ...customer, role: 'customer', password: DEFAULT_PASSWORD });
    client = srv.client({ acceptLanguage: 'en' });
  });

  test('anonymous /contact?q= shows suggestions and a log-in link carrying the question', async () => {
    const r = await client.get(`/contact?q=${encodeURIComponent(QUESTION)}`);
    assertHtml(r, 200, '/contact?q=');
    const items = suggestionItems(r.text);
    assert.ok(items.length >= 1, 'suggestions shown');
    assert.equal(items[0].href, '/kb/refund-payment', `best suggestion: ${JSON.stringify(items.map((i) => i.href))}`);
    assert.equal(items[0].title, ARTICLES['refund-payment'].title);
    assert.ok(!findTags(r.text, 'form').some((f) => f.id === 'contact'), 'no ticket form when logged out');
    const ta = r.text.match(/<textarea[^>]*>([\s\S]*?)<\/textarea>/);
    assert.ok(ta && visibleText(ta[1]) === QUESTION, 'the question stays in the box');

    const link = findTags(r.text, 'a').find((a) => a.id === 'contact-login');
    assert.ok(link, 'a#contact-login');
    const u = new URL(link.href, srv.url);
    assert.equal(u.pathname, '/login');
    nextPath = u.searchParams.get('next');
    assert.ok(nextPath, `next in ${link.href}`);
    const n = new URL(nextPath, srv.url);
    assert.equal(n.origin, new URL(srv.url).origin, 'next is a local path');
    assert.equal(n.pathname, '/contact');
    assert.equal(n.searchParams.get('q'), QUESTION, `the question in next=${nextPath}`);
  });

  test('logging in through that link returns to the form holding the question', async () => {
    const lp = await client.get(`/login?next=${encodeURIComponent(nextPath)}`);
    assertHtml(lp, 200, 'log-in page');
    const form = innerOfId(lp.text, 'form', 'login');
    assert.ok(form !== null, 'form#login');
    const hidden = findTags(form, 'input').find((i) => i.name === 'next');
    assert.ok(hidden, 'the log-in form keeps next');
    assert.equal(hidden.value, nextPath, 'form#login carries next');
    const r = await client.post('/login', {
      csrf: extractCsrf(lp.text), email: customer.email, password: DEFAULT_PASSWORD, next: hidden.value,
    });
    assert.equal(r.status, 303, r.describe());
    assert.equal(r.location, nextPath, 'back to /contact?q=...');
    const page = await client.get(r.location);
    assertHtml(page, 200, 'contact page, logged in');
    assert.ok(findTags(page.text, 'form').some((f) => f.id === 'contact'), 'form#contact');
    const body = innerOfId(page.text, 'textarea', 'body');
    assert.ok(body !== null, 'textarea#body');
    assert.equal(visibleText(body), QUESTION, 'the textarea holds the question');
    assert.ok(suggestionItems(page.text).length >= 1, 'suggestions shown with the form');
  });

  test('a ticket sent from /contact keeps the assistant\'s suggestions for the agent', async () => {
    const before = await assistStats(admin);
    const page = await client.get(nextPath);
    const interaction = findTags(page.text, 'input').find((i) => i.name === 'interaction');
    assert.ok(interaction && /^\d+$/.test(interaction.value), 'the form carries the interaction id');
    const cats = await categories(agent);
    const pay = cats.find((c) => c.name === 'Payments') ?? cats[0];
    const r = await client.post('/contact', {
      csrf: extractCsrf(page.text), interaction: interaction.value, subject: 'Refund a card payment',
      category: pay.id, body: QUESTION,
    });
    ticketId = ticketIdFromRedirect(r, 'POST /contact');

    const desk = await agent.client.get(`/desk/tickets/${ticketId}`);
    assertHtml(desk, 200, 'desk ticket');
    assert.ok(visibleText(desk.text).includes('Articles the assistant suggested'), 'heading');
    const list = innerOfClass(desk.text, 'ticket-suggestions', 'ul');
    assert.ok(list !== null, 'ul.ticket-suggestions');
    const hrefs = findTags(list, 'a').map((a) => a.href);
    assert.equal(hrefs[0], '/kb/refund-payment', `suggested: ${hrefs}`);
    const forms = findTags(list, 'form').filter((f) => (f.class || '').includes('answer-with'));
    assert.equal(forms.length, hrefs.length, 'an "Answer with this article" form per article');
    for (const f of forms) assert.equal(f.action, `/desk/tickets/${ticketId}/answer-with-article`);

    const after = await assistStats(admin);
    assert.ok(after.html.includes('stat-tickets'), '.stat-tickets');
    const tickets = (h) => Number(h.match(/class="stat-tickets"[^>]*>\s*(\d+)/)[1]);
    assert.equal(tickets(after.html), tickets(before.html) + 1, 'the question led to a ticket');
  });

  test('"Answer with this article" replies with the link and solves the ticket', async () => {
    const desk = await agent.client.get(`/desk/tickets/${ticketId}`);
    const list = innerOfClass(desk.text, 'ticket-suggestions', 'ul');
    const first = list.match(/<li>[\s\S]*?<\/li>/)[0];
    const article = findTags(first, 'input').find((i) => i.name === 'article').value;
    const r = await agent.client.post(`/desk/tickets/${ticketId}/answer-with-article`,
      { csrf: extractCsrf(desk.text), article });
    assertRedirect(r, `/desk/tickets/${ticketId}`, 'answer with article');
    const t = await getTicket(agent, ticketId);
    assert.equal(t.status, 'solved');
    const last = t.messages[t.messages.length - 1];
    assert.equal(last.internal, false, 'a public reply');
    assert.equal(last.author.id, agent.id, 'by the agent');
    assert.ok(last.body.includes('/kb/refund-payment'), `the link in: ${last.body}`);
    assert.ok(last.body.includes(ARTICLES['refund-payment'].title), 'the title in the reply');
    // The customer sees the answer on their ticket page.
    const mine = await client.get(`/tickets/${ticketId}`);
    assertHtml(mine, 200, 'customer ticket');
    assert.ok(visibleText(mine.text).includes('/kb/refund-payment'), 'customer sees the link');
  });

  test('"Answer with this article" with an unknown article is 404 and changes nothing', async () => {
    const subject = uniqueText('other');
    const page = await client.get('/contact');
    const cats = await categories(agent);
    const id = ticketIdFromRedirect(await client.post('/contact', {
      csrf: extractCsrf(page.text), subject, category: cats[0].id, body: 'Where is my parcel?',
    }));
    const desk = await agent.client.get(`/desk/tickets/${id}`);
    const r = await agent.client.post(`/desk/tickets/${id}/answer-with-article`,
      { csrf: extractCsrf(desk.text), article: '999999999' });
    assert.equal(r.status, 404, r.describe());
    const t = await getTicket(agent, id);
    assert.equal(t.status, 'new');
    assert.equal(t.messages.length, 1);
  });

  test('the no-JavaScript "This answered my question" form shows the thanks page', async () => {
    const before = await assistStats(admin);
    const c = srv.client({ acceptLanguage: 'en' });
    const r = await c.get(`/contact?q=${encodeURIComponent('where is my parcel')}`);
    const items = suggestionItems(r.text);
    assert.ok(items.length >= 1, 'suggestions');
    const it = items[0];
    assert.equal(it.href, '/kb/track-shipment');
    assert.equal(it.form.action, '/assist/answered');
    assert.equal(Number(it.inputs.article), it.id);
    assert.match(it.inputs.interaction || '', /^\d+$/, 'interaction id in the form');
    assert.ok(it.inputs.csrf, 'csrf in the form');
    const t = await c.post('/assist/answered', it.inputs);
    assertHtml(t, 200, 'thanks page');
    assert.ok(innerOfClass(t.text, 'flash') !== null, '.flash thanks');
    assert.ok(findTags(t.text, 'a').some((a) => a.href === '/kb/track-shipment'), 'link to the article');
    const after = await assistStats(admin);
    assert.equal(after.deflected, before.deflected + 1, 'a deflection');
    // Another article than the ones shown is refused.
    const other = await c.post('/assist/answered', { ...it.inputs, article: '999999999' });
    assert.ok(other.status === 400 || other.status === 422, `article not shown: ${other.describe()}`);
    assert.equal((await c.post('/assist/answered', { ...it.inputs, csrf: 'x' })).status, 403, 'bad csrf');
  });

  testCleanShutdown(srv);
});
