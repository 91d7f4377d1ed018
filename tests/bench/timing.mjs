// What bench.mjs and compare.mjs share: the generated node lists, cached in the system's temp
// folder, and interleaved timing.

import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCluster } from './cluster.mjs';

export const dir = path.join(tmpdir(), 'daemonset-planner-bench');
mkdirSync(dir, { recursive: true });

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
