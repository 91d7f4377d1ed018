// The playground: two editors, and what Kubernetes would do with them, live as you type.
// The planner runs in worker.js; this file wires inputs, options and the worker's answers to
// the rendering in results.js. Bundled by esbuild into www/app.js (`make build`).
import { Editor } from './editor.js';
import { results, el } from './results.js';
import * as permalink from './permalink.js';
import { showScheduling } from './scheduling.js';
import { fleetView } from './fleet.js';
import { picker, ALL } from './picker.js';
import { whatIf } from './whatif.js';

const $ = (id) => document.getElementById(id);
const EXAMPLES = {
  fluentd: { ds: 'examples/fluentd-elasticsearch.yaml' },
  gpu: { ds: 'examples/nvidia-device-plugin.yaml' },
  windows: { ds: 'examples/windows-kube-proxy.yaml' },
  cluster: { nodes: 'examples/sample-cluster.yaml' },
  invalid: { ds: 'examples/invalid-daemonset.yaml' },
  typo: { ds: 'examples/typo-field.yaml' },
  mismatch: { ds: 'examples/selector-no-match.yaml' },
  'windows-on-linux': { ds: 'examples/windows-kube-proxy.yaml', nodes: 'examples/linux-cluster.yaml' },
};
const BIG_FILE = 2 << 20; // larger node files are read by the worker, not shown in the editor
const LINK_LIMIT = 8000; // characters: chat tools and some browsers cut longer links
const LINK_NODES_MAX = 256 << 10; // a longer node list is left out of the link (and said so)
const DEFAULT_SETTINGS = '# Policy settings (see the README): try forbidTolerateAll: true\nvalidation: true\nforbidTolerateAll: false\n';

const state = { cluster: null, plan: null, planId: 0, rowsId: 0, podId: 0, searchId: 0, reviewId: 0, groupKey: null, groups: null, groupFilter: null, selected: null, bigFile: null, searchHit: null, sort: null, reasonOf: null, pick: '' };

// ---- the worker, and a failed start ----------------------------------------------------------

let worker;
function fatal(detail) {
  const box = $('summary');
  box.classList.add('fatal');
  box.replaceChildren(
    el('strong', '', 'The planner could not start: its WebAssembly module did not load.'),
    el('div', 'sub', detail),
    el('div', 'sub', 'Check that pkg/daemonset_planner_bg.wasm is deployed beside index.html and served as application/wasm, and use a current browser (WebAssembly and module workers are needed). Without a browser: npx daemonset-planner plan ds.yaml nodes.yaml'),
  );
}
try {
  worker = new Worker('worker.js', { type: 'module' });
  worker.onerror = (e) => fatal(e.message || 'The worker script failed to load.');
} catch (e) {
  fatal(String(e.message ?? e));
}
const post = (msg) => worker?.postMessage(msg);

// ---- inputs -----------------------------------------------------------------------------------

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

const dsEditor = new Editor($('ds-editor'), { label: 'DaemonSet', onChange: () => { planSoon(); saveSoon(); } });
const nodesEditor = new Editor($('nodes-editor'), {
  label: 'Nodes',
  onChange: () => {
    state.bigFile = null;
    nodesEditor.note = '';
    loadNodesSoon();
    saveSoon();
  },
});
const settingsEditor = new Editor($('settings-editor'), { label: 'Policy settings', onChange: () => reviewSoon() });
const { fillPicker, pickFromMatrix, applySuggestion } = picker(state, { dsEditor, requestPlan, notice });
const view = results(state, post, { dsEditor, onApply: applySuggestion });
const fleet = fleetView(state, post, { groupOf: (i) => view.groupOf(i), onPick: pickFromMatrix, onApply: applySuggestion });

const compare = whatIf({ post, inputs: () => ({ ds: dsEditor.value, nodes: state.bigFile ? null : nodesEditor.value }), options: () => planOptions() });

const planSoon = debounce(requestPlan, 120);
const loadNodesSoon = debounce(() => loadNodesText(nodesEditor.value), 250);
const saveSoon = debounce(saveToUrl, 600);
const reviewSoon = debounce(requestReview, 200);

function loadNodesText(text) {
  setStatus('Reading nodes…');
  post({ type: 'nodes', text });
}

function loadNodesFile(file) {
  state.bigFile = { name: file.name, size: file.size };
  nodesEditor.value = '';
  nodesEditor.note = `${file.name} (${mb(file.size)} MB) is read from the file, not shown here. Type or paste here to use a node list of your own instead.`;
  setStatus(`Reading ${file.name}…`, 0);
  post({ type: 'nodesFile', file });
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
    nodesEditor.note = '';
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

// ---- options: release, feature gates, which DaemonSet ----------------------------------------

function planOptions() {
  const options = {};
  if ($('release').value) options.kubernetesVersion = $('release').value;
  if ($('gate-comparison').checked) options.featureGates = { TaintTolerationComparisonOperators: true };
  if (state.pick && state.pick !== ALL) options.name = state.pick;
  return options;
}

for (const id of ['release', 'gate-comparison']) $(id).addEventListener('change', () => requestPlan());
$('ds-pick').addEventListener('change', (e) => {
  state.pick = e.target.value;
  requestPlan();
});

function requestPlan() {
  state.planId += 1;
  if (state.pick === ALL) {
    // planAll takes longer than one DaemonSet's plan (about 1 s for 4 DaemonSets on 10,000
    // nodes): while one runs, edits wait, and only the newest is sent after it.
    if (state.allBusy) {
      state.allQueued = true;
      return requestReview();
    }
    state.allBusy = true;
  }
  post({ type: state.pick === ALL ? 'planAll' : 'plan', id: state.planId, ds: dsEditor.value, options: planOptions() });
  requestReview();
  compare.request();
}

function requestReview() {
  state.reviewId += 1;
  post({ type: 'review', id: state.reviewId, ds: dsEditor.value, settings: settingsEditor.value, options: planOptions() });
}

// ---- the worker's answers ---------------------------------------------------------------------

if (worker) {
  worker.onmessage = ({ data }) => {
    if (data.all) {
      state.allBusy = false;
      if (state.allQueued) {
        state.allQueued = false;
        return requestPlan();
      }
    }
    handlers[data.type]?.(data);
  };
}

// The footer names the release whose answer is shown.
function showVersion(kubernetes) {
  $('version').textContent = `Version ${state.packageVersion}; answers as Kubernetes ${kubernetes}.`;
}

const handlers = {
  whatif(msg) {
    compare.answer(msg);
  },
  ready({ version }) {
    state.packageVersion = version.package;
    showVersion(version.kubernetes);
  },
  fatal({ error }) {
    fatal(error.message);
  },
  progress({ bytes, total, nodes }) {
    setStatus(`Reading ${state.bigFile?.name ?? 'nodes'}: ${mb(bytes)} of ${mb(total)} MB, ${nodes.toLocaleString('en')} nodes`, total ? bytes / total : 0);
  },
  nodes(msg) {
    state.cluster = msg;
    state.groups = null;
    state.fleetSelected = null;
    state.searchHit = null;
    nodesEditor.setDiagnostics([]);
    const source = state.bigFile ? ` from ${state.bigFile.name} (${mb(state.bigFile.size)} MB)` : '';
    if (msg.size === 0) {
      state.cluster = null;
      post({ type: 'clearNodes' });
      nodesError('The node list holds no Node: paste what kubectl get nodes -o yaml prints.');
    } else setStatus(`${msg.size.toLocaleString('en')} node${msg.size === 1 ? '' : 's'}${source}`);
    if (state.cluster) view.fillGroupBy(msg.labelKeys);
    requestPlan();
    runSearch();
  },
  nodesError({ error }) {
    state.cluster = null;
    post({ type: 'clearNodes' });
    if (error.line && !state.bigFile) nodesEditor.setDiagnostics([{ line: error.line, column: error.column, message: error.message }]);
    nodesError(`The node list cannot be read: ${error.message}${error.line ? ` (line ${error.line})` : ''}`);
    requestPlan();
  },
  plan(msg) {
    if (msg.kubernetes) showVersion(msg.kubernetes);
    if (msg.id !== state.planId) return;
    state.plan = msg;
    state.reasonOf = null;
    state.fleet = null;
    fillPicker(msg.daemonSets);
    if (state.pick === ALL) return requestPlan();
    fleet.show(false);
    view.markStale(null);
    view.renderSummary();
    view.renderProblems(msg.validation);
    view.requestGroups();
    view.renderMap();
    view.renderTable();
    post({ type: 'reasons', id: msg.id });
    // An open node detail follows the plan (an applied suggestion shows its effect there).
    if (!$('pod-card').hidden && state.selected !== null && state.selected < msg.outcomes.length) view.selectNode(state.selected);
  },
  fleet(msg) {
    if (msg.kubernetes) showVersion(msg.kubernetes);
    if (msg.id !== state.planId) return;
    fillPicker(msg.daemonSets);
    if (state.pick !== ALL) return requestPlan();
    state.fleet = msg;
    view.markStale(null);
    const validation = { valid: msg.plans.every((p) => p.validation.valid), errors: [], warnings: [] };
    for (const p of msg.plans) {
      const who = `${p.daemonSet.namespace}/${p.daemonSet.name}: `;
      validation.errors.push(...p.validation.errors.map((e) => ({ ...e, message: who + e.message })));
      validation.warnings.push(...p.validation.warnings.map((w) => ({ ...w, message: who + w.message })));
    }
    view.renderProblems(validation);
    fleet.show(true);
    fleet.render();
    if (state.fleetSelected !== null && state.fleetSelected !== undefined) fleet.selectNode(state.fleetSelected);
  },
  fleetNode(msg) {
    if (msg.id === state.fleetNodeId) fleet.showNode(msg.node);
  },
  validation(msg) {
    // No usable node list: the DaemonSet is still validated.
    if (msg.id !== state.planId) return;
    fillPicker(msg.daemonSets);
    if (!msg.all) fleet.show(false);
    view.renderProblems(msg.validation);
    view.markStale($('nodes-status').textContent || 'There is no node list.');
    if (!state.plan) view.summaryText('No node list to plan on: the DaemonSet is validated below.');
  },
  planError(msg) {
    if (msg.id !== state.planId) return;
    fillPicker(msg.daemonSets);
    if (!msg.all) fleet.show(false);
    view.renderProblems(msg.validation);
    view.markStale(`The DaemonSet cannot be planned: ${msg.error.message}${msg.error.line ? ` (line ${msg.error.line})` : ''}.`);
    if (!state.plan) view.summaryText(`The DaemonSet cannot be planned: ${msg.error.message}`);
  },
  reasons(msg) {
    if (msg.id !== state.planId) return;
    state.reasonOf = msg.reasons;
    if ($('group-by').value === '\u0000reason') view.renderMap();
    if (state.sort?.key === 'why' || $('group-by').value === '\u0000reason') view.renderTable();
  },
  rows(msg) {
    if (msg.id === state.rowsId) view.fillRows(msg.rows);
  },
  groups(msg) {
    if (msg.key !== state.groupKey) return;
    state.groups = msg.values;
    view.renderMap();
    if (state.fleet) fleet.render();
    if (state.groupFilter !== null) view.renderTable();
  },
  search(msg) {
    if (msg.id !== state.searchId) return;
    state.searchHit = msg.hit;
    view.renderTable();
  },
  pod(msg) {
    if (msg.id !== state.podId) return;
    view.showPod(msg.pod, msg.suggestions, msg.nodeChange);
    showScheduling($('pod-card'), msg.scheduling);
  },
  export(msg) {
    download(msg.rows, exportFormat);
  },
  review(msg) {
    if (msg.id !== state.reviewId) return;
    const out = $('policy-answer');
    out.className = 'policy-answer';
    if (msg.error) {
      out.classList.add('denied');
      out.textContent = `The settings are broken: ${msg.error.message}${msg.error.line ? ` (line ${msg.error.line})` : ''}`;
      return;
    }
    const r = msg.answer.response;
    out.classList.add(r.allowed ? 'allowed' : 'denied');
    const lines = [r.allowed ? 'Allowed.' : `Denied (${r.status?.code ?? ''} ${r.status?.reason ?? ''}): ${r.status?.message ?? ''}`];
    for (const w of r.warnings ?? []) lines.push(`Warning: ${w}`);
    out.textContent = lines.join('\n');
  },
  error({ error }) {
    console.warn('planner:', error.message);
  },
};

function nodesError(text) {
  const s = $('nodes-status');
  s.classList.add('error');
  s.textContent = text;
}

// ---- search, export ---------------------------------------------------------------------------

function runSearch() {
  const q = $('search').value.trim();
  state.searchId += 1;
  if (!q || !state.cluster) {
    state.searchHit = null;
    return view.renderTable();
  }
  post({ type: 'search', id: state.searchId, q, labelKeys: state.cluster.labelKeys.map(([k]) => k) });
}
$('search').addEventListener('input', debounce(runSearch, 150));
for (const box of document.querySelectorAll('.filters input[type=checkbox]')) box.addEventListener('change', () => view.renderTable());

let exportFormat = 'csv';
for (const [id, format] of [['export-csv', 'csv'], ['export-json', 'json']]) {
  $(id).addEventListener('click', () => {
    if (!state.plan) return;
    exportFormat = format;
    post({ type: 'export', id: 0, indices: state.visible ?? [] });
  });
}

const csvCell = (s) => (/[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${(/^[=+\-@\t]/.test(s) ? "'" : '') + s.replace(/"/g, '""')}"` : s);

function download(rows, format) {
  const nodes = rows.filter(Boolean);
  const text = format === 'json'
    ? JSON.stringify(nodes, null, 2) + '\n'
    : ['node,outcome,reason,decided by', ...nodes.map((n) => [n.name, n.outcome, n.reasons[0]?.message ?? '', n.reasons.map((r) => r.detail).join('; ')].map(csvCell).join(','))].join('\n') + '\n';
  const a = el('a');
  a.href = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' }));
  a.download = `${state.plan?.daemonSet?.name ?? 'plan'}-nodes.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---- examples (undoable), permalink, theme ----------------------------------------------------

async function fetchText(path) {
  return (await fetch(path)).text();
}

function notice(text, undo) {
  $('notice').hidden = false;
  $('notice-text').textContent = text;
  const b = $('notice-undo');
  b.hidden = !undo;
  b.onclick = () => {
    undo();
    $('notice').hidden = true;
  };
}

$('example').addEventListener('change', async (e) => {
  const key = e.target.value;
  const example = EXAMPLES[key];
  const label = e.target.selectedOptions[0]?.textContent ?? key;
  e.target.value = '';
  if (!example) return;
  const before = { ds: dsEditor.value, nodes: nodesEditor.value, bigFile: state.bigFile };
  if (example.ds) {
    dsEditor.value = await fetchText(example.ds);
    requestPlan();
  }
  if (example.nodes) {
    state.bigFile = null;
    nodesEditor.note = '';
    nodesEditor.value = await fetchText(example.nodes);
    loadNodesText(nodesEditor.value);
  }
  saveSoon();
  notice(`Loaded the example "${label}".`, before.bigFile ? null : () => {
    if (example.ds) dsEditor.value = before.ds;
    if (example.nodes) {
      nodesEditor.value = before.nodes;
      loadNodesText(before.nodes);
    }
    requestPlan();
    saveSoon();
  });
});

/** What the link cannot carry: a node list read from a file, or one too large for a URL. */
function nodesLeftOut(text) {
  if (state.bigFile) return state.bigFile.name;
  return text.length > LINK_NODES_MAX ? `the node list pasted here (${mb(text.length)} MB)` : null;
}

async function saveToUrl() {
  const text = state.bigFile ? '' : nodesEditor.value;
  const leftOut = nodesLeftOut(text);
  const hash = await permalink.encode({ ds: dsEditor.value, nodes: leftOut ? null : text, nodesLeftOut: leftOut ?? undefined });
  history.replaceState(null, '', hash);
  return { hash, leftOut };
}

$('copy-link').addEventListener('click', async () => {
  const { leftOut } = await saveToUrl();
  const size = location.href.length;
  const parts = [];
  if (size > LINK_LIMIT) parts.push(`This link is ${Math.ceil(size / 1000)} KB: chat tools and some browsers cut links over ${LINK_LIMIT / 1000} KB. Share the files instead.`);
  if (leftOut) parts.push(`The link leaves out ${leftOut} (too large for a link): whoever opens it must open or paste that node list too.`);
  if (parts.length) notice(parts.join(' '));
  copy(location.href, $('copy-link'));
});

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
$('copy-pod').addEventListener('click', () => copy($('pod').textContent, $('copy-pod')));

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

// ---- start ------------------------------------------------------------------------------------

async function start() {
  const saved = await permalink.decode(location.hash);
  settingsEditor.value = DEFAULT_SETTINGS;
  dsEditor.value = saved?.ds ?? (await fetchText(EXAMPLES.fluentd.ds));
  if (saved && saved.nodes == null && saved.nodesLeftOut) {
    // The link was made with a node list it could not carry: say so rather than substitute the sample.
    nodesEditor.note = `This link was made with ${saved.nodesLeftOut}, which a link cannot carry: open or paste it here.`;
    nodesError(`Open or paste ${saved.nodesLeftOut} to plan on the nodes this link was made with.`);
    requestPlan();
    return;
  }
  nodesEditor.value = saved?.nodes ?? (await fetchText(EXAMPLES.cluster.nodes));
  loadNodesText(nodesEditor.value);
}

start();
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
