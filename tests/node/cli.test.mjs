// The CLI as a user runs it: tables, JSON, stdin, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  assert.match(r.out, /^gpu-a-1\s+no \(running pod stays\)\s+node\(s\) had untolerated taint \{nvidia\.com\/gpu: present\}$/m);
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
  assert.match(run(['version']).out, /^daemonset-planner \d+\.\d+\.\d+ \(Kubernetes 1\.36\)\n$/);
});

function require_text(f) {
  return readFileSync(f, 'utf8');
}

const DS = example('fluentd-elasticsearch.yaml');
const NODES = example('sample-cluster.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dsp-cli-'));
function file(name, content) {
  const f = path.join(tmp, name);
  writeFileSync(f, content);
  return f;
}

test("kubectl's flag forms all mean the same", () => {
  const want = run(['plan', DS, NODES, '-o', 'json']).out;
  for (const args of [
    ['plan', DS, NODES, '-ojson'],
    ['plan', DS, NODES, '-o=json'],
    ['plan', DS, NODES, '--output', 'json'],
    ['plan', DS, NODES, '--output=json'],
    ['plan', '-f', DS, '--nodes', NODES, '-o', 'json'],
    ['plan', `--filename=${DS}`, `--nodes=${NODES}`, '-ojson'],
    ['plan', '-ojson', '--', DS, NODES],
  ]) {
    const r = run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.out, want, args.join(' '));
  }
  const named = run(['plan', DS, NODES, '--name=fluentd-elasticsearch', '-ojson']);
  assert.equal(named.code, 0, named.err);
  const missing = run(['plan', DS, NODES, '--name', 'nope']);
  assert.equal(missing.code, 3);
  assert.match(missing.err, /^error: .*fluentd-elasticsearch\.yaml.*\[DAEMONSET_NOT_FOUND\]$/m);
});

test('--version, version -o json, --no-headers, --pods=false', () => {
  assert.equal(run(['--version']).out, run(['version']).out);
  assert.equal(JSON.parse(run(['version', '-ojson']).out).kubernetes, '1.36');
  const r = run(['plan', DS, NODES, '--no-headers']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^cp-1\s+yes$/m);
  assert.doesNotMatch(r.out, /NODE\s+RUNS/);
  const pods = JSON.parse(run(['plan', DS, NODES, '-ojson', '--pods']).out);
  assert.ok(pods.nodes[0].pod);
  const noPods = JSON.parse(run(['plan', DS, NODES, '-ojson', '--pods=false']).out);
  assert.equal(noPods.nodes[0].pod, undefined);
});

test('each command has --help with every flag and an example; help COMMAND too', () => {
  const flags = { plan: ['--filename', '--nodes', '--output', '--name', '--pods', '--no-headers'], validate: ['--filename', '--output', '--name', '--old'], review: ['--settings', '--nodes'], version: ['--output'] };
  for (const [command, names] of Object.entries(flags)) {
    const r = run([command, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Examples:$/m, command);
    for (const f of names) assert.match(r.out, new RegExp(`^\\s+(-\\w, )?${f}\\b.*\\S`, 'm'), `${command} ${f}`);
    assert.equal(run([command, '-h']).out, r.out);
    assert.equal(run(['help', command]).out, r.out);
  }
  const top = run(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.out, /^  plan\s+Show on which nodes/m);
});

test('mistakes get a one-line error and a hint, exit 2', () => {
  for (const [args, message] of [
    [['plan', DS, NODES, '--bogus'], /^error: unknown flag: --bogus$/],
    [['plan', DS, NODES, '-o', 'xml'], /^error: unable to match a printer suitable for the output format "xml", allowed formats are: table,wide,json,yaml$/],
    [['plan', DS], /^error: plan needs a node list file/],
    [['plan', DS, NODES, '-o'], /^error: flag needs an argument: -o$/],
    [['validate', DS, '--pods'], /^error: unknown flag: --pods$/],
  ]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    const lines = r.err.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.err);
    assert.match(lines[0], message);
    assert.equal(lines[1], `See 'daemonset-planner ${args[0]} --help' for usage.`);
  }
  const r = run(['frobnicate']);
  assert.equal(r.err, `error: unknown command "frobnicate" for "daemonset-planner"\nRun 'daemonset-planner --help' for usage.\n`);
});

test('-o yaml for plan and validate', () => {
  const r = run(['plan', DS, NODES, '-o', 'yaml']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^daemonSet:\n  namespace: kube-system\n  name: fluentd-elasticsearch\n/);
  assert.match(r.out, /^- name: cp-1$/m);
  const v = run(['validate', fixture('daemonsets', 'intel-gpu-plugin-kustomize-patch-partial.yaml'), '-oyaml']);
  assert.equal(v.code, 1);
  assert.match(v.out, /^valid: false$/m);
  assert.match(v.out, /^- field: spec\.template\.spec\.containers$/m);
});

test('| head exits quietly', () => {
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" plan -oyaml --pods "${DS}" "${NODES}" | head -1`], { encoding: 'utf8' });
  assert.equal(r.stdout, 'daemonSet:\n');
  assert.equal(r.stderr, '');
});

test('errors name the file and the position; unusable input exits 3', () => {
  const nodes = file('nodes.json', '{"items": [{"metadata": {"name": "a"}');
  let r = run(['plan', DS, nodes]);
  assert.equal(r.code, 3);
  assert.match(r.err, new RegExp(`^error: ${nodes.replace(/[.\\/]/g, '\\$&')}:1:\\d+: .+ \\[INVALID_JSON\\]\\n$`));
  const ds = file('ds.yaml', 'kind: [broken');
  r = run(['plan', ds, NODES]);
  assert.equal(r.code, 3);
  assert.match(r.err, /ds\.yaml:\d+:\d+: .* \[INVALID_YAML\]/);
  r = run(['plan', '-', NODES], 'kind: [broken');
  assert.match(r.err, /^error: <stdin>:\d+:\d+: .* \[INVALID_YAML\]$/m);
  for (const content of ['', '\x00\x01\x02binary']) {
    r = run(['validate', file('bad.yaml', content)]);
    assert.equal(r.code, 3, JSON.stringify(content) + r.err + r.out);
    assert.match(r.err, /bad\.yaml.*\[[A-Z_]+\]$/m);
  }
  r = run(['validate', '-oyaml', file('empty.yaml', '')]);
  assert.equal(r.code, 3);
});

test('a directory or a missing file: kubectl-like errors, exit 2', () => {
  let r = run(['plan', DS, tmp]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^error: ".*" is a directory: give a file \(or - for standard input\)$/m);
  r = run(['validate', '/no/such/file.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^error: the path "\/no\/such\/file\.yaml" does not exist$/m);
});

test('node lists that are not node lists are errors with advice', () => {
  const cases = [
    ['table.txt', 'NAME                 STATUS   ROLES           AGE   VERSION\nkind-control-plane   Ready    control-plane   10d   v1.35.0\n', /add -o yaml/],
    ['none.txt', 'No resources found\n', /No resources found/],
    ['empty-list.yaml', 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', /no Node in this file/],
    ['truncated.yaml', 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: a\n', /truncated.yaml:6:1: .*truncated/],
    ['daemonset.yaml', readFileSync(DS), /holds no Node/],
  ];
  for (const [name, content, message] of cases) {
    const r = run(['plan', DS, file(name, content)]);
    assert.equal(r.code, 3, name);
    assert.match(r.err, message, name);
    assert.equal(r.out, '', name);
  }
});

test('UTF-16 files with a BOM read as kubectl reads them', () => {
  const text = readFileSync(NODES, 'utf8');
  const le = file('le.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const be = Buffer.from(text, 'utf16le').swap16();
  const beFile = file('be.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  const want = run(['plan', DS, NODES]).out;
  assert.equal(run(['plan', DS, le]).out, want);
  assert.equal(run(['plan', DS, beFile]).out, want);
  assert.equal(run(['plan', DS, file('bom8.yaml', '\ufeff' + text)]).out, want);
});

test('RUNS tells evictions from exclusions', () => {
  const ds = file('sel.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      nodeSelector: {pool: gpu}\n      containers: [{name: c, image: i}]\n');
  const nodes = file('three.yaml', [
    'kind: Node\nmetadata: {name: out, labels: {pool: cpu}}\nspec: {taints: [{key: k, value: v, effect: NoSchedule}]}',
    'kind: Node\nmetadata: {name: evicted, labels: {pool: gpu}}\nspec: {taints: [{key: k, value: v, effect: NoExecute}]}',
    'kind: Node\nmetadata: {name: kept, labels: {pool: gpu}}\nspec: {taints: [{key: k, value: v, effect: NoSchedule}]}',
  ].join('\n---\n'));
  const r = run(['plan', ds, nodes, '-owide']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^out\s+no \(excluded\)\s+node\(s\) didn't match Pod's node affinity\/selector \(\+1 more\)\s+nodeSelector wants pool=gpu.*; taint k=v:NoSchedule is not tolerated either$/m);
  assert.match(r.out, /^evicted\s+no \(evicted\)\s+/m);
  assert.match(r.out, /^kept\s+no \(running pod stays\)\s+/m);
});

test('control characters from the input are escaped, as Go quotes them', () => {
  const nodes = file('evil.json', JSON.stringify({ kind: 'NodeList', items: [{ metadata: { name: 'evil\x1b[2J\nfake-node   yes\u202e\x7f' }, spec: { taints: [{ key: 'k\x07', effect: 'NoSchedule' }] } }] }));
  for (const output of ['table', 'wide', 'json', 'yaml']) {
    const r = run(['plan', DS, nodes, '-o', output]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202e]/, output);
    assert.doesNotMatch(r.out, /^fake-node/m, output);
  }
  const r = run(['plan', DS, nodes]);
  assert.match(r.out, /^evil\\x1b\[2J\\nfake-node   yes\\u202e\\x7f\s+no \(running pod stays\)\s+node\(s\) had untolerated taint \{k\\a: \}$/m);
  const v = run(['validate', file('evil-ds.yaml', 'kind: DaemonSet\napiVersion: apps/v1\nmetadata: {name: "a\\e[31mb"}\nspec: {}\n')]);
  assert.doesNotMatch(v.out + v.err, /\x1b/);
});
