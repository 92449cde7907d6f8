// tuki calendar due: the promise's due times from the command line, with
// the default calendar (Europe/Helsinki, Mon-Fri 08-17 cut-off 16, Sat
// 09-12 cut-off 11, Finnish holidays; priority 08-20 every day, 2 h).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { runCli } from './harness.mjs';

const db = `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'tuki-cal-')), 'cal.db')}`;

async function due(at, ...extra) {
  const r = await runCli(db, ['calendar', 'due', '--at', at, ...extra]);
  assert.equal(r.code, 0, `tuki calendar due --at ${at}: ${r.stderr}`);
  return r.stdout.trim();
}

describe('tuki calendar due', () => {
  for (const [at, want] of [
    ['2026-12-04T15:59', '2026-12-04T17:00:00+02:00'], // Friday before the cut-off
    ['2026-12-04T16:01', '2026-12-05T12:00:00+02:00'], // after it: Saturday morning
    ['2026-12-05T10:59', '2026-12-05T12:00:00+02:00'], // Saturday before 11
    ['2026-12-05T11:01', '2026-12-07T17:00:00+02:00'], // after it: Monday
    ['2026-12-06T12:00', '2026-12-07T17:00:00+02:00'], // Sunday
    ['2026-12-24T09:00', '2026-12-28T17:00:00+02:00'], // Christmas Eve to Monday
    ['2027-03-26T10:00', '2027-03-27T12:00:00+02:00'], // Good Friday
    ['2027-03-29T10:00', '2027-03-30T17:00:00+03:00'], // Easter Monday, after DST began
    ['2026-12-04T13:59Z', '2026-12-04T17:00:00+02:00'], // an explicit offset
    ['2026-12-04T15:59:59+02:00', '2026-12-04T17:00:00+02:00'],
  ]) {
    test(`${at} is due ${want}`, async () => {
      assert.equal(await due(at), want);
    });
  }

  test('a priority ticket paid on Sunday evening is due two handling hours later', async () => {
    assert.equal(await due('2026-12-06T19:30', '--priority'), '2026-12-07T09:30:00+02:00');
  });

  test('a bad time is a usage error, not a guess', async () => {
    for (const bad of ['2026-13-01T10:00', '2026-02-30T10:00', 'tomorrow', '2026-12-04T25:00',
      '2026-12-04T10:00+2']) {
      const r = await runCli(db, ['calendar', 'due', '--at', bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stdout}`);
      assert.match(r.stderr, /bad time/);
    }
  });
});
