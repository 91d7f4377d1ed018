// Every scheduling case (executed kube-scheduler v1.35.4) through the built package, with the
// cluster as one array of objects of mixed kinds, as several files, and through ClusterLoader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, conformance } from './load.mjs';

const clusterOf = (c) => [...c.nodes, ...c.pods, ...(c.priorityClasses || []), ...(c.pdbs || [])];

function verdicts(plan, c) {
  const out = {};
  for (const node of Object.keys(c.expect)) {
    const s = plan.nodes.find((n) => n.name === node)?.scheduling;
    assert.ok(s, `${node} has a scheduling verdict`);
    const v = { scheduled: s.scheduled };
    if (!s.scheduled) {
      v.message = s.message;
      v.preemption = { victims: s.preemption.victims };
    }
    out[node] = v;
  }
  return out;
}

for (const c of conformance('scheduling')) {
  test(c.id, () => {
    const plan = planner.plan(c.daemonSet, clusterOf(c));
    assert.deepEqual(verdicts(plan, c), c.expect);
  });
}

test('several cluster files give the same plan as one list', () => {
  const c = conformance('scheduling').find((k) => k.pods.length > 1 && (k.priorityClasses || []).length > 0);
  const one = planner.plan(c.daemonSet, clusterOf(c));
  const files = [
    JSON.stringify({ kind: 'List', items: c.nodes }),
    new TextEncoder().encode(JSON.stringify({ kind: 'PodList', items: c.pods })),
    JSON.stringify({ kind: 'List', items: [...(c.priorityClasses || []), ...(c.pdbs || [])] }),
  ];
  assert.deepEqual(planner.plan(c.daemonSet, files).nodes, one.nodes);
  const loader = new planner.ClusterLoader();
  for (const f of files) {
    loader.push(f);
    loader.endFile();
  }
  const cluster = loader.finish();
  assert.deepEqual(cluster.plan(c.daemonSet).nodes, one.nodes);
});

test('the summary counts running, pending and preempting nodes', () => {
  const c = conformance('scheduling').find((k) => k.id.endsWith('/single-lower-priority-victim'));
  const s = planner.plan(c.daemonSet, clusterOf(c)).summary.scheduling;
  assert.deepEqual([s.scheduled, s.pending, s.preempting, s.victims], [0, 0, 1, 1]);
  assert.match(s.message, /0 of 1 targeted nodes would run the pod now; 1 preempt 1 pod\(s\) first/);
});

test('bad cluster objects are coded errors, never a crash', () => {
  const c = conformance('scheduling')[0];
  const pod = (spec, metadata = { name: 'p' }) => ({ kind: 'Pod', metadata, spec });
  const code = (objects) => {
    try {
      planner.plan(c.daemonSet, [...c.nodes, ...objects]);
      return 'ok';
    } catch (e) {
      return e.code;
    }
  };
  assert.equal(code([pod({ nodeName: 'worker-1' }, {})]), 'INVALID_POD');
  assert.equal(code([pod({ containers: [{ name: 'a', resources: { requests: { cpu: '-1' } } }] })]), 'INVALID_QUANTITY');
  assert.equal(code([pod({ containers: [{ name: 'a', resources: { requests: { cpu: 'lots' } } }] })]), 'INVALID_QUANTITY');
  // A PDB without status allows no disruption; a PriorityClass without value is 0.
  assert.equal(code([{ kind: 'PodDisruptionBudget', metadata: { name: 'b' }, spec: { selector: { matchLabels: { a: 'b' } } } }]), 'ok');
  assert.equal(code([{ kind: 'PriorityClass', metadata: { name: 'x' } }]), 'ok');
});

test('the CLI reads several cluster files and shows the verdict, wide and as JSON', async () => {
  const { spawnSync } = await import('node:child_process');
  const path = (await import('node:path')).default;
  const { root } = await import('./load.mjs');
  const ex = (f) => path.join(root, 'examples/scheduling', f);
  const run = (...args) => spawnSync(process.execPath, [path.join(root, 'pkg/bin/daemonset-planner.cjs'), 'plan', ex('node-agent.yaml'), ex('nodes.yaml'), ex('pods.yaml'), ...args], { encoding: 'utf8' });
  const table = run();
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^NODE\s+RUNS\s+SCHEDULER\s+REASON$/m);
  assert.match(table.stdout, /^worker-1\s+yes\s+Running$/m);
  assert.match(table.stdout, /^worker-2\s+yes\s+Pending: Insufficient cpu$/m);
  assert.match(table.stdout, /^worker-3\s+yes\s+preempts 1 pod \(batch\/report-2\)$/m);
  assert.match(table.stdout, /^Scheduler: 1 of 4 targeted nodes would run the pod now; 1 stays Pending; 2 preempt 2 pod\(s\) first$/m);
  assert.match(table.stdout, /^  worker-4: 0\/4 nodes are available: 1 node\(s\) didn't have free ports for the requested pod ports, 3 node\(s\) didn't satisfy plugin\(s\) \[NodeAffinity\]\.$/m);
  assert.match(run('-o', 'wide').stdout, /^worker-2 .* cpu 3900m\/4, memory 2Gi\/16Gi, pods 1\/110$/m);
  const plan = JSON.parse(run('-o', 'json').stdout);
  assert.deepEqual(plan.nodes[0].scheduling.daemonOverhead, { cpu: '100m', memory: '128Mi' });
  assert.deepEqual(plan.nodes[3].scheduling.preemption.victims, ['monitoring/legacy-exporter']);
});
