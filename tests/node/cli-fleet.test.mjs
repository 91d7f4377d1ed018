// The CLI over many DaemonSets, as CI runs it: several files, directories, -l, the gate,
// --only-missing, --suggest, -o yaml, and validation as GitHub annotations and SARIF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './load.mjs';

const yaml = createRequire(import.meta.url)('js-yaml');
const cli = path.join(root, 'pkg/bin/daemonset-planner.cjs');

function run(args, input) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dsp-fleet-'));
const write = (name, value) => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};
const node = (name, labels, taints = []) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } });
const ds = (name, spec = {}) => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'ops', labels: { 'app.kubernetes.io/name': 'agent' } },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } } },
});
const nodes = write('nodes.json', { apiVersion: 'v1', kind: 'List', items: [
  node('linux-1', { 'kubernetes.io/os': 'linux' }),
  node('linux-2', { 'kubernetes.io/os': 'linux' }, [{ key: 'spot', value: 'true', effect: 'NoSchedule' }]),
  node('win-1', { 'kubernetes.io/os': 'windows' }),
] });
const linux = write('manifests/linux.yaml', yaml.dump(ds('agent-linux', { nodeSelector: { 'kubernetes.io/os': 'linux' } })));
const windows = write('manifests/windows.json', ds('agent-windows', { nodeSelector: { 'kubernetes.io/os': 'windows' } }));
write('manifests/README.md', 'not a manifest');
const both = write('both.yaml', `${yaml.dump(ds('agent-linux', { nodeSelector: { 'kubernetes.io/os': 'linux' } }))}---\n${yaml.dump(ds('agent-windows', { nodeSelector: { 'kubernetes.io/os': 'windows' } }))}`);

test('a file with several DaemonSets prints one summary line each, then the findings', () => {
  const r = run(['plan', both, nodes]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^DAEMONSET\s+SOURCE\s+RUNS\s+MISSING\s+SUMMARY$/);
  assert.match(lines[1], /^ops\/agent-linux\s+\S+both\.yaml:1\s+1\/3\s+2\s+1\/3 nodes are available: /);
  assert.match(lines[2], /^ops\/agent-windows\s+\S+both\.yaml:\d+\s+1\/3\s+2\s+/);
  assert.match(r.out, /^Findings:\n {2}Gap: no DaemonSet of family "agent" runs on 1 node: linux-2 /m);
});

test('several files and a directory are read as one set of DaemonSets', () => {
  const files = run(['plan', '-f', linux, '-f', windows, nodes, '-o', 'json']);
  const dirs = run(['plan', path.join(dir, 'manifests'), '--nodes', nodes, '-o', 'json']);
  assert.equal(files.code, 0, files.err);
  assert.equal(dirs.code, 0, dirs.err);
  const a = JSON.parse(files.out);
  const b = JSON.parse(dirs.out);
  assert.deepEqual(a.daemonSets.map((d) => [d.name, d.source]), [['agent-linux', 0], ['agent-windows', 1]]);
  assert.deepEqual(b.plans, a.plans);
  assert.deepEqual(b.findings.map((f) => f.code), ['Gap']);
});

test('-l restricts the nodes that count and --fail-on-missing gates CI', () => {
  const linuxOnly = run(['plan', linux, nodes, '-l', 'kubernetes.io/os=linux']);
  assert.equal(linuxOnly.code, 0, linuxOnly.err);
  assert.match(linuxOnly.out, /^ops\/agent-linux\s+\S+\s+1\/2\s+1\s+/m);
  assert.match(linuxOnly.out, /NotCovered: ops\/agent-linux does not run on 1 of the 2 nodes selected by "kubernetes.io\/os=linux": linux-2/);
  assert.equal(run(['plan', linux, nodes, '-l', 'kubernetes.io/os=linux', '--fail-on-missing']).code, 1);
  assert.equal(run(['plan', windows, nodes, '-l', 'kubernetes.io/os=windows', '--fail-on-missing']).code, 0);
  assert.equal(run(['plan', linux, nodes, '--fail-on-missing']).code, 1);
  const bad = run(['plan', linux, nodes, '-l', 'os in linux']);
  assert.equal(bad.code, 3);
  assert.match(bad.err, /^error: -l: coverage selector "os in linux": .* \[INVALID_OPTIONS\]$/m);
});

test('--only-missing leaves out what runs; -o wide lists each DaemonSet\'s nodes', () => {
  const r = run(['plan', both, nodes, '--only-missing', '-o', 'wide']);
  assert.equal(r.code, 0, r.err);
  const section = (name) => r.out.split(/\n\n/).find((s) => s.startsWith(`${name}:\n`));
  assert.match(section('ops/agent-linux'), /^ops\/agent-linux:\nNODE\s+RUNS\s+REASON\s+DETAIL\nlinux-2\s+no \(running pod stays\)/);
  assert.doesNotMatch(section('ops/agent-linux'), /^linux-1\s/m);
  assert.match(section('ops/agent-windows'), /^linux-1\s+no \(excluded\)/m);
  assert.match(r.out, /^win-1\s+no \(excluded\)\s+node\(s\) didn't match Pod's node affinity\/selector/m);
});

test('--suggest prints the checked fix under the node it places', () => {
  const r = run(['plan', linux, nodes, '--name', 'agent-linux', '--suggest', '-o', 'wide']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\s+fix: add toleration \{key: spot, operator: Equal, value: "true", effect: NoSchedule\} → runs on 1 more node\s+\{"spec":/m);
});

test('-o yaml round-trips through a YAML parser', () => {
  const asYaml = run(['plan', both, nodes, '-o', 'yaml']);
  const asJson = run(['plan', both, nodes, '-o', 'json']);
  assert.equal(asYaml.code, 0, asYaml.err);
  assert.deepEqual(yaml.load(asYaml.out), JSON.parse(asJson.out));
});

test('validate over a directory reports GitHub annotations and SARIF with file:line', () => {
  const broken = ds('broken');
  broken.spec.template.metadata.labels = { app: 'other' };
  write('ci/broken.yaml', yaml.dump(broken));
  write('ci/fine.yaml', yaml.dump(ds('fine')));
  const ci = path.join(dir, 'ci');
  const gh = run(['validate', ci, '-o', 'github']);
  assert.equal(gh.code, 1);
  assert.match(gh.out, /^::error file=\S+broken\.yaml,line=\d+,col=\d+,title=FieldValueInvalid::spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`$/m);
  const s = run(['validate', ci, '-o', 'sarif']);
  assert.equal(s.code, 1);
  const log = JSON.parse(s.out);
  assert.equal(log.version, '2.1.0');
  const [result] = log.runs[0].results.filter((x) => x.level === 'error');
  assert.match(result.locations[0].physicalLocation.artifactLocation.uri, /broken\.yaml$/);
  assert.ok(result.locations[0].physicalLocation.region.startLine > 1);
  const text = run(['validate', ci]);
  assert.equal(text.code, 1);
  assert.match(text.out, /fine\.yaml: DaemonSet "ops\/fine" is valid/);
  assert.match(text.out, /broken\.yaml:\d+:\d+: ops\/broken: spec\.template\.metadata\.labels: Invalid value/);
  assert.equal(run(['validate', path.join(dir, 'ci/fine.yaml'), '-o', 'github']).code, 0);
});

test('--suggest-node prints the node-side fix and its kubectl command under the node', () => {
  const ds = path.join(root, 'www/examples/fluentd-elasticsearch.yaml');
  const sample = path.join(root, 'www/examples/sample-cluster.yaml');
  const r = run(['plan', ds, sample, '--suggest-node', '-o', 'wide']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\s+node fix: remove taint nvidia\.com\/gpu=present:NoSchedule \(other pods may then schedule there too\) → runs there\s+kubectl taint node gpu-a-1 nvidia\.com\/gpu=present:NoSchedule-$/m);
  // A taint the node lifecycle controller owns gets no node fix.
  assert.doesNotMatch(r.out, /node fix: remove taint node\.kubernetes\.io\/not-ready/);
});
