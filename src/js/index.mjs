// ES module entry for Node.js: the CommonJS build re-exported, so `import` and `require`
// share one instance of the module.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const planner = require('./daemonset_planner.js');

export const { plan, planAll, listDaemonSets, validate, review, validateSettings, version, Cluster, ClusterLoader, PlanView } = planner;
export default planner;
