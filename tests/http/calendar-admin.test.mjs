// The admin's business calendar: the preview, saving hours, holidays by
// hand and from an .ics file, and that due times follow the settings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { extractCsrf, runCli, testCleanShutdown, useServer } from './harness.mjs';
import { makeAdmin, makeAgent, makeCustomer, postMultipart } from './tickets-helpers.mjs';

describe('admin: business calendar', () => {
  const srv = useServer();

  async function admin() {
    const a = await makeAdmin(srv.server);
    const page = await a.client.get('/admin/calendar');
    assert.equal(page.status, 200, page.describe());
    return { client: a.client, csrf: extractCsrf(page.text), page };
  }

  const due = async (at) => (await runCli(srv.server, ['calendar', 'due', '--at', at])).stdout.trim();

  test('the preview tells when a ticket sent at a time is due', async () => {
    const { client } = await admin();
    const r = await client.get('/admin/calendar?at=2026-12-04T16:01');
    assert.match(r.text, /id="preview-result"[^>]*>[^<]*2026-12-05 12:00/);
    for (const at of ['next+friday', '2026-12-04T-1:-5', '2026-12-04T+1:05', '2026-+1-04T10:00']) {
      const bad = await client.get(`/admin/calendar?at=${at}`);
      assert.equal(bad.status, 422, at);
    }
  });

  test('a holiday added by hand moves due times past it', async () => {
    const { client, csrf } = await admin();
    assert.equal(await due('2026-12-11T10:00'), '2026-12-11T17:00:00+02:00');
    const r = await client.post('/admin/holidays', { csrf, date: '2026-12-11', name: 'Company day' });
    assert.equal(r.status, 303, r.describe());
    assert.equal(await due('2026-12-11T10:00'), '2026-12-12T12:00:00+02:00');
    for (const date of ['11.12.2026', '2026-+1-11', '2026-12- 1']) {
      const bad = await client.post('/admin/holidays', { csrf, date, name: 'x' });
      assert.equal(bad.status, 422, date);
    }
  });

  test('holidays imported from an .ics file count', async () => {
    const { client, csrf } = await admin();
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n' +
      'DTSTART;VALUE=DATE:20261214\r\nDTEND;VALUE=DATE:20261216\r\nSUMMARY:Inventory\r\n' +
      'END:VEVENT\r\nEND:VCALENDAR\r\n';
    const form = new FormData();
    form.set('csrf', csrf);
    form.set('name', 'Inventory');
    form.set('ics', new Blob([ics], { type: 'text/calendar' }), 'inventory.ics');
    const r = await postMultipart(client, '/admin/holidays/import', form);
    assert.equal(r.status, 303, r.describe());
    // Monday and Tuesday are now holidays: a ticket on Monday is due Wednesday.
    assert.equal(await due('2026-12-14T10:00'), '2026-12-16T17:00:00+02:00');
  });

  test('saved hours change the due times', async () => {
    const { client, csrf, page } = await admin();
    const fields = { csrf, zone: 'Europe/Helsinki', priority_minutes: '120', finnish_holidays: '1' };
    for (let d = 0; d < 7; d++) {
      const open = d === 0 ? '00:00' : d === 6 ? '09:00' : '08:00';
      const close = d === 0 ? '00:00' : d === 6 ? '12:00' : '18:00';
      const cutoff = d === 0 ? '00:00' : d === 6 ? '11:00' : '17:00';
      Object.assign(fields, { [`open_${d}`]: open, [`close_${d}`]: close, [`cutoff_${d}`]: cutoff,
        [`popen_${d}`]: '08:00', [`pclose_${d}`]: '20:00' });
    }
    assert.match(page.text, /name="open_1" value="08:00"/);
    const r = await client.post('/admin/calendar', fields);
    assert.equal(r.status, 303, r.describe());
    assert.equal(await due('2026-12-03T16:30'), '2026-12-03T18:00:00+02:00');
    const bad = await client.post('/admin/calendar', { ...fields, zone: 'Mars/Olympus' });
    assert.equal(bad.status, 422);
    assert.equal(await due('2026-12-03T16:30'), '2026-12-03T18:00:00+02:00', 'bad settings kept nothing');
  });

  test('customers and agents cannot reach the calendar settings', async () => {
    const anon = await srv.client().get('/admin/calendar');
    assert.equal(anon.status, 303);
    const ics = new Blob(['BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'], { type: 'text/calendar' });
    for (const make of [makeCustomer, makeAgent]) {
      const { client } = await make(srv.server);
      const page = await client.get('/account');
      assert.equal((await client.get('/admin/calendar')).status, 403);
      const form = new FormData();
      form.set('csrf', extractCsrf(page.text));
      form.set('name', 'Sneaky');
      form.set('ics', ics, 'x.ics');
      const r = await postMultipart(client, '/admin/holidays/import', form);
      assert.equal(r.status, 403, r.describe());
    }
  });

  testCleanShutdown(srv);
});
