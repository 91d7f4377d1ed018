// `make build`: pkg/web/daemonset_planner.js (wasm-bindgen's web glue, one instance a page)
// becomes pkg/web/core.js, a factory of instances (`createCore()`), and
// pkg/web/daemonset_planner.js becomes the guard (guard-common.js + guard-web.mjs) with the
// glue's named exports, so that the exports and the .d.ts stay the same.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dir] = process.argv.slice(2);
const src = path.dirname(new URL(import.meta.url).pathname);
const gluePath = path.join(dir, 'daemonset_planner.js');
const glue = readFileSync(gluePath, 'utf8');

const names = [...glue.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]);
const tail = 'export { initSync, __wbg_init as default };';
if (!names.includes('plan') || !glue.trimEnd().endsWith(tail) || !/^let wasmModule, wasmInstance, wasm;$/m.test(glue)) {
  throw new Error(`${gluePath}: not the wasm-bindgen web glue this script knows`);
}
const body = glue
  .trimEnd()
  .slice(0, -tail.length)
  .replace(/^\/\* @ts-self-types=.*\*\/\n/m, '')
  .replace(/^export (class|function) /gm, '$1 ');
const core = [
  '// wasm-bindgen glue as a factory: each call a fresh instance (see src/js/build-web.mjs).',
  'export function createCore() {',
  body,
  `return { ${names.join(', ')}, initSync, default: __wbg_init, wasmModule: () => wasmModule };`,
  '}',
  '',
].join('\n');
writeFileSync(path.join(dir, 'core.js'), core);

const entry = [
  '/* @ts-self-types="./daemonset_planner.d.ts" */',
  readFileSync(path.join(src, 'guard-common.js'), 'utf8'),
  readFileSync(path.join(src, 'guard-web.mjs'), 'utf8'),
  `export const { ${names.join(', ')} } = api;`,
  '',
].join('\n');
writeFileSync(gluePath, entry);
