// Releases, feature gates and strict field validation through the built package and the CLI;
// the versions/ conformance cases at their own release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planner, conformance, root } from './load.mjs';

for (const c of conformance('versions')) {
  test(`${c.id} (Kubernetes ${c.kubernetesVersion})`, () => {
    const options = { kubernetesVersion: c.kubernetesVersion, fieldValidation: 'Warn' };
    if (c.id.startsWith('placement/')) {
      const plan = planner.plan(c.daemonSet, c.nodes, options);
      for (const [node, want] of Object.entries(c.expect)) {
        const got = plan.nodes.find((n) => n.name === node);
        assert.deepEqual({ shouldRun: got.shouldRun, shouldContinueRunning: got.shouldContinueRunning }, want);
      }
      return;
    }
    if (c.oldDaemonSet) options.oldDaemonSet = c.oldDaemonSet;
    const v = planner.validate(JSON.stringify(c.daemonSet), options);
    const got = v.errors.map((e) => `${e.field} ${e.reason}`).sort();
    const want = (c.expect.errors ?? []).map((e) => `${e.field} ${e.reason}`).sort();
    assert.equal(v.valid, c.expect.valid, got.join('; '));
    assert.deepEqual(got, want);
  });
}

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: default}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      tolerations: [{key: dedicated, operator: Exists, efect: NoSchedule}]
      containers: [{name: a, image: x}]
`;

test('strict field validation is the default, as kubectl apply sends it', () => {
  const v = planner.validate(DS);
  assert.equal(v.valid, false);
  assert.equal(v.status.code, 400);
  assert.equal(v.status.reason, 'BadRequest');
  assert.equal(
    v.status.message,
    'DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.template.spec.tolerations[0].efect"',
  );
  assert.equal('details' in v.status, false);
  assert.deepEqual(v.errors.map((e) => [e.field, e.line, e.column]), [['spec.template.spec.tolerations[0].efect', 9, 56]]);
  const warn = planner.validate(DS, { fieldValidation: 'Warn' });
  assert.equal(warn.valid, true);
  assert.deepEqual(warn.warnings.map((w) => w.message), ['unknown field "spec.template.spec.tolerations[0].efect"']);
  assert.deepEqual(planner.validate(DS, { fieldValidation: 'Ignore' }).warnings, []);
  assert.equal(planner.plan(DS, '[]').validation.status.code, 400);
});

test('known fields follow the release', () => {
  const ds = DS.replace('efect', 'effect').replace('      containers:', '      workloadRef: {name: w, podGroup: g}\n      containers:');
  assert.equal(planner.validate(ds, { kubernetesVersion: '1.35' }).valid, true);
  assert.deepEqual(planner.validate(ds, { kubernetesVersion: '1.36' }).errors.map((e) => e.message), ['unknown field "spec.template.spec.workloadRef"']);
});

test('options are checked: releases, gates, field validation', () => {
  assert.throws(() => planner.plan(DS, '[]', { kubernetesVersion: '1.34' }), {
    code: 'INVALID_OPTIONS',
    message: 'unsupported Kubernetes release "1.34": supported releases are 1.35, 1.36, 1.37',
  });
  const v = planner.validate(DS, { kubernetesVersion: '1.38' });
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].reason, 'INVALID_OPTIONS');
  assert.throws(() => planner.plan(DS, '[]', { featureGates: { HostnameOverride: false }, kubernetesVersion: '1.37' }), {
    code: 'INVALID_OPTIONS',
    message: 'options.featureGates: cannot set feature gate HostnameOverride to false, feature is locked to true',
  });
  assert.throws(() => planner.plan(DS, '[]', { featureGates: { NoSuchGate: true } }), { code: 'INVALID_OPTIONS', message: /unrecognized feature gate: NoSuchGate/ });
  assert.throws(() => planner.plan(DS, '[]', { fieldValidation: 'strict' }), { code: 'INVALID_OPTIONS', message: /"Strict", "Warn", "Ignore"/ });
  assert.equal(planner.plan(DS, '[]', { kubernetesVersion: 'v1.36.2', fieldValidation: 'Ignore' }).validation.valid, true);
});

test('version() names the release that answers', () => {
  assert.equal(planner.version().kubernetes, '1.37');
  assert.equal(planner.version({ kubernetesVersion: '1.36' }).kubernetes, '1.36');
});

const cli = (args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'pkg/bin/daemonset-planner.cjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('the CLI takes --kubernetes-version and --validate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'releases-'));
  const file = path.join(dir, 'ds.yaml');
  writeFileSync(file, DS);
  const strict = cli(['validate', file]);
  assert.equal(strict.code, 1);
  assert.match(strict.out, /^Error from server \(BadRequest\): DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec\.template\.spec\.tolerations\[0\]\.efect"$/m);
  assert.match(strict.out, /line 9, column 56/);
  const warn = cli(['validate', file, '--validate=warn', '--kubernetes-version', '1.35']);
  assert.equal(warn.code, 0, warn.out + warn.err);
  assert.match(warn.err, /^Warning: unknown field "spec\.template\.spec\.tolerations\[0\]\.efect" \(line 9\)$/m);
  assert.equal(cli(['validate', file, '--validate=ignore']).code, 0);
  assert.equal(cli(['validate', file, '--validate=maybe']).code, 2);
  const bad = cli(['validate', file, '--kubernetes-version=1.30']);
  assert.equal(bad.code, 3);
  assert.match(bad.err, /supported releases are 1\.35, 1\.36, 1\.37/);
  assert.match(cli(['version', '--kubernetes-version', '1.35']).out, /\(Kubernetes 1\.35\)$/m);
});
