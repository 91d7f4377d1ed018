// The CLI's status, sync, rollout and diff on examples/over-time, as a user runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { root } from './load.mjs';

const cli = path.join(root, 'pkg/bin/daemonset-planner.cjs');
const ex = (f) => path.join(root, 'examples/over-time', f);
const NOW = ['--now', '2026-01-01T01:00:00Z'];

function run(args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('status prints the kubectl get ds row and each node', () => {
  const r = run(['status', ex('daemonset.yaml'), ex('cluster.yaml'), ...NOW]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/m);
  assert.match(r.out, /^node-agent\s+6\s+5\s+4\s+0\s+4\s+<none>\s+60m$/m);
  assert.match(r.out, /^worker-4\s+yes\s+node-agent-f5t6v\s+Running\s+no\s+no\s+no$/m);
  assert.match(r.out, /^worker-6\s+yes\s+-$/m);
});

test('sync prints the next sync with the controller reasons', () => {
  const r = run(['sync', ex('daemonset.yaml'), ex('cluster.yaml'), ...NOW]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /delete {2}monitoring\/node-agent-f5t6v {3}rolling update: old pod unavailable/);
  assert.match(r.out, /create {2}pod on worker-6 {3}node should run the daemon pod and has none/);
});

test('rollout prints the waves; -o json the plan', () => {
  const r = run(['rollout', ex('daemonset.yaml'), ex('cluster.yaml'), ...NOW, '--startup', '20', '-o', 'json']);
  assert.equal(r.code, 0, r.err);
  const plan = JSON.parse(r.out);
  assert.equal(plan.complete, true);
  assert.deepEqual(plan.waves[0].nodes, ['worker-4'], 'the already-unavailable pod goes first');
  assert.deepEqual(plan.waves.flatMap((w) => w.nodes).sort(), ['worker-1', 'worker-2', 'worker-3', 'worker-4', 'worker-5']);
});

test('diff of the update against the stored DaemonSet', () => {
  const r = run(['diff', ex('daemonset-v1.yaml'), ex('cluster.yaml'), '--after', ex('daemonset.yaml'), ...NOW]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /template changed/);
  assert.match(r.out, /^worker-6\s+yes\s+yes\s+keep$/m);
  assert.match(r.out, /wave 1 .*worker-4/);
});

test('diff --settled: a node list without pods stands for the DaemonSet running', () => {
  const www = (f) => path.join(root, 'www/examples', f);
  const after = path.join(mkdtempSync(path.join(tmpdir(), 'dsp-')), 'after.yaml');
  writeFileSync(after, readFileSync(www('fluentd-elasticsearch.yaml'), 'utf8').replace('fluentd:v5.0.1', 'fluentd:v5.0.2'));
  const plain = run(['diff', www('fluentd-elasticsearch.yaml'), www('sample-cluster.yaml'), '--after', after, ...NOW]);
  assert.equal(plain.code, 0, plain.err);
  assert.doesNotMatch(plain.out, /^wave 1/m, 'without pods there is nothing to replace');
  const r = run(['diff', www('fluentd-elasticsearch.yaml'), www('sample-cluster.yaml'), '--after', after, '--settled', ...NOW, '-o', 'json']);
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out);
  assert.equal(d.templateChanged, true);
  assert.deepEqual([...d.replaced].sort(), [...d.keep].sort(), 'every node that keeps the daemon has its pod replaced');
  assert.equal(d.rollout.waves.length, d.keep.length, 'maxUnavailable 1: one node a wave');
});

test('a sync command without a cluster is a usage error', () => {
  const r = run(['rollout', ex('daemonset.yaml')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /takes a DaemonSet file and at least one cluster file/);
});
