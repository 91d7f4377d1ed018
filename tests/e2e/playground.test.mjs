// The playground in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCluster } from '../bench/cluster.mjs';
import { harness, open, root, fixture, shots, rows, editor, paste, value } from './harness.mjs';

harness();

test('loads with an example and shows where the daemon runs', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  assert.match(await page.locator('#summary').textContent(), /5 of 9 nodes run kube-system\/fluentd-elasticsearch/);
  assert.equal(await page.locator('tr[data-node="gpu-a-1"]').getAttribute('data-should-run'), 'false');
  assert.match(await page.locator('tr[data-node="gpu-a-1"]').textContent(), /node\(s\) had untolerated taint\(s\).*taint nvidia.com\/gpu=present:NoSchedule/);
  assert.equal(await page.locator('tr[data-node="general-a-2"]').getAttribute('data-should-run'), 'true', 'a cordoned node still runs its daemon');
  assert.equal(await page.locator('#map .n').count(), 9);
  await page.screenshot({ path: path.join(shots, 'playground.png'), fullPage: true });
  if (process.env.UPDATE_SCREENSHOT) await page.screenshot({ path: path.join(root, 'www/screenshot.png') });
});

test('pasting real fixtures shows their rows and reasons', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await paste(page, 'Nodes', fixture('nodes', 'openshift-insights-aws-6node-nodelist.json'));
  await paste(page, 'DaemonSet', fixture('daemonsets', 'intel-gpu-plugin.yaml'));
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 6);
  const master = page.locator('tr[data-node="ip-10-0-132-92.us-west-1.compute.internal"]');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('3 of 6'));
  assert.equal(await master.getAttribute('data-should-run'), 'false');
  assert.match(await master.textContent(), /node\(s\) had untolerated taint\(s\).*taint node-role.kubernetes.io\/master:NoSchedule/);
  assert.equal(await master.getAttribute('data-outcome'), 'keepRunning');
});

test('clicking an error moves the editor to its line', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  const ds = fixture('daemonsets', 'k8s-website-fluentd-daemonset.yaml').replace('      containers:', '      restartPolicy: Never\n      containers:');
  const line = ds.split('\n').findIndex((l) => l.includes('restartPolicy: Never')) + 1;
  await paste(page, 'DaemonSet', ds);
  const error = page.locator('li[data-field="spec.template.spec.restartPolicy"] button');
  await error.waitFor();
  assert.equal(await error.textContent(), `spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"line ${line}, column 22`);
  await error.click();
  assert.equal(await page.locator('#ds-editor').getAttribute('data-active-line'), String(line));
  assert.equal(await page.$eval('#ds-editor', (h) => h.cmEditor.caretLine), line);
  assert.equal(await page.locator('#ds-editor').getAttribute('data-error-lines'), String(line));
  // Inline: the lint gutter marks the line, the text is underlined, the message shows on hover.
  assert.equal(await page.locator('#ds-editor .cm-lint-marker-error').count(), 1);
  const range = page.locator('#ds-editor .cm-lintRange-error').first();
  await range.hover();
  await page.locator('#ds-editor .cm-tooltip-lint').waitFor();
  assert.match(await page.locator('#ds-editor .cm-tooltip-lint').textContent(), /Unsupported value: "Never"/);
});

test('broken YAML shows its line and the page keeps working', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await paste(page, 'DaemonSet', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: [broken\n');
  // The last good plan stays, greyed, with the error beside it.
  await page.waitForFunction(() => document.querySelector('#stale').textContent.includes('cannot be planned'));
  assert.match(await page.locator('#problems li.error').first().textContent(), /line \d+/);
  assert.equal(await rows(page).count(), 9);
  assert.match(await page.locator('#table-card').getAttribute('class'), /\bstale\b/);
  await paste(page, 'DaemonSet', fixture('daemonsets', 'k8s-website-fluentd-daemonset.yaml'));
  await page.waitForFunction(() => !document.querySelector('#table-card').classList.contains('stale'));
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
});

test('a large generated node list loads from a file, with progress, without freezing the page', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dsp-e2e-'));
  const file = path.join(dir, 'nodes-3000.json');
  const out = createWriteStream(file);
  await writeCluster(out, { nodes: 3000, seed: 3, format: 'json' });
  await new Promise((res) => out.end(res));
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.evaluate(() => {
    window.__sawProgress = false;
    new MutationObserver(() => (window.__sawProgress ||= !!document.querySelector('#nodes-status progress'))).observe(document.querySelector('#nodes-status'), { childList: true, subtree: true });
    window.__longestFrame = 0;
    let last = performance.now();
    const tick = (t) => {
      window.__longestFrame = Math.max(window.__longestFrame, t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.locator('#nodes-file').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('#nodes-status').textContent.startsWith('3,000 nodes from nodes-3000.json'), null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('of 3,000'));
  assert.ok(await page.evaluate(() => window.__sawProgress), 'progress was shown');
  const longest = await page.evaluate(() => window.__longestFrame);
  assert.ok(longest < 1000, `the page froze for ${longest} ms`);
  assert.equal(await rows(page).count(), 500, 'the table shows the first 500 rows');
  assert.match(await page.locator('#table-note').textContent(), /Showing 500 of 3,000/);
});

test('the permalink keeps both inputs', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  const ds = fixture('daemonsets', 'k8s-website-fluentd-daemonset.yaml').replace('name: fluentd-elasticsearch\n  namespace', 'name: permalinked\n  namespace');
  const nodes = 'items:\n- metadata: {name: only-node}\n';
  await paste(page, 'DaemonSet', ds);
  await paste(page, 'Nodes', nodes);
  await page.waitForFunction(() => location.hash.startsWith('#v1:') && document.querySelector('#summary').textContent.includes('permalinked'));
  await page.getByRole('button', { name: 'Copy link' }).click();
  const url = page.url();
  const again = await open({}, url);
  await again.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 1);
  assert.equal(await value(again, 'DaemonSet'), ds);
  assert.equal(await value(again, 'Nodes'), nodes);
});

test('hostile names and values stay text', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  const evil = '<img src=x onerror=alert(1)>';
  await paste(page, 'Nodes', `items:\n- metadata:\n    name: "${evil}"\n    labels: {zone: "<script>alert(2)</script>"}\n  spec:\n    taints: [{key: "<b>k</b>", value: "<i>v</i>", effect: NoSchedule}]\n`);
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 1);
  const row = page.locator('#table tbody tr[data-node]');
  assert.equal(await row.getAttribute('data-node'), evil);
  assert.match(await row.textContent(), /taint <b>k<\/b>=<i>v<\/i>:NoSchedule is not tolerated/);
  assert.equal(await page.locator('#table img, #table script, #table b, #map img').count(), 0);
  await row.click();
  await page.locator('#pod-card').waitFor();
});

test('the Pod the controller creates, as YAML', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.locator('tr[data-node="general-b-1"]').click();
  await page.waitForFunction(() => document.querySelector('#pod').textContent.includes('generateName'));
  const yaml = await page.locator('#pod').textContent();
  assert.match(yaml, /^apiVersion: v1\nkind: Pod\n/);
  assert.match(yaml, /generateName: fluentd-elasticsearch-/);
  assert.match(yaml, /- key: metadata.name\n\s+operator: In\n\s+values:\n\s+- general-b-1/);
  assert.match(yaml, /key: node.kubernetes.io\/unschedulable/);
});

test('dark theme on a phone-sized screen', async () => {
  const page = await open({ colorScheme: 'dark', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 18, 22)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: path.join(shots, 'phone-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Theme: system' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
});

test('works offline once loaded', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller && document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.context().setOffline(false);
});

test('the release picker changes which Kubernetes answers, and the footer says so', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  await page.waitForFunction(() => document.querySelector('#version').textContent.includes('answers as Kubernetes 1.37'));
  await page.getByLabel('Kubernetes release to answer as').selectOption('1.35');
  await page.waitForFunction(() => document.querySelector('#version').textContent.includes('answers as Kubernetes 1.35'));
});

test('a cluster with pods: pending and preempting nodes stand apart, with resource bars and victims', async () => {
  const page = await open();
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
  const ex = (f) => readFileSync(path.join(root, 'examples/scheduling', f), 'utf8');
  await paste(page, 'Nodes', `${ex('nodes.yaml')}---\n${ex('pods.yaml')}`);
  await paste(page, 'DaemonSet', ex('node-agent.yaml'));
  await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 4);
  await page.waitForFunction(() => document.querySelector('tr[data-node="worker-2"]')?.dataset.verdict === 'pending');
  assert.equal(await page.locator('tr[data-node="worker-1"]').getAttribute('data-verdict'), 'scheduled');
  assert.equal(await page.locator('tr[data-node="worker-3"]').getAttribute('data-verdict'), 'preempting');
  assert.match(await page.locator('tr[data-node="worker-2"]').textContent(), /Pending: Insufficient cpu/);
  assert.equal(await page.locator('#map .n[data-verdict="pending"]').count(), 1);
  assert.equal(await page.locator('#map .n[data-verdict="preempting"]').count(), 2);
  assert.match(await page.locator('#summary').textContent(), /1 of 4 targeted nodes would run the pod now; 1 stays Pending; 2 preempt 2 pod\(s\) first/);
  await page.locator('tr[data-node="worker-3"]').click();
  await page.locator('#scheduling .victims li').first().waitFor();
  assert.deepEqual(await page.locator('#scheduling .victims li').allTextContents(), ['batch/report-2']);
  assert.equal(await page.locator('#scheduling meter').count(), 3);
  assert.match(await page.locator('#scheduling [data-resource="cpu"]').textContent(), /3900m \+ 250m of 4/);
});
