// The JSON API: GET /api/v1/me with a bearer token (made with the CLI) or a
// session cookie.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, assertJsonError, assertRedirect, cliAddUser, cliCreateToken, login,
  newUser, runCli, testCleanShutdown, uniqueEmail, useServer,
} from './harness.mjs';

function bearer(token) {
  return { headers: { authorization: `Bearer ${token}` } };
}

describe('GET /api/v1/me', () => {
  const srv = useServer();

  async function agentWithToken(name = 'Agent Smith') {
    const email = uniqueEmail('agent');
    await cliAddUser(srv.server, { email, name, role: 'agent' });
    const token = await cliCreateToken(srv.server, { email, label: 'ci' });
    return { email, name, token };
  }

  test('a CLI-made bearer token answers 200 JSON with the user', async () => {
    const agent = await agentWithToken('Agent Smith');
    const r = await srv.client().get('/api/v1/me', bearer(agent.token));
    assert.equal(r.status, 200, r.describe());
    assert.match(r.contentType, /^application\/json\b/i);
    const me = r.json();
    assert.equal(me.email, agent.email);
    assert.equal(me.name, 'Agent Smith');
    assert.equal(me.role, 'agent');
    assert.ok(me.id !== undefined && me.id !== null && me.id !== '', 'id present');
    assert.ok(['en', 'fi', null].includes(me.lang), `lang: ${me.lang}`);
  });

  test('the answer never contains secrets', async () => {
    const agent = await agentWithToken();
    const r = await srv.client().get('/api/v1/me', bearer(agent.token));
    assert.equal(r.status, 200, r.describe());
    assert.ok(!r.text.includes(agent.token), 'token echoed back');
    assert.doesNotMatch(r.text, /\$argon2|password/i, 'password hash or field leaked');
  });

  test('two tokens of the same user both work', async () => {
    const agent = await agentWithToken();
    const second = await cliCreateToken(srv.server, { email: agent.email, label: 'second' });
    assert.notEqual(second, agent.token, 'tokens are random');
    assert.equal((await srv.client().get('/api/v1/me', bearer(agent.token))).status, 200);
    assert.equal((await srv.client().get('/api/v1/me', bearer(second))).status, 200);
  });

  test('a wrong token answers 401 JSON unauthorized', async () => {
    const agent = await agentWithToken();
    const last = agent.token.at(-1) === 'a' ? 'b' : 'a';
    const wrong = agent.token.slice(0, -1) + last;
    const r = await srv.client().get('/api/v1/me', bearer(wrong));
    assertJsonError(r, 401, 'unauthorized', 'wrong token');
  });

  test('a made-up token answers 401 JSON unauthorized', async () => {
    const r = await srv.client().get('/api/v1/me', bearer('not-a-real-token'));
    assertJsonError(r, 401, 'unauthorized', 'made-up token');
  });

  test('an empty or malformed Authorization header answers 401', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer']) {
      const r = await srv.client().get('/api/v1/me', { headers: { authorization: value } });
      assertJsonError(r, 401, 'unauthorized', `Authorization: ${JSON.stringify(value)}`);
    }
  });

  test('no credentials answer 401 JSON unauthorized', async () => {
    const r = await srv.client().get('/api/v1/me');
    assertJsonError(r, 401, 'unauthorized', 'no auth');
  });

  test('a logged-in session cookie answers 200 with the user', async () => {
    const user = await newUser(srv.server, { name: 'Cookie User' });
    const r = await user.client.get('/api/v1/me');
    assert.equal(r.status, 200, r.describe());
    const me = r.json();
    assert.equal(me.email, user.email);
    assert.equal(me.name, 'Cookie User');
    assert.equal(typeof me.role, 'string');
  });

  test('a user added with the CLI can log in through the web form', async () => {
    const email = uniqueEmail('cli');
    await cliAddUser(srv.server, { email, name: 'Cli Person', password: DEFAULT_PASSWORD });
    const r = await login(srv.client(), email, DEFAULT_PASSWORD);
    assertRedirect(r, '/account', 'log-in as a CLI-made user');
  });

  test('token create for an unknown email fails and prints no token', async () => {
    const r = await runCli(srv.server, ['token', 'create', '--email', uniqueEmail('ghost'), '--name', 'x']);
    assert.notEqual(r.code, 0, `expected failure, got stdout ${JSON.stringify(r.stdout)}`);
    assert.equal(r.stdout.trim(), '', 'no token on stdout');
  });

  test('token revoke ends every API token of the account, and only of that account', async () => {
    const agent = await agentWithToken('Agent Revoked');
    const second = await cliCreateToken(srv.server, { email: agent.email, label: 'laptop' });
    const other = await agentWithToken('Agent Kept');
    const r = await runCli(srv.server, ['token', 'revoke', '--email', agent.email.toUpperCase()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^revoked 2 API tokens of /);
    for (const token of [agent.token, second]) {
      const gone = await srv.client().get('/api/v1/me', bearer(token));
      assert.equal(gone.status, 401, gone.describe());
    }
    const kept = await srv.client().get('/api/v1/me', bearer(other.token));
    assert.equal(kept.status, 200, kept.describe());
    const ghost = await runCli(srv.server, ['token', 'revoke', '--email', uniqueEmail('ghost')]);
    assert.notEqual(ghost.code, 0);
    assert.match(ghost.stderr, /no account/);
    const bad = await runCli(srv.server, ['token', 'revoke', '--email', agent.email, '--name', 'x']);
    assert.notEqual(bad.code, 0, 'revoke takes no --name');
  });

  testCleanShutdown(srv);
});
