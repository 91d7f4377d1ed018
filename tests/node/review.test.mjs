// review(), validateSettings() and the CLI's review command, on the built package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { planner, root, admissionReview } from './load.mjs';

const ds = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'ops' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'registry.k8s.io/agent:1' }], tolerations: [{ operator: 'Exists' }] } },
  },
};

test('create: admitted, with kubectl warnings passed on', () => {
  const answer = planner.review(admissionReview('CREATE', ds));
  assert.equal(answer.response.uid, 'b6a0c1d2-1111-4c3b-9a77-0123456789ab');
  assert.equal(answer.response.allowed, true);
  assert.match(answer.response.warnings[0], /tolerates every taint/);
});

test('create: denied by policy, as text or object, settings as YAML or object', () => {
  for (const settings of ['forbidTolerateAll: true\n', { forbidTolerateAll: true }]) {
    for (const review of [admissionReview('CREATE', ds), JSON.stringify(admissionReview('CREATE', ds)), Buffer.from(JSON.stringify(admissionReview('CREATE', ds)))]) {
      const r = planner.review(review, { settings }).response;
      assert.equal(r.allowed, false);
      assert.equal(r.status.code, 403);
      assert.equal(r.status.details.causes[0].message, 'forbidTolerateAll: tolerations[0] tolerates every taint (operator Exists without a key): list the taints it needs');
      assert.equal(r.status.details.causes[0].field, 'spec.template.spec.tolerations[0]');
    }
  }
});

test('update: validated against the old object', () => {
  const changed = structuredClone(ds);
  changed.spec.template.spec.activeDeadlineSeconds = 30;
  const r = planner.review(admissionReview('UPDATE', changed, { ...ds, metadata: { ...ds.metadata, resourceVersion: '3' } })).response;
  assert.equal(r.allowed, false);
  assert.equal(r.status.code, 422);
  assert.equal(r.status.message, 'DaemonSet.apps "agent" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported');
});

test('nodes for coverage rules', () => {
  const nodes = 'items:\n- metadata: {name: a, labels: {kubernetes.io/os: linux}}\n- metadata: {name: b, labels: {kubernetes.io/os: windows}}\n';
  const linuxOnly = structuredClone(ds);
  linuxOnly.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  const settings = 'minCoverage: {percent: 100, nodeSelector: {matchLabels: {kubernetes.io/os: linux}}}';
  assert.equal(planner.review(admissionReview('CREATE', linuxOnly), { settings, nodes }).response.allowed, true);
  const r = planner.review(admissionReview('CREATE', linuxOnly), { settings: 'minCoverage: {percent: 100}', nodes }).response;
  assert.equal(r.status.details.causes[0].message, 'minCoverage: runs on 1 of 2 nodes (50.0%); at least 100% required');
});

test('malformed reviews get a well-formed answer, closed by default, open if configured', () => {
  for (const bad of ['', '{', 42, null, [], { request: { uid: 'x', kind: { group: 'apps', kind: 'DaemonSet' }, operation: 'CREATE' } }]) {
    const closed = planner.review(bad);
    assert.equal(closed.kind, 'AdmissionReview');
    assert.equal(closed.response.allowed, false, JSON.stringify(bad));
    assert.equal(closed.response.status.code, 400);
    assert.equal(planner.review(bad, { settings: 'failurePolicy: Ignore' }).response.allowed, true);
  }
});

test('settings are validated with clear errors', () => {
  assert.deepEqual(planner.validateSettings('forbidTolerateAll: true'), { valid: true });
  assert.deepEqual(planner.validateSettings({ maxUnavailable: '25%' }), { valid: true });
  const bad = planner.validateSettings('mustTolerate:\n- {key: gpu, effect: NoSchedul}\n');
  assert.equal(bad.valid, false);
  assert.equal(bad.message, 'settings.mustTolerate[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute, got "NoSchedul"');
  const typo = planner.validateSettings('allowedRegistry: [x]\n');
  assert.match(typo.message, /unknown field `allowedRegistry`/);
  assert.equal(typo.line, 1);
  // Broken settings do not throw: the review is answered under the failure policy (Fail).
  const broken = planner.review(admissionReview('CREATE', ds), { settings: 'maxUnavailable: lots' }).response;
  assert.equal(broken.allowed, false);
  assert.match(broken.status.message, /INVALID_SETTINGS/);
});

test('the CLI answers a review from stdin', () => {
  const cli = path.join(root, 'pkg/bin/daemonset-planner.cjs');
  const r = spawnSync(process.execPath, [cli, 'review'], { input: JSON.stringify(admissionReview('CREATE', ds)), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).response.allowed, true);
  const denied = spawnSync(process.execPath, [cli, 'review', '--settings', path.join(root, 'examples/webhook/settings.yaml')], { input: JSON.stringify(admissionReview('CREATE', ds)), encoding: 'utf8' });
  assert.equal(JSON.parse(denied.stdout).response.allowed, false);
  const broken = spawnSync(process.execPath, [cli, 'review', '--settings', '-'], { input: 'x', encoding: 'utf8' });
  assert.equal(broken.status, 2, 'stdin cannot be both');
});

test('featureGates reach validation, for the settings\' release; a gate that cannot be set is the failure policy\'s answer', () => {
  const mount = structuredClone(ds);
  mount.spec.template.spec.securityContext = { seLinuxChangePolicy: 'MountOption' };
  const settings = "kubernetesVersion: '1.35'";
  // validateSELinuxChangePolicy: only Recursive while SELinuxMount is off (1.35's default).
  const off = planner.review(admissionReview('CREATE', mount), { settings }).response;
  assert.equal(off.allowed, false);
  // A StatusCause carries the field apart from the message (the ErrorBody).
  assert.equal(off.status.details.causes[0].field, 'spec.template.spec.securityContext.seLinuxChangePolicy');
  assert.equal(off.status.details.causes[0].message, 'Unsupported value: "MountOption": supported values: "Recursive"');
  assert.equal(planner.review(admissionReview('CREATE', mount), { settings, featureGates: { SELinuxMount: true } }).response.allowed, true);
  const locked = planner.review(admissionReview('CREATE', ds), { featureGates: { HostnameOverride: false } }).response;
  assert.equal(locked.allowed, false);
  assert.equal(locked.status.code, 500);
  assert.match(locked.status.message, /cannot set feature gate HostnameOverride to false, feature is locked to true/);
});
