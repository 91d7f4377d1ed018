// The playground as a new user meets it (issue 13): typing speed on a 5 MB node list, several
// DaemonSets, validation without nodes, undoable examples, contrast computed from the CSS,
// offline from the first visit, the planner's advice apart, the policy pane, search, grouping,
// sorting, export, keyboard and phone layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { writeCluster } from '../bench/cluster.mjs';
import { fiveMegabytes, keystrokeLatency, spread } from './keystrokes.mjs';
import { harness, open, fixture, example, rows, paste, value, loaded, editor } from './harness.mjs';

harness();

async function generated(nodes, format) {
  const out = new PassThrough();
  const chunks = [];
  out.on('data', (c) => chunks.push(c));
  await writeCluster(out, { nodes, seed: 5, format });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

test('every keystroke is answered with a 5 MB node list (the 50 ms target is in make bench)', async () => {
  const nodes = await fiveMegabytes();
  assert.ok(nodes.length >= 4.5 * 2 ** 20, `${nodes.length} bytes`);
  const page = await open();
  await loaded(page);
  const typed = '# typed here, twenty';
  const latency = await keystrokeLatency(page, nodes, typed);
  assert.equal(latency.length, typed.length, 'every key produced a frame');
  const { median, p90, worst } = spread(latency);
  console.log(`# keystroke latency, ${(nodes.length / 2 ** 20).toFixed(1)} MiB node list: median ${median.toFixed(1)} ms, 90th percentile ${p90.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${typed.length} keys`);
  // A guard against freezing (the old editor took 5–12 s per key here), generous because the
  // machines are shared; the 50 ms target for every key is measured by make bench.
  assert.ok(worst < 250, `keystrokes took ${latency.map((l) => l.toFixed(0))} ms`);
  assert.ok((await value(page, 'Nodes')).includes(typed), 'the keys reached the editor');
});

test('several DaemonSets in one input: a picker chooses which is planned', async () => {
  const page = await open();
  await loaded(page);
  const two = example('fluentd-elasticsearch.yaml') + '---\n' + example('selector-no-match.yaml');
  await paste(page, 'DaemonSet', two);
  await page.locator('#ds-pick-label').waitFor({ state: 'visible' });
  assert.deepEqual(await page.locator('#ds-pick option').allTextContents(), ['All DaemonSets (2)', 'kube-system/fluentd-elasticsearch', 'kube-system/storage-agent']);
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('fluentd-elasticsearch'));
  await page.locator('#ds-pick').selectOption('kube-system/storage-agent');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('0 of 9 nodes run kube-system/storage-agent'));
});

test('a broken node list still validates the DaemonSet, and the old results are marked out of date', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'Nodes', 'items: [broken');
  await page.waitForFunction(() => document.querySelector('#nodes-status').classList.contains('error'));
  await paste(page, 'DaemonSet', example('invalid-daemonset.yaml'));
  await page.waitForFunction(() => document.querySelectorAll('#problems li.error').length === 3);
  assert.match(await page.locator('#problems').textContent(), /spec\.template\.spec\.containers\[0\]\.image: Required value/);
  assert.match(await page.locator('#stale').textContent(), /^Out of date: The node list cannot be read/);
  assert.match(await page.locator('#map-card').getAttribute('class'), /\bstale\b/);
  assert.equal(await page.locator('#nodes-editor .cm-lint-marker-error').count(), 1, 'the node list error is marked at its line');
});

test('choosing an example can be undone; the failing examples teach', async () => {
  const page = await open();
  await loaded(page);
  const mine = example('fluentd-elasticsearch.yaml').replace('name: fluentd-elasticsearch\n  namespace', 'name: my-own\n  namespace');
  await paste(page, 'DaemonSet', mine);
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('my-own'));
  await page.locator('#example').selectOption('typo');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('gpu-exporter'));
  // Strict field validation (kubectl's default): the typo fails the request, at its line.
  assert.match(await page.locator('#problems').textContent(), /unknown field "spec\.template\.spec\.nodeSelecter"/);
  assert.match(await page.locator('#notice-text').textContent(), /Loaded the example "Typo'd field/);
  await page.locator('#notice-undo').click();
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('my-own'));
  assert.equal(await value(page, 'DaemonSet'), mine);
  await page.locator('#example').selectOption('windows-on-linux');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('0 of 3 nodes run'));
  await page.locator('#example').selectOption('invalid');
  await page.waitForFunction(() => document.querySelectorAll('#problems li.error').length === 3);
});

/** WCAG 2 contrast ratio of two CSS colours (rgb()/rgba() as getComputedStyle prints them). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('outcome badges meet WCAG AA contrast in both themes', async () => {
  const nodes = [
    'kind: Node\nmetadata: {name: runs, labels: {pool: a}}',
    'kind: Node\nmetadata: {name: keeps, labels: {pool: a}}\nspec: {taints: [{key: k, effect: NoSchedule}]}',
    'kind: Node\nmetadata: {name: evicted, labels: {pool: a}}\nspec: {taints: [{key: k, effect: NoExecute}]}',
    'kind: Node\nmetadata: {name: excluded, labels: {pool: b}}',
  ].join('\n---\n');
  const ds = example('selector-no-match.yaml').replace('node.kubernetes.io/pool: storage', 'pool: a');
  for (const colorScheme of ['light', 'dark']) {
    const page = await open({ colorScheme });
    await loaded(page);
    await paste(page, 'Nodes', nodes);
    await paste(page, 'DaemonSet', ds);
    await page.waitForFunction(() => new Set([...document.querySelectorAll('#table tbody tr[data-node]')].map((r) => r.dataset.outcome)).size === 4);
    const colours = await page.$$eval('#table .badge', (bs) => bs.map((b) => [b.textContent, getComputedStyle(b).color, getComputedStyle(b).backgroundColor]));
    assert.equal(colours.length, 4);
    for (const [word, fg, bg] of colours) {
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= 4.5, `${colorScheme} "${word}": ${ratio.toFixed(2)}:1 (${fg} on ${bg})`);
    }
  }
});

test('offline from the first visit: everything is precached', async () => {
  const page = await open();
  await loaded(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await (await caches.open('daemonset-planner')).keys()).length >= 15);
  await page.context().setOffline(true);
  await page.reload();
  await loaded(page);
  await page.locator('#example').selectOption('mismatch');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('storage-agent'));
  await page.context().setOffline(false);
});

test("the planner's advice is shown apart from what the API server says", async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'DaemonSet', fixture('daemonsets', 'k8s-website-daemonset.yaml'));
  await page.locator('#advice-card').waitFor({ state: 'visible' });
  assert.match(await page.locator('#advice').textContent(), /tolerates the legacy node-role\.kubernetes\.io\/master taint/);
  assert.doesNotMatch(await page.locator('#problems').textContent(), /legacy/);
});

test('the policy pane shows what review() answers', async () => {
  const page = await open();
  await loaded(page);
  await page.waitForFunction(() => document.querySelector('#policy-answer').textContent.startsWith('Allowed.'));
  await paste(page, 'DaemonSet', example('fluentd-elasticsearch.yaml').replace('      tolerations:\n', '      tolerations:\n      - operator: Exists\n'));
  await paste(page, 'Policy settings', 'forbidTolerateAll: true\n');
  await page.waitForFunction(() => document.querySelector('#policy-answer').textContent.startsWith('Denied (403'));
  assert.match(await page.locator('#policy-answer').textContent(), /forbidTolerateAll: tolerations\[0\] tolerates every taint/);
  await paste(page, 'Policy settings', 'forbidTolerateAll: maybe\n');
  await page.waitForFunction(() => document.querySelector('#policy-answer').textContent.startsWith('The settings are broken'));
});

test('search over names, labels, taints and reasons; group by reason; a group filters; sort; export', async () => {
  const page = await open();
  await loaded(page);
  const search = page.locator('#search');
  const only = (name) => page.waitForFunction((name) => [...document.querySelectorAll('#table tbody tr[data-node]')].map((r) => r.dataset.node).join() === name, name);
  await search.fill('kubernetes.io/os=windows');
  await only('win-b-1');
  await search.fill('spot=true');
  await only('spot-a-1');
  await search.fill('nvidia.com/gpu');
  await only('gpu-a-1');
  // Taints match as kubectl prints them (key=value:Effect), whatever the reasons say.
  await search.fill('gpu=present:NoSchedule');
  await only('gpu-a-1');
  await search.fill('');
  await loaded(page);
  await page.locator('#group-by').selectOption({ label: 'reason' });
  await page.locator('#map button[data-group="runs"]').waitFor();
  // The scheduler's words name no taint ("node(s) had untolerated taint(s)"): runs, and one group.
  assert.equal(await page.locator('#map .group').count(), 2);
  await page.locator('#map button[data-group="runs"]').click();
  await loaded(page, 5);
  assert.match(await page.locator('#table-note').textContent(), /^5 nodes in runs\.$/);
  await page.locator('#clear-group').click();
  await loaded(page);
  await page.locator('th[data-sort="name"] button').click();
  await page.locator('th[data-sort="name"] button').click();
  await page.waitForFunction(() => document.querySelector('#table tbody tr').dataset.node === 'win-b-1');
  assert.equal(await page.locator('th[data-sort="name"]').getAttribute('aria-sort'), 'descending');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv.split('\n')[0], 'node,outcome,reason,decided by');
  assert.match(csv, /^gpu-a-1,keepRunning,node\(s\) had untolerated taint\(s\),.*nvidia\.com\/gpu=present:NoSchedule/m);
  assert.equal(csv.trim().split('\n').length, 10);
});

test('keyboard: a skip link, distinct landmark names, one tab stop for the table, editors say how to leave', async () => {
  const page = await open();
  await loaded(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the results');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  const names = await page.$$eval('section[aria-label], section[aria-labelledby]', (ss) => ss.map((s) => s.getAttribute('aria-label') ?? document.getElementById(s.getAttribute('aria-labelledby')).textContent));
  assert.equal(new Set(names).size, names.length, `landmark names repeat: ${names}`);
  assert.equal(await page.locator('#table tbody tr[tabindex="0"]').count(), 1);
  await page.locator('#table tbody tr[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.node), 'general-a-1');
  for (const name of ['DaemonSet', 'Nodes']) assert.match(await editor(page, name).getAttribute('aria-description'), /Escape, then Tab/);
  // Escape then Tab leaves the editor.
  await editor(page, 'DaemonSet').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.closest?.('#ds-editor') ?? document.activeElement.id), 'ds-editor');
  assert.ok(!(await page.evaluate(() => document.querySelector('#ds-editor').shadowRoot.activeElement)));
});

test('phone: the answer comes first; the Why column does not break mid-word', async () => {
  const page = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await loaded(page);
  const top = (sel) => page.locator(sel).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok((await top('#summary')) < (await top('#ds-editor')), 'the summary is above the editors');
  const why = page.locator('tr[data-node="gpu-a-1"] td.why');
  const width = await why.evaluate((td) => td.getBoundingClientRect().width);
  assert.ok(width >= 100, `the Why column is ${width}px wide`);
});

test('a share link too long for chat tools says so', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'Nodes', await generated(10, 'json'));
  await page.waitForFunction(() => document.querySelector('#nodes-status').textContent.startsWith('10 nodes'));
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => /chat tools and some browsers cut links/.test(document.querySelector('#notice-text').textContent));
});

test('a node list too large for a link is left out and said so, never replaced by the sample', async () => {
  const page = await open();
  await loaded(page);
  await paste(page, 'Nodes', await generated(40, 'json'));
  await page.waitForFunction(() => document.querySelector('#nodes-status').textContent.startsWith('40 nodes'));
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => /leaves out the node list pasted here/.test(document.querySelector('#notice-text').textContent));
  const again = await open({}, page.url());
  await again.waitForFunction(() => /Open or paste the node list pasted here/.test(document.querySelector('#nodes-status').textContent));
  assert.equal(await value(again, 'Nodes'), '');
  assert.equal(await rows(again).count(), 0);
});

test('the Pod of a clicked node is scrolled into view', async () => {
  const page = await open({ viewport: { width: 1280, height: 600 } });
  await loaded(page);
  await page.locator('tr[data-node="general-b-1"]').click();
  await page.waitForFunction(() => document.querySelector('#pod').textContent.includes('generateName'));
  await page.waitForFunction(() => {
    const r = document.querySelector('#pod-card').getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  });
});

test('the feature gate and the release are passed to the planner', async () => {
  const page = await open();
  await loaded(page);
  const lt = example('fluentd-elasticsearch.yaml').replace('      containers:', '      - {key: gpu-count, operator: Lt, value: "4", effect: NoSchedule}\n      containers:');
  await paste(page, 'DaemonSet', lt);
  await page.waitForFunction(() => /tolerations\[2\]\.operator: Unsupported value: "Lt"/.test(document.querySelector('#problems').textContent));
  await page.locator('#gate-comparison').check();
  await page.waitForFunction(() => document.querySelector('#problems').textContent === 'No errors, no warnings.');
  await page.locator('#release').selectOption('1.35');
  await page.waitForFunction(() => document.querySelector('#summary').textContent.includes('5 of 9 nodes run'));
});
