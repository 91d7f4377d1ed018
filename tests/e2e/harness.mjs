// The browser tests' harness: the playground served from www/ on 127.0.0.1, Debian's headless
// Chromium driven by playwright-core, and after every test the checks that no request left the
// page's origin and nothing logged an error.
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../src/js/serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (kind, f) => readFileSync(path.join(root, 'tests/fixtures', kind, f), 'utf8');
export const example = (f) => readFileSync(path.join(root, 'www/examples', f), 'utf8');
export const shots = path.join(root, 'test-results');
mkdirSync(shots, { recursive: true });

export const env = { server: null, base: null, browser: null };
const pages = [];

/** Debian's headless Chromium, with nothing of its own going to the network. */
export const launchChromium = () => chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

/** Registers the hooks; `www` is the folder served (a copy, for tests that break it). */
export function harness(www = () => path.join(root, 'www')) {
  before(async () => {
    env.server = await serve(www());
    env.base = `http://127.0.0.1:${env.server.address().port}/`;
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  // After every test: no request left the page's origin, and nothing logged an error.
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      const foreign = page.requests.filter((u) => !u.startsWith(env.base) && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.deepEqual(foreign, [], 'requests that left the origin');
      assert.deepEqual(page.problems.filter((p) => !page.expected?.some((re) => re.test(p))), [], 'console errors');
      await page.context().close();
    }
  });
}

/** A fresh page that records every request and every console error. */
export async function open(options = {}, url = env.base) {
  const context = await env.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.requests = [];
  page.problems = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && page.problems.push(m.text()));
  page.on('pageerror', (e) => page.problems.push(String(e)));
  page.on('dialog', (d) => {
    page.problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  pages.push(page);
  await page.goto(url);
  return page;
}

export const rows = (page) => page.locator('#table tbody tr[data-node]');
export const editor = (page, name) => page.getByRole('textbox', { name, exact: true });
const hosts = { DaemonSet: '#ds-editor', Nodes: '#nodes-editor', 'Policy settings': '#settings-editor' };
/** Puts text into an editor as a paste does: one change, undoable. */
export const paste = (page, name, text) => page.$eval(hosts[name], (host, text) => host.cmEditor.paste(text), text);
/** The editor's whole text (CodeMirror draws only the lines in view). */
export const value = (page, name) => page.$eval(hosts[name], (host) => host.cmEditor.value);
export const loaded = (page, n = 9) => page.waitForFunction((n) => document.querySelectorAll('#table tbody tr[data-node]').length === n, n);
