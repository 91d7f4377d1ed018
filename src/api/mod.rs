//! The host-neutral façade: `plan` and `validate` over plain data. Every host (wasm, CLI,
//! policy engines) calls these and only encodes what they return.

use serde::Serialize;

use crate::feature_gates::{Feature, FeatureGates};
use crate::field::Status;
use crate::input::de::{decode, DecodeError};
use crate::input::locate::Locator;
use crate::input::{self, codes, InputError, Node, Pos};
use crate::model::DaemonSet;
use crate::placement::{node::read_node, NodeInfo, Outcome, Reason};
use crate::registry;
use crate::release::Release;
use crate::rollout::Rollout;
use crate::validation::drop_disabled::drop_disabled_template_fields;
use crate::validation::meta::validate_common_fields;
use crate::validation::{validate_daemon_set, validate_daemon_set_update, ValidationOptions};
pub use crate::warnings::FieldValidation;
use crate::warnings::{
    daemon_set_warnings, field_problems, ip_warnings, removed_api_warnings, strict_decoding_message,
    strict_decoding_warnings, FieldProblem,
};

mod cluster;
mod cluster_input;
pub mod cluster_lists;
mod fleet;

pub use crate::controller::{diff, rollout, sync, DiffOptions, RolloutOptions, SyncOptions};
pub use cluster::{Cluster, ClusterLoader, PlanView};
pub use fleet::{list_daemon_sets, plan_all, DaemonSetEntry, FleetNode, NodeDaemonSet, PlanAll, PlanAllOptions};

/// The Kubernetes release answering when none is chosen (the newest supported; see `Release`).
pub const KUBERNETES_VERSION: &str = "1.37";

/// An input: text (YAML or JSON, one or many documents) or documents already parsed (objects
/// handed over by a JavaScript host).
pub enum Source<'a> {
    Text(&'a str),
    /// UTF-8 bytes (a file, or a JavaScript string the host encoded).
    Bytes(&'a [u8]),
    Docs(Vec<Node>),
}

#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    /// Which DaemonSet, when the input holds several.
    pub name: Option<String>,
    /// Include the Pod the controller would create on each node that runs the daemon.
    pub pods: bool,
    /// The `TaintTolerationComparisonOperators` feature gate (alpha in 1.35/1.36, off by default).
    pub comparison_operators: bool,
    /// The Kubernetes release to answer for (default: the newest supported).
    pub kubernetes_version: Release,
    /// Feature gates set (`featureGates`); the others keep the release's defaults.
    pub feature_gates: FeatureGates,
    /// What unknown and duplicate fields do to `validation` (default Strict, as kubectl sends).
    pub field_validation: FieldValidation,
    /// Suggest, for each node the daemon misses, the change that would place it.
    pub suggestions: bool,
    /// Suggest, for each node the daemon misses, the change on the node's side that would.
    pub node_changes: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ValidateOptions<'a> {
    pub name: Option<String>,
    /// Validate as an update of this stored object.
    pub old_daemon_set: Option<Source<'a>>,
    pub comparison_operators: bool,
    /// The Kubernetes release to answer for (default: the newest supported).
    pub kubernetes_version: Release,
    pub feature_gates: FeatureGates,
    pub field_validation: FieldValidation,
}

impl Default for Source<'_> {
    fn default() -> Self {
        Source::Docs(Vec::new())
    }
}

impl Clone for Source<'_> {
    fn clone(&self) -> Self {
        match self {
            Source::Text(t) => Source::Text(t),
            Source::Bytes(b) => Source::Bytes(b),
            Source::Docs(d) => Source::Docs(d.clone()),
        }
    }
}

impl std::fmt::Debug for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Text(t) => write!(f, "Text({} bytes)", t.len()),
            Source::Bytes(b) => write!(f, "Bytes({})", b.len()),
            Source::Docs(d) => write!(f, "Docs({})", d.len()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub daemon_set: DaemonSetRef,
    pub nodes: Vec<NodePlacement>,
    pub summary: Summary,
    pub rollout: Rollout,
    pub validation: Validation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaemonSetRef {
    pub namespace: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodePlacement {
    pub name: String,
    pub should_run: bool,
    pub should_continue_running: bool,
    /// `run`, `keepRunning` (no new pod, a running one stays), `evict`, or `exclude`.
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<serde_json::Value>,
    /// The default scheduler's verdict, for nodes that run the daemon and state their allocatable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<crate::scheduler::NodeScheduling>,
    /// With `options.suggestions`, for a node the daemon misses: the changes that would place
    /// it, checked by planning again, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<crate::fleet::Suggestion>>,
    /// With `options.nodeChanges`, for a node the daemon misses: the node's labels and taints
    /// to change instead, checked by deciding again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_change: Option<crate::fleet::NodeChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub nodes: usize,
    pub desired_number_scheduled: usize,
    /// `3/5 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, ...`
    pub message: String,
    pub outcomes: OutcomeCounts,
    /// How many targeted nodes would really get a running pod, stay Pending, or preempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<crate::scheduler::SchedulingSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCounts {
    pub run: usize,
    pub keep_running: usize,
    pub evict: usize,
    pub exclude: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Validation {
    pub valid: bool,
    /// The DaemonSet validated (after the request namespace is applied), when it could be read.
    #[serde(skip_serializing_if = "Option::is_none", rename = "daemonSet")]
    pub daemon_set: Option<DaemonSetRef>,
    pub errors: Vec<ValidationError>,
    pub warnings: Vec<Warning>,
    /// The API server's 422 answer, when invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidationError {
    pub field: String,
    pub reason: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

fn line_col(pos: Pos) -> (Option<u32>, Option<u32>) {
    if pos.is_known() {
        (Some(pos.line), Some(pos.column))
    } else {
        (None, None)
    }
}

/// Parsed DaemonSet input: the documents, the chosen object's tree and its typed form.
/// A DaemonSet as read: its tree (for positions and the created Pod) and its typed form.
pub struct DaemonSetInput {
    pub tree: Node,
    pub ds: DaemonSet,
    duplicates: Vec<input::DuplicateKey>,
    /// Other objects in the file whose API version is no longer served.
    removed_apis: Vec<Warning>,
}

/// Reads the DaemonSet to work on from its source (`name` picks one of several).
pub fn read_daemon_set(source: Source<'_>, name: Option<&str>) -> Result<DaemonSetInput, InputError> {
    read(source, name).map_err(|(e, _)| e)
}

/// `read_daemon_set`, with what the API server's decoder would say about a value it cannot
/// decode, where known.
fn read(source: Source<'_>, name: Option<&str>) -> Result<DaemonSetInput, (InputError, Option<String>)> {
    let docs = read_docs(source).map_err(|e| (e, None))?;
    let tree = input::select_daemon_set(&docs.docs, name).map_err(|e| (e, None))?;
    decode_daemon_set(tree, &docs, docs.duplicates.clone())
}

/// One DaemonSet of `docs`, decoded as the API server decodes it; `duplicates` are the
/// duplicate keys written inside it.
fn decode_daemon_set(
    tree: &Node,
    docs: &input::Documents,
    duplicates: Vec<input::DuplicateKey>,
) -> Result<DaemonSetInput, (InputError, Option<String>)> {
    // Quantities decode as the server decodes them, modelled fields or not: Go's error, bare.
    if let Some((err, at)) = input::quantities::first_bad_quantity(tree) {
        return Err((InputError::new(codes::WRONG_TYPE, err).at(at.pos), Some(err.to_string())));
    }
    let ds: DaemonSet = decode(tree, "").map_err(|e| {
        let go = e.go.clone();
        (decode_error(e), go)
    })?;
    let removed_apis = removed_api_warnings(&input::objects(&docs.docs));
    Ok(DaemonSetInput { tree: tree.clone(), ds, duplicates, removed_apis })
}

fn read_docs(source: Source<'_>) -> Result<input::Documents, InputError> {
    Ok(match source {
        Source::Text(text) => input::parse_text(text, input::Filter::All)?,
        Source::Bytes(bytes) => input::parse_bytes(bytes, input::Filter::All)?,
        Source::Docs(docs) if docs.is_empty() => {
            return Err(InputError::new(codes::EMPTY_INPUT, "the input is empty: paste YAML or JSON"))
        }
        Source::Docs(docs) => input::Documents { docs, duplicates: Vec::new() },
    })
}

fn decode_error(e: DecodeError) -> InputError {
    InputError::new(codes::WRONG_TYPE, e.to_string()).at(e.pos)
}

pub use crate::registry::prepare_for_create;

/// Validates a DaemonSet as the API server would on create, or on update of `old`.
/// Never fails: unusable input comes back as an error in the result.
pub fn validate(source: Source<'_>, options: ValidateOptions<'_>) -> Validation {
    let size = match &source {
        Source::Text(t) => t.len(),
        Source::Bytes(b) => b.len(),
        Source::Docs(_) => 0,
    };
    if let Err(e) = input::limits::check_size(size, input::limits::MAX_REQUEST_BYTES, "the DaemonSet") {
        return input_failure(&e);
    }
    let input = match read(source, options.name.as_deref()) {
        Ok(i) => i,
        // A value the server cannot decode is its 400, not a validation: in its words where
        // known, else in this reader's.
        Err((e, go)) if e.code == codes::WRONG_TYPE => {
            let message = go.unwrap_or_else(|| e.message.clone());
            return rejected(&DaemonSet::default(), Status::decode_error("DaemonSet", "v1", &message));
        }
        Err((e, _)) => return input_failure(&e),
    };
    let old = match options.old_daemon_set {
        None => None,
        Some(old) => match read_daemon_set(old, options.name.as_deref()) {
            Ok(o) => Some(o),
            Err(e) => {
                return input_failure(&{
                    let message = format!("oldDaemonSet: {}", e.message);
                    e.with_message(message)
                })
            }
        },
    };
    let settings = Settings {
        release: options.kubernetes_version,
        gates: options.feature_gates,
        field_validation: options.field_validation,
    };
    validate_input(&input, old.as_ref(), options.comparison_operators, settings)
}

/// What decides an answer besides the objects: the release, its gates, field validation.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Settings {
    pub release: Release,
    pub gates: FeatureGates,
    pub field_validation: FieldValidation,
}

pub(crate) fn validate_input(
    input: &DaemonSetInput,
    old: Option<&DaemonSetInput>,
    comparison_operators: bool,
    settings: Settings,
) -> Validation {
    let Settings { release, gates, field_validation } = settings;
    let problems = field_problems(&input.tree, &input.duplicates, release);
    if field_validation == FieldValidation::Strict && !problems.is_empty() {
        return strict_decoding_failure(input, &problems);
    }
    let mut ds = input.ds.clone();
    // The body is decoded and converted before anything else: what fails here is a 400.
    if let Err(e) = registry::convert_v1_daemon_set(&mut ds) {
        return rejected(&ds, Status::decode_error("DaemonSet", "v1", &e));
    }
    let base = ValidationOptions {
        allow_taint_toleration_comparison_operators: comparison_operators
            || gates.enabled(Feature::TaintTolerationComparisonOperators, release),
        release,
        gates,
        ..Default::default()
    };
    let errs = match old {
        None => {
            prepare_for_create(&mut ds);
            drop_disabled_template_fields(&mut ds, None, &base);
            validate_daemon_set(&ds, base)
        }
        Some(old) => {
            let mut stored = old.ds.clone();
            if let Err(e) = registry::convert_v1_daemon_set(&mut stored) {
                return rejected(&ds, Status::decode_error("DaemonSet", "v1", &format!("oldDaemonSet: {e}")));
            }
            registry::prepare_stored(&mut stored);
            if let Err(conflict) = registry::check_resource_version(&mut ds, &stored) {
                return rejected(&ds, *conflict);
            }
            drop_disabled_template_fields(&mut ds, Some(&stored), &base);
            registry::prepare_for_update(&mut ds, &stored);
            let (new_meta, old_meta) =
                (ds.metadata.clone().unwrap_or_default(), stored.metadata.clone().unwrap_or_default());
            let mut errs = validate_common_fields(&new_meta, &old_meta, &crate::field::Path::new("metadata"), release);
            errs.extend(validate_daemon_set_update(&ds, &stored, base));
            errs
        }
    };
    let mut locator = Locator::new(&input.tree);
    let errors: Vec<ValidationError> = errs
        .iter()
        .map(|e| {
            let (line, column) = line_col(locator.locate(&e.field));
            ValidationError {
                field: e.field.clone(),
                reason: e.error_type.as_str().to_string(),
                message: e.to_string(),
                line,
                column,
            }
        })
        .collect();
    let mut warnings =
        if field_validation == FieldValidation::Warn { strict_decoding_warnings(&problems) } else { Vec::new() };
    warnings.extend(daemon_set_warnings(&input.ds, &input.tree));
    let strict_ip = ValidationOptions { release, gates, ..Default::default() }.enabled(Feature::StrictIPCIDRValidation);
    warnings.extend(ip_warnings(&input.tree, release, strict_ip));
    warnings.extend(input.removed_apis.iter().cloned());
    let status = (!errs.is_empty()).then(|| Status::invalid("apps", "DaemonSet", ds.name(), &errs));
    let daemon_set = Some(DaemonSetRef { namespace: ds.namespace().to_string(), name: ds.name().to_string() });
    Validation { valid: errors.is_empty(), daemon_set, errors, warnings, status }
}

/// A request the API server refuses before validation (400 decode error, 409 conflict): no
/// causes, only the Status.
fn rejected(ds: &DaemonSet, status: Status) -> Validation {
    let daemon_set = ds
        .metadata
        .is_some()
        .then(|| DaemonSetRef { namespace: ds.namespace().to_string(), name: ds.name().to_string() });
    Validation { valid: false, daemon_set, errors: Vec::new(), warnings: Vec::new(), status: Some(status) }
}

/// A strict create or update rejected while decoding (400 BadRequest, nothing validated): one
/// error per violation, where it stands.
fn strict_decoding_failure(input: &DaemonSetInput, problems: &[FieldProblem]) -> Validation {
    let errors = problems
        .iter()
        .map(|p| {
            let (line, column) = line_col(p.pos);
            ValidationError { field: p.path.clone(), reason: "BadRequest".into(), message: p.to_string(), line, column }
        })
        .collect();
    let meta = input.ds.metadata.as_ref();
    let daemon_set = meta.map(|m| DaemonSetRef {
        namespace: m.namespace.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
        name: m.name.clone().unwrap_or_default(),
    });
    let status = Some(Status::bad_request(strict_decoding_message(problems)));
    let warnings = daemon_set_warnings(&input.ds, &input.tree);
    Validation { valid: false, daemon_set, errors, warnings, status }
}

fn input_failure(e: &InputError) -> Validation {
    let (line, column) = (e.line, e.column);
    let reason = if e.code == codes::WRONG_TYPE { "FieldValueTypeInvalid" } else { e.code };
    let field = if e.code == codes::WRONG_TYPE {
        e.message.split(": ").next().unwrap_or("").to_string()
    } else {
        String::new()
    };
    Validation {
        valid: false,
        errors: vec![ValidationError { field, reason: reason.to_string(), message: e.message.clone(), line, column }],
        ..Default::default()
    }
}

/// Parses a node list, reading only what placement needs from each node.
pub fn read_nodes(source: Source<'_>) -> Result<Vec<NodeInfo>, InputError> {
    let docs = match source {
        Source::Text(text) => input::parse_text(text, input::Filter::NodeRoot)?.docs,
        Source::Bytes(bytes) => input::parse_bytes(bytes, input::Filter::NodeRoot)?.docs,
        Source::Docs(docs) => docs,
    };
    input::into_nodes(docs)?.into_iter().enumerate().map(|(i, n)| read_node(n, i)).collect()
}

/// Plans a DaemonSet against a cluster (nodes, and optionally pods, PriorityClasses, PDBs), as
/// the DaemonSet controller would place it and the default scheduler would then bind it.
pub fn plan(daemon_set: Source<'_>, nodes: Source<'_>, options: &PlanOptions) -> Result<Plan, InputError> {
    let input = read_daemon_set(daemon_set, options.name.as_deref()).map_err(|e| e.from_argument("daemonSet"))?;
    let cluster = Cluster::load(nodes).map_err(|e| e.from_argument("nodes"))?;
    Ok(PlanView::new(input, &cluster, options).to_plan(&cluster))
}
