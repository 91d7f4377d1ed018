// What the planner answered: the summary, the API server's words, the planner's advice, the
// cluster map and the node table. Every name and value is rendered as text (textContent).
import { toYaml } from '../../src/js/yaml.mjs';
import { VERDICTS, schedulerText, verdictName } from './scheduling.js';
import { suggestionList, nodeChangeItem } from './suggest.js';

const $ = (id) => document.getElementById(id);
export const OUTCOMES = ['run', 'keepRunning', 'evict', 'exclude'];
export const OUTCOME_WORDS = { run: 'runs', keepRunning: 'no new pod, running one stays', evict: 'evicted', exclude: 'excluded' };
const MAX_ROWS = 500;
const MAX_CELLS = 20_000;
const REASON_GROUP = '\u0000reason';

export const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Rendering over the page's state; `post` asks the worker. */
export function results(state, post, { dsEditor, onApply }) {
  // ---- summary, staleness -------------------------------------------------------------------

  function summaryText(text) {
    $('summary').replaceChildren(el('div', 'sub', text));
  }

  function renderSummary() {
    const { summary, rollout, daemonSet, validation } = state.plan;
    const head = el('div');
    head.append(el('span', 'count', `${summary.desiredNumberScheduled.toLocaleString('en')} of ${summary.nodes.toLocaleString('en')}`), ` nodes run ${daemonSet.namespace}/${daemonSet.name}.`);
    const rolloutText = rollout.strategy === 'RollingUpdate' ? `Rollout: RollingUpdate, maxUnavailable ${rollout.maxUnavailable}, maxSurge ${rollout.maxSurge}.` : `Rollout: ${rollout.strategy}.`;
    const n = validation.errors.length;
    const valid = validation.valid ? 'The API server would accept it.' : `The API server would reject it (${n} error${n === 1 ? '' : 's'}).`;
    $('summary').replaceChildren(head, el('div', 'sub', summary.message), el('div', 'sub', `${rolloutText} ${valid}`));
    if (summary.scheduling) $('summary').append(el('div', 'sub scheduler', `Scheduler: ${summary.scheduling.message}.`));
  }

  /** Keeps the last good plan on screen, greyed, with why it is out of date. */
  function markStale(why) {
    const stale = !!why && !!state.plan;
    for (const id of ['summary', 'map-card', 'table-card', 'fleet-card']) $(id).classList.toggle('stale', stale);
    $('stale').hidden = !why;
    $('stale').textContent = why ? (state.plan ? `Out of date: ${why} The results below are from the last input that could be planned.` : why) : '';
  }

  // ---- what the API server says, and the planner's advice ------------------------------------

  // kubectl prints these warnings from the API server; the rest is the planner's own advice.
  const fromApiServer = (w) => /^unknown field /.test(w.message) || w.field === 'apiVersion';

  function item(cls, text, line, column) {
    const li = el('li', cls);
    const b = el('button', '', text);
    b.type = 'button';
    if (line) {
      b.append(el('span', 'where', `line ${line}${column ? `, column ${column}` : ''}`));
      b.addEventListener('click', () => dsEditor.goToLine(line, column));
    }
    li.append(b);
    return li;
  }

  function renderProblems(validation) {
    const list = $('problems');
    const advice = $('advice');
    list.replaceChildren();
    advice.replaceChildren();
    const diagnostics = [];
    for (const e of validation.errors) {
      const li = item('error', e.message, e.line, e.column);
      li.dataset.field = e.field;
      list.append(li);
      if (e.line) diagnostics.push({ line: e.line, column: e.column, message: e.message, severity: 'error' });
    }
    for (const w of validation.warnings) {
      const api = fromApiServer(w);
      const li = item(api ? 'warning' : 'advice', `${api ? 'Warning: ' : ''}${w.message}`, w.line);
      if (w.field) li.dataset.field = w.field;
      (api ? list : advice).append(li);
      if (w.line) diagnostics.push({ line: w.line, message: w.message, severity: 'warning' });
    }
    if (!list.children.length) list.append(el('li', 'ok', 'No errors, no warnings.'));
    $('advice-card').hidden = !advice.children.length;
    dsEditor.setDiagnostics(diagnostics);
  }

  // ---- the cluster map ----------------------------------------------------------------------

  const PREFERRED_GROUPS = ['topology.kubernetes.io/zone', 'kubernetes.io/os', 'kubernetes.io/arch', 'node.kubernetes.io/instance-type', 'eks.amazonaws.com/nodegroup', 'cloud.google.com/gke-nodepool', 'kubernetes.azure.com/agentpool', 'pool'];

  function fillGroupBy(labelKeys) {
    const select = $('group-by');
    const keys = labelKeys.map(([k]) => k).filter((k) => !k.startsWith('kubernetes.io/hostname') && !k.startsWith('feature.node.kubernetes.io/cpu-cpuid'));
    const ordered = [...PREFERRED_GROUPS.filter((k) => keys.includes(k)), ...keys.filter((k) => !PREFERRED_GROUPS.includes(k))].slice(0, 40);
    const previous = state.groupKey;
    select.replaceChildren(new Option('(none)', ''), new Option('reason', REASON_GROUP), ...ordered.map((k) => new Option(k, k)));
    state.groupKey = ordered.includes(previous) || previous === REASON_GROUP ? previous : (ordered.find((k) => PREFERRED_GROUPS.includes(k)) ?? '');
    select.value = state.groupKey;
    requestGroups();
  }

  function requestGroups() {
    state.groups = null;
    if (state.groupKey && state.groupKey !== REASON_GROUP) post({ type: 'groups', id: 0, key: state.groupKey });
  }

  $('group-by').addEventListener('change', (e) => {
    state.groupKey = e.target.value;
    state.groupFilter = null;
    requestGroups();
    renderMap();
    renderTable();
  });

  function groupOf(i) {
    if (state.groupKey === REASON_GROUP) return state.reasonOf?.[i] ?? '…';
    return state.groupKey ? (state.groups?.[i] ?? '(no label)') : 'all nodes';
  }

  function renderMap() {
    const map = $('map');
    const plan = state.plan;
    if (!plan || !state.cluster) {
      $('legend').replaceChildren();
      return map.replaceChildren();
    }
    const { outcomes } = plan;
    const names = state.cluster.names;
    const counts = [0, 0, 0, 0];
    for (const o of outcomes) counts[o] += 1;
    $('legend').replaceChildren(...OUTCOMES.map((o, i) => {
      const it = el('span');
      it.append(el('span', `sw o-${o}`), `${OUTCOME_WORDS[o]}: ${counts[i].toLocaleString('en')}`);
      return it;
    }));
    const groups = new Map();
    for (let i = 0; i < outcomes.length; i++) {
      const key = groupOf(i);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(i);
    }
    const detail = el('p', 'note');
    detail.id = 'map-detail';
    detail.setAttribute('aria-live', 'polite');
    const frag = document.createDocumentFragment();
    const cellsAllowed = outcomes.length <= MAX_CELLS;
    let first = true;
    for (const [key, members] of [...groups.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
      const group = el('div', 'group');
      const runs = members.filter((i) => outcomes[i] === 0).length;
      const head = el('div', 'group-head');
      const pick = el('button', '', key);
      pick.type = 'button';
      pick.dataset.group = key;
      pick.setAttribute('aria-pressed', String(state.groupFilter === key));
      pick.title = 'Show only this group in the table';
      head.append(pick, ` — runs on ${runs} of ${members.length}`);
      group.append(head);
      if (cellsAllowed) {
        const cells = el('div', 'cells');
        for (const i of members) {
          const o = OUTCOMES[outcomes[i]];
          const cell = el('span', `n o-${o}`);
          cell.dataset.index = i;
          cell.tabIndex = first ? 0 : -1;
          first = false;
          cell.setAttribute('role', 'button');
          const verdict = VERDICTS[state.plan.verdicts?.[i] ?? 0];
          const label = `${names[i]}: ${OUTCOME_WORDS[o]}${verdict ? `, ${verdict.word}` : ''}`;
          if (verdict) {
            cell.dataset.verdict = verdict.name;
            // The scheduler's verdict as a ring over the outcome colour (CSSOM, allowed by the CSP).
            if (verdict.ring) cell.style.boxShadow = `inset 0 0 0 3px ${verdict.ring}`;
          }
          cell.setAttribute('aria-label', label);
          cell.title = label;
          cells.append(cell);
        }
        group.append(cells);
      } else {
        const bar = el('div', 'bar');
        OUTCOMES.forEach((o, k) => {
          const n = members.filter((i) => outcomes[i] === k).length;
          if (n) {
            const part = el('span', `o-${o}`);
            part.style.flex = String(n);
            part.title = `${OUTCOME_WORDS[o]}: ${n}`;
            bar.append(part);
          }
        });
        group.append(bar);
      }
      frag.append(group);
    }
    map.replaceChildren(frag, detail);
  }

  function cellDetail(cell) {
    $('map-detail').textContent = cell.getAttribute('aria-label');
    return Number(cell.dataset.index);
  }

  const isCell = (t) => t.dataset?.index !== undefined;
  $('map').addEventListener('mouseover', (e) => isCell(e.target) && cellDetail(e.target));
  $('map').addEventListener('focusin', (e) => isCell(e.target) && cellDetail(e.target));
  $('map').addEventListener('click', (e) => {
    if (isCell(e.target)) return selectNode(cellDetail(e.target));
    const g = e.target.closest('button[data-group]');
    if (!g) return;
    state.groupFilter = state.groupFilter === g.dataset.group ? null : g.dataset.group;
    renderMap();
    renderTable();
  });
  $('clear-group').addEventListener('click', () => {
    state.groupFilter = null;
    renderMap();
    renderTable();
  });
  $('map').addEventListener('keydown', (e) => {
    const cells = [...$('map').querySelectorAll('.n')];
    const at = cells.indexOf(document.activeElement);
    if (at < 0) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step) {
      e.preventDefault();
      const next = cells[Math.max(0, Math.min(cells.length - 1, at + step))];
      cells[at].tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectNode(Number(cells[at].dataset.index));
    }
  });

  // ---- the table ----------------------------------------------------------------------------

  function visibleIndices() {
    const shown = new Set([...document.querySelectorAll('.filters input[type=checkbox]:checked')].map((b) => OUTCOMES.indexOf(b.dataset.outcome)));
    const { outcomes } = state.plan;
    const out = [];
    for (let i = 0; i < outcomes.length; i++) {
      if (!shown.has(outcomes[i])) continue;
      if (state.searchHit && !state.searchHit[i]) continue;
      if (state.groupFilter !== null && groupOf(i) !== state.groupFilter) continue;
      out.push(i);
    }
    return sortIndices(out);
  }

  function sortIndices(list) {
    const { key, dir } = state.sort ?? {};
    if (!key) return list;
    const names = state.cluster.names;
    const val = key === 'name' ? (i) => names[i] : key === 'outcome' ? (i) => state.plan.outcomes[i] : (i) => state.reasonOf?.[i] ?? '';
    return list.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      return (x < y ? -1 : x > y ? 1 : a - b) * dir;
    });
  }

  function renderTable() {
    if (!state.plan) return;
    const all = visibleIndices();
    const shown = all.slice(0, MAX_ROWS);
    $('clear-group').hidden = state.groupFilter === null;
    const group = state.groupFilter !== null ? ` in ${state.groupFilter}` : '';
    $('table-note').textContent = all.length > MAX_ROWS ? `Showing ${MAX_ROWS} of ${all.length.toLocaleString('en')} nodes${group}: filter or search to narrow.` : `${all.length.toLocaleString('en')} node${all.length === 1 ? '' : 's'}${group}.`;
    state.rowsId += 1;
    post({ type: 'rows', id: state.rowsId, indices: shown });
    state.rowIndices = shown;
    state.visible = all;
  }

  function fillRows(rows) {
    const body = $('table').tBodies[0];
    const frag = document.createDocumentFragment();
    let focusable = null;
    rows.forEach((n, k) => {
      if (!n) return;
      const i = state.rowIndices[k];
      const tr = el('tr');
      tr.dataset.node = n.name;
      tr.dataset.shouldRun = String(n.shouldRun);
      tr.dataset.outcome = n.outcome;
      tr.dataset.index = i;
      // One tab stop for the whole table; arrow keys move between rows.
      tr.tabIndex = -1;
      if (state.selected === i) {
        tr.classList.add('selected');
        focusable = tr;
      }
      tr.append(el('td', 'name', n.name));
      const outcome = el('td');
      outcome.append(el('span', `badge o-${n.outcome}`, OUTCOME_WORDS[n.outcome]));
      if (n.scheduling) tr.dataset.verdict = verdictName(n.scheduling);
      tr.append(outcome, el('td', 'why', n.reasons[0]?.message ?? schedulerText(n.scheduling)), el('td', 'decided', n.reasons.map((r) => r.detail).join('; ')));
      frag.append(tr);
    });
    body.replaceChildren(frag);
    (focusable ?? body.rows[0])?.setAttribute('tabindex', '0');
  }

  $('table').addEventListener('click', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (th) {
      const key = th.dataset.sort;
      state.sort = { key, dir: state.sort?.key === key ? -state.sort.dir : 1 };
      for (const h of $('table').querySelectorAll('th[data-sort]')) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      return renderTable();
    }
    const tr = e.target.closest('tr[data-index]');
    if (tr) selectNode(Number(tr.dataset.index));
  });
  $('table').addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (!tr) return;
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (step) {
      e.preventDefault();
      const next = step > 0 ? tr.nextElementSibling : tr.previousElementSibling;
      if (next) {
        tr.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectNode(Number(tr.dataset.index));
    }
  });

  // ---- the Pod the controller creates -------------------------------------------------------

  function selectNode(i) {
    state.selected = i;
    for (const tr of $('table').querySelectorAll('tr.selected')) tr.classList.remove('selected');
    $('table').querySelector(`tr[data-index="${i}"]`)?.classList.add('selected');
    state.podId += 1;
    state.podNode = state.cluster.names[i];
    post({ type: 'pod', id: state.podId, index: i });
  }

  function showPod(pod, suggestions, nodeChange) {
    const card = $('pod-card');
    const hadFocus = !!document.getElementById('pod-suggestions')?.contains(document.activeElement);
    document.getElementById('pod-suggestions')?.remove();
    card.hidden = false;
    if (pod) {
      $('pod-title').textContent = `The Pod the controller creates on ${state.podNode}`;
      $('pod').textContent = toYaml(pod);
      $('copy-pod').hidden = false;
      if (hadFocus) $('pod').focus(); // an applied suggestion placed it: what is created now
    } else {
      $('pod-title').textContent = `No daemon pod is created on ${state.podNode}`;
      $('pod').textContent = 'See the reasons in the table.';
      $('copy-pod').hidden = true;
      const ds = `${state.plan.daemonSet.namespace}/${state.plan.daemonSet.name}`;
      const list = suggestionList(suggestions, ds, (s) => onApply(ds, s));
      const onNode = nodeChangeItem(nodeChange, state.podNode);
      if (list || onNode) {
        const box = el('div');
        box.id = 'pod-suggestions';
        const title = el('h3', '', `What would place ${ds} on ${state.podNode}`);
        title.tabIndex = -1;
        box.append(title, ...[list, onNode].filter(Boolean));
        card.append(box);
        if (hadFocus) title.focus();
      }
    }
    // Where the user is looking: the card scrolls into view (it sits beside the table on wide screens).
    card.scrollIntoView({ block: 'nearest' });
  }

  return { summaryText, renderSummary, markStale, renderProblems, fillGroupBy, requestGroups, renderMap, renderTable, fillRows, showPod, groupOf, selectNode };
}
