/** YAML or JSON text (one or many documents, Lists), its UTF-8 bytes, or parsed objects. */
export type Input = string | Uint8Array | object | object[];

/** The cluster: one input (Nodes, with Pods, PriorityClasses, PodDisruptionBudgets and
 *  ControllerRevisions mixed in), or several files (texts, bytes or objects). */
export type ClusterInput = Input | (string | Uint8Array | object)[];

/** A supported Kubernetes release (`"v1.36"` and `"1.36.2"` are read too). */
export type KubernetesVersion = "1.35" | "1.36" | "1.37";

export interface VersionOptions {
  /** Which release's answer to name (default: the newest supported). */
  kubernetesVersion?: KubernetesVersion;
}

/** What unknown and duplicate fields do: fail the request (kubectl's default), warn, or nothing. */
export type FieldValidation = "Strict" | "Warn" | "Ignore";

/** Feature gates; unset ones keep the selected release's default (see the README, "Fidelity"). */
export interface FeatureGates {
  /** Toleration operators Lt/Gt (alpha in Kubernetes 1.35-1.37, off by default). */
  TaintTolerationComparisonOperators?: boolean;
  StrictIPCIDRValidation?: boolean;
  ContainerRestartRules?: boolean;
  RestartAllContainersOnContainerExits?: boolean;
  NodeDeclaredFeatures?: boolean;
  SELinuxMount?: boolean;
  ClusterTrustBundleProjection?: boolean;
  PodCertificateRequest?: boolean;
  HostnameOverride?: boolean;
  ImageVolume?: boolean;
  ProcMountType?: boolean;
  UserNamespacesSupport?: boolean;
  PodLevelResources?: boolean;
  ContainerStopSignals?: boolean;
  InPlacePodLevelResourcesVerticalScaling?: boolean;
  GenericWorkload?: boolean;
  SidecarContainers?: boolean;
}

export interface PlanOptions {
  /** Which DaemonSet, when the input holds several. */
  name?: string;
  /** Include `nodes[i].pod`, the Pod the controller would create there. */
  pods?: boolean;
  /** Include `nodes[i].suggestions` on the nodes the daemon misses. */
  suggestions?: boolean;
  /** Include `nodes[i].nodeChange` on the nodes the daemon misses: the node-side fix. */
  nodeChanges?: boolean;
  featureGates?: FeatureGates;
  /** The release to answer as (default: the newest supported). */
  kubernetesVersion?: KubernetesVersion;
  /** For `validation` (default Strict). */
  fieldValidation?: FieldValidation;
}

export interface ValidateOptions {
  name?: string;
  /** Validate as an update of this stored object. */
  oldDaemonSet?: Input;
  featureGates?: FeatureGates;
  kubernetesVersion?: KubernetesVersion;
  /** Default Strict: an unknown or duplicate field fails as the API server fails it (400). */
  fieldValidation?: FieldValidation;
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
  /** The selected release's scheduler words, e.g. `node(s) had untolerated taint(s)` (the taint is in `detail` and `taint`). */
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
  /** The default scheduler's verdict, on nodes that run the daemon and state their allocatable. */
  scheduling?: NodeScheduling;
  /** With `options.suggestions`, on nodes the daemon misses: changes that would place it, best first. */
  suggestions?: Suggestion[];
  /** With `options.nodeChanges`, on nodes the daemon misses: the node's labels and taints to change instead. */
  nodeChange?: NodeChange;
}

/** A change to the node that would place the daemon there, checked by deciding again. */
export interface NodeChange {
  /** `label the node pool=gpu → runs there` */
  message: string;
  /** `kubectl label node gpu-1 pool=gpu --overwrite` (and `kubectl taint node … KEY:EFFECT-`). */
  command: string;
  /** Labels to set, or to remove (`null`). */
  labels: Record<string, string | null>;
  /** Taints to remove, as kubectl prints them (`key=value:Effect`). */
  removeTaints: string[];
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
  nodes: {
    name: string;
    daemonSets: { name: string; outcome: Outcome }[];
    /** Summed requests of the daemon pods that run there (`cpu: 1100m`, `memory: 192Mi`). */
    overhead: Record<string, string>;
    /** With `coverage`: whether the selector selects the node. */
    selected?: boolean;
  }[];
  findings: Finding[];
}

/** What kube-scheduler (default profile, DefaultPreemption) does with the daemon pod there. */
export interface NodeScheduling {
  /** The default scheduler would bind the created pod now. */
  scheduled: boolean;
  /** When not: the FailedScheduling event text, byte for byte. */
  message?: string;
  /** When not: `namespace/name` of the pods it would evict, in its order (`[]` when none). */
  preemption?: { victims: string[] };
  /** What the node holds now (cpu, memory, pods, and each resource the daemon asks for). */
  resources: { name: string; requested: string; allocatable: string; daemon: string }[];
  /** Summed requests of the DaemonSet pods already bound there. */
  daemonOverhead: Record<string, string>;
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

/** The API server's answer: 422 Invalid (with causes), 409 Conflict (an update whose
 * resourceVersion is not the stored one), 400 BadRequest (a body it cannot decode; no details). */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: "Invalid" | "Conflict" | "BadRequest";
  details?: { name: string; group: string; kind: string; causes?: StatusCause[] };
  code: 422 | 409 | 400;
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
    /** When the cluster states allocatable: targeted nodes that would run, stay Pending, preempt. */
    scheduling?: { scheduled: number; pending: number; preempting: number; victims: number; message: string };
  };
  rollout: { strategy: string; maxUnavailable: number; maxSurge: number; desiredNumberScheduled: number; error?: string };
  /** The DaemonSet is planned even when invalid, as the controller would. */
  validation: Validation;
}

export interface Version {
  package: string;
  kubernetes: string;
}

/** Every code a thrown error carries. */
export type ErrorCode = "EMPTY_INPUT" | "INVALID_YAML" | "INVALID_JSON" | "TOO_DEEP" | "TOO_LARGE" | "NO_DAEMONSET" | "SEVERAL_DAEMONSETS" | "DAEMONSET_NOT_FOUND" | "UNSUPPORTED_API_VERSION" | "WRONG_KIND" | "WRONG_TYPE" | "INVALID_NODE" | "INVALID_OPTIONS" | "INVALID_SETTINGS" | "INVALID_POD" | "INVALID_QUANTITY";

/** The error `plan` (and `review`, for broken settings: INVALID_SETTINGS) throws for input it cannot use at all. */
export interface PlannerError extends Error {
  code: ErrorCode;
  /** Which argument of `plan` the unusable input is: `daemonSet` or `nodes`. */
  argument?: "daemonSet" | "nodes";
  line?: number;
  column?: number;
}

export interface ReviewOptions {
  /** Policy settings: YAML or JSON text, or an object (see the README's "Policy settings"). */
  settings?: Input;
  /** A node snapshot, for rules about where the DaemonSet runs (minCoverage, maxUnavailable, maxPendingPercent). */
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


export interface SyncOptions {
  name?: string;
  /** How many times the controller's syncHandler runs (default 1). */
  steps?: number;
  /** RFC 3339; default the current time. */
  now?: string;
  /** What happens between two syncs. */
  between?: { createdPods?: "ready" | "running" | "pending" | "failed"; advanceSeconds?: number };
  /** The controller's release: it decides only controller-revision-hash (each release's Go
   *  structs hash differently). Default: 1.35's hash, the conformance release. */
  kubernetesVersion?: "1.35" | "1.36" | "1.37";
  featureGates?: FeatureGates;
}

export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
  observedGeneration: number;
}

export interface SyncRecord {
  /** Pods created, by node; `by` is "manage" or "rollingUpdate"; `reason` the controller's. */
  created: { node: string; by: string; name: string; labels: Record<string, string>;
             tolerations: object[]; affinity: object; reason: string }[];
  /** "namespace/name" */
  deleted: string[];
  deleteReasons: Record<string, string>;
  adopted: string[];
  released: string[];
  revisionsCreated: { name: string; revision: number; hash: string }[];
  revisionsUpdated: { name: string; revision: number; hash: string }[];
  revisionsDeleted: string[];
  revisionsAdopted: string[];
  /** Whether this sync called UpdateStatus. */
  statusWritten: boolean;
  status: DaemonSetStatus;
  events: string[];
  revisionHash?: string;
  now: string;
  podsAfter: Record<string, string>;
  error?: string;
}

export interface SyncResult {
  daemonSet: { namespace: string; name: string };
  templateGeneration?: string;
  syncs: SyncRecord[];
  /** `kubectl get ds` after the last sync. */
  get: { name: string; desired: number; current: number; ready: number; upToDate: number;
         available: number; nodeSelector: string; age: string };
  nodes: { node: string; outcome: "run" | "keepRunning" | "evict" | "exclude";
           pods: { name: string; phase: string; ready: boolean; available: boolean; updated: boolean }[] }[];
  /** Set when controller-revision-hash could not be computed as Kubernetes does (why). */
  hashApproximate?: string;
}

export interface RolloutOptions extends SyncOptions {
  /** Seconds from a pod's creation to Ready (default 0). */
  startupSeconds?: number;
  /** Upper bound on syncs (default 4 per desired node + 8). */
  maxSyncs?: number;
}

export interface RolloutPlan {
  strategy: string;
  maxUnavailable: number;
  maxSurge: number;
  waves: { number: number; sync: number; at: string; nodes: string[]; mode: "deleteFirst" | "surge" }[];
  /** Each sync (its `podsAfter` left empty). */
  syncs: SyncRecord[];
  complete: boolean;
  seconds: number;
  /** Pods not on the current template (OnDelete: nothing replaces them). */
  outdated: string[];
  warnings: string[];
}

export interface DiffSide {
  daemonSet?: Input;
  cluster?: ClusterInput;
}

export interface DiffOptions extends RolloutOptions {
  /** `kubectl delete --cascade=orphan` of the stored DaemonSet, then `after` created anew. */
  orphan?: boolean;
  /** When `before.cluster` lists no pods: take the ones its controller leaves once settled
   *  (an up-to-date Ready pod on every node that should run one). */
  settled?: boolean;
}

export interface DiffResult {
  nodes: { node: string; before?: string; after?: string; change: "gain" | "lose" | "keep" | "none" }[];
  gain: string[];
  lose: string[];
  keep: string[];
  templateChanged: boolean;
  adopted: string[];
  replaced: string[];
  rollout: RolloutPlan;
}
