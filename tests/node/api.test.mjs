// The JavaScript API contract: input forms, result shapes, and coded errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, fixture, root } from './load.mjs';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: agent, image: agent:1.0}]
`;
const NODES = `kind: List
items:
- metadata: {name: linux-1, labels: {kubernetes.io/os: linux}}
- metadata: {name: win-1, labels: {kubernetes.io/os: windows}}
- metadata: {name: tainted, labels: {kubernetes.io/os: linux}}
  spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
- metadata: {name: evicting, labels: {kubernetes.io/os: linux}}
  spec: {taints: [{key: quarantine, effect: NoExecute}]}
`;

function throwsCode(fn, code) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, 'an Error');
    assert.equal(e.code, code, e.message);
    assert.doesNotMatch(e.message, /unreachable|panicked|RuntimeError/);
    return e;
  }
  assert.fail(`expected an error with code ${code}`);
}

test('plan: shape, reasons, outcomes and summary', () => {
  const plan = planner.plan(DS, NODES);
  assert.deepEqual(plan.daemonSet, { namespace: 'ops', name: 'agent' });
  assert.deepEqual(plan.nodes.map((n) => [n.name, n.shouldRun, n.shouldContinueRunning, n.outcome]), [
    ['linux-1', true, true, 'run'],
    ['win-1', false, false, 'exclude'],
    ['tainted', false, true, 'keepRunning'],
    ['evicting', false, false, 'evict'],
  ]);
  const win = plan.nodes[1].reasons[0];
  assert.equal(win.code, 'NodeSelectorMismatch');
  assert.equal(win.message, "node(s) didn't match Pod's node affinity/selector");
  assert.equal(win.detail, 'nodeSelector wants kubernetes.io/os=linux; the node has kubernetes.io/os=windows');
  // Since 1.35 the scheduler no longer names the taint; detail and taint do.
  assert.equal(plan.nodes[2].reasons[0].message, 'node(s) had untolerated taint(s)');
  assert.match(plan.nodes[2].reasons[0].detail, /^taint dedicated=gpu:NoSchedule is not tolerated/);
  assert.deepEqual(plan.nodes[2].reasons[0].taint, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
  assert.match(plan.nodes[3].reasons[0].detail, /evicted/);
  assert.equal(
    plan.summary.message,
    "1/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint(s).",
  );
  assert.deepEqual(plan.summary.outcomes, { run: 1, keepRunning: 1, evict: 1, exclude: 1 });
  assert.deepEqual(plan.rollout, { strategy: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0, desiredNumberScheduled: 1 });
  assert.equal(plan.validation.valid, true);
  assert.equal(plan.nodes[0].pod, undefined, 'no pod unless asked');
});

test('plan: the same answer from text, bytes, objects and JSON', () => {
  const fromText = planner.plan(DS, NODES);
  const fromBytes = planner.plan(new TextEncoder().encode(DS), Buffer.from(NODES));
  assert.deepEqual(fromBytes, fromText);
  const nodes = [
    { metadata: { name: 'linux-1', labels: { 'kubernetes.io/os': 'linux' } } },
    { metadata: { name: 'win-1', labels: { 'kubernetes.io/os': 'windows' } } },
  ];
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'agent', image: 'agent:1.0' }] } } } };
  const fromObjects = planner.plan(ds, nodes);
  assert.deepEqual(fromObjects.nodes.map((n) => n.shouldRun), [true, false]);
  const fromJson = planner.plan(JSON.stringify(ds), JSON.stringify({ kind: 'NodeList', items: nodes }));
  assert.deepEqual(fromJson.nodes, fromObjects.nodes);
});

test('plan: options.pods gives the Pod the controller creates', () => {
  const plan = planner.plan(DS, NODES, { pods: true });
  const pod = plan.nodes[0].pod;
  assert.equal(pod.metadata.generateName, 'agent-');
  assert.equal(pod.metadata.namespace, 'ops');
  assert.deepEqual(pod.metadata.ownerReferences[0], { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', controller: true, blockOwnerDeletion: true });
  assert.deepEqual(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['linux-1'] }] },
  ]);
  assert.equal(pod.spec.tolerations.length, 6);
  assert.equal(plan.nodes[1].pod, undefined, 'no pod where the daemon does not run');
});

test('plan: several DaemonSets need options.name', () => {
  const two = `${DS}---\n${DS.replace('name: agent,', 'name: other,')}`;
  const e = throwsCode(() => planner.plan(two, NODES), 'SEVERAL_DAEMONSETS');
  assert.match(e.message, /"agent", "other"/);
  assert.equal(planner.plan(two, NODES, { name: 'other' }).daemonSet.name, 'other');
  throwsCode(() => planner.plan(two, NODES, { name: 'nope' }), 'DAEMONSET_NOT_FOUND');
});

test('plan: bad input gives a coded Error, never a crash', () => {
  let e = throwsCode(() => planner.plan('a: [1, 2\nb: 3', NODES), 'INVALID_YAML');
  assert.ok(e.line >= 1 && e.column >= 1);
  e = throwsCode(() => planner.plan('{"kind": "DaemonSet",\n "metadata": {"name": "x",, }}', NODES), 'INVALID_JSON');
  assert.deepEqual([e.line, e.column], [2, 27]);
  throwsCode(() => planner.plan('', NODES), 'EMPTY_INPUT');
  throwsCode(() => planner.plan('   \n# only a comment\n', NODES), 'EMPTY_INPUT');
  throwsCode(() => planner.plan(DS, ''), 'EMPTY_INPUT');
  throwsCode(() => planner.plan(null, NODES), 'EMPTY_INPUT');
  throwsCode(() => planner.plan(42, NODES), 'INVALID_OPTIONS');
  throwsCode(() => planner.plan('kind: ConfigMap\nmetadata: {name: x}\n', NODES), 'NO_DAEMONSET');
  throwsCode(() => planner.plan(DS, DS), 'WRONG_KIND');
  e = throwsCode(() => planner.plan(DS.replace('containers:', 'tolerations: {}\n      containers:'), NODES), 'WRONG_TYPE');
  assert.match(e.message, /^spec\.template\.spec\.tolerations: expected a list, got a map/);
  assert.equal(e.line, 10);
  e = throwsCode(() => planner.plan(DS, 'items:\n- metadata: {labels: {a: b}}\n'), 'INVALID_NODE');
  assert.equal(e.line, 2);
  throwsCode(() => planner.plan('['.repeat(10000), NODES), 'TOO_DEEP');
  throwsCode(() => planner.plan('a:\n' + Array.from({ length: 10000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n'), NODES), 'TOO_DEEP');
  throwsCode(() => planner.plan(DS, NODES, { name: 7 }), 'INVALID_OPTIONS');
  e = throwsCode(() => planner.plan(fixture('daemonsets', 'flannel-minikube-extensions-v1beta1.yaml'), NODES), 'UNSUPPORTED_API_VERSION');
  assert.match(e.message, /apps\/v1/);
  // The module keeps working after every failure.
  assert.equal(planner.plan(DS, NODES).summary.desiredNumberScheduled, 1);
});

test('validate: never throws, whatever it is given', () => {
  for (const input of ['', 'not: [valid', '{', 42, null, undefined, true, [], {}, new Uint8Array([0xff, 0xfe]), 'kind: Pod\n', '['.repeat(10000)]) {
    const v = planner.validate(input);
    assert.equal(v.valid, false, String(input));
    assert.ok(v.errors.length >= 1 && typeof v.errors[0].message === 'string');
  }
  const v = planner.validate('a: [1, 2\nb: 3');
  assert.equal(v.errors[0].reason, 'INVALID_YAML');
  assert.ok(v.errors[0].line >= 1);
});

test('validate: messages, lines and the 422 Status', () => {
  const text = DS.replace('containers: [{name: agent, image: agent:1.0}]', 'restartPolicy: OnFailure\n      containers: [{name: agent, image: agent:1.0}]');
  const v = planner.validate(text);
  assert.equal(v.valid, false);
  assert.deepEqual(v.errors, [
    { field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported', message: 'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"', line: 10, column: 22 },
  ]);
  assert.equal(v.status.message, 'DaemonSet.apps "agent" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  assert.deepEqual(v.status.details.causes, [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: "OnFailure": supported values: "Always"', field: 'spec.template.spec.restartPolicy' }]);
});

test('validate: an update keeps the selector', () => {
  const v = planner.validate(DS.replace('matchLabels: {app: agent}', 'matchLabels: {app: agent, tier: x}').replace('labels: {app: agent}}', 'labels: {app: agent, tier: x}}'), { oldDaemonSet: DS });
  assert.deepEqual(v.errors.map((e) => e.message), ['spec.selector: Invalid value: {"matchLabels":{"app":"agent","tier":"x"}}: field is immutable']);
});

test('plan carries the validation of the DaemonSet it plans, and still plans it', () => {
  const plan = planner.plan(DS.replace('matchLabels: {app: agent}', 'matchLabels: {app: other}'), NODES);
  assert.equal(plan.validation.valid, false);
  assert.equal(plan.validation.errors[0].field, 'spec.template.metadata.labels');
  assert.equal(plan.summary.desiredNumberScheduled, 1);
});

test('version', () => {
  assert.deepEqual(Object.keys(planner.version()), ['package', 'kubernetes']);
  assert.equal(planner.version().kubernetes, '1.37');
  assert.equal(planner.version({ kubernetesVersion: '1.35' }).kubernetes, '1.35');
});

test('ES module import gives the same functions', async () => {
  const esm = await import(path.join(root, 'pkg/node/index.mjs'));
  for (const name of ['plan', 'validate', 'review', 'validateSettings', 'version', 'Cluster', 'ClusterLoader', 'PlanView']) {
    assert.equal(typeof esm[name], 'function', name);
    assert.equal(esm[name], planner[name], name);
  }
  assert.deepEqual(esm.plan(DS, NODES), planner.plan(DS, NODES));
});

test('the browser and bundler build (pkg/web) answers the same', async () => {
  const { readFileSync } = await import('node:fs');
  const web = await import(path.join(root, 'pkg/web/daemonset_planner.js'));
  web.initSync({ module: readFileSync(path.join(root, 'pkg/web/daemonset_planner_bg.wasm')) });
  assert.deepEqual(web.plan(DS, NODES), planner.plan(DS, NODES));
});

test("plan's thrown error says which argument it came from", () => {
  const ds = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'));
  const nodes = readFileSync(path.join(root, 'www/examples/sample-cluster.yaml'));
  const thrown = (f) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail('did not throw');
  };
  let e = thrown(() => planner.plan('kind: [broken', nodes));
  assert.deepEqual([e.code, e.argument], ['INVALID_YAML', 'daemonSet']);
  e = thrown(() => planner.plan(ds, 'kind: [broken'));
  assert.deepEqual([e.code, e.argument], ['INVALID_YAML', 'nodes']);
  e = thrown(() => planner.plan(ds, ''));
  assert.deepEqual([e.code, e.argument], ['EMPTY_INPUT', 'nodes']);
  e = thrown(() => planner.plan(nodes, nodes));
  assert.deepEqual([e.code, e.argument], ['NO_DAEMONSET', 'daemonSet']);
});
