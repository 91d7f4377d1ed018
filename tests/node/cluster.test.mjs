// The Cluster handle, PlanView and the streaming ClusterLoader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { planner, root } from './load.mjs';
import { writeCluster } from '../bench/cluster.mjs';
import { Writable } from 'node:stream';

const ds = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const sample = readFileSync(path.join(root, 'www/examples/sample-cluster.yaml'), 'utf8');

async function generated(nodes, format) {
  const parts = [];
  const sink = new Writable({ write(chunk, _enc, done) { parts.push(chunk); done(); } });
  await writeCluster(sink, { nodes, seed: 7, format });
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

test('a Cluster plans as plan() does, against nodes loaded once', () => {
  const cluster = new planner.Cluster(sample);
  assert.equal(cluster.size, 9);
  assert.equal(cluster.nodeNames()[0], 'cp-1');
  assert.deepEqual(cluster.plan(ds), planner.plan(ds, sample));
  assert.deepEqual(cluster.plan(ds, { pods: true }), planner.plan(ds, sample, { pods: true }));
});

test('taints() gives each node\'s taints as kubectl prints them, in input order', () => {
  const cluster = new planner.Cluster(sample);
  const taints = cluster.taints();
  assert.equal(taints.length, cluster.size);
  const of = (name) => taints[cluster.nodeNames().indexOf(name)];
  assert.deepEqual(of('cp-1'), ['node-role.kubernetes.io/control-plane:NoSchedule']);
  assert.deepEqual(of('gpu-a-1'), ['nvidia.com/gpu=present:NoSchedule']);
  assert.ok(taints.some((ts) => ts.length === 0), 'an untainted node has none');
});

test('PlanView: summary at once, compact outcomes, nodes on request, the documented shape on toJSON', () => {
  const cluster = new planner.Cluster(sample);
  const view = cluster.planView(ds);
  const full = planner.plan(ds, sample);
  assert.deepEqual(view.summary, full.summary);
  assert.deepEqual(view.rollout, full.rollout);
  assert.deepEqual(view.daemonSet, full.daemonSet);
  assert.equal(view.validation.valid, true);
  assert.equal(view.length, 9);
  const codes = { run: 0, keepRunning: 1, evict: 2, exclude: 3 };
  assert.deepEqual([...view.outcomes()], full.nodes.map((n) => codes[n.outcome]));
  assert.deepEqual(view.node(5), full.nodes[5]);
  assert.equal(view.node(99), undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(view)), full);
});

test('ClusterLoader: a generated cluster fed in chunks loads as the whole text does', async () => {
  for (const format of ['json', 'yaml']) {
    const bytes = await generated(120, format);
    const whole = new planner.Cluster(bytes);
    const loader = new planner.ClusterLoader();
    for (let at = 0; at < bytes.length; at += 100_003) loader.push(bytes.subarray(at, at + 100_003));
    assert.equal(loader.nodes, 120);
    assert.equal(loader.bytes, bytes.length);
    const streamed = loader.finish();
    assert.deepEqual(streamed.plan(ds), whole.plan(ds), format);
    assert.throws(() => loader.push('more'), (e) => e.code === 'INVALID_OPTIONS');
  }
});

test('ClusterLoader: text chunks and file streams', async () => {
  const loader = new planner.ClusterLoader();
  for (const line of sample.split(/(?<=\n)/)) loader.push(line);
  assert.equal(loader.finish().size, 9);
  const fromFile = new planner.ClusterLoader();
  for await (const chunk of createReadStream(path.join(root, 'tests/fixtures/nodes/openshift-insights-aws-6node-nodelist.json'), { highWaterMark: 1000 })) fromFile.push(chunk);
  assert.equal(fromFile.finish().size, 6);
});

test('ClusterLoader: broken input is a coded error with its line', () => {
  const loader = new planner.ClusterLoader();
  assert.throws(() => loader.push('{"items": [\n{"metadata": {"name": "a"}},\n{"metadata": {"name": "b"}]\n'), (e) => e.code === 'INVALID_JSON' && e.line === 3);
  const unclosed = new planner.ClusterLoader();
  unclosed.push('{"items": [{"metadata": {"name": "a"}}');
  assert.throws(() => unclosed.finish(), (e) => e.code === 'INVALID_JSON');
  const nameless = new planner.ClusterLoader();
  nameless.push('items:\n- metadata:\n    labels: {a: b}\n');
  assert.throws(() => nameless.finish(), (e) => e.code === 'INVALID_NODE' && e.line === 2);
});

test('the cluster generator: same seed, same bytes; kubectl JSON layout', async () => {
  const a = await generated(40, 'json');
  assert.deepEqual(a, await generated(40, 'json'));
  const list = JSON.parse(a.toString());
  assert.equal(list.kind, 'List');
  assert.equal(list.items.length, 40);
  const sortKeys = (v) => (Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v);
  assert.equal(a.toString(), JSON.stringify(sortKeys(list), null, 4) + '\n');
  const pools = new Set(list.items.map((n) => n.metadata.labels['eks.amazonaws.com/nodegroup'] ?? 'control-plane'));
  assert.deepEqual([...pools].sort(), ['arm64-pool', 'control-plane', 'general-pool', 'gpu-pool', 'spot-pool', 'windows-pool']);
  assert.ok(list.items.some((n) => n.spec.unschedulable), 'a cordoned node');
  assert.ok(list.items.some((n) => n.spec.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready')), 'a NotReady node');
});

test('text that is not ASCII crosses whole, however much room UTF-8 needs beyond one byte a unit', () => {
  // Three UTF-8 bytes a UTF-16 unit (and four for two units): the first buffer is too small.
  const note = 'é日本😀'.repeat(20000);
  const nodes = (n) => ({ kind: 'Node', metadata: { name: n, labels: { zone: 'a' }, annotations: { note } } });
  const text = JSON.stringify({ kind: 'List', items: [nodes('n-1'), nodes('n-2')] });
  const plan = planner.plan(ds, text);
  assert.deepEqual(plan.nodes.map((n) => n.name), ['n-1', 'n-2']);
  const loader = new planner.ClusterLoader();
  for (let i = 0; i < text.length; i += 7001) loader.push(text.slice(i, i + 7001));
  assert.deepEqual(loader.finish().nodeNames(), ['n-1', 'n-2']);
  // An error after the wide characters still names its line.
  const broken = `{"items": [{"metadata": {"annotations": {"note": "${note}"},\n "name": "n", "labels": {"k": ["x"]}}}]}`;
  assert.throws(() => planner.plan(ds, broken), (e) => e.code === 'WRONG_TYPE' && e.line === 2);
});
