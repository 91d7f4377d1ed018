// Issue 12, item 5: several DaemonSets in the playground. The picker lists them namespaced,
// "All DaemonSets" shows the coverage matrix, the findings and per node the overhead, and a
// suggestion applied from a node's detail edits the DaemonSet editor (undoable) and re-plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { harness, open, root, example, rows, paste, value, loaded } from './harness.mjs';

harness();

const many = (f) => readFileSync(path.join(root, 'examples/many', f), 'utf8');
// A log agent deployed twice (a renamed copy): the same pods, the same selector.
const fluentd = example('fluentd-elasticsearch.yaml');
const twoDaemonSets = fluentd + '---\n' + fluentd.replace('name: fluentd-elasticsearch\n', 'name: fluentd-copy\n');

async function all(page) {
  assert.match(await page.locator('#ds-pick option').first().textContent(), /^All DaemonSets \(\d+\)$/);
  await page.locator('#ds-pick').selectOption({ index: 0 });
  await page.locator('#fleet-card').waitFor({ state: 'visible' });
}

/** A fresh page (`open`'s options) with examples/many pasted, its DaemonSet picker shown. */
async function manyPasted(options) {
  const page = await open(options);
  await loaded(page);
  await paste(page, 'Nodes', many('nodes.yaml'));
  await paste(page, 'DaemonSet', many('daemonsets.yaml'));
  await page.locator('#ds-pick-label').waitFor({ state: 'visible' });
  return page;
}

/** `manyPasted`, showing All DaemonSets. */
async function manyInAll(options) {
  const page = await manyPasted(options);
  await all(page);
  return page;
}

const cell = (page, ds, group) => page.locator(`#fleet-matrix button[data-daemon-set="${ds}"][data-group="${group}"]`);

test('two DaemonSets: the picker lists both, namespaced, and All DaemonSets shows the matrix and a finding', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'DaemonSet', twoDaemonSets);
  await page.locator('#ds-pick-label').waitFor({ state: 'visible' });
  assert.deepEqual(await page.locator('#ds-pick option').allTextContents(), ['All DaemonSets (2)', 'kube-system/fluentd-elasticsearch', 'kube-system/fluentd-copy']);
  await all(page);
  assert.equal(await page.locator('#map-card').isHidden(), true, 'the one-DaemonSet map gives way to the matrix');
  // Columns are the DaemonSets; rows the map's groups (the sample cluster groups by zone).
  assert.deepEqual(await page.locator('#fleet-matrix thead th').allTextContents(), ['topology.kubernetes.io/zone', 'kube-system/fluentd-elasticsearch', 'kube-system/fluentd-copy']);
  const groups = await page.locator('#fleet-matrix tbody th').allTextContents();
  assert.ok(groups.length >= 2, `groups: ${groups}`);
  // Each column sums to what the single plan says: both run on 5 of the 9 nodes.
  const sum = async (ds, attr) => (await page.locator(`#fleet-matrix button[data-daemon-set="${ds}"]`).evaluateAll((bs, a) => bs.map((b) => Number(b.dataset[a])), attr)).reduce((a, b) => a + b, 0);
  assert.equal(await sum('kube-system/fluentd-elasticsearch', 'runs'), 5);
  assert.equal(await sum('kube-system/fluentd-elasticsearch', 'excluded'), 4);
  assert.equal(await sum('kube-system/fluentd-copy', 'runs'), 5);
  assert.equal(await sum('kube-system/fluentd-copy', 'excluded'), 4);
  assert.match(await page.locator('#summary').textContent(), /2 DaemonSets on 9 nodes/);
  // One family (app.kubernetes.io/name): both run on the same 5 nodes, and select each other's pods.
  const overlap = page.locator('#findings li[data-code="Overlap"]');
  assert.match(await overlap.locator('.message').textContent(), /^kube-system\/fluentd-elasticsearch and kube-system\/fluentd-copy \(family "fluentd-elasticsearch"\) both run on 5 nodes/);
  assert.match(await overlap.locator('.involved').textContent(), /^DaemonSets: kube-system\/fluentd-elasticsearch, kube-system\/fluentd-copy\. Nodes: /);
  assert.equal(await overlap.locator('.node-link').count(), 5);
  assert.equal(await page.locator('#findings li[data-code="SelectorOverlap"]').count(), 1);
  // A cell opens that DaemonSet's plan, narrowed to the group.
  const first = groups[0].replace(/ \(\d+\)$/, '');
  await cell(page, 'kube-system/fluentd-elasticsearch', first).click();
  await page.locator('#table-card').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('nodes run kube-system/fluentd-elasticsearch'));
  assert.equal(await page.locator('#ds-pick').inputValue(), 'kube-system/fluentd-elasticsearch');
  assert.match(await page.locator('#table-note').textContent(), new RegExp(` in ${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
  const zones = await page.$$eval('#table tbody tr[data-node]', (trs) => trs.length);
  const inGroup = Number(/\((\d+)\)$/.exec(groups[0])[1]);
  assert.equal(zones, inGroup, 'the table shows the nodes of the group only');
});

test('the findings of examples/many show in the page: a Gap and a HostPortClash, with their nodes', async () => {
  const page = await manyInAll();
  const clash = page.locator('#findings li[data-code="HostPortClash"]');
  await clash.waitFor();
  assert.match(await clash.textContent(), /monitoring\/node-exporter and vendor\/vendor-exporter both ask for host port 9100\/TCP/);
  assert.match(await clash.locator('.involved').textContent(), /Nodes: gpu-2$/);
  assert.match(await page.locator('#findings li[data-code="Gap"]').textContent(), /no DaemonSet of family "log-agent" runs on 1 node: gpu-1/);
  // Per node the overhead: on linux-1 log-agent (100m, 128Mi) and node-exporter (50m, 64Mi) run.
  const linux1 = page.locator('#fleet-nodes tr[data-node="linux-1"]');
  assert.deepEqual((await linux1.locator('td').allTextContents()).slice(4), ['150m', '192Mi']);
  await page.locator('#findings li[data-code="HostPortClash"] .node-link', { hasText: 'gpu-2' }).click();
  await page.locator('#fleet-node[data-node="gpu-2"]').waitFor();
  assert.match(await page.locator('#fleet-node .overhead').textContent(), /cpu 150m, memory 192Mi/);
});

test('All DaemonSets: a node with a blocked daemon offers a suggestion; Apply re-plans, Undo restores', async () => {
  const page = await manyInAll();
  const before = many('daemonsets.yaml');
  // Grouped by kubernetes.io/os, as the map groups these nodes: log-agent runs on 3 of the 4 Linux nodes.
  assert.equal(await cell(page, 'logging/log-agent', 'linux').getAttribute('data-runs'), '3');
  await page.locator('#fleet-nodes tr[data-node="gpu-1"] .node-link').click();
  const row = page.locator('#fleet-node[data-node="gpu-1"] .fleet-node-list > li[data-daemon-set="logging/log-agent"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-outcome'), 'keepRunning');
  const suggestion = row.locator('.suggestion').first();
  assert.match(await suggestion.locator('.fix').textContent(), /^add toleration \{key: nvidia.com\/gpu, operator: Equal, value: "present", effect: NoSchedule\}$/);
  assert.equal(await suggestion.locator('.gains').textContent(), 'Runs on 1 more node (checked by planning again).');
  assert.match(await suggestion.locator('.widens').textContent(), /nvidia.com\/gpu=present:NoSchedule/);
  assert.match(await suggestion.locator('.patch').textContent(), /tolerations:\n\s*- effect: NoSchedule\n\s*key: nvidia.com\/gpu/);
  // The Windows half is not meant for a Linux node: nothing widens its OS selection.
  const windows = page.locator('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent-windows"]');
  assert.equal(await windows.locator('.suggestion').count(), 0);
  assert.match(await windows.textContent(), /No change on the DaemonSet's side places it here/);
  await suggestion.locator('button.apply').click();
  // The editor holds the toleration, in log-agent's document only, and the plan follows.
  const after = await value(page, 'DaemonSet');
  assert.notEqual(after, before);
  const docs = after.split('\n---\n');
  assert.match(docs[0], /tolerations:\n      - effect: NoSchedule\n        key: nvidia.com\/gpu\n        operator: Equal\n        value: present/);
  assert.deepEqual(docs.slice(1), before.split('\n---\n').slice(1), 'the other DaemonSets are untouched');
  await page.waitForFunction(() => document.querySelector('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent"]')?.dataset.outcome === 'run');
  await page.waitForFunction(() => document.querySelector('#fleet-matrix button[data-daemon-set="logging/log-agent"][data-group="linux"]')?.dataset.runs === '4');
  assert.equal(await page.locator('#findings li[data-code="Gap"]').count(), 0, 'the gap is closed');
  // Undo (the notice's button; Ctrl-Z in the editor is the same history step).
  await page.locator('#notice-undo').click();
  assert.equal(await value(page, 'DaemonSet'), before);
  await page.waitForFunction(() => document.querySelector('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent"]')?.dataset.outcome === 'keepRunning');
  await page.locator('#findings li[data-code="Gap"]').waitFor();
});

test('one DaemonSet picked: the node detail offers the suggestion; Apply makes the node run, Ctrl-Z undoes it', async () => {
  const page = await manyPasted();
  const before = many('daemonsets.yaml');
  await page.locator('#ds-pick').selectOption('vendor/vendor-exporter');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('1 of 5 nodes run vendor/vendor-exporter'));
  await loaded(page, 5);
  await rows(page).filter({ hasText: 'linux-1' }).click();
  const fix = page.locator('#pod-suggestions .suggestion').first();
  await fix.waitFor();
  assert.match(await fix.locator('.fix').textContent(), /accept pool=general beside pool=gpu/);
  assert.equal(await fix.locator('.gains').textContent(), 'Runs on 3 more nodes (checked by planning again).');
  await fix.locator('button.apply').click();
  await page.waitForFunction(() => document.querySelector('tr[data-node="linux-1"]')?.dataset.outcome === 'run');
  assert.match(await page.locator('#summary').textContent(), /4 of 5 nodes run vendor\/vendor-exporter/);
  const after = await value(page, 'DaemonSet');
  assert.match(after, /nodeSelector: \{\}\n      containers:/);
  assert.match(after, /- key: pool\n\s+operator: In\n\s+values:\n\s+- gpu\n\s+- general/);
  // Ctrl-Z in the editor undoes the applied change as one step.
  await page.$eval('#ds-editor', (h) => h.cmEditor.view.focus());
  await page.keyboard.press('Control+z');
  assert.equal(await value(page, 'DaemonSet'), before);
  await page.waitForFunction(() => document.querySelector('tr[data-node="linux-1"]')?.dataset.outcome === 'exclude');
});

test('phone width: the All DaemonSets view fits the screen, and its cells and Apply buttons work from the keyboard', async () => {
  const page = await manyInAll({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.locator('#fleet-nodes tr[data-node="gpu-1"] .node-link').click();
  await page.locator('#fleet-node .suggestion button.apply').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  // Wide content scrolls inside its own box, never the page.
  for (const sel of ['#fleet-card', '#fleet-node']) {
    const right = await page.locator(sel).evaluate((e) => e.getBoundingClientRect().right);
    assert.ok(right <= 390, `${sel} ends at ${right}px`);
  }
  // The matrix cells and Apply are real buttons: focusable, and Enter activates them.
  const apply = page.locator('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent"] button.apply');
  await apply.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent"]')?.dataset.outcome === 'run');
  const cellButton = cell(page, 'vendor/vendor-exporter', 'linux');
  await cellButton.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('nodes run vendor/vendor-exporter'));
  assert.match(await page.locator('#table-note').textContent(), / in linux\.$/);
});

test('with the cluster\'s pods given: pending daemons count in the matrix, and the node detail says what is left', async () => {
  const page = await open();
  await loaded(page);
  const cluster = readFileSync(path.join(root, 'examples/scheduling/nodes.yaml'), 'utf8') + '---\n' + readFileSync(path.join(root, 'examples/scheduling/pods.yaml'), 'utf8');
  await paste(page, 'Nodes', cluster);
  await page.waitForFunction(() => document.querySelector('#nodes-status').textContent.startsWith('4 nodes'));
  // node-agent (250m, 256Mi) and log-agent (Linux only: these nodes name no OS, so it runs nowhere).
  await paste(page, 'DaemonSet', readFileSync(path.join(root, 'examples/scheduling/node-agent.yaml'), 'utf8') + '---\n' + many('daemonsets.yaml').split('---\n')[0]);
  await page.locator('#ds-pick-label').waitFor({ state: 'visible' });
  await all(page);
  // The scheduler leaves node-agent Pending on worker-2, -3 and -4 (cpu, host port 9100).
  const agent = cell(page, 'monitoring/node-agent', 'all nodes');
  await agent.waitFor();
  assert.deepEqual(await agent.evaluate((b) => [b.dataset.runs, b.dataset.pending, b.dataset.excluded]), ['1', '3', '0']);
  assert.deepEqual(await cell(page, 'logging/log-agent', 'all nodes').evaluate((b) => [b.dataset.runs, b.dataset.pending, b.dataset.excluded]), ['0', '0', '4']);
  await page.locator('#fleet-nodes tr[data-node="worker-1"] .node-link').click();
  await page.locator('#fleet-node[data-node="worker-1"]').waitFor();
  assert.match(await page.locator('#fleet-node .overhead').textContent(), /cpu 250m, memory 256Mi/);
  // 4 cpu and 16Gi, less kube-proxy's 100m and 128Mi, less node-agent's 250m and 256Mi.
  assert.match(await page.locator('#fleet-node .left').textContent(), /: cpu 3650m, memory 16000Mi\.$/);
  await page.locator('#fleet-nodes tr[data-node="worker-2"] .node-link').click();
  const pending = page.locator('#fleet-node[data-node="worker-2"] .fleet-node-list > li[data-daemon-set="monitoring/node-agent"]');
  await pending.waitFor();
  assert.match(await pending.textContent(), /stays Pending.*Insufficient cpu/);
});

test('keyboard: choosing a node moves the focus to its detail, and it stays there after Apply', async () => {
  const page = await manyInAll();
  await page.locator('#fleet-nodes tr[data-node="gpu-1"] .node-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'fleet-node-title');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Node gpu-1');
  await page.keyboard.press('Tab');
  // Tab order inside the detail: the first suggestion's patch, then its Apply button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Apply to logging/log-agent');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#fleet-node .fleet-node-list > li[data-daemon-set="logging/log-agent"]')?.dataset.outcome === 'run');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fleet-node-title');
});

test('a blocked node also says what to change on the node instead, as kubectl commands', async () => {
  const page = await open();
  await loaded(page);
  await rows(page).filter({ hasText: 'gpu-a-1' }).click();
  const onNode = page.locator('#pod-suggestions .node-change');
  await onNode.waitFor();
  assert.equal(await onNode.locator('.fix').textContent(), 'Or change the node instead: remove taint nvidia.com/gpu=present:NoSchedule (other pods may then schedule there too).');
  assert.equal(await onNode.locator('pre').textContent(), 'kubectl taint node gpu-a-1 nvidia.com/gpu=present:NoSchedule-');
});
