// A deploy without the .wasm (or a browser that cannot load it) says so, with what to do,
// instead of "Loading…" forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness, open, root } from './harness.mjs';

const broken = mkdtempSync(path.join(tmpdir(), 'dsp-www-'));
cpSync(path.join(root, 'www'), broken, { recursive: true });
rmSync(path.join(broken, 'pkg/daemonset_planner_bg.wasm'));
harness(() => broken);

test('a missing .wasm gives a message saying what to do', async () => {
  const page = await open();
  page.expected = [/Failed to load resource: the server responded with a status of 404/];
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('could not start'));
  const text = await page.locator('#summary').textContent();
  assert.match(text, /The planner could not start: its WebAssembly module did not load\./);
  assert.match(text, /pkg\/daemonset_planner_bg\.wasm is deployed beside index\.html and served as application\/wasm/);
  assert.match(text, /npx daemonset-planner plan/);
});
