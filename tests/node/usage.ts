// Compiled with `tsc --noEmit --strict` by types.test.mjs: the declarations must describe the
// real shapes well enough for strict code to use them without casts.
import { plan, validate, version } from 'daemonset-planner';
import type { Plan, NodePlacement, Reason, Validation, ValidationError, PlannerError } from 'daemonset-planner';

const p: Plan = plan('kind: DaemonSet', new Uint8Array(), { name: 'x', pods: true, featureGates: { TaintTolerationComparisonOperators: false } });
const first: NodePlacement | undefined = p.nodes[0];
const why: Reason[] = first ? first.reasons : [];
const words: string[] = why.map((r) => `${r.code}: ${r.message} (${r.detail}) ${r.taint?.effect ?? ''}`);
const outcome: 'run' | 'keepRunning' | 'evict' | 'exclude' | undefined = first?.outcome;
const budget: number = p.rollout.maxUnavailable + p.rollout.maxSurge + p.summary.desiredNumberScheduled;
const tolerations = first?.pod?.spec.tolerations.map((t) => t.key) ?? [];

const v: Validation = validate({ kind: 'DaemonSet' }, { oldDaemonSet: [{}] });
const lines: (number | undefined)[] = v.errors.map((e: ValidationError) => e.line);
const status: number | undefined = v.status?.code;
const k8s: string = version().kubernetes;

function isPlannerError(e: unknown): e is PlannerError {
  return e instanceof Error && 'code' in e;
}
try {
  plan('', '');
} catch (e) {
  if (isPlannerError(e)) console.log(e.code, e.line, e.column);
}
console.log(words, outcome, budget, tolerations, lines, status, k8s);

// The Cluster handle and its plan view.
import { Cluster, ClusterLoader } from 'daemonset-planner';
const cluster = new Cluster('items: []');
const view = cluster.planView('kind: DaemonSet', { pods: false });
const codes: Uint8Array = view.outcomes();
const firstNode: NodePlacement | undefined = view.node(0);
const message: string = view.summary.message;
const loader = new ClusterLoader();
loader.push(new Uint8Array());
loader.push('items: []');
const loaded: Cluster = loader.finish();
console.log(codes.length, firstNode?.name, message, loaded.size, cluster.nodeNames().length, loader.nodes + loader.bytes);

// Isomorphic code: the Node entry's default export is a no-op init(); closed unions narrow.
import init, { initSync } from 'daemonset-planner';
import type { ErrorCode, ReasonCode, TaintEffect } from 'daemonset-planner';
void init().then(() => initSync());
const reasonCodes: ReasonCode[] = why.map((r) => r.code);
const effects: (TaintEffect | undefined)[] = why.map((r) => r.taint?.effect);
const settingsBroken: ErrorCode = 'INVALID_SETTINGS';
console.log(reasonCodes, effects, settingsBroken);
