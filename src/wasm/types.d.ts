/** YAML or JSON text (one or many documents, Lists), its UTF-8 bytes, or parsed objects. */
export type Input = string | Uint8Array | object | object[];

export interface FeatureGates {
  /** Toleration operators Lt/Gt (alpha in Kubernetes 1.35/1.36, off by default). */
  TaintTolerationComparisonOperators?: boolean;
}

export interface PlanOptions {
  /** Which DaemonSet, when the input holds several. */
  name?: string;
  /** Include `nodes[i].pod`, the Pod the controller would create there. */
  pods?: boolean;
  /** Include `nodes[i].suggestions` on the nodes the daemon misses. */
  suggestions?: boolean;
  featureGates?: FeatureGates;
}

export interface ValidateOptions {
  name?: string;
  /** Validate as an update of this stored object. */
  oldDaemonSet?: Input;
  featureGates?: FeatureGates;
}

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  /** Reasons name only the effects that keep pods off: NoSchedule and NoExecute. */
  effect: TaintEffect;
}

export type ReasonCode = "NodeNameMismatch" | "NodeSelectorMismatch" | "NodeAffinityMismatch" | "UntoleratedTaint";

export interface Reason {
  /** `NodeNameMismatch`, `NodeSelectorMismatch`, `NodeAffinityMismatch` or `UntoleratedTaint`. */
  code: ReasonCode;
  /** The scheduler's words, e.g. `node(s) had untolerated taint {dedicated: gpu}`. */
  message: string;
  /** What decided it and what the node has instead. */
  detail: string;
  taint?: Taint;
}

export type Outcome = "run" | "keepRunning" | "evict" | "exclude";

/** The Pod the DaemonSet controller creates on a node (without its controller-revision-hash label). */
export interface DaemonPod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: {
    generateName: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences: { apiVersion: string; kind: string; name: string; uid?: string; controller: boolean; blockOwnerDeletion: boolean }[];
  };
  spec: Record<string, unknown> & {
    tolerations: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
    affinity: Record<string, unknown>;
  };
}

export interface NodePlacement {
  name: string;
  /** A node without a daemon pod gets one. */
  shouldRun: boolean;
  /** A daemon pod already running there may stay. */
  shouldContinueRunning: boolean;
  outcome: Outcome;
  /** Why no new pod; empty when it runs. */
  reasons: Reason[];
  /** With `options.pods`, on nodes that run the daemon. */
  pod?: DaemonPod;
  /** With `options.suggestions`, on nodes the daemon misses: changes that would place it, best first. */
  suggestions?: Suggestion[];
}

/** A change to the DaemonSet that would place its pod, checked by planning again. */
export interface Suggestion {
  /** `add toleration {key: spot, operator: Equal, value: "true", effect: NoSchedule} → runs on 3 more nodes` */
  message: string;
  /** A JSON merge patch for the DaemonSet (JSON is YAML too): `kubectl patch daemonset NAME --type merge -p PATCH`. */
  patch: string;
  /** Nodes it would then run on in addition. */
  gains: number;
  /** What else the change lets in, said plainly. */
  widens: string;
}

/** A DaemonSet of an input. */
export interface DaemonSetEntry {
  /** `default` when the manifest names none, as `kubectl apply` sends it. */
  namespace: string;
  name: string;
  line?: number;
  /** Which input it came from, when several were given (0 for the first). */
  source: number;
}

export interface PlanAllOptions extends Omit<PlanOptions, "name"> {
  /** Families by name: `{ "log-agent": ["logging/fluentd", "fluent-bit"] }`. */
  families?: Record<string, string[]>;
  /** A label selector (`kubernetes.io/os=linux`): report the selected nodes each DaemonSet misses, and mark each node `selected`. */
  coverage?: string;
}

export type FindingCode = "Gap" | "Overlap" | "SelectorOverlap" | "HostPortClash" | "NotCovered";

export interface Finding {
  code: FindingCode;
  /** One line a person reads. */
  message: string;
  /** `namespace/name` of the DaemonSets involved. */
  daemonSets: string[];
  nodes: string[];
}

export interface PlanAll {
  /** Every DaemonSet of the input, in input order; `source` is the index of its input when several were given. */
  daemonSets: DaemonSetEntry[];
  /** Each DaemonSet's plan, in the same order. */
  plans: Plan[];
  /** Every node, in input order, with each DaemonSet's outcome there. */
  nodes: { name: string; daemonSets: { name: string; outcome: Outcome }[]; selected?: boolean }[];
  findings: Finding[];
}

export interface ValidationError {
  /** The API server's field path, e.g. `spec.template.spec.tolerations[0].operator`. */
  field: string;
  /** `StatusCause.reason`, e.g. `FieldValueInvalid`; an input error code when the text is unusable. */
  reason: string;
  /** The whole line the API server prints for this cause. */
  message: string;
  line?: number;
  column?: number;
}

export interface Warning {
  message: string;
  field?: string;
  line?: number;
}

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** The API server's 422 answer. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: "Invalid";
  details: { name: string; group: string; kind: string; causes: StatusCause[] };
  code: 422;
}

export interface Validation {
  valid: boolean;
  /** The DaemonSet validated, when the input could be read. */
  daemonSet?: { namespace: string; name: string };
  errors: ValidationError[];
  warnings: Warning[];
  status?: Status;
}

export interface Plan {
  daemonSet: { namespace: string; name: string };
  /** In input order. */
  nodes: NodePlacement[];
  summary: {
    nodes: number;
    desiredNumberScheduled: number;
    /** Reads like the scheduler's FailedScheduling event: `3/5 nodes are available: ...`. */
    message: string;
    outcomes: { run: number; keepRunning: number; evict: number; exclude: number };
  };
  rollout: { strategy: string; maxUnavailable: number; maxSurge: number; error?: string };
  /** The DaemonSet is planned even when invalid, as the controller would. */
  validation: Validation;
}

export interface Version {
  package: string;
  kubernetes: string;
}

/** Every code a thrown error carries. */
export type ErrorCode = "EMPTY_INPUT" | "INVALID_YAML" | "INVALID_JSON" | "TOO_DEEP" | "TOO_LARGE" | "NO_DAEMONSET" | "SEVERAL_DAEMONSETS" | "DAEMONSET_NOT_FOUND" | "UNSUPPORTED_API_VERSION" | "WRONG_KIND" | "WRONG_TYPE" | "INVALID_NODE" | "INVALID_OPTIONS" | "INVALID_SETTINGS";

/** The error `plan` (and `review`, for broken settings: INVALID_SETTINGS) throws for input it cannot use at all. */
export interface PlannerError extends Error {
  code: ErrorCode;
  line?: number;
  column?: number;
}

export interface ReviewOptions {
  /** Policy settings: YAML or JSON text, or an object (see the README's "Policy settings"). */
  settings?: Input;
  /** A node snapshot, for rules about where the DaemonSet runs (minCoverage, maxUnavailable). */
  nodes?: Input;
  featureGates?: FeatureGates;
}

export interface AdmissionStatus {
  kind?: "Status";
  apiVersion?: "v1";
  status?: "Failure";
  code: number;
  reason: string;
  message: string;
  details?: { name: string; group: string; kind: string; causes: { reason: string; message: string; field: string }[] };
}

/** The AdmissionReview `review` answers with. */
export interface AdmissionReview {
  apiVersion: string;
  kind: "AdmissionReview";
  response: {
    uid: string;
    allowed: boolean;
    status?: AdmissionStatus;
    warnings?: string[];
  };
}

export interface SettingsValidation {
  valid: boolean;
  message?: string;
  line?: number;
  column?: number;
}
