// The playground's what-if: pin the loaded DaemonSet and cluster as the baseline, edit, and the
// "What changes" card says what diff() answers against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, open, example, paste, loaded } from './harness.mjs';

harness();

const linuxOnly = example('fluentd-elasticsearch.yaml').replace('      tolerations:\n', '      nodeSelector:\n        kubernetes.io/os: linux\n      tolerations:\n');
const whatif = (page) => page.locator('#whatif').textContent();
const until = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#whatif').textContent), re.source, { timeout: 30_000 });

test('pin, relabel a node off the selector, change the image: what changes', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'DaemonSet', linuxOnly);
  await page.waitForFunction(() => document.querySelector('tr[data-node="general-a-1"]')?.getAttribute('data-should-run') === 'true');
  const runs = await page.$$eval('#table tbody tr[data-should-run="true"]', (trs) => trs.map((t) => t.dataset.node).sort());
  assert.ok(runs.includes('general-a-1') && runs.length > 2, `${runs}`);

  await page.click('#pin');
  assert.equal(await page.locator('#pin').getAttribute('aria-pressed'), 'true');
  await until(page, /Against the baseline: 0 nodes gain the daemon pod, 0 nodes lose it/);
  assert.match(await whatif(page), /The pod template is unchanged/);

  // general-a-1 relabelled off the selector in the cluster editor.
  const nodes = example('sample-cluster.yaml');
  const relabelled = nodes.replace(/(kubernetes\.io\/hostname: general-a-1\n\s+kubernetes\.io\/os: )linux/, '$1plan9');
  assert.notEqual(relabelled, nodes);
  await paste(page, 'Nodes', relabelled);
  await until(page, /general-a-1 loses its daemon pod/);
  const text = await whatif(page);
  assert.match(text, /1 node loses it/);
  assert.match(text, /general-a-1 loses its daemon pod \(now: excluded\)/);
  assert.doesNotMatch(text, /Pods replaced by the update/);

  // A new image: the pods left are replaced, one node at a time (maxUnavailable 1).
  await paste(page, 'DaemonSet', linuxOnly.replace('fluentd:v5.0.1', 'fluentd:v5.0.2'));
  await until(page, /Pods replaced by the update/);
  const after = await whatif(page);
  assert.match(after, /The pod template changed/);
  const kept = runs.filter((n) => n !== 'general-a-1');
  assert.match(after, new RegExp(`Pods replaced by the update \\(${kept.length}\\)`));
  for (const n of kept) assert.match(after, new RegExp(`Wave \\d+ \\(sync \\d+, [^)]*\\): ${n}:`), n);
  assert.match(after, new RegExp(`${kept.length} waves, \\d+ syncs: done in about \\d+ s`));
  assert.match(after, /Rollout: RollingUpdate, maxUnavailable 1, maxSurge 0/);

  // Unpinning clears the card.
  await page.click('#pin');
  assert.equal(await page.locator('#pin').getAttribute('aria-pressed'), 'false');
  assert.equal(await whatif(page), '');
});

test('with the cluster\'s pods: kubectl get ds and the next sync', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'DaemonSet', linuxOnly);
  await page.click('#pin');
  await until(page, /Against the baseline/);
  // An orphan pod on general-a-1 whose labels the selector matches, on an old image.
  const pod = [
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: fluentd-old',
    '  namespace: kube-system',
    '  labels: {app.kubernetes.io/name: fluentd-elasticsearch}',
    'spec:',
    '  nodeName: general-a-1',
    '  containers: [{name: fluentd-elasticsearch, image: "quay.io/fluentd_elasticsearch/fluentd:v4"}]',
    'status:',
    '  phase: Running',
    '  conditions: [{type: Ready, status: "True"}]',
    '',
  ].join('\n');
  await paste(page, 'Nodes', `${example('sample-cluster.yaml')}\n${pod}`);
  await until(page, /kubectl get ds/);
  const text = await whatif(page);
  assert.match(text, /NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE/);
  assert.match(text, /fluentd-elasticsearch\s+\d+\s+1\s+1\s+0\s+1\s+kubernetes\.io\/os=linux/);
  assert.match(text, /The next sync/);
  assert.match(text, /adopt kube-system\/fluentd-old/);
  assert.match(text, /create a pod on general-b-1/);
});
