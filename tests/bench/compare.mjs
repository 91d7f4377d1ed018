// Two builds side by side in one Node.js process: plan() of each on the same node lists
// (cluster.mjs, seed 1), interleaved runs, medians and bests, and the ratio B ÷ A. For
// "did this change make planning slower?": build the other commit's package (`make build` in a
// worktree) and pass both entries.
//
//   node --expose-gc tests/bench/compare.mjs <A: package dir or .js entry> <B: …> [runs]
//
// Each list is also planned with `status.allocatable` and `capacity` removed, which leaves the
// scheduler's phase nothing to do: what the phase costs, and what the rest costs, apart.
// Then re-planning against a loaded Cluster of 5,000 nodes, both ways.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cluster, interleaved, median, root, twoBuilds } from './timing.mjs';

const require = createRequire(import.meta.url);
const { a, b, builds, runs } = twoBuilds('node --expose-gc tests/bench/compare.mjs <A> <B> [runs]', 11);
const yaml = require(path.join(root, 'tests/node_modules/js-yaml'));
const ds = readFileSync(path.join(root, 'www/examples/fluentd-elasticsearch.yaml'), 'utf8');
const text = async (nodes, format) => readFileSync(await cluster(nodes, format), 'utf8');

function withoutAllocatable(text) {
  const list = JSON.parse(text);
  for (const n of list.items) {
    delete n.status.allocatable;
    delete n.status.capacity;
  }
  return JSON.stringify(list, null, 4);
}

// The same for `-o yaml`: each `allocatable:` and `capacity:` block goes, with its lines.
function yamlWithoutAllocatable(text) {
  const out = [];
  let skip = -1;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (skip >= 0 && (line.trim() === '' || indent > skip)) continue;
    skip = -1;
    if (line.trim() === 'allocatable:' || line.trim() === 'capacity:') skip = indent;
    else out.push(line);
  }
  return out.join('\n');
}

const best = (xs) => Math.min(...xs);

// One table row's cells: A's and B's medians and bests, then B ÷ A of each.
function cells(ta, tb, digits) {
  const times = [median(ta), best(ta), median(tb), best(tb)].map((x) => x.toFixed(digits));
  const ratios = [median(tb) / median(ta), best(tb) / best(ta)].map((x) => x.toFixed(2));
  return [...times, ...ratios].join(' | ');
}

const json5k = await text(5000, 'json');
const yaml5k = await text(5000, 'yaml');
const inputs = [
  ['5,000 nodes, -o json', json5k, () => JSON.parse(json5k)],
  ['5,000 nodes, -o json, no allocatable', withoutAllocatable(json5k), null],
  ['1,000 nodes, -o json', await text(1000, 'json'), null],
  ['5,000 nodes, -o yaml', yaml5k, () => yaml.load(yaml5k)],
  ['5,000 nodes, -o yaml, no allocatable', yamlWithoutAllocatable(yaml5k), null],
];

console.log(`A: ${a}\nB: ${b}\n${runs} interleaved runs each\n`);
console.log('| input | A median ms | A best | B median ms | B best | B ÷ A (medians) | B ÷ A (bests) | B ÷ parse |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, list, parse] of inputs) {
  const fns = [() => builds[0].plan(ds, list), () => builds[1].plan(ds, list)];
  if (parse) fns.push(parse);
  const times = interleaved(fns, runs);
  const [ta, tb, tp] = times;
  console.log(`| ${name} | ${cells(ta, tb, 0)} | ${tp ? (median(tb) / median(tp)).toFixed(2) : ''} |`);
}

// Re-planning against a loaded Cluster: planView (every decision and verdict, no per-node
// objects) and the full documented Plan, more runs as each is short.
console.log('\n| re-plan, Cluster of 5,000 nodes | A median ms | A best | B median ms | B best | B ÷ A (medians) | B ÷ A (bests) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, list] of inputs.slice(0, 2)) {
  const clusters = builds.map((b) => new b.Cluster(list));
  for (const [what, call, n] of [['planView', (c) => c.planView(ds), runs * 4], ['plan', (c) => c.plan(ds), runs]]) {
    const [ta, tb] = interleaved(clusters.map((c) => () => call(c)), n);
    console.log(`| ${what}, ${name} | ${cells(ta, tb, 2)} |`);
  }
}
