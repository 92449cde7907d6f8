// browser.mjs - Debian's Chromium for the browser tests, launched the one
// way this machine allows (no sandbox as root, no background networking
// that the closed network would refuse), with CSP violations reported
// from inside the page.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach } from 'node:test';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.TUKI_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
export const TIMEOUT_MS = 15000;

/**
 * A persistent context in a fresh profile directory, pointed at server;
 * every CSP violation in its pages is pushed onto problems.
 * Resolves { context, userDataDir }.
 */
export async function launchContext(server, problems) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'tuki-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'en-US',
    baseURL: server.url,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS);
  // Init scripts are not subject to the page's CSP, so they can listen.
  await context.exposeBinding('__tukiCspViolation', (_source, text) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__tukiCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
        `at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return { context, userDataDir };
}

/**
 * Records on problems what goes wrong in page: console errors, page errors,
 * failed loads and error statuses (of sub-resources only, unless documents
 * is set: most tests assert their documents' statuses themselves).
 * ignoreConsole(text) and ignoreFailure(req, errorText) (may be async) let a
 * test skip what it expects; label prefixes each line when pages are many.
 */
export function watchPage(page, problems, {
  label = '', documents = false, ignoreConsole = () => false, ignoreFailure = () => false,
} = {}) {
  const tag = label ? `[${label}] ` : '';
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ignoreConsole(msg.text())) {
      problems.push(`${tag}console error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`${tag}page error: ${err.message}`));
  page.on('requestfailed', async (req) => {
    const error = req.failure()?.errorText ?? '';
    if (await ignoreFailure(req, error)) return;
    problems.push(`${tag}request failed: ${req.method()} ${req.url()} ${error}`);
  });
  page.on('response', (res) => {
    if (!documents && res.request().resourceType() === 'document') return;
    if (new URL(res.url()).pathname === '/favicon.ico') return;
    if (res.status() >= 400) {
      problems.push(`${tag}HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
    }
  });
}

/** After a failed test: the server's last log lines and the browser's problems. */
export function reportFailures(getServer, problems) {
  afterEach((t) => {
    const server = getServer();
    if (t.passed === false && server) {
      process.stderr.write(`\n--- tuki stderr after failed test "${t.name}" ---\n${server.tail()}\n`);
      if (problems.length) process.stderr.write(`--- browser problems ---\n${problems.join('\n')}\n`);
    }
  });
}
