// planView alone, two builds in one process against the same loaded 5,000-node Cluster (seed
// 1, -o json), in a tight interleaved loop: no GC or other work between runs, so the re-plan's
// own cost shows. Which build goes first alternates run by run.
//
//   node tests/bench/replan.mjs <A: package dir or .js entry> <B: …> [runs, default 800]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cluster, median, now, root, twoBuilds } from './timing.mjs';

const { builds, runs } = twoBuilds('node tests/bench/replan.mjs <A> <B> [runs]', 800);
const ds = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const nodes = readFileSync(await cluster(5000, 'json'), 'utf8');
const clusters = builds.map((build) => new build.Cluster(nodes));
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
