// The npm package as published: its manifest, what `npm pack` puts in the tarball, and the
// Node entries' isomorphic `init()`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './load.mjs';

const manifest = JSON.parse(readFileSync(path.join(root, 'pkg/package.json'), 'utf8'));

test('the manifest is publishable as is', () => {
  for (const bin of Object.values(manifest.bin)) assert.doesNotMatch(bin, /^\.\//, 'npm drops a bin starting with ./');
  assert.equal(manifest.license, 'Apache-2.0');
  assert.match(manifest.repository.url, /^git\+https:\/\//);
  assert.ok(manifest.homepage && manifest.bugs.url);
  assert.equal(manifest.exports['./daemonset_planner_bg.wasm'], './web/daemonset_planner_bg.wasm');
  assert.match(readFileSync(path.join(root, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
});

test('npm pack: LICENSE and README in, one .wasm shared by Node and web, no Kubewarden build', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.join(root, 'pkg'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = JSON.parse(r.stdout)[0].files.map((f) => f.path);
  for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/daemonset-planner.cjs', 'bin/yaml.mjs', 'node/index.cjs', 'node/index.mjs', 'node/index.d.ts', 'web/daemonset_planner.js']) {
    assert.ok(files.includes(f), `${f} is missing from the tarball`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['web/daemonset_planner_bg.wasm']);
  assert.ok(!files.some((f) => f.startsWith('kubewarden/')));
});

test('the README works on the registry page: absolute image URLs and an install section', () => {
  const readme = readFileSync(path.join(root, 'pkg/README.md'), 'utf8');
  for (const [, url] of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.match(url, /^https:\/\//, url);
  assert.match(readme, /npm install daemonset-planner/);
  assert.match(readme, /npx daemonset-planner /);
});

test("isomorphic code runs in Node: import init, { plan } from 'daemonset-planner'; await init()", async () => {
  const esm = await import(pathToFileURL(path.join(root, 'pkg/node/index.mjs')));
  await esm.default();
  esm.initSync();
  assert.equal(esm.version().kubernetes, '1.36');
  const cjs = createRequire(import.meta.url)(path.join(root, 'pkg/'));
  await cjs.default();
  await cjs.init();
  assert.equal(cjs.plan, esm.plan, 'import and require share one instance');
});
