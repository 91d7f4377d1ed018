// The planner runs here, off the page's thread: a 100 MB node list is read in chunks without
// freezing the page, and each edit of the DaemonSet re-plans against nodes loaded once.
import init, { Cluster, ClusterLoader, validate, review, validateSettings, version } from './pkg/daemonset_planner.js';

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
let last = { ds: null, options: {} };

function loaded(c, text) {
  cluster?.free();
  cluster = c;
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

// The names of the DaemonSets in the text, for the picker: each document's kind and
// metadata.name, read line by line (block YAML) or from the parsed JSON.
function daemonSetNames(text) {
  const names = [];
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const v = JSON.parse(text);
      const items = Array.isArray(v) ? v : Array.isArray(v.items) ? v.items : [v];
      for (const o of items) if (o && o.kind === 'DaemonSet' && typeof o.metadata?.name === 'string') names.push(o.metadata.name);
    } catch {
      /* not JSON after all: nothing to pick from */
    }
    return names;
  }
  for (const doc of text.split(/^---.*$/m)) {
    if (!/^kind:\s*["']?DaemonSet["']?\s*$/m.test(doc)) continue;
    const m = /^metadata:\s*\n(?:(?:\s+.*|\s*)\n)*?\s+name:\s*["']?([^"'\s#]+)/m.exec(doc) ?? /^metadata:\s*\{[^}]*\bname:\s*["']?([^"',}\s]+)/m.exec(doc);
    if (m) names.push(m[1]);
  }
  return names;
}

// After an internal error the package restarts the planner (its guard): handles made before
// throw FREED. The nodes are read again from their text; a file must be chosen again.
function restarted(e) {
  if (e?.code !== 'INTERNAL' && e?.code !== 'FREED') return;
  view = null;
  podView = null;
  cluster = null;
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
    view = null;
  },
  async plan({ id, ds, options }) {
    last = { ds, options };
    podView = null;
    const names = daemonSetNames(ds);
    if (!cluster) {
      // Validation does not depend on the nodes.
      postMessage({ type: 'validation', id, validation: validate(ds, options), daemonSets: names });
      return;
    }
    try {
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
    // Names, reasons, and label keys and values (key=value) match.
    const query = q.toLowerCase();
    const hit = new Uint8Array(cluster ? cluster.size : 0);
    for (const key of labelKeys ?? []) {
      const values = cluster.labelValues(key);
      const keyHit = key.toLowerCase().includes(query);
      values.forEach((v, i) => {
        if (v !== null && (keyHit || `${key}=${v}`.toLowerCase().includes(query))) hit[i] = 1;
      });
    }
    if (view) for (let i = 0; i < hit.length; i++) if (!hit[i] && matches(i, query)) hit[i] = 1;
    postMessage({ type: 'search', id, hit });
  },
  async pod({ id, index }) {
    podView ??= cluster.planView(last.ds, { ...last.options, pods: true });
    const node = podView.node(index);
    postMessage({ type: 'pod', id, pod: node?.pod ?? null, scheduling: node?.scheduling ?? null });
  },
  async groups({ id, key }) {
    postMessage({ type: 'groups', id, key, values: cluster ? cluster.labelValues(key) : [] });
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
    postMessage({ type: data.type === 'nodes' || data.type === 'nodesFile' ? 'nodesError' : 'error', id: data.id, error: errorOf(e) });
  }
};
