// The planner runs here, off the page's thread: a 100 MB node list is read in chunks without
// freezing the page, and each edit of the DaemonSet re-plans against nodes loaded once.
import init, { Cluster, ClusterLoader, validate, version } from './pkg/daemonset_planner.js';

const ready = init().then(() => postMessage({ type: 'ready', version: version() }));
let cluster = null;
let view = null;
let podView = null;
let lastDs = null;

const errorOf = (e) => ({ message: String(e.message ?? e), code: e.code ?? 'ERROR', line: e.line, column: e.column });

function loaded(c) {
  cluster = c;
  view = null;
  podView = null;
  postMessage({ type: 'nodes', size: c.size, names: c.nodeNames(), labelKeys: c.labelKeys() });
}

async function loadFile(file) {
  const loader = new ClusterLoader();
  const reader = file.stream().getReader();
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loader.push(value);
    if (loader.bytes - last > 4 << 20 || loader.bytes === file.size) {
      last = loader.bytes;
      postMessage({ type: 'progress', bytes: loader.bytes, total: file.size, nodes: loader.nodes });
    }
  }
  return loader.finish();
}

const handlers = {
  async nodes({ text }) {
    loaded(new Cluster(text));
  },
  async nodesFile({ file }) {
    loaded(await loadFile(file));
  },
  async plan({ id, ds, options }) {
    lastDs = ds;
    podView = null;
    if (!cluster) return;
    try {
      view = cluster.planView(ds, options);
      postMessage({ type: 'plan', id, daemonSet: view.daemonSet, summary: view.summary, rollout: view.rollout, validation: view.validation, outcomes: view.outcomes(), verdicts: view.schedulerVerdicts() });
    } catch (e) {
      view = null;
      // Unusable input: validate() says what and where, as data.
      postMessage({ type: 'planError', id, error: errorOf(e), validation: validate(ds) });
    }
  },
  async rows({ id, indices }) {
    postMessage({ type: 'rows', id, rows: view ? indices.map((i) => view.node(i)) : [] });
  },
  async pod({ id, index }) {
    podView ??= cluster.planView(lastDs, { pods: true });
    const node = podView.node(index);
    postMessage({ type: 'pod', id, pod: node?.pod ?? null, scheduling: node?.scheduling ?? null });
  },
  async groups({ id, key }) {
    postMessage({ type: 'groups', id, key, values: cluster ? cluster.labelValues(key) : [] });
  },
};

onmessage = async ({ data }) => {
  await ready;
  try {
    await handlers[data.type](data);
  } catch (e) {
    postMessage({ type: data.type === 'nodes' || data.type === 'nodesFile' ? 'nodesError' : 'error', id: data.id, error: errorOf(e) });
  }
};
