// `make bench`, the playground: keystroke latency in the node editor holding a 5 MB node list,
// against the same keys with the 9-node sample, in one Chromium. Target: every key < 50 ms.
import path from 'node:path';
import { serve } from '../../src/js/serve.mjs';
import { launchChromium, root } from '../e2e/harness.mjs';
import { fiveMegabytes, keystrokeLatency, spread } from '../e2e/keystrokes.mjs';
import { readFileSync } from 'node:fs';

const server = await serve(path.join(root, 'www'));
const browser = await launchChromium();
const typed = '# typed here, a longer line of forty keys';
const rows = [];
try {
  for (const [label, nodes] of [['9-node sample', readFileSync(path.join(root, 'www/examples/sample-cluster.yaml'), 'utf8') + '\n'], ['5 MB node list', await fiveMegabytes()]]) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.querySelectorAll('#table tbody tr[data-node]').length === 9);
    const latency = await keystrokeLatency(page, nodes, typed, { sample: label.startsWith('9') });
    rows.push({ label, size: nodes.length, ...spread(latency), keys: latency.length });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

console.log('\n| playground node editor | text | keys | median ms | 90th pct ms | worst ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.label} | ${r.size < 2 ** 20 ? `${(r.size / 1024).toFixed(1)} KiB` : `${(r.size / 2 ** 20).toFixed(2)} MiB`} | ${r.keys} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.worst.toFixed(1)} |`);
const [small, big] = rows;
console.log(`\nworst key, 5 MB ÷ sample: ${(big.worst / small.worst).toFixed(2)}×`);
const ok = big.keys === typed.length && big.worst < 50;
console.log(`${ok ? 'met    ' : 'MISSED '} every keystroke < 50 ms with a 5 MB node list: worst ${big.worst.toFixed(1)} ms`);
process.exitCode = ok ? 0 : 1;
