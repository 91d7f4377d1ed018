// The planner runs here, off the page's thread: a 100 MB node list is read in chunks without
// freezing the page, and each edit of the DaemonSet re-plans against nodes loaded once.
import init, { Cluster, ClusterLoader, validate, review, validateSettings, version, listDaemonSets, diff, sync } from './pkg/daemonset_planner.js';

const errorOf = (e) => ({ message: String(e?.message ?? e), code: e?.code ?? 'ERROR', line: e?.line, column: e?.column });

// A failed load (blocked or missing .wasm, an old browser) is reported, not waited on forever.
const ready = init().then(
  () => {
    postMessage({ type: 'ready', version: version() });
    return true;
  },
  (e) => {
    postMessage({ type: 'fatal', error: errorOf(e) });
    return false;
  },
);
let cluster = null;
let nodesText = null;
let view = null;
let podView = null;
let taints = null; // each node's taints as kubectl prints them, read on the first search
let last = { ds: null, options: {} };
let latestWhatif = 0;

function loaded(c, text) {
  cluster?.free();
  cluster = c;
  taints = null;
  nodesText = text;
  view = null;
  podView = null;
  postMessage({ type: 'nodes', size: c.size, names: c.nodeNames(), labelKeys: c.labelKeys() });
}

async function loadFile(file) {
  const loader = new ClusterLoader();
  const reader = file.stream().getReader();
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loader.push(value);
    if (loader.bytes - reported > 4 << 20 || loader.bytes === file.size) {
      reported = loader.bytes;
      postMessage({ type: 'progress', bytes: loader.bytes, total: file.size, nodes: loader.nodes });
    }
  }
  return loader.finish();
}

// The DaemonSets of the text, for the picker: `namespace/name` and the line each starts on.
// Text that cannot be read has none to pick from (plan or validate says what is wrong).
function daemonSetNames(text) {
  try {
    return listDaemonSets(text).map((e) => ({ key: `${e.namespace}/${e.name}`, namespace: e.namespace, name: e.name, line: e.line }));
  } catch (e) {
    // A restarted planner is the request's answer; anything else is the plan's to report.
    if (e?.code === 'INTERNAL' || e?.code === 'FREED') throw e;
    return [];
  }
}

const OUTCOME_CODES = { run: 0, keepRunning: 1, evict: 2, exclude: 3 };
let fleet = null; // the last planAll answer, for the node detail
let fleetViews = new Map(); // namespace/name -> a PlanView with suggestions, made on demand

// After an internal error the package restarts the planner (its guard): handles made before
// throw FREED. The nodes are read again from their text; a file must be chosen again.
function restarted(e) {
  if (e?.code !== 'INTERNAL' && e?.code !== 'FREED') return;
  view = null;
  podView = null;
  cluster = null;
  taints = null;
  fleet = null;
  fleetViews = new Map();
  try {
    if (nodesText !== null) cluster = new Cluster(nodesText);
  } catch {
    /* reported below, as lost nodes */
  }
  if (!cluster && nodesText === null) return;
  if (!cluster) {
    nodesText = null;
    postMessage({ type: 'nodesError', error: { message: 'The planner restarted after an internal error; load the nodes again.', code: e.code } });
  }
}

function matches(i, q) {
  const n = view.node(i);
  if (!n) return false;
  if (n.name.toLowerCase().includes(q)) return true;
  return n.reasons.some((r) => `${r.message} ${r.detail}`.toLowerCase().includes(q));
}

const handlers = {
  async nodes({ text }) {
    loaded(new Cluster(text), text);
  },
  async nodesFile({ file }) {
    loaded(await loadFile(file), null);
  },
  async clearNodes() {
    cluster?.free();
    cluster = null;
    taints = null;
    view = null;
    fleet = null;
  },
  async plan({ id, ds, options }) {
    last = { ds, options };
    podView?.free();
    podView = null;
    let names = [];
    try {
      names = daemonSetNames(ds);
      if (!cluster) {
        // Validation does not depend on the nodes.
        postMessage({ type: 'validation', id, validation: validate(ds, options), daemonSets: names });
        return;
      }
      view = cluster.planView(ds, options);
      postMessage({ type: 'plan', id, kubernetes: version(options).kubernetes, daemonSet: view.daemonSet, summary: view.summary, rollout: view.rollout, validation: view.validation, outcomes: view.outcomes(), verdicts: view.schedulerVerdicts(), daemonSets: names });
    } catch (e) {
      view = null;
      restarted(e);
      // Unusable input: validate() says what and where, as data.
      let validation = { valid: false, errors: [], warnings: [] };
      try {
        validation = validate(ds, options);
      } catch (v) {
        restarted(v);
      }
      postMessage({ type: 'planError', id, error: errorOf(e), validation, daemonSets: names });
    }
  },
  async planAll({ id, ds, options }) {
    last = { ds, options };
    for (const v of fleetViews.values()) v.free();
    fleetViews = new Map();
    fleet = null;
    const names = daemonSetNames(ds);
    // Every answer says `all`: the page sends the next planAll only once this one is answered.
    if (!cluster) {
      postMessage({ type: 'validation', id, all: true, validation: validate(ds, { ...options, name: names[0]?.key }), daemonSets: names });
      return;
    }
    try {
      fleet = cluster.planAll(ds, options);
    } catch (e) {
      postMessage({ type: 'planError', id, all: true, error: errorOf(e), validation: validate(ds, { ...options, name: names[0]?.key }), daemonSets: names });
      return;
    }
    // The matrix needs each DaemonSet's outcome (and whether its pod stays Pending) per node.
    const plans = fleet.plans.map((p) => ({
      daemonSet: p.daemonSet,
      summary: p.summary,
      validation: p.validation,
      outcomes: Uint8Array.from(p.nodes, (n) => OUTCOME_CODES[n.outcome]),
      pending: Uint8Array.from(p.nodes, (n) => (n.scheduling && !n.scheduling.scheduled ? 1 : 0)),
    }));
    postMessage({
      type: 'fleet',
      id,
      all: true,
      kubernetes: version(options).kubernetes,
      daemonSets: names,
      plans,
      findings: fleet.findings,
      overhead: fleet.nodes.map((n) => n.overhead),
    });
  },
  async fleetNode({ id, index }) {
    // One node across every DaemonSet: outcome, reasons, and for those it misses what would place them.
    if (!fleet) return postMessage({ type: 'fleetNode', id, node: null });
    const node = fleet.nodes[index];
    const daemonSets = fleet.plans.map((p) => {
      const key = `${p.daemonSet.namespace}/${p.daemonSet.name}`;
      const n = p.nodes[index];
      let suggestions = [];
      if (n.outcome !== 'run') {
        if (!fleetViews.has(key)) fleetViews.set(key, cluster.planView(last.ds, { ...last.options, name: key, suggestions: true }));
        suggestions = fleetViews.get(key).node(index)?.suggestions ?? [];
      }
      return { key, outcome: n.outcome, reasons: n.reasons, scheduling: n.scheduling ?? null, suggestions };
    });
    postMessage({ type: 'fleetNode', id, index, node: { name: node.name, overhead: node.overhead, daemonSets } });
  },
  async rows({ id, indices }) {
    postMessage({ type: 'rows', id, rows: view ? indices.map((i) => view.node(i)) : [] });
  },
  async reasons({ id }) {
    // Each node's first reason (the scheduler's words), or "runs": for grouping and sorting.
    const out = [];
    if (view) for (let i = 0; i < view.length; i++) out.push(view.node(i)?.reasons[0]?.message ?? 'runs');
    postMessage({ type: 'reasons', id, reasons: out });
  },
  async export({ id, indices }) {
    postMessage({ type: 'export', id, rows: view ? indices.map((i) => view.node(i)) : [] });
  },
  async search({ id, q, labelKeys }) {
    // Names, reasons, label keys and values (key=value) and taints (key=value:Effect) match.
    const query = q.toLowerCase();
    const hit = new Uint8Array(cluster ? cluster.size : 0);
    for (const key of labelKeys ?? []) {
      const values = cluster.labelValues(key);
      const keyHit = key.toLowerCase().includes(query);
      values.forEach((v, i) => {
        if (v !== null && (keyHit || `${key}=${v}`.toLowerCase().includes(query))) hit[i] = 1;
      });
    }
    taints ??= cluster ? cluster.taints() : [];
    taints.forEach((ts, i) => {
      if (ts.some((t) => t.toLowerCase().includes(query))) hit[i] = 1;
    });
    if (view) for (let i = 0; i < hit.length; i++) if (!hit[i] && matches(i, query)) hit[i] = 1;
    postMessage({ type: 'search', id, hit });
  },
  async pod({ id, index }) {
    podView ??= cluster.planView(last.ds, { ...last.options, pods: true, suggestions: true, nodeChanges: true });
    const node = podView.node(index);
    postMessage({ type: 'pod', id, pod: node?.pod ?? null, scheduling: node?.scheduling ?? null, suggestions: node?.suggestions ?? [], nodeChange: node?.nodeChange ?? null });
  },
  async groups({ id, key }) {
    postMessage({ type: 'groups', id, key, values: cluster ? cluster.labelValues(key) : [] });
  },
  // What-if against the pinned baseline: diff() with the baseline settled (a node list without
  // pods stands for the DaemonSet running as its controller leaves it); with pods, one sync.
  async whatif({ id, before, after, pods, options }) {
    // Only the newest of the requests that arrive while one is answered runs: a rollout over
    // thousands of nodes takes a while, and plans for the keystrokes go first.
    latestWhatif = id;
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (id !== latestWhatif) return;
    const now = new Date().toISOString();
    try {
      const d = diff({ daemonSet: before.ds, cluster: before.nodes }, { daemonSet: after.ds, cluster: after.nodes }, { ...options, now, settled: true });
      let current = null;
      if (pods) {
        const s = sync(after.ds, after.nodes, { ...options, now });
        current = { get: s.current.get, next: s.syncs[0] };
      }
      postMessage({ type: 'whatif', id, diff: d, current });
    } catch (e) {
      postMessage({ type: 'whatif', id, error: errorOf(e) });
    }
  },
  async review({ id, ds, settings, options }) {
    // review() answers broken settings under the failure policy; the pane says what is broken.
    const checked = validateSettings(settings);
    if (!checked.valid) {
      postMessage({ type: 'review', id, error: { message: checked.message, line: checked.line } });
      return;
    }
    try {
      const reviewOptions = { settings, ...options };
      if (nodesText) reviewOptions.nodes = nodesText;
      postMessage({ type: 'review', id, answer: review(admissionReview(ds), reviewOptions) });
    } catch (e) {
      postMessage({ type: 'review', id, error: errorOf(e) });
    }
  },
};

// The AdmissionReview the API server would send for a CREATE of this DaemonSet, as YAML (which
// review() reads as it reads JSON), with the DaemonSet's text indented under `object`.
function admissionReview(ds) {
  const object = ds.replace(/^---.*$/gm, '').split('\n').map((l) => '    ' + l).join('\n');
  return [
    'apiVersion: admission.k8s.io/v1',
    'kind: AdmissionReview',
    'request:',
    '  uid: playground',
    '  kind: {group: apps, version: v1, kind: DaemonSet}',
    '  resource: {group: apps, version: v1, resource: daemonsets}',
    '  operation: CREATE',
    '  object:',
    object,
    '',
  ].join('\n');
}

onmessage = async ({ data }) => {
  if (!(await ready) || !Object.hasOwn(handlers, data?.type)) return;
  try {
    await handlers[data.type](data);
  } catch (e) {
    restarted(e);
    postMessage({ type: data.type === 'nodes' || data.type === 'nodesFile' ? 'nodesError' : 'error', id: data.id, all: data.type === 'planAll', error: errorOf(e) });
  }
};
