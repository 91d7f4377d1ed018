// What-if: the DaemonSet and cluster pinned as *before*; after each edit, what diff() in the
// worker says changes against them (nodes that gain, lose or keep the daemon, pods the update
// replaces, adoption after --cascade=orphan, the rollout's waves) and, when the cluster lists
// pods, `kubectl get ds` and the next sync's actions. Every name and value is set as text.
import { el, OUTCOME_WORDS } from './results.js';

const $ = (id) => document.getElementById(id);
const LIST_MAX = 60; // names shown per list; the rest are counted

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
/** `1 node gains`, `3 nodes gain`. */
const nodesThat = (n, verb) => `${plural(n, 'node')} ${n === 1 ? `${verb}s` : verb}`;
const names = (list) => (list.length > LIST_MAX ? `${list.slice(0, LIST_MAX).join(', ')} and ${list.length - LIST_MAX} more` : list.join(', '));
const hasPods = (text) => /^\s*-?\s*kind:\s*["']?Pod["']?\s*$|"kind"\s*:\s*"Pod"/m.test(text ?? '');

/** `inputs()` gives {ds, nodes} now (nodes null when read from a file); `options()` the plan's. */
export function whatIf({ post, inputs, options }) {
  const state = { baseline: null, id: 0 };
  const pin = $('pin');
  const box = $('whatif');

  function say(...children) {
    box.replaceChildren(...children);
  }

  function request() {
    if (!state.baseline) return;
    const now = inputs();
    if (state.baseline.nodes == null || now.nodes == null) {
      say(el('p', 'note', 'What-if compares node lists given as text: paste the node list (a file over 2 MB is read by the planner only).'));
      return;
    }
    state.id += 1;
    const startup = Number($('whatif-startup').value);
    post({
      type: 'whatif',
      id: state.id,
      before: state.baseline,
      after: now,
      pods: hasPods(now.nodes),
      options: { ...options(), orphan: $('whatif-orphan').checked, startupSeconds: Number.isFinite(startup) && startup > 0 ? startup : 0 },
    });
  }

  pin.addEventListener('click', () => {
    if (state.baseline) {
      state.baseline = null;
      pin.textContent = 'Pin as baseline';
      pin.setAttribute('aria-pressed', 'false');
      $('whatif-note').textContent = 'Pin the current DaemonSet and cluster as the baseline, then edit either: this says what changes against it.';
      say();
      return;
    }
    state.baseline = inputs();
    pin.textContent = 'Unpin baseline';
    pin.setAttribute('aria-pressed', 'true');
    $('whatif-note').textContent = `Baseline pinned at ${new Date().toLocaleTimeString()}: edit the DaemonSet or the nodes to see what changes against it.`;
    request();
  });
  for (const id of ['whatif-orphan', 'whatif-startup']) $(id).addEventListener('change', request);

  function answer({ id, diff, current, error }) {
    if (id !== state.id || !state.baseline) return;
    if (error) {
      say(el('p', 'whatif-error', `Cannot compare: ${error.message}`));
      return;
    }
    const parts = [summary(diff), ...nodeLists(diff), ...adoption(diff), ...rollout(diff.rollout)];
    if (current) parts.push(...now(current));
    say(...parts);
  }

  return { request, answer };
}

function summary(d) {
  const template = d.templateChanged ? 'The pod template changed: every pod on the old one is outdated.' : 'The pod template is unchanged.';
  return el('p', 'whatif-summary', `Against the baseline: ${nodesThat(d.gain.length, 'gain')} the daemon pod, ${nodesThat(d.lose.length, 'lose')} it, ${nodesThat(d.keep.length, 'keep')} it. ${template}`);
}

function section(title, items) {
  const wrap = el('div', 'whatif-part');
  wrap.append(el('h3', '', title));
  const ul = el('ul', 'whatif-list');
  for (const text of items) ul.append(el('li', '', text));
  wrap.append(ul);
  return wrap;
}

function nodeLists(d) {
  const byNode = new Map(d.nodes.map((n) => [n.node, n]));
  const out = [];
  const words = (o) => (o ? OUTCOME_WORDS[o] : 'node gone');
  if (d.gain.length) out.push(section('Nodes that gain the daemon pod', d.gain.slice(0, LIST_MAX).map((n) => `${n} gains its daemon pod (before: ${words(byNode.get(n)?.before)})`)));
  if (d.lose.length) out.push(section('Nodes that lose the daemon pod', d.lose.slice(0, LIST_MAX).map((n) => `${n} loses its daemon pod (now: ${words(byNode.get(n)?.after)})`)));
  if (d.keep.length) out.push(section('Nodes that keep it', [names(d.keep)]));
  if (d.replaced.length) out.push(section(`Pods replaced by the update (${d.replaced.length})`, [names(d.replaced)]));
  return out;
}

function adoption(d) {
  if (!d.adopted.length) return [];
  return [section(`Adopted by the first sync (${d.adopted.length})`, [`${names(d.adopted)}: orphans whose labels the selector matches; those on another template are then replaced under the update strategy.`])];
}

function rollout(r) {
  const head = r.strategy === 'RollingUpdate' ? `RollingUpdate, maxUnavailable ${r.maxUnavailable}, maxSurge ${r.maxSurge}` : r.strategy;
  const items = r.waves.map((w) => `Wave ${w.number} (sync ${w.sync + 1}, ${w.at}): ${w.nodes.join(', ')}: ${w.mode === 'surge' ? 'new pod first, the old one deleted once it is available' : 'old pod deleted, the new one created the next sync'}`);
  if (r.strategy === 'OnDelete') items.push(`OnDelete: nothing is replaced; ${plural(r.outdated.length, 'pod')} on an old template${r.outdated.length ? `: ${names(r.outdated)}` : ''}.`);
  else if (r.waves.length) items.push(`${plural(r.waves.length, 'wave')}, ${plural(r.syncs.length, 'sync')}: ${r.complete ? `done in about ${r.seconds} s` : 'does not complete (stalled or cut off)'}.`);
  else items.push('Nothing to replace.');
  for (const w of r.warnings) items.push(w);
  return [section(`Rollout: ${head}`, items)];
}

function now({ get, next }) {
  const cols = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'];
  const vals = [get.name, get.desired, get.current, get.ready, get.upToDate, get.available, get.nodeSelector || '<none>', get.age].map(String);
  const widths = cols.map((c, i) => Math.max(c.length, vals[i].length) + 3);
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('').trimEnd();
  const table = el('pre', 'whatif-get', `${line(cols)}\n${line(vals)}`);
  const wrap = el('div', 'whatif-part');
  wrap.append(el('h3', '', 'kubectl get ds (the pods as given)'), table);
  const actions = [
    ...next.created.map((c) => `create a pod on ${c.node}: ${c.reason}`),
    ...next.deleted.map((p) => `delete ${p}: ${next.deleteReasons[p] ?? ''}`),
    ...next.adopted.map((p) => `adopt ${p}`),
  ];
  return [wrap, section('The next sync', actions.length ? actions : ['nothing to do'])];
}
