// planView alone, two builds in one process against the same loaded 5,000-node Cluster (seed
// 1, -o json), in a tight interleaved loop: no GC or other work between runs, so the re-plan's
// own cost shows. Which build goes first alternates run by run.
//
//   node tests/bench/replan.mjs <A: package dir or .js entry> <B: …> [runs, default 800]

import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cluster, median, now } from './timing.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [a, b, runsArg] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node tests/bench/replan.mjs <A> <B> [runs]');
  process.exit(2);
}
const load = (p) => require(path.resolve(p) + (statSync(p).isDirectory() ? '/' : ''));
const runs = Number(runsArg || 800);
const ds = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const nodes = readFileSync(await cluster(5000, 'json'), 'utf8');
const clusters = [a, b].map((p) => new (load(p).Cluster)(nodes));
const times = [[], []];
for (let r = 0; r < runs; r++) {
  for (const k of r % 2 ? [0, 1] : [1, 0]) {
    const t = now();
    clusters[k].planView(ds).free();
    times[k].push(now() - t);
  }
}
const quartile = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 2];
const [ma, mb] = times.map(median);
const [qa, qb] = times.map(quartile);
console.log(`planView, ${runs} runs each: A median ${ma.toFixed(3)} ms (25th pct ${qa.toFixed(3)}), B ${mb.toFixed(3)} (${qb.toFixed(3)})`);
console.log(`B ÷ A: medians ${(mb / ma).toFixed(3)}, 25th pct ${(qb / qa).toFixed(3)}`);
