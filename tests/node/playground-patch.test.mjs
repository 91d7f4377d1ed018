// The playground's Apply (www/src/patch.js): a suggestion's merge patch written into the
// DaemonSet's text. Each applied text is planned again: the DaemonSet must then run where the
// suggestion said, and everything outside the patched values must stay as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planner, root } from './load.mjs';

// patch.js imports js-yaml as the playground's bundle does: bundle it the same way.
const require = createRequire(path.join(root, 'tests/package.json'));
const out = path.join(mkdtempSync(path.join(tmpdir(), 'patch-')), 'patch.mjs');
require('esbuild').buildSync({ entryPoints: [path.join(root, 'www/src/patch.js')], bundle: true, format: 'esm', platform: 'neutral', outfile: out, nodePaths: [path.join(root, 'tests/node_modules')], logLevel: 'warning' });
const { applyToText, mergePatch } = await import(out);

const many = (f) => readFileSync(path.join(root, 'examples/many', f), 'utf8');
const entry = (text, key) => planner.listDaemonSets(text).find((e) => `${e.namespace}/${e.name}` === key);

test('mergePatch follows RFC 7386: objects merge, null removes, lists and scalars replace', () => {
  assert.deepEqual(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }), { a: { c: 2, d: 3 }, l: [3] });
  assert.deepEqual(mergePatch(undefined, { a: { b: null, c: 1 } }), { a: { c: 1 } });
  assert.equal(mergePatch({ a: 1 }, 'x'), 'x');
});

test('every suggestion for examples/many, applied to the text, places the daemon where it said', () => {
  const text = many('daemonsets.yaml');
  const cluster = new planner.Cluster(many('nodes.yaml'));
  let checked = 0;
  for (const e of planner.listDaemonSets(text)) {
    const key = `${e.namespace}/${e.name}`;
    const plan = cluster.plan(text, { name: key, suggestions: true });
    const runs = plan.nodes.filter((n) => n.outcome === 'run').length;
    for (const n of plan.nodes) {
      for (const s of n.suggestions ?? []) {
        const applied = applyToText(text, e, JSON.parse(s.patch));
        assert.equal(applied.error, undefined, `${key} on ${n.name}: ${applied.error}`);
        const after = cluster.plan(applied.text, { name: key });
        assert.equal(after.validation.valid, true, `${key}: ${JSON.stringify(after.validation.errors)}`);
        assert.equal(after.nodes.find((m) => m.name === n.name).outcome, 'run', `${key} now runs on ${n.name}`);
        assert.equal(after.nodes.filter((m) => m.outcome === 'run').length, runs + s.gains, `${key}: ${s.message}`);
        // The other DaemonSets read exactly as before.
        for (const other of planner.listDaemonSets(text).filter((o) => o.name !== e.name)) {
          const k = `${other.namespace}/${other.name}`;
          assert.deepEqual(cluster.plan(applied.text, { name: k }).nodes, cluster.plan(text, { name: k }).nodes, k);
        }
        checked += 1;
      }
    }
  }
  assert.ok(checked >= 4, `${checked} suggestions checked`);
});

test('block YAML: a new key goes at the end of its mapping; comments and other keys stay', () => {
  const text = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      # the agent\n      containers:\n      - name: c\n        image: i  # pinned\n\n---\nkind: ConfigMap\n';
  const { text: out } = applyToText(text, { namespace: 'default', name: 'a', line: 1 }, { spec: { template: { spec: { tolerations: [{ key: 'k', operator: 'Exists' }] } } } });
  assert.equal(out, text.replace('image: i  # pinned\n', 'image: i  # pinned\n      tolerations:\n      - key: k\n        operator: Exists\n'));
});

test('an existing list is replaced whole; a flow mapping is merged and written in block style', () => {
  const text = 'kind: DaemonSet\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      nodeSelector: {pool: gpu, zone: a}\n      tolerations:\n      - key: old\n        operator: Exists\n      containers: [{name: c, image: i}]\n';
  const { text: out } = applyToText(text, { namespace: 'default', name: 'a', line: 1 }, { spec: { template: { spec: { nodeSelector: { pool: null }, tolerations: [{ key: 'old', operator: 'Exists' }, { key: 'new', operator: 'Exists' }] } } } });
  assert.equal(out, 'kind: DaemonSet\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      nodeSelector:\n        zone: a\n      tolerations:\n      - key: old\n        operator: Exists\n      - key: new\n        operator: Exists\n      containers: [{name: c, image: i}]\n');
});

test('a DaemonSet inside a List (its first key after "- "), and one in JSON', () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: a, namespace: ns}\n  spec:\n    template:\n      spec:\n        containers: []\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: b, namespace: ns}\n';
  const e = entry(list, 'ns/a');
  const { text: out } = applyToText(list, e, { spec: { template: { spec: { hostNetwork: true } } } });
  assert.equal(out, list.replace('        containers: []\n', '        containers: []\n        hostNetwork: true\n'));
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a' }, spec: { template: { spec: { containers: [] } } } }] });
  const patched = JSON.parse(applyToText(json, { namespace: 'default', name: 'a', line: 1 }, { spec: { template: { spec: { hostNetwork: true } } } }).text);
  assert.equal(patched.items[0].spec.template.spec.hostNetwork, true);
});

test('what cannot be applied to the text says why instead of writing something else', () => {
  const flow = '{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: a}}\n';
  assert.match(applyToText(flow, { namespace: 'default', name: 'a', line: 1 }, { spec: {} }).error, /flow style/);
  assert.match(applyToText('kind: DaemonSet\n', { namespace: 'default', name: 'a', line: 9 }, { spec: {} }).error, /past the end/);
  assert.match(applyToText('[]', { namespace: 'default', name: 'a', line: 1 }, { spec: {} }).error, /no DaemonSet default\/a/);
});
