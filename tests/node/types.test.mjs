// The TypeScript declarations: strict code type-checks against them, and the public API has
// no `any`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './load.mjs';

// Both as Node code and as a browser project (lib es2022 + dom, no esnext.disposable, no
// skipLibCheck): the web build's declarations are checked through the `default` condition.
test('strict TypeScript compiles against the declarations', () => {
  // A scratch project where `daemonset-planner` resolves to the built package.
  const dir = mkdtempSync(path.join(tmpdir(), 'dsp-types-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(root, 'pkg'), path.join(dir, 'node_modules', 'daemonset-planner'));
  writeFileSync(path.join(dir, 'usage.ts'), readFileSync(path.join(root, 'tests/node/usage.ts')));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] }, files: ['usage.ts'] }));
  const tsc = path.join(root, 'tests/node_modules/.bin/tsc');
  const r = spawnSync(tsc, ['-p', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the public functions are typed without any', () => {
  for (const build of ['node', 'web']) {
    const dts = readFileSync(path.join(root, 'pkg', build, 'daemonset_planner.d.ts'), 'utf8');
    const publicPart = dts.split('export type InitInput')[0];
    assert.doesNotMatch(publicPart, /\bany\b/, `${build}: the public declarations use any`);
    assert.match(publicPart, /export function plan\(daemon_set: Input, nodes: Input, options\?: PlanOptions \| null\): Plan;/);
  }
});

test('a strict browser project compiles against the web declarations', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dsp-types-web-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(root, 'pkg'), path.join(dir, 'node_modules', 'daemonset-planner'));
  writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import init, { plan, Cluster } from 'daemonset-planner';",
      "import type { ErrorCode, ReasonCode, TaintEffect } from 'daemonset-planner';",
      'await init();',
      "const p = plan('', '');",
      'const codes: ReasonCode[] = p.nodes.flatMap((n) => n.reasons.map((r) => r.code));',
      'const effects: (TaintEffect | undefined)[] = p.nodes.flatMap((n) => n.reasons.map((r) => r.taint?.effect));',
      "const c = new Cluster('');",
      'c.free();',
      "const e: ErrorCode = 'INVALID_SETTINGS';",
      'console.log(codes, effects, e);',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'es2022', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [] }, files: ['main.ts'] }));
  const r = spawnSync(path.join(root, 'tests/node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
