// Starting and stopping the server.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertRedirect, login, newUser, startServer } from './harness.mjs';

/** Resolves true when a TCP connection to port is accepted, false when refused. */
function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

describe('lifecycle', () => {
  test('the server prints its port and answers on it', async () => {
    const server = await startServer();
    try {
      assert.ok(server.port > 0);
      assert.equal((await server.client().get('/healthz')).status, 200);
    } finally {
      await server.stop();
    }
  });

  test('SIGTERM stops the server with exit code 0 and closes the port', async () => {
    const server = await startServer();
    assert.equal((await server.client().get('/healthz')).status, 200);
    await server.stop(); // asserts exit code 0 and no sanitizer report
    assert.equal(server.exitCode, 0);
    assert.equal(await canConnect(server.port), false, 'port still accepts connections after exit');
  });

  test('SIGTERM with idle and half-sent connections open still exits with code 0', async () => {
    const server = await startServer();
    const idle = net.connect(server.port, '127.0.0.1');
    const half = net.connect(server.port, '127.0.0.1');
    await Promise.all([once(idle, 'connect'), once(half, 'connect')]);
    half.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ncsrf=');
    idle.on('error', () => {});
    half.on('error', () => {});
    try {
      await server.stop();
    } finally {
      idle.destroy();
      half.destroy();
    }
  });

  test('two servers can run side by side on different free ports', async () => {
    const [a, b] = await Promise.all([startServer(), startServer()]);
    try {
      assert.notEqual(a.port, b.port);
      assert.equal((await a.client().get('/healthz')).status, 200);
      assert.equal((await b.client().get('/healthz')).status, 200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('accounts survive a restart on the same database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tuki-restart-'));
    try {
      const first = await startServer({ dir });
      let user;
      try {
        user = await newUser(first);
      } finally {
        await first.stop();
      }
      const second = await startServer({ dir });
      try {
        assertRedirect(await login(second.client(), user.email, user.password), '/account',
          'log-in after restart');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('sessions survive a restart on the same database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tuki-restart-'));
    try {
      const first = await startServer({ dir });
      let cookie;
      try {
        const user = await newUser(first);
        cookie = user.client.session;
      } finally {
        await first.stop();
      }
      const second = await startServer({ dir });
      try {
        const client = second.client();
        client.setCookie('tuki_session', cookie);
        const r = await client.get('/account');
        assert.equal(r.status, 200, `session lost on restart: ${r.describe()}`);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
