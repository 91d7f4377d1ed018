// The CLI as a user runs it: tables, JSON, stdin, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { root } from './load.mjs';

const cli = path.join(root, 'pkg/bin/daemonset-planner.cjs');
const example = (f) => path.join(root, 'www/examples', f);
const fixture = (kind, f) => path.join(root, 'tests/fixtures', kind, f);

function run(args, input) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('plan prints a table and the summary', () => {
  const r = run(['plan', example('fluentd-elasticsearch.yaml'), example('sample-cluster.yaml')]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^NODE\s+RUNS\s+REASON$/);
  assert.match(r.out, /^cp-1\s+yes$/m);
  assert.match(r.out, /^gpu-a-1\s+no \(running pod stays\)\s+node\(s\) had untolerated taint\(s\)$/m);
  assert.match(r.out, /^5\/9 nodes are available: .*\.$/m);
  assert.match(r.out, /^Rollout: RollingUpdate, maxUnavailable 1, maxSurge 0$/m);
});

test('plan -o json prints the plan; - reads stdin', () => {
  const r = run(['plan', '-', example('sample-cluster.yaml'), '-o', 'json'], require_text(example('fluentd-elasticsearch.yaml')));
  assert.equal(r.code, 0, r.err);
  const plan = JSON.parse(r.out);
  assert.equal(plan.summary.nodes, 9);
  assert.equal(plan.daemonSet.name, 'fluentd-elasticsearch');
});

test('plan -o wide adds the details', () => {
  const r = run(['plan', example('fluentd-elasticsearch.yaml'), example('sample-cluster.yaml'), '-o', 'wide']);
  assert.match(r.out, /^NODE\s+RUNS\s+REASON\s+DETAIL$/m);
  assert.match(r.out, /taint spot=true:NoSchedule is not tolerated/);
});

test('validate: valid, invalid with lines, and the exit codes', () => {
  let r = run(['validate', example('fluentd-elasticsearch.yaml')]);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'DaemonSet "fluentd-elasticsearch" is valid\n');
  r = run(['validate', fixture('daemonsets', 'intel-gpu-plugin-kustomize-patch-partial.yaml')]);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    'The DaemonSet "intel-gpu-plugin" is invalid: \n' +
      '* spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels` (line 6, column 3)\n' +
      '* spec.template.spec.containers: Required value (line 7, column 5)\n',
  );
  r = run(['validate', fixture('daemonsets', 'k8s-website-daemonset.yaml')]);
  assert.equal(r.code, 0);
  assert.match(r.err, /^Warning: tolerates the legacy node-role.kubernetes.io\/master taint/m);
});

test('usage errors exit 2, unusable input exits 3', () => {
  assert.equal(run([]).code, 2);
  assert.equal(run(['plan', 'only-one']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run(['plan', '/no/such/file', '/no/such/file']).code, 2);
  const r = run(['plan', '-', example('sample-cluster.yaml')], 'kind: [broken');
  assert.equal(r.code, 3);
  assert.match(r.err, /\[INVALID_YAML\]/);
});

test('version', () => {
  assert.match(run(['version']).out, /^daemonset-planner \d+\.\d+\.\d+ \(Kubernetes 1\.37\)\n$/);
});

import { readFileSync } from 'node:fs';
function require_text(f) {
  return readFileSync(f, 'utf8');
}

test('validate: a stale resourceVersion is the 409 and an undecodable quantity the 400, as kubectl prints them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dsp-cli-'));
  const ds = (rv, extra = '') => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: ops, resourceVersion: "${rv}"}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: "agent:1.0"}]\n${extra}`;
  writeFileSync(path.join(dir, 'old.yaml'), ds(41));
  writeFileSync(path.join(dir, 'stale.yaml'), ds(40));
  writeFileSync(path.join(dir, 'bad.yaml'), ds(41, '      overhead: {cpu: abc}\n'));
  let r = run(['validate', path.join(dir, 'stale.yaml'), '--old', path.join(dir, 'old.yaml')]);
  assert.equal(r.code, 1);
  assert.equal(r.out, 'Error from server (Conflict): Operation cannot be fulfilled on daemonsets.apps "agent": the object has been modified; please apply your changes to the latest version and try again\n');
  r = run(['validate', path.join(dir, 'bad.yaml'), '-o', 'json']);
  assert.equal(r.code, 1);
  const v = JSON.parse(r.out);
  assert.deepEqual([v.status.code, v.status.reason, v.errors], [400, 'BadRequest', []]);
  assert.match(v.status.message, /^DaemonSet in version "v1" cannot be handled as a DaemonSet: quantities must match/);
});
