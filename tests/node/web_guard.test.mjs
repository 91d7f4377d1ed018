// The browser and bundler entry (pkg/web) behind the same guard as the Node entry (issue 15,
// item 1): a trap recreates the instance and throws INTERNAL, the next call answers, handles of
// the dead instance throw FREED, and the exports are wasm-bindgen's. The trap is real: the test
// exhausts the instance's memory (grown to wasm32's 4 GiB), so an input that needs memory aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planner, root } from './load.mjs';

const web = await import(path.join(root, 'pkg/web/daemonset_planner.js'));
const wasmBytes = readFileSync(path.join(root, 'pkg/web/daemonset_planner_bg.wasm'));
const good = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const nodes = readFileSync(path.join(root, 'www/examples/sample-cluster.yaml'), 'utf8');

// A node list under the 3 MiB limits whose reading needs more memory than any earlier call.
const manyNodes = `kind: NodeList\nitems:\n${Array.from({ length: 25000 }, (_, i) => `- metadata: {name: node-${i}, labels: {zone: z${i % 7}}}\n`).join('')}`;

/** Leaves `exports`' instance no memory to grow into. */
function exhaust(exports) {
  const pages = exports.memory.buffer.byteLength / 65536;
  exports.memory.grow(65536 - pages);
}

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('did not throw');
}

test('the web entry exports what the declarations declare, as functions', () => {
  const declared = [...readFileSync(path.join(root, 'pkg/web/daemonset_planner.d.ts'), 'utf8').matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1]);
  assert.ok(declared.includes('plan') && declared.includes('Cluster'), 'the .d.ts declares the API');
  assert.deepEqual(Object.keys(web).sort(), [...declared, 'default'].sort());
  for (const name of Object.keys(web)) assert.equal(typeof web[name], 'function', name);
});

test('a trap in the web build restarts the instance: INTERNAL, then the next call answers', () => {
  const exports = web.initSync({ module: wasmBytes });
  const cluster = new web.Cluster(nodes);
  const before = web.plan(good, nodes);
  assert.deepEqual(before, planner.plan(good, nodes));
  exhaust(exports);
  const e = thrown(() => web.plan(good, manyNodes));
  assert.equal(e.code, 'INTERNAL', String(e));
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, `the cause is the trap: ${e.cause}`);
  // The next calls run on a fresh instance and answer as before.
  assert.equal(web.validate(good).valid, true);
  assert.deepEqual(web.plan(good, nodes), before);
  // A handle of the dead instance says so; a new one works.
  assert.equal(thrown(() => cluster.plan(good)).code, 'FREED');
  const again = new web.Cluster(nodes);
  assert.equal(again.plan(good).summary.message, before.summary.message);
  again.free();
  assert.equal(thrown(() => again.plan(good)).code, 'FREED');
  // init() after a restart is harmless: the instance in use stays.
  assert.equal(typeof web.initSync({ module: wasmBytes }), 'object');
  assert.equal(web.validate(good).valid, true);
});

test('coded errors pass through the web guard without a restart', () => {
  web.initSync({ module: wasmBytes });
  const cluster = new web.Cluster(nodes);
  assert.equal(thrown(() => web.plan('kind: [broken', nodes)).code, 'INVALID_YAML');
  // No restart happened: the handle made before still works.
  assert.equal(cluster.plan(good).summary.message, planner.plan(good, nodes).summary.message);
  cluster.free();
});
