// browser.mjs - Debian's Chromium for the browser tests, launched the one
// way this machine allows (no sandbox as root, no background networking
// that the closed network would refuse), with CSP violations reported
// from inside the page.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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
