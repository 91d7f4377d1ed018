// What the bench scripts share: the generated node lists, cached in the system's temp folder,
// interleaved timing, and the two builds an A/B script compares.

import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCluster } from './cluster.mjs';

export const dir = path.join(tmpdir(), 'daemonset-planner-bench');
mkdirSync(dir, { recursive: true });
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The two builds an A/B script compares (its arguments A and B, each a package directory or
 * .js entry) and the run count after them; `usage` is printed when either is missing. */
export function twoBuilds(usage, defaultRuns) {
  const [a, b, runs] = process.argv.slice(2);
  if (!a || !b) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  // A directory is required as a package ("pkg/", not "pkg", which would find pkg.json).
  const load = (p) => require(path.resolve(p) + (statSync(p).isDirectory() ? '/' : ''));
  return { a, b, builds: [load(a), load(b)], runs: Number(runs || defaultRuns) };
}

/** The path of the seed-1 list of `nodes` nodes as `format`, generated on first use. */
export async function cluster(nodes, format) {
  const file = path.join(dir, `nodes-${nodes}-seed1.${format}`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${nodes} nodes as ${format}…\n`);
    const out = createWriteStream(file + '.part');
    await writeCluster(out, { nodes, seed: 1, format });
    await new Promise((res) => out.end(res));
    renameSync(file + '.part', file);
  }
  return file;
}

export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each function `runs` times, interleaved, after one warm-up each: every time, in ms. */
export function interleaved(fns, runs) {
  const times = fns.map(() => []);
  fns.forEach((f) => f());
  for (let r = 0; r < runs; r++) {
    fns.forEach((f, i) => {
      globalThis.gc?.();
      const t = now();
      f();
      times[i].push(now() - t);
    });
  }
  return times;
}
