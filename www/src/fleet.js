// "All DaemonSets": every DaemonSet of the input planned at once (planAll). The coverage
// matrix (node groups, as the map groups them, × DaemonSets), the findings across them, and
// per node the daemon overhead and what would place the daemons it misses. Text only.
import { el, OUTCOMES, OUTCOME_WORDS } from './results.js';
import { suggestionList } from './suggest.js';

const $ = (id) => document.getElementById(id);
const MAX_GROUPS = 200;
const MAX_NODES = 500;
const MAX_NAMED = 20;
const REASON_GROUP = '\u0000reason';

/** `groupOf(i)` is the map's grouping; `onPick(ds, group)` shows one DaemonSet's plan for a
 *  group; `onApply(ds, suggestion)` applies a suggestion to the DaemonSet editor. */
export function fleetView(state, post, { groupOf, onPick, onApply }) {
  // In this view the map's "reason" grouping (one DaemonSet's reasons) does not apply.
  const group = (i) => (state.groupKey === REASON_GROUP ? 'all nodes' : groupOf(i));

  function show(on) {
    $('fleet-card').hidden = !on;
    for (const id of ['map-card', 'table-card']) $(id).hidden = on;
    if (on) $('pod-card').hidden = true;
  }

  function renderSummary() {
    const { plans, findings } = state.fleet;
    const nodes = state.cluster?.size ?? 0;
    const head = el('div');
    head.append(el('span', 'count', `${plans.length} DaemonSets`), ` on ${nodes.toLocaleString('en')} nodes; ${findings.length} finding${findings.length === 1 ? '' : 's'} across them.`);
    $('summary').replaceChildren(head, ...plans.map((p) => el('div', 'sub', `${p.daemonSet.namespace}/${p.daemonSet.name}: ${p.summary.message}`)));
  }

  function fillGroupBy() {
    const select = $('fleet-group-by');
    const options = [...$('group-by').options].filter((o) => o.value !== REASON_GROUP).map((o) => new Option(o.textContent, o.value));
    select.replaceChildren(...options);
    select.value = state.groupKey === REASON_GROUP ? '' : (state.groupKey ?? '');
  }

  $('fleet-group-by').addEventListener('change', (e) => {
    // One grouping for the map and the matrix: the map's select drives both.
    const map = $('group-by');
    map.value = e.target.value;
    map.dispatchEvent(new Event('change'));
    render();
  });

  // ---- the coverage matrix ------------------------------------------------------------------

  function renderMatrix() {
    const { plans } = state.fleet;
    const n = plans[0]?.outcomes.length ?? 0;
    const groups = new Map();
    for (let i = 0; i < n; i++) {
      const key = group(i);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(i);
    }
    const sorted = [...groups.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const head = el('tr');
    head.append(el('th', '', state.groupKey && state.groupKey !== REASON_GROUP ? state.groupKey : 'Nodes'));
    head.firstChild.scope = 'col';
    for (const p of plans) {
      const th = el('th', '', `${p.daemonSet.namespace}/${p.daemonSet.name}`);
      th.scope = 'col';
      head.append(th);
    }
    const body = document.createDocumentFragment();
    for (const [key, members] of sorted.slice(0, MAX_GROUPS)) {
      const tr = el('tr');
      tr.dataset.group = key;
      const th = el('th', '', `${key} (${members.length.toLocaleString('en')})`);
      th.scope = 'row';
      tr.append(th);
      for (const p of plans) {
        const ds = `${p.daemonSet.namespace}/${p.daemonSet.name}`;
        const counts = [0, 0, 0, 0];
        let pending = 0;
        for (const i of members) {
          counts[p.outcomes[i]] += 1;
          if (p.outcomes[i] === 0 && p.pending[i]) pending += 1;
        }
        const runs = counts[0] - pending;
        const excluded = members.length - counts[0];
        const td = el('td');
        const b = el('button', `cell${runs === members.length ? ' all' : runs === 0 ? ' none' : ''}`);
        b.type = 'button';
        b.dataset.daemonSet = ds;
        b.dataset.group = key;
        b.dataset.runs = String(runs);
        b.dataset.excluded = String(excluded);
        b.dataset.pending = String(pending);
        b.append(el('span', 'c-run', `runs: ${runs}`));
        if (excluded) b.append(el('span', 'c-exclude', `excluded: ${excluded}`));
        if (pending) b.append(el('span', 'c-pending', `pending: ${pending}`));
        const detail = OUTCOMES.slice(1).map((o, k) => (counts[k + 1] ? `${counts[k + 1]} ${OUTCOME_WORDS[o]}` : '')).filter(Boolean);
        const label = `${ds} on ${key}: ${runs} run${pending ? `, ${pending} stay Pending` : ''}${detail.length ? `, ${detail.join(', ')}` : ''}. Show this plan for the group.`;
        b.setAttribute('aria-label', label);
        b.title = label;
        b.addEventListener('click', () => onPick(ds, key));
        td.append(b);
        tr.append(td);
      }
      body.append(tr);
    }
    const table = $('fleet-matrix');
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(body);
    $('fleet-matrix-note').textContent = sorted.length > MAX_GROUPS ? `Showing ${MAX_GROUPS} of ${sorted.length} groups: group by another label.` : 'Each cell: nodes of the group the DaemonSet runs on, is kept off (excluded: no new pod there), or whose pod stays Pending. Choose a cell to see that plan for the group.';
  }

  // ---- findings -----------------------------------------------------------------------------

  function nodeButton(name) {
    const b = el('button', 'node-link', name);
    b.type = 'button';
    b.addEventListener('click', () => {
      const i = state.cluster?.names.indexOf(name) ?? -1;
      if (i < 0) return;
      state.fleetFocus = true; // the detail takes the focus once it is shown
      selectNode(i);
    });
    return b;
  }

  function renderFindings() {
    const list = $('findings');
    const items = state.fleet.findings.map((f) => {
      const li = el('li', 'finding');
      li.dataset.code = f.code;
      li.append(el('strong', 'code', f.code), ' ', el('span', 'message', f.message));
      const who = el('div', 'involved');
      who.append(`DaemonSets: ${f.daemonSets.join(', ')}. Nodes: `);
      f.nodes.slice(0, MAX_NAMED).forEach((n, k) => who.append(k ? ', ' : '', nodeButton(n)));
      if (f.nodes.length > MAX_NAMED) who.append(` and ${(f.nodes.length - MAX_NAMED).toLocaleString('en')} more`);
      if (!f.nodes.length) who.append('none');
      li.append(who);
      return li;
    });
    list.replaceChildren(...(items.length ? items : [el('li', 'ok', 'No gaps, overlaps or clashes between these DaemonSets.')]));
  }

  // ---- nodes, and one node's detail ---------------------------------------------------------

  const quantityText = (o) => (Object.keys(o).length ? Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') : 'none');

  function renderNodes() {
    const { plans, overhead } = state.fleet;
    const names = state.cluster?.names ?? [];
    const frag = document.createDocumentFragment();
    const n = Math.min(names.length, MAX_NODES);
    for (let i = 0; i < n; i++) {
      const tr = el('tr');
      tr.dataset.node = names[i];
      const name = el('td');
      name.append(nodeButton(names[i]));
      const runs = plans.filter((p) => p.outcomes[i] === 0).length;
      const misses = plans.filter((p) => p.outcomes[i] !== 0).map((p) => `${p.daemonSet.namespace}/${p.daemonSet.name}`);
      tr.append(name, el('td', '', group(i)), el('td', '', `${runs} of ${plans.length}`), el('td', 'misses', misses.join(', ') || '—'), el('td', '', overhead[i]?.cpu ?? '0'), el('td', '', overhead[i]?.memory ?? '0'));
      if (state.fleetSelected === i) tr.classList.add('selected');
      frag.append(tr);
    }
    $('fleet-nodes').tBodies[0].replaceChildren(frag);
    $('fleet-nodes-note').textContent = names.length > MAX_NODES ? `The first ${MAX_NODES} of ${names.length.toLocaleString('en')} nodes; choose a node in a finding, or a matrix cell, for the others.` : `${names.length} node${names.length === 1 ? '' : 's'}. Overhead: the requests of the daemon pods that run there, summed.`;
  }

  function selectNode(i) {
    state.fleetSelected = i;
    state.fleetNodeId = (state.fleetNodeId ?? 0) + 1;
    for (const tr of $('fleet-nodes').querySelectorAll('tr.selected')) tr.classList.remove('selected');
    $('fleet-nodes').querySelector(`tr[data-node="${CSS.escape(state.cluster.names[i])}"]`)?.classList.add('selected');
    post({ type: 'fleetNode', id: state.fleetNodeId, index: i });
  }

  function showNode(node) {
    const box = $('fleet-node');
    if (!node) {
      box.hidden = true;
      return;
    }
    // Re-rendered after an Apply: focus inside the detail stays in it (on its title).
    const hadFocus = box.contains(document.activeElement);
    box.hidden = false;
    box.dataset.node = node.name;
    const title = el('h3', '', `Node ${node.name}`);
    title.id = 'fleet-node-title';
    title.tabIndex = -1;
    const parts = [title, el('p', 'overhead', `Daemon overhead (requests of the daemon pods that run here): ${quantityText(node.overhead)}.`)];
    const left = leftOver(node);
    if (left) parts.push(el('p', 'left', left));
    // One entry per DaemonSet: a list, not a table, so the suggestions reflow on a phone.
    const list = el('ul', 'fleet-node-list');
    for (const d of node.daemonSets) {
      const li = el('li');
      li.dataset.daemonSet = d.key;
      li.dataset.outcome = d.outcome;
      const head = el('h4');
      head.append(el('span', 'ds', d.key), ' ', el('span', `badge o-${d.outcome}`, OUTCOME_WORDS[d.outcome]));
      if (d.scheduling && !d.scheduling.scheduled) head.append(' ', el('span', 'note', 'stays Pending'));
      li.append(head);
      const why = d.reasons.map((r) => r.detail || r.message).join('; ') || (d.scheduling && !d.scheduling.scheduled ? d.scheduling.message : '');
      if (why) li.append(el('p', 'why', why));
      const fixes = suggestionList(d.suggestions, d.key, (s) => onApply(d.key, s));
      if (fixes) li.append(fixes);
      else if (d.outcome !== 'run') li.append(el('p', 'note', "No change on the DaemonSet's side places it here (or it is not meant to run here)."));
      list.append(li);
    }
    box.replaceChildren(...parts, list);
    if (state.fleetFocus || hadFocus) {
      state.fleetFocus = false;
      title.focus();
    }
  }

  /** With the cluster's pods given: what the node has left once the daemons run there. */
  function leftOver(node) {
    const s = node.daemonSets.find((d) => d.scheduling?.resources)?.scheduling;
    if (!s) return null;
    const out = [];
    for (const r of s.resources) {
      if (r.name !== 'cpu' && r.name !== 'memory') continue;
      const left = amount(r.allocatable) - amount(r.requested) - amount(node.overhead[r.name] ?? '0');
      out.push(`${r.name} ${r.name === 'cpu' ? `${Math.round(left * 1000)}m` : `${Math.floor(left / 2 ** 20)}Mi`}`);
    }
    return out.length ? `Left (allocatable, less the requests of the pods bound there, less the overhead): ${out.join(', ')}.` : null;
  }

  function render() {
    if (!state.fleet) return;
    fillGroupBy();
    renderSummary();
    renderMatrix();
    renderFindings();
    renderNodes();
  }

  return { show, render, selectNode, showNode };
}

/** A quantity as a number ("1500m" → 1.5, "16Gi" → 17179869184). */
function amount(q) {
  const m = /^(-?[0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return 0;
  const units = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (units[m[2]] ?? 1);
}
