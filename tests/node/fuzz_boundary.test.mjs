// A fuzzer for the JavaScript boundary: random objects, Proxies, getters, sparse and typed
// arrays, deep and cyclic values through every entry point. Each call must answer or throw an
// Error with a `code`, and the module must still answer good input afterwards. Runs briefly in
// `make test`, FUZZ_ITERATIONS values in `make fuzz` (seeded: FUZZ_SEED).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planner, root } from './load.mjs';

const good = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 500);
let seed = Number(process.env.FUZZ_SEED ?? 15);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (a) => a[Math.floor(rand() * a.length)];
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'spec', 'template', 'containers', 'tolerations', 'labels', 'selector', 'matchLabels', 'items', 'request', 'object', 'uid', 'nodeSelector', 'taints', 'effect', 'key', 'operator', 'image', 'ports', 'hostPort'];
const SCALARS = [null, undefined, 0, -1, 1e308, NaN, Infinity, '', 'DaemonSet', 'apps/v1', 'Node', 'NodeList', 'x'.repeat(1000), '\u0000\ud800', true, false, 10n, Symbol('s'), () => 1, new Date(0)];

function value(depth) {
  const r = rand();
  if (depth > 6 || r < 0.3) return pick(SCALARS);
  if (r < 0.45) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  if (r < 0.5) { const a = []; a.length = pick([5, 1e6, 2 ** 32 - 1]); return a; }
  if (r < 0.55) return pick([new Uint8Array(8), new Float64Array(3), new Uint8Array(Buffer.from(good)), new ArrayBuffer(4)]);
  if (r < 0.6) return new Proxy(Object(value(depth + 1) ?? {}), pick([{ get() { throw new Error('get'); } }, { ownKeys() { throw new Error('keys'); } }, { getPrototypeOf() { throw new Error('proto'); } }, {}]));
  if (r < 0.65) return Object.defineProperty({}, pick(KEYS), { enumerable: true, get() { throw new RangeError('getter'); } });
  if (r < 0.68) { const o = { kind: 'DaemonSet' }; o.spec = { template: o }; return o; }
  if (r < 0.7) { let d = {}; for (let i = 0, c = d; i < 20000; i++) c = c.a = {}; return d; }
  if (r < 0.72) return { toJSON() { throw new Error('toJSON'); } };
  if (r < 0.74) return { toJSON() { return undefined; } };
  const o = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) o[pick(KEYS)] = value(depth + 1);
  return o;
}

const calls = [
  (v) => planner.validate(v),
  (v) => planner.validate(good, { oldDaemonSet: v }),
  (v) => planner.plan(v, 'kind: Node\nmetadata: {name: a}\n'),
  (v) => planner.plan(good, v, v),
  (v) => planner.review(v, { settings: v, nodes: v }),
  (v) => planner.review({ request: { uid: 'u', kind: { group: 'apps', kind: 'DaemonSet' }, operation: 'CREATE', object: v } }),
  (v) => planner.validateSettings(v),
  (v) => new planner.Cluster(v).plan(good),
  (v) => new planner.Cluster('kind: Node\nmetadata: {name: a}\n').planView(v, v).toJSON(),
  (v) => { const l = new planner.ClusterLoader(); l.push(v); return l.finish(); },
];

test(`the JS boundary answers ${iterations} hostile values with results or coded errors`, () => {
  const uncoded = [];
  for (let i = 0; i < iterations; i++) {
    const v = value(0);
    try {
      pick(calls)(v);
    } catch (e) {
      if (!(e instanceof Error) || typeof e.code !== 'string' || e.code === 'INTERNAL') uncoded.push(`${i}: ${e && e.code} ${e}`);
    }
  }
  assert.deepEqual(uncoded.slice(0, 10), []);
  assert.equal(planner.validate(good).valid, true);
  assert.equal(planner.plan(good, 'kind: Node\nmetadata: {name: a}\n').summary.message, '1/1 nodes are available.');
});
