// The playground's worker survives an instance that traps (issue 15, item 1, in the browser):
// the web build's guard restarts the planner and throws INTERNAL, the worker reads its nodes
// again, and the next good DaemonSet plans. The trap is real: the test worker exhausts the
// instance's memory (grown to wasm32's 4 GiB) before an input that needs memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness, open, example, root } from './harness.mjs';

// The playground's files and, beside them, the real worker behind one that can also exhaust
// its instance (served from the page's origin, as its CSP requires).
const www = mkdtempSync(path.join(tmpdir(), 'dsp-www-'));
cpSync(path.join(root, 'www'), www, { recursive: true });
writeFileSync(
  path.join(www, 'test-worker.js'),
  `import init from './pkg/daemonset_planner.js';
addEventListener('message', async ({ data }) => {
  if (data.type !== 'exhaust') return;
  const memory = (await init()).memory;
  memory.grow(65536 - memory.buffer.byteLength / 65536);
  postMessage({ type: 'exhausted' });
});
await import('./worker.js');
`,
);
harness(() => www);

test('after a trap in the worker, the next DaemonSet plans against the same nodes', async () => {
  const page = await open();
  const good = example('fluentd-elasticsearch.yaml');
  const nodes = example('sample-cluster.yaml');
  // A DaemonSet under the 3 MiB limit whose text alone needs more memory than is left.
  const big = good.replace('metadata:\n', `metadata:\n  annotations:\n${Array.from({ length: 120000 }, (_, i) => `    a${i}: v${i}\n`).join('')}`);
  const answers = await page.evaluate(
    async ({ good, nodes, big }) => {
      const worker = new Worker('test-worker.js', { type: 'module' });
      let failed = null;
      worker.addEventListener('error', (e) => (failed = `worker error: ${e.message}`));
      const next = (types) =>
        new Promise((resolve) => {
          const timer = setInterval(() => failed && resolve({ type: 'failed', error: { message: failed } }), 100);
          const on = ({ data }) => {
            if (!types.includes(data.type)) return;
            worker.removeEventListener('message', on);
            clearInterval(timer);
            resolve(data);
          };
          worker.addEventListener('message', on);
        });
      const ask = (msg, types) => {
        const answer = next(types);
        worker.postMessage(msg);
        return answer;
      };
      const out = {};
      out.ready = await next(['ready', 'fatal']);
      out.nodes = await ask({ type: 'nodes', text: nodes }, ['nodes', 'nodesError']);
      out.before = await ask({ type: 'plan', id: 1, ds: good, options: {} }, ['plan', 'planError']);
      await ask({ type: 'exhaust' }, ['exhausted']);
      out.trapped = await ask({ type: 'plan', id: 2, ds: big, options: {} }, ['plan', 'planError', 'error']);
      out.after = await ask({ type: 'plan', id: 3, ds: good, options: {} }, ['plan', 'planError', 'error']);
      worker.terminate();
      return out;
    },
    { good, nodes, big },
  );
  assert.equal(answers.ready.type, 'ready', JSON.stringify(answers.ready));
  assert.equal(answers.nodes.type, 'nodes');
  assert.equal(answers.before.type, 'plan');
  assert.equal(answers.trapped.type, 'planError');
  assert.equal(answers.trapped.error.code, 'INTERNAL', answers.trapped.error.message);
  assert.match(answers.trapped.error.message, /restarted/);
  // The same answer as before the trap: the nodes were read again into the new instance.
  assert.equal(answers.after.type, 'plan', JSON.stringify(answers.after.error));
  assert.deepEqual(answers.after.summary, answers.before.summary);
  assert.deepEqual(answers.after.outcomes, answers.before.outcomes);
});
