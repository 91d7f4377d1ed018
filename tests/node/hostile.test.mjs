// Hostile input at the JavaScript boundary (issue 15): nothing poisons the module, nothing
// throws uncoded, nothing fails open, freed handles say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planner, root } from './load.mjs';

const good = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const nodes = 'kind: Node\nmetadata: {name: a}\n';
const { validate, plan, review, Cluster, ClusterLoader } = planner;

/** The module still answers good input exactly as before. */
function stillHealthy() {
  assert.equal(validate(good).valid, true);
  assert.equal(plan(good, nodes).summary.message, '1/1 nodes are available.');
}

function codeOf(f) {
  try {
    f();
  } catch (e) {
    assert.equal(typeof e.code, 'string', `uncoded: ${e}`);
    return e.code;
  }
  return null;
}

test('deep, cyclic, throwing and sparse objects give coded errors and leave the module healthy', () => {
  let deep = {};
  for (let i = 0, cur = deep; i < 30000; i++) cur = cur.a = {};
  assert.equal(validate(deep).errors[0].reason, 'INVALID_OBJECT');
  const cyclic = { kind: 'DaemonSet' };
  cyclic.self = cyclic;
  assert.equal(validate(cyclic).errors[0].reason, 'INVALID_OBJECT');
  for (let i = 0; i < 1000; i++) {
    assert.equal(codeOf(() => plan({ get kind() { throw new Error('boom'); } }, [])), 'INVALID_OBJECT');
  }
  const proxy = new Proxy({}, { ownKeys() { throw new TypeError('trap'); } });
  assert.equal(codeOf(() => plan(proxy, nodes)), 'INVALID_OBJECT');
  assert.equal(codeOf(() => new Cluster(proxy)), 'INVALID_OBJECT');
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: { spec: { tolerations: sparse } } } };
  assert.equal(validate(ds).errors[0].reason, 'INVALID_OBJECT');
  assert.equal(codeOf(() => plan(1n, nodes)), 'INVALID_OPTIONS');
  assert.equal(codeOf(() => plan({ big: 1n }, nodes)), 'INVALID_OBJECT');
  stillHealthy();
});

test('aliases are budgeted by bytes, and request bodies by the API server limit', () => {
  const bomb = `a: &a "${'x'.repeat(1_000_000)}"\nb: [${Array(4000).fill('*a').join(',')}]\n`;
  const e = validate(bomb).errors[0];
  assert.equal(e.reason, 'TOO_LARGE');
  assert.match(e.message, /64 MiB/);
  const big = validate(`a: "${'x'.repeat(4 << 20)}"`).errors[0];
  assert.equal(big.reason, 'TOO_LARGE');
  assert.match(big.message, /3 MiB .*request body/);
  stillHealthy();
});

const request = (object) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid: 'u1', kind: { group: 'apps', version: 'v1', kind: 'DaemonSet' }, operation: 'CREATE', object },
});

test('review answers under its failure policy whatever is wrong with settings or nodes', () => {
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a' } };
  for (const options of [{ settings: 'bogus: 1' }, { settings: 42 }, { settings: '{' }, { nodes: 'kind: ConfigMap' }, { nodes: '' }, { nodes: 7 }]) {
    const r = review(request(ds), options).response;
    assert.equal(r.uid, 'u1');
    assert.equal(r.allowed, false, JSON.stringify(options));
    assert.equal(r.status.code, 500);
  }
  const ignored = review(request({}), { settings: 'failurePolicy: Ignore\nbogus: 1\n' }).response;
  assert.equal(ignored.allowed, true);
  assert.match(ignored.warnings.join('\n'), /failurePolicy Ignore/);
  // Other kinds still pass untouched.
  const other = request({});
  other.request.kind = { group: '', version: 'v1', kind: 'ConfigMap' };
  assert.equal(review(other, { settings: 'bogus: 1' }).response.allowed, true);
});

test('a DaemonSet that cannot be decoded is never admitted for want of a rule that ran', () => {
  const object = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a' }, spec: { template: { spec: { hostNetwork: 'true', containers: [] } } } };
  const denied = review(request(object), { settings: 'validation: false\nallowHostNetwork: false\n' }).response;
  assert.equal(denied.allowed, false);
  assert.match(denied.status.message, /cannot be decoded/);
  const ignored = review(request(object), { settings: 'validation: false\nfailurePolicy: Ignore\n' }).response;
  assert.equal(ignored.allowed, true);
  assert.match(ignored.warnings.join('\n'), /admitted unchecked/);
});

test('freed and disposed handles throw FREED; a failed or finished loader says so', () => {
  const c = new Cluster(nodes);
  assert.equal(c.size, 1);
  c.free();
  c.free();
  assert.equal(codeOf(() => c.size), 'FREED');
  assert.equal(codeOf(() => c.plan(good)), 'FREED');
  const d = new Cluster(nodes);
  d[Symbol.dispose]?.();
  if (Symbol.dispose) assert.equal(codeOf(() => d.nodeNames()), 'FREED');
  const view = new Cluster(nodes).planView(good);
  assert.equal(view.length, 1);
  view.free();
  assert.equal(codeOf(() => view.outcomes()), 'FREED');
  const loader = new ClusterLoader();
  const first = codeOf(() => loader.push(123));
  assert.equal(first, 'INVALID_OPTIONS');
  assert.equal(codeOf(() => loader.push('{}')), first);
  const ok = new ClusterLoader();
  ok.push('{"kind":"NodeList","items":[{"metadata":{"name":"n"}}]}');
  assert.equal(ok.finish().size, 1);
  assert.equal(codeOf(() => ok.push('x')), 'INVALID_OPTIONS');
  stillHealthy();
});
