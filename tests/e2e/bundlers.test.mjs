// A package user's project: `npm pack` the package, install the tarball in a fresh project,
// bundle it with esbuild and with webpack (each with the one line the README gives), and run
// both bundles in headless Chromium (Debian's), with no request leaving the page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../src/js/serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = (f) => readFileSync(path.join(root, 'www/examples', f), 'utf8');

let project, browser;

const PAGE = '<!doctype html><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,"><output id="out"></output><script type="module" src="main.js"></script>\n';
const PLAN = (imports, initCall) => `${imports}
${initCall}
const p = plan(${JSON.stringify(example('fluentd-elasticsearch.yaml'))}, ${JSON.stringify(example('sample-cluster.yaml'))});
document.getElementById('out').textContent = p.summary.message;
`;

before(() => {
  // The tarball npm would publish, installed as a user installs it (it has no dependencies).
  project = mkdtempSync(path.join(tmpdir(), 'dsp-consumer-'));
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: path.join(root, 'pkg'), encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = path.join(project, JSON.parse(pack.stdout)[0].filename);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
});

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => browser?.close());

/** Serves `dist`, opens it, and returns what the bundle wrote, checking every request stayed home. */
async function runInChromium(dist) {
  writeFileSync(path.join(dist, 'index.html'), PAGE);
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const page = await browser.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    await page.goto(base);
    await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: 20000 }).catch(() => {});
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:')), []);
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the .wasm came from the bundle');
    return await page.textContent('#out');
  } finally {
    await page.close();
    server.close();
  }
}

test('esbuild: the .wasm imported with the file loader', async () => {
  const esbuild = require('esbuild');
  const src = path.join(project, 'esbuild-main.js');
  writeFileSync(
    src,
    PLAN("import init, { plan } from 'daemonset-planner';\nimport wasmUrl from 'daemonset-planner/daemonset_planner_bg.wasm';", 'await init({ module_or_path: wasmUrl });'),
  );
  const dist = path.join(project, 'dist-esbuild');
  mkdirSync(dist);
  await esbuild.build({ entryPoints: { main: src }, bundle: true, format: 'esm', platform: 'browser', outdir: dist, loader: { '.wasm': 'file' }, logLevel: 'silent' });
  assert.ok(readdirSync(dist).some((f) => f.endsWith('.wasm')));
  assert.match(await runInChromium(dist), /^5\/9 nodes are available: /);
});

test('webpack 5: no configuration for the .wasm (new URL(…, import.meta.url) is an asset)', async () => {
  const webpack = require('webpack');
  writeFileSync(path.join(project, 'webpack-main.js'), PLAN("import init, { plan } from 'daemonset-planner';", 'await init();'));
  const dist = path.join(project, 'dist-webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack(
      { mode: 'production', context: project, entry: './webpack-main.js', output: { path: dist, filename: 'main.js' }, experiments: { topLevelAwait: true }, performance: { hints: false } },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  assert.ok(readdirSync(dist).some((f) => f.endsWith('.wasm')));
  assert.match(await runInChromium(dist), /^5\/9 nodes are available: /);
});
