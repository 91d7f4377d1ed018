//! The host-neutral façade: `plan` and `validate` over plain data. Every host (wasm, CLI,
//! policy engines) calls these and only encodes what they return.

use serde::Serialize;

use crate::defaults::set_defaults_daemon_set;
use crate::field::Status;
use crate::input::de::{decode, DecodeError};
use crate::input::locate::Locator;
use crate::input::{self, codes, InputError, Node, Pos};
use crate::model::DaemonSet;
use crate::placement::{node::read_node, NodeInfo, Outcome, Reason};
use crate::rollout::Rollout;
use crate::release::Release;
use crate::validation::{validate_daemon_set, validate_daemon_set_update, ValidationOptions};
use crate::warnings::{daemon_set_warnings, removed_api_warnings};

mod cluster;

pub use cluster::{Cluster, ClusterLoader, PlanView};

/// The Kubernetes release whose behaviour this build reproduces.
pub const KUBERNETES_VERSION: &str = "1.36";

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
}

#[derive(Clone, Debug, Default)]
pub struct ValidateOptions<'a> {
    pub name: Option<String>,
    /// Validate as an update of this stored object.
    pub old_daemon_set: Option<Source<'a>>,
    pub comparison_operators: bool,
    /// The Kubernetes release to answer for (default: the newest supported).
    pub kubernetes_version: Release,
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
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub nodes: usize,
    pub desired_number_scheduled: usize,
    /// `3/5 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, ...`
    pub message: String,
    pub outcomes: OutcomeCounts,
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
    let docs = match source {
        Source::Text(text) => input::parse_text(text, input::Filter::All)?,
        Source::Bytes(bytes) => input::parse_bytes(bytes, input::Filter::All)?,
        Source::Docs(docs) if docs.is_empty() => {
            return Err(InputError::new(codes::EMPTY_INPUT, "the input is empty: paste YAML or JSON"))
        }
        Source::Docs(docs) => input::Documents { docs, duplicates: Vec::new() },
    };
    let tree = input::select_daemon_set(&docs.docs, name)?.clone();
    let ds: DaemonSet = decode(&tree, "").map_err(decode_error)?;
    let removed_apis = removed_api_warnings(&input::objects(&docs.docs));
    Ok(DaemonSetInput { tree, ds, duplicates: docs.duplicates, removed_apis })
}

fn decode_error(e: DecodeError) -> InputError {
    InputError::new(codes::WRONG_TYPE, e.to_string()).at(e.pos)
}

/// What the API server does to the object before validation: the request namespace (kubectl
/// sends `default` when none is set), generateName, then apps/v1 defaulting.
/// What the API server does before validating a create (see `validate`).
pub fn prepare_for_create(ds: &mut DaemonSet) {
    let meta = ds.metadata.get_or_insert_with(Default::default);
    if meta.namespace.as_deref().is_none_or(str::is_empty) {
        meta.namespace = Some("default".into());
    }
    if meta.name.as_deref().is_none_or(str::is_empty) {
        if let Some(prefix) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
            // Five characters from the generator's alphabet; the real ones are random.
            let cut = prefix.char_indices().nth(58).map_or(prefix.len(), |(i, _)| i);
            meta.name = Some(format!("{}b2c4d", &prefix[..cut]));
        }
    }
    set_defaults_daemon_set(ds);
}

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
    let input = match read_daemon_set(source, options.name.as_deref()) {
        Ok(i) => i,
        Err(e) => return input_failure(&e),
    };
    let old = match options.old_daemon_set {
        None => None,
        Some(old) => match read_daemon_set(old, options.name.as_deref()) {
            Ok(o) => Some(o),
            Err(e) => return input_failure(&InputError { message: format!("oldDaemonSet: {}", e.message), ..e }),
        },
    };
    validate_input(&input, old.as_ref(), options.comparison_operators, options.kubernetes_version)
}

pub(crate) fn validate_input(
    input: &DaemonSetInput,
    old: Option<&DaemonSetInput>,
    comparison_operators: bool,
    release: Release,
) -> Validation {
    let mut ds = input.ds.clone();
    let errs = match old {
        None => {
            prepare_for_create(&mut ds);
            validate_daemon_set(
                &ds,
                ValidationOptions {
                    allow_taint_toleration_comparison_operators: comparison_operators,
                    release,
                    ..Default::default()
                },
            )
        }
        Some(old) => {
            let mut stored = old.ds.clone();
            prepare_for_create(&mut stored);
            // A pasted manifest stands for the stored object, which always has a version.
            let stored_meta = stored.metadata.get_or_insert_with(Default::default);
            if stored_meta.resource_version.as_deref().is_none_or(str::is_empty) {
                stored_meta.resource_version = Some("1".into());
            }
            prepare_for_update(&mut ds, &stored);
            validate_daemon_set_update(&ds, &stored, comparison_operators, release)
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
    let mut warnings: Vec<Warning> = input
        .duplicates
        .iter()
        .map(|d| Warning { message: format!("duplicate field {:?}", d.key), field: None, line: Some(d.pos.line) })
        .collect();
    warnings.extend(daemon_set_warnings(&input.ds, &input.tree));
    warnings.extend(input.removed_apis.iter().cloned());
    let status = (!errs.is_empty()).then(|| Status::invalid("apps", "DaemonSet", ds.name(), &errs));
    let daemon_set = Some(DaemonSetRef { namespace: ds.namespace().to_string(), name: ds.name().to_string() });
    Validation { valid: errors.is_empty(), daemon_set, errors, warnings, status }
}

/// On update the server keeps what the client did not send: a patch carries the stored
/// resourceVersion, and namespace and defaults come as on create.
fn prepare_for_update(ds: &mut DaemonSet, stored: &DaemonSet) {
    prepare_for_create(ds);
    let meta = ds.metadata.get_or_insert_with(Default::default);
    let old_meta = stored.metadata.clone().unwrap_or_default();
    if meta.resource_version.as_deref().is_none_or(str::is_empty) {
        meta.resource_version = old_meta.resource_version.clone();
    }
    if meta.uid.is_none() {
        meta.uid = old_meta.uid.clone();
    }
    if meta.generation.is_none() {
        meta.generation = old_meta.generation;
    }
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

/// Plans a DaemonSet against a node list, as the DaemonSet controller would place it.
pub fn plan(daemon_set: Source<'_>, nodes: Source<'_>, options: &PlanOptions) -> Result<Plan, InputError> {
    let input = read_daemon_set(daemon_set, options.name.as_deref())?;
    let cluster = Cluster::from_nodes(read_nodes(nodes)?);
    Ok(PlanView::new(input, &cluster, options).to_plan(&cluster))
}
