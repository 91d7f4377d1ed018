// Many DaemonSets through the built package: listDaemonSets, planAll, suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, fixture } from './load.mjs';

const node = (name, labels = {}, taints = []) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } });
const ds = (namespace, name, spec = {}, labels = {}) => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace, labels },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } } },
});

test('listDaemonSets names each DaemonSet with its namespace and line', () => {
  const text = fixture('daemonsets', 'metallb-native.yaml').toString();
  const listed = planner.listDaemonSets(text);
  assert.deepEqual(listed.map((d) => `${d.namespace}/${d.name}`), ['metallb-system/speaker']);
  assert.ok(listed[0].line > 1);
  assert.deepEqual(planner.listDaemonSets([ds('a', 'x'), ds('b', 'x')]).map((d) => d.namespace), ['a', 'b']);
});

test('planAll plans every DaemonSet and finds the overlap of one family', () => {
  const nodes = [node('n1'), node('n2', {}, [{ key: 'spot', value: 'true', effect: 'NoSchedule' }])];
  const result = planner.planAll([ds('logging', 'fluentd'), ds('logging', 'fluent-bit')], nodes, { families: { 'log-agent': ['fluentd', 'fluent-bit'] } });
  assert.equal(result.plans.length, 2);
  assert.deepEqual(result.findings.map((f) => f.code), ['Gap', 'Overlap']);
  assert.deepEqual(result.findings[1].nodes, ['n1']);
  assert.deepEqual(result.nodes[1].daemonSets, [{ name: 'logging/fluentd', outcome: 'keepRunning' }, { name: 'logging/fluent-bit', outcome: 'keepRunning' }]);
});

test('a bare name shared by two namespaces is ambiguous; namespace/name picks one', () => {
  const input = [ds('a', 'x'), ds('b', 'x')];
  assert.throws(() => planner.plan(input, [node('n')], { name: 'x' }), (e) => e.code === 'SEVERAL_DAEMONSETS' && e.message.includes('"a/x", "b/x"'));
  assert.equal(planner.plan(input, [node('n')], { name: 'b/x' }).daemonSet.namespace, 'b');
});

test('suggestions come with a merge patch that places the daemon when applied', () => {
  const nodes = [node('n1'), node('n2', {}, [{ key: 'spot', value: 'true', effect: 'NoSchedule' }])];
  const plan = planner.plan(ds('x', 'agent'), nodes, { suggestions: true });
  const [s] = plan.nodes[1].suggestions;
  assert.equal(s.message, 'add toleration {key: spot, operator: Equal, value: "true", effect: NoSchedule} → runs on 1 more node');
  const patched = ds('x', 'agent');
  patched.spec.template.spec.tolerations = JSON.parse(s.patch).spec.template.spec.tolerations;
  assert.equal(planner.plan(patched, nodes).summary.desiredNumberScheduled, 2);
  assert.equal(plan.nodes[0].suggestions, undefined);
});

test('planAll options are checked', () => {
  assert.throws(() => planner.planAll([ds('a', 'x')], [node('n')], { coverage: 42 }), (e) => e.code === 'INVALID_OPTIONS');
  assert.throws(() => planner.planAll([ds('a', 'x')], [node('n')], { families: 'x' }), (e) => e.code === 'INVALID_OPTIONS');
  const cluster = new planner.Cluster([node('n', { 'kubernetes.io/os': 'linux' })]);
  const covered = cluster.planAll([ds('a', 'x', { nodeSelector: { disk: 'ssd' } })], { coverage: 'kubernetes.io/os=linux' });
  assert.deepEqual(covered.findings.map((f) => f.code), ['NotCovered']);
  cluster.free();
});

test('planAll reads several cluster files as one cluster', () => {
  const text = (n) => JSON.stringify({ kind: 'NodeList', items: [node(n)] });
  const result = planner.planAll([ds('a', 'x')], [text('n1'), new TextEncoder().encode(text('n2'))]);
  assert.deepEqual(result.nodes.map((n) => n.name), ['n1', 'n2']);
});
