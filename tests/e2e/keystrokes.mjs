// Keystroke latency in the playground's node editor with a 5 MB node list: shared by the e2e
// test (a guard against freezing) and `make bench` (the 50 ms target, measured).
import { PassThrough } from 'node:stream';
import { writeCluster } from '../bench/cluster.mjs';

/** About 5 MiB of YAML node list (generated, seed 5). */
export async function fiveMegabytes() {
  const out = new PassThrough();
  const chunks = [];
  out.on('data', (c) => chunks.push(c));
  await writeCluster(out, { nodes: 500, seed: 5, format: 'yaml' });
  out.end();
  let nodes = Buffer.concat(chunks).toString('utf8');
  while (nodes.length < 5 << 20) nodes += '\n' + nodes.slice(nodes.indexOf('items:') + 7).slice(0, 5 << 20);
  return nodes.slice(0, nodes.lastIndexOf('\n- apiVersion'));
}

/**
 * Pastes `nodes`, waits until the page settles, types `typed`; each key's latency in ms.
 * `sample`: the list is the page's 9-node sample, so the status line does not change.
 */
export async function keystrokeLatency(page, nodes, typed, { sample = false } = {}) {
  await page.$eval('#nodes-editor', (host, text) => host.cmEditor.paste(text), nodes);
  const counted = (sample) => /^[\d,]+ nodes$/.test(document.querySelector('#nodes-status').textContent) && sample === document.querySelector('#nodes-status').textContent.startsWith('9 ');
  await page.waitForFunction(counted, sample, { timeout: 60_000 });
  // Typing starts once the page has settled after loading the list: a second without a long task.
  await page.evaluate(() => new Promise((resolve) => {
    let last = performance.now();
    new PerformanceObserver((list) => (last = Math.max(last, ...list.getEntries().map((e) => e.startTime + e.duration)))).observe({ type: 'longtask', buffered: true });
    const check = () => (performance.now() - last > 1000 ? resolve() : setTimeout(check, 100));
    check();
  }));
  // Per key: from the keydown event's timestamp until the frame it caused has been built (a
  // task after the next animation frame runs once style, layout and paint are done).
  await page.evaluate(() => {
    window.__latency = [];
    document.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__latency.push(performance.now() - t0)));
    }, true);
  });
  await page.$eval('#nodes-editor', (h) => {
    const v = h.cmEditor.view;
    v.dispatch({ selection: { anchor: v.state.doc.line(12).to } });
    v.focus();
  });
  await page.keyboard.type(typed, { delay: 40 });
  await page.waitForTimeout(300);
  return page.evaluate(() => window.__latency);
}

/** Median, 90th percentile and worst of `xs`. */
export function spread(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return { median: s[s.length >> 1], p90: s[Math.floor(s.length * 0.9) - 1], worst: s[s.length - 1] };
}
