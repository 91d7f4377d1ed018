// First page: plans the Kubernetes docs' fluentd-elasticsearch DaemonSet on the sample cluster.
import init, { plan } from './pkg/daemonset_planner.js';

const text = async (f) => (await fetch(f)).text();

await init();
const [ds, nodes] = await Promise.all([text('examples/fluentd-elasticsearch.yaml'), text('examples/sample-cluster.yaml')]);
const result = plan(ds, nodes);
document.getElementById('summary').textContent = result.summary.message;
const out = document.getElementById('out');
out.textContent = result.nodes.map((n) => `${n.name}\t${n.shouldRun ? 'runs' : 'no'}\t${n.reasons[0]?.message ?? ''}`).join('\n');
out.dataset.state = 'ok';
