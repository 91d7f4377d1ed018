// The playground: two editors, and what Kubernetes would do with them, live as you type.
// The planner runs in worker.js; this file only renders, and renders every name and value as
// text (textContent), never as markup.
import { Editor } from './editor.js';
import { toYaml } from './yaml.js';
import * as permalink from './permalink.js';

const $ = (id) => document.getElementById(id);
const OUTCOMES = ['run', 'keepRunning', 'evict', 'exclude'];
const OUTCOME_WORDS = { run: 'runs', keepRunning: 'no new pod, running one stays', evict: 'evicted', exclude: 'excluded' };
const EXAMPLES = {
  fluentd: { ds: 'examples/fluentd-elasticsearch.yaml' },
  gpu: { ds: 'examples/nvidia-device-plugin.yaml' },
  windows: { ds: 'examples/windows-kube-proxy.yaml' },
  cluster: { nodes: 'examples/sample-cluster.yaml' },
};
const BIG_FILE = 2 << 20; // larger node files are read by the worker, not shown in the editor
const MAX_ROWS = 500;
const MAX_CELLS = 20_000;

const worker = new Worker('worker.js', { type: 'module' });
const state = { cluster: null, plan: null, planId: 0, rowsId: 0, podId: 0, groupKey: null, groups: null, selected: null, bigFile: null, error: null };

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

// ---- inputs ---------------------------------------------------------------------------------

const dsEditor = new Editor($('ds-editor'), { label: 'DaemonSet', onChange: () => { planSoon(); saveSoon(); } });
const nodesEditor = new Editor($('nodes-editor'), {
  label: 'Nodes',
  onChange: () => {
    state.bigFile = null;
    loadNodesSoon();
    saveSoon();
  },
});

const planSoon = debounce(requestPlan, 120);
const loadNodesSoon = debounce(() => loadNodesText(nodesEditor.value), 250);
const saveSoon = debounce(saveToUrl, 600);

function loadNodesText(text) {
  setStatus('Reading nodes…');
  worker.postMessage({ type: 'nodes', text });
}

function loadNodesFile(file) {
  state.bigFile = { name: file.name, size: file.size };
  nodesEditor.value = '';
  nodesEditor.textarea.placeholder = `${file.name} (${mb(file.size)} MB) is read from the file, not shown here. Type or paste here to use a node list of your own instead.`;
  setStatus(`Reading ${file.name}…`, 0);
  worker.postMessage({ type: 'nodesFile', file });
}

async function openFile(kind, file) {
  if (!file) return;
  if (kind === 'nodes' && file.size > BIG_FILE) return loadNodesFile(file);
  const text = await file.text();
  if (kind === 'ds') {
    dsEditor.value = text;
    requestPlan();
  } else {
    state.bigFile = null;
    nodesEditor.textarea.placeholder = '';
    nodesEditor.value = text;
    loadNodesText(text);
  }
  saveSoon();
}

for (const [input, kind] of [[$('ds-file'), 'ds'], [$('nodes-file'), 'nodes']]) {
  input.addEventListener('change', () => openFile(kind, input.files[0]));
}
for (const zone of document.querySelectorAll('.drop')) {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragover');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragover'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragover');
    openFile(zone.dataset.kind, e.dataTransfer.files[0]);
  });
}

function setStatus(text, progress) {
  const s = $('nodes-status');
  s.classList.toggle('error', false);
  s.replaceChildren(text);
  if (progress !== undefined) {
    const p = el('progress');
    p.max = 1;
    p.value = progress;
    s.append(p);
  }
}

const mb = (bytes) => (bytes / 1048576).toFixed(1);

// ---- the worker's answers -------------------------------------------------------------------

worker.onmessage = ({ data }) => handlers[data.type]?.(data);

const handlers = {
  ready({ version }) {
    $('version').textContent = `Version ${version.package}, following Kubernetes ${version.kubernetes}.`;
  },
  progress({ bytes, total, nodes }) {
    setStatus(`Reading ${state.bigFile?.name ?? 'nodes'}: ${mb(bytes)} of ${mb(total)} MB, ${nodes.toLocaleString('en')} nodes`, total ? bytes / total : 0);
  },
  nodes(msg) {
    state.cluster = msg;
    state.groups = null;
    const source = state.bigFile ? ` from ${state.bigFile.name} (${mb(state.bigFile.size)} MB)` : '';
    setStatus(`${msg.size.toLocaleString('en')} node${msg.size === 1 ? '' : 's'}${source}`);
    fillGroupBy(msg.labelKeys);
    requestPlan();
  },
  nodesError({ error }) {
    state.cluster = null;
    const s = $('nodes-status');
    s.classList.add('error');
    s.textContent = `${error.message}`;
    if (error.line && !state.bigFile) nodesEditor.setMarks(new Map([[error.line, error.message]]));
    renderSummaryText('The node list cannot be read: ' + error.message);
  },
  plan(msg) {
    if (msg.id !== state.planId) return;
    state.plan = msg;
    state.error = null;
    nodesEditor.setMarks(new Map());
    renderSummary();
    renderProblems(msg.validation);
    renderMap();
    renderTable();
  },
  planError(msg) {
    if (msg.id !== state.planId) return;
    state.plan = null;
    state.error = msg.error;
    renderSummaryText(`The DaemonSet cannot be planned: ${msg.error.message}`);
    renderProblems(msg.validation);
    $('map').replaceChildren();
    $('legend').replaceChildren();
    $('table').tBodies[0].replaceChildren();
    $('table-note').textContent = '';
  },
  rows(msg) {
    if (msg.id === state.rowsId) fillRows(msg.rows);
  },
  groups(msg) {
    if (msg.key !== state.groupKey) return;
    state.groups = msg.values;
    renderMap();
  },
  pod(msg) {
    if (msg.id !== state.podId) return;
    showPod(msg.pod);
    showScheduling(msg.scheduling);
  },
  error({ error }) {
    console.warn('planner:', error.message);
  },
};

function requestPlan() {
  if (!state.cluster) return;
  state.planId += 1;
  worker.postMessage({ type: 'plan', id: state.planId, ds: dsEditor.value });
}

// ---- summary and validation -----------------------------------------------------------------

function renderSummaryText(text) {
  $('summary').replaceChildren(el('div', 'sub', text));
}

function renderSummary() {
  const { summary, rollout, daemonSet, validation } = state.plan;
  const box = $('summary');
  const head = el('div');
  head.append(el('span', 'count', `${summary.desiredNumberScheduled.toLocaleString('en')} of ${summary.nodes.toLocaleString('en')}`), ` nodes run ${daemonSet.namespace}/${daemonSet.name}.`);
  const rolloutText = rollout.strategy === 'RollingUpdate' ? `Rollout: RollingUpdate, maxUnavailable ${rollout.maxUnavailable}, maxSurge ${rollout.maxSurge}.` : `Rollout: ${rollout.strategy}.`;
  const valid = validation.valid ? 'The API server would accept it.' : `The API server would reject it (${validation.errors.length} error${validation.errors.length === 1 ? '' : 's'}).`;
  box.replaceChildren(head, el('div', 'sub', summary.message), el('div', 'sub', `${rolloutText} ${valid}`));
  if (summary.scheduling) box.append(el('div', 'sub scheduler', `Scheduler: ${summary.scheduling.message}.`));
}

function renderProblems(validation) {
  const list = $('problems');
  list.replaceChildren();
  const marks = new Map();
  for (const e of validation.errors) {
    const li = el('li', 'error');
    li.dataset.field = e.field;
    const b = el('button', '', e.message);
    b.type = 'button';
    if (e.line) {
      b.append(el('span', 'where', `line ${e.line}${e.column ? `, column ${e.column}` : ''}`));
      b.addEventListener('click', () => dsEditor.goToLine(e.line, e.column));
      marks.set(e.line, e.message);
    }
    li.append(b);
    list.append(li);
  }
  for (const w of validation.warnings) {
    const li = el('li', 'warning');
    if (w.field) li.dataset.field = w.field;
    const b = el('button', '', `Warning: ${w.message}`);
    b.type = 'button';
    if (w.line) {
      b.append(el('span', 'where', `line ${w.line}`));
      b.addEventListener('click', () => dsEditor.goToLine(w.line));
    }
    li.append(b);
    list.append(li);
  }
  if (!validation.errors.length && !validation.warnings.length) list.append(el('li', 'ok', 'No errors, no warnings.'));
  dsEditor.setMarks(marks);
}

// ---- the cluster picture --------------------------------------------------------------------

const PREFERRED_GROUPS = ['topology.kubernetes.io/zone', 'kubernetes.io/os', 'kubernetes.io/arch', 'node.kubernetes.io/instance-type', 'eks.amazonaws.com/nodegroup', 'cloud.google.com/gke-nodepool', 'kubernetes.azure.com/agentpool', 'pool'];

function fillGroupBy(labelKeys) {
  const select = $('group-by');
  const keys = labelKeys.map(([k]) => k).filter((k) => !k.startsWith('kubernetes.io/hostname') && !k.startsWith('feature.node.kubernetes.io/cpu-cpuid'));
  const ordered = [...PREFERRED_GROUPS.filter((k) => keys.includes(k)), ...keys.filter((k) => !PREFERRED_GROUPS.includes(k))].slice(0, 40);
  const previous = state.groupKey;
  select.replaceChildren(new Option('(none)', ''), ...ordered.map((k) => new Option(k, k)));
  state.groupKey = ordered.includes(previous) ? previous : (ordered.find((k) => PREFERRED_GROUPS.includes(k)) ?? '');
  select.value = state.groupKey;
  requestGroups();
}

$('group-by').addEventListener('change', (e) => {
  state.groupKey = e.target.value;
  state.groups = null;
  requestGroups();
  renderMap();
});

function requestGroups() {
  if (state.groupKey) worker.postMessage({ type: 'groups', id: 0, key: state.groupKey });
}

function renderMap() {
  const map = $('map');
  const plan = state.plan;
  if (!plan || !state.cluster) return map.replaceChildren();
  const { outcomes } = plan;
  const names = state.cluster.names;
  const legend = $('legend');
  const counts = OUTCOMES.map((o, i) => outcomes.reduce((n, c) => n + (c === i), 0));
  legend.replaceChildren(...OUTCOMES.map((o, i) => {
    const item = el('span');
    item.append(el('span', `sw o-${o}`), `${OUTCOME_WORDS[o]}: ${counts[i].toLocaleString('en')}`);
    return item;
  }));
  const groups = new Map();
  for (let i = 0; i < outcomes.length; i++) {
    const key = state.groupKey ? (state.groups?.[i] ?? '(no label)') : 'all nodes';
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
    head.append(el('strong', '', key), ` — runs on ${runs} of ${members.length}`);
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
        const verdict = VERDICTS[plan.verdicts?.[i] ?? 0];
        const label = `${names[i]}: ${OUTCOME_WORDS[o]}${verdict ? `, ${verdict.word}` : ''}`;
        if (verdict) {
          cell.dataset.verdict = verdict.name;
          // The scheduler's verdict as a ring over the outcome colour (inline: style.css is shared).
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

// The scheduler's verdict codes from PlanView.schedulerVerdicts().
const VERDICTS = [null, { name: 'scheduled', word: 'scheduled' }, { name: 'pending', word: 'stays Pending', ring: '#d97706' }, { name: 'preempting', word: 'preempts pods', ring: '#7c3aed' }];

function schedulerText(s) {
  if (!s) return '';
  if (s.scheduled) return 'scheduled';
  const victims = s.preemption?.victims ?? [];
  return victims.length ? `preempts ${victims.join(', ')}` : `Pending: ${s.reasons?.join(', ') || s.message}`;
}

function cellDetail(cell) {
  const i = Number(cell.dataset.index);
  $('map-detail').textContent = cell.getAttribute('aria-label');
  return i;
}

$('map').addEventListener('mouseover', (e) => e.target.dataset?.index !== undefined && cellDetail(e.target));
$('map').addEventListener('focusin', (e) => e.target.dataset?.index !== undefined && cellDetail(e.target));
$('map').addEventListener('click', (e) => e.target.dataset?.index !== undefined && selectNode(cellDetail(e.target)));
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

// ---- the table ------------------------------------------------------------------------------

for (const box of document.querySelectorAll('.filters input[type=checkbox]')) box.addEventListener('change', renderTable);
$('search').addEventListener('input', debounce(renderTable, 100));

function visibleIndices() {
  const shown = new Set([...document.querySelectorAll('.filters input[type=checkbox]:checked')].map((b) => OUTCOMES.indexOf(b.dataset.outcome)));
  const q = $('search').value.trim().toLowerCase();
  const { outcomes } = state.plan;
  const names = state.cluster.names;
  const out = [];
  for (let i = 0; i < outcomes.length; i++) {
    if (shown.has(outcomes[i]) && (!q || names[i].toLowerCase().includes(q))) out.push(i);
  }
  return out;
}

function renderTable() {
  if (!state.plan) return;
  const all = visibleIndices();
  const shown = all.slice(0, MAX_ROWS);
  $('table-note').textContent = all.length > MAX_ROWS ? `Showing ${MAX_ROWS} of ${all.length.toLocaleString('en')} nodes: filter or search to narrow.` : `${all.length.toLocaleString('en')} node${all.length === 1 ? '' : 's'}.`;
  state.rowsId += 1;
  worker.postMessage({ type: 'rows', id: state.rowsId, indices: shown });
  state.rowIndices = shown;
}

function decidedBy(n) {
  return n.reasons.map((r) => r.detail).join('; ');
}

function fillRows(rows) {
  const body = $('table').tBodies[0];
  const frag = document.createDocumentFragment();
  rows.forEach((n, k) => {
    if (!n) return;
    const i = state.rowIndices[k];
    const tr = el('tr');
    tr.dataset.node = n.name;
    tr.dataset.shouldRun = String(n.shouldRun);
    tr.dataset.outcome = n.outcome;
    tr.dataset.index = i;
    tr.tabIndex = 0;
    if (state.selected === i) tr.classList.add('selected');
    tr.append(el('td', 'name', n.name));
    const outcome = el('td');
    outcome.append(el('span', `badge o-${n.outcome}`, OUTCOME_WORDS[n.outcome]));
    if (n.scheduling) tr.dataset.verdict = n.scheduling.scheduled ? 'scheduled' : n.scheduling.preemption?.victims.length ? 'preempting' : 'pending';
    tr.append(outcome, el('td', '', n.reasons[0]?.message ?? schedulerText(n.scheduling)), el('td', 'decided', decidedBy(n)));
    frag.append(tr);
  });
  body.replaceChildren(frag);
}

$('table').addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-index]');
  if (tr) selectNode(Number(tr.dataset.index));
});
$('table').addEventListener('keydown', (e) => {
  const tr = e.target.closest('tr[data-index]');
  if (tr && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    selectNode(Number(tr.dataset.index));
  }
});

// ---- the Pod the controller creates ---------------------------------------------------------

function selectNode(i) {
  state.selected = i;
  for (const tr of $('table').querySelectorAll('tr.selected')) tr.classList.remove('selected');
  $('table').querySelector(`tr[data-index="${i}"]`)?.classList.add('selected');
  state.podId += 1;
  state.podNode = state.cluster.names[i];
  worker.postMessage({ type: 'pod', id: state.podId, index: i });
}

function showPod(pod) {
  const card = $('pod-card');
  card.hidden = false;
  if (pod) {
    $('pod-title').textContent = `The Pod the controller creates on ${state.podNode}`;
    $('pod').textContent = toYaml(pod);
    $('copy-pod').hidden = false;
  } else {
    $('pod-title').textContent = `No daemon pod is created on ${state.podNode}`;
    $('pod').textContent = 'See the reasons in the table.';
    $('copy-pod').hidden = true;
  }
}

// The node's resources as bars (what its pods request of its allocatable, and the daemon's
// share on top) and the pods the scheduler would evict.
function showScheduling(s) {
  document.getElementById('scheduling')?.remove();
  if (!s) return;
  const box = el('div');
  box.id = 'scheduling';
  box.append(el('p', '', `Scheduler: ${schedulerText(s)}`));
  if (!s.scheduled) box.append(el('p', 'note', s.message));
  for (const r of s.resources) {
    const row = el('div');
    const bar = el('meter');
    const [used, total, own] = [amount(r.requested), amount(r.allocatable), amount(r.daemon)];
    bar.max = Math.max(total, used + own, 1);
    bar.high = total;
    bar.value = used + own;
    bar.setAttribute('aria-label', `${r.name}: ${r.requested} requested of ${r.allocatable}, daemon ${r.daemon}`);
    row.append(el('span', '', `${r.name} `), bar, el('span', 'note', ` ${r.requested} + ${r.daemon} of ${r.allocatable}`));
    row.dataset.resource = r.name;
    box.append(row);
  }
  const victims = s.preemption?.victims ?? [];
  if (victims.length) {
    const list = el('ul');
    list.className = 'victims';
    for (const v of victims) list.append(el('li', '', v));
    box.append(el('p', '', 'Would evict, in this order:'), list);
  }
  $('pod-card').append(box);
}

// A quantity as a number, for bars only ("1500m" → 1.5, "16Gi" → 17179869184).
function amount(q) {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return 0;
  const units = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (units[m[2]] ?? 1);
}

$('copy-pod').addEventListener('click', () => copy($('pod').textContent, $('copy-pod')));

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    flash(button, 'Copied');
  } catch {
    flash(button, 'Select and copy');
  }
}

function flash(button, text) {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = before), 1200);
}

// ---- examples, permalink, theme -------------------------------------------------------------

async function fetchText(path) {
  return (await fetch(path)).text();
}

$('example').addEventListener('change', async (e) => {
  const example = EXAMPLES[e.target.value];
  e.target.value = '';
  if (!example) return;
  if (example.ds) {
    dsEditor.value = await fetchText(example.ds);
    requestPlan();
  }
  if (example.nodes) {
    state.bigFile = null;
    nodesEditor.textarea.placeholder = '';
    nodesEditor.value = await fetchText(example.nodes);
    loadNodesText(nodesEditor.value);
  }
  saveSoon();
});

async function saveToUrl() {
  const nodes = state.bigFile ? null : nodesEditor.value;
  const hash = await permalink.encode({ ds: dsEditor.value, nodes });
  history.replaceState(null, '', hash);
  return hash;
}

$('copy-link').addEventListener('click', async () => {
  await saveToUrl();
  copy(location.href, $('copy-link'));
});

const THEMES = ['system', 'light', 'dark'];
function applyTheme(theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $('theme').textContent = `Theme: ${theme}`;
  $('theme').setAttribute('aria-label', `Theme: ${theme}`);
}
let theme = localStorage.getItem('theme') ?? 'system';
applyTheme(theme);
$('theme').addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  localStorage.setItem('theme', theme);
  applyTheme(theme);
});

// ---- start ----------------------------------------------------------------------------------

async function start() {
  const saved = await permalink.decode(location.hash);
  dsEditor.value = saved?.ds ?? (await fetchText(EXAMPLES.fluentd.ds));
  nodesEditor.value = saved?.nodes ?? (await fetchText(EXAMPLES.cluster.nodes));
  loadNodesText(nodesEditor.value);
}

start();
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
