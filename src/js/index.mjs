// ES module entry for Node.js: the CommonJS build re-exported, so `import` and `require`
// share one instance of the module. The default export is a no-op `init()`, so code written
// for browsers (`import init, { plan } from 'daemonset-planner'; await init();`) runs as is.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const planner = require('./index.cjs');

export const { plan, planAll, listDaemonSets, validate, review, validateSettings, version, Cluster, ClusterLoader, PlanView, initSync } = planner;
export default planner.default;
