//! Reading the cluster the controller watches: Nodes (placement's reader), Pods and
//! ControllerRevisions, decoded from the input documents into the controller's own types.
//! The one place that reads them, so it can be unified with the scheduler's reader.

use serde::Deserialize;
use serde_json::Value as Json;

use super::time::parse_rfc3339;
use crate::api::Source;
use crate::input::{self, codes, InputError, Node};
use crate::model::{OwnerReference, StringMap};
use crate::placement::{node::read_node, NodeInfo};

/// What the controller reads of a Pod.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    pub namespace: String,
    pub name: String,
    pub labels: StringMap,
    pub owner_references: Vec<OwnerReference>,
    /// Milliseconds since the epoch.
    pub creation: i64,
    pub deleting: bool,
    pub node_name: String,
    /// The node named by a `matchFields metadata.name In [x]` required term (`GetTargetNodeName`).
    pub affinity_node: Option<String>,
    pub phase: String,
    /// The Ready condition: its status is True, and since when (lastTransitionTime).
    pub ready: Option<(bool, Option<i64>)>,
}

impl Pod {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// The controller ownerReference (`metav1.GetControllerOf`).
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.controller == Some(true))
    }
}

/// What the controller reads of a ControllerRevision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Revision {
    pub namespace: String,
    pub name: String,
    pub labels: StringMap,
    pub owner_references: Vec<OwnerReference>,
    pub deleting: bool,
    /// `data` as compact JSON with sorted keys (what `Match` compares).
    pub data: String,
    pub revision: i64,
}

/// Nodes, pods and revisions, in input order.
#[derive(Clone, Debug, Default)]
pub struct ClusterObjects {
    pub nodes: Vec<NodeInfo>,
    pub pods: Vec<Pod>,
    pub revisions: Vec<Revision>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Meta {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<StringMap>,
    owner_references: Option<Vec<OwnerReference>>,
    creation_timestamp: Option<String>,
    deletion_timestamp: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPod {
    metadata: Meta,
    spec: PodSpec,
    status: PodStatus,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct PodSpec {
    node_name: Option<String>,
    #[serde(skip)]
    affinity: Option<Json>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PodStatus {
    phase: Option<String>,
    conditions: Option<Vec<Condition>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Condition {
    #[serde(rename = "type")]
    type_: Option<String>,
    status: Option<String>,
    last_transition_time: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRevision {
    metadata: Meta,
    #[serde(skip)]
    data: Option<Json>,
    revision: Option<i64>,
}

/// Pods in the input without a creationTimestamp are taken as created at this time.
pub const DEFAULT_CREATION: &str = "2026-01-01T00:00:00Z";

/// Reads every Node, Pod and ControllerRevision in the input (lists flattened).
pub fn read_cluster(source: Source<'_>) -> Result<ClusterObjects, InputError> {
    let docs = match source {
        Source::Text(text) => input::parse_text(text, input::Filter::All)?.docs,
        Source::Bytes(bytes) => input::parse_bytes(bytes, input::Filter::All)?.docs,
        Source::Docs(docs) => docs,
    };
    let mut out = ClusterObjects::default();
    for obj in input::objects(&docs) {
        match obj.str_at("kind") {
            Some("Node") | None => out.nodes.push(read_node(obj.clone(), out.nodes.len())?),
            Some("Pod") => out.pods.push(read_pod(obj)?),
            Some("ControllerRevision") => out.revisions.push(read_revision(obj)?),
            _ => {}
        }
    }
    Ok(out)
}

// Through the planner's own decoder, which every model type already has: no second serde
// instantiation of these types for `serde_json::Value`, and the error names the field's line.
fn decode<T: serde::de::DeserializeOwned>(obj: &Node, what: &str) -> Result<T, InputError> {
    input::de::decode(obj, "").map_err(|e| InputError::new(codes::WRONG_TYPE, format!("{what}: {e}")).at(e.pos))
}

/// The free-form value at `path` as JSON (`None` where absent or null), read off the tree so its
/// numbers convert as everywhere else (`Node::to_json`).
fn json_at(obj: &Node, path: &[&str]) -> Option<Json> {
    path.iter().try_fold(obj, |node, key| node.get(key)).filter(|n| !n.is_null()).map(Node::to_json)
}

fn time(s: Option<&str>, what: &str, obj: &Node) -> Result<Option<i64>, InputError> {
    match s {
        None | Some("") => Ok(None),
        Some(t) => parse_rfc3339(t).map(Some).ok_or_else(|| {
            InputError::new(codes::WRONG_TYPE, format!("{what}: {t:?} is not an RFC 3339 time")).at(obj.pos)
        }),
    }
}

fn read_pod(obj: &Node) -> Result<Pod, InputError> {
    let mut raw: RawPod = decode(obj, "pod")?;
    raw.spec.affinity = json_at(obj, &["spec", "affinity"]);
    let name = raw.metadata.name.unwrap_or_default();
    let created = time(raw.metadata.creation_timestamp.as_deref(), &name, obj)?;
    let ready = raw
        .status
        .conditions
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.type_.as_deref() == Some("Ready"))
        .map(|c| -> Result<_, InputError> {
            Ok((c.status.as_deref() == Some("True"), time(c.last_transition_time.as_deref(), &name, obj)?))
        })
        .transpose()?;
    Ok(Pod {
        namespace: raw.metadata.namespace.filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
        labels: raw.metadata.labels.unwrap_or_default(),
        owner_references: raw.metadata.owner_references.unwrap_or_default(),
        creation: created.unwrap_or_else(|| parse_rfc3339(DEFAULT_CREATION).unwrap_or_default()),
        deleting: raw.metadata.deletion_timestamp.is_some_and(|t| !t.is_empty()),
        node_name: raw.spec.node_name.unwrap_or_default(),
        affinity_node: affinity_node_name(raw.spec.affinity.as_ref()).ok(),
        phase: raw.status.phase.unwrap_or_default(),
        ready,
        name,
    })
}

/// The unscheduled half of `util.GetTargetNodeName`: the first required term's
/// `matchFields metadata.name In` with exactly one value.
pub fn affinity_node_name(affinity: Option<&Json>) -> Result<String, String> {
    let required = affinity
        .and_then(|a| a.get("nodeAffinity"))
        .and_then(|n| n.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .filter(|r| !r.is_null())
        .ok_or("no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution")?;
    let terms = required.get("nodeSelectorTerms").and_then(Json::as_array).filter(|t| !t.is_empty());
    for term in terms.ok_or("no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution")? {
        for exp in term.get("matchFields").and_then(Json::as_array).into_iter().flatten() {
            if exp.get("key").and_then(Json::as_str) == Some("metadata.name")
                && exp.get("operator").and_then(Json::as_str) == Some("In")
            {
                return match exp.get("values").and_then(Json::as_array).map(Vec::as_slice) {
                    Some([only]) => Ok(only.as_str().unwrap_or_default().to_string()),
                    _ => Err("the matchFields value of 'metadata.name' is not unique".into()),
                };
            }
        }
    }
    Err("no node name found".into())
}

fn read_revision(obj: &Node) -> Result<Revision, InputError> {
    let mut raw: RawRevision = decode(obj, "controllerrevision")?;
    raw.data = json_at(obj, &["data"]);
    Ok(Revision {
        namespace: raw.metadata.namespace.filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
        name: raw.metadata.name.unwrap_or_default(),
        labels: raw.metadata.labels.unwrap_or_default(),
        owner_references: raw.metadata.owner_references.unwrap_or_default(),
        deleting: raw.metadata.deletion_timestamp.is_some_and(|t| !t.is_empty()),
        data: raw.data.as_ref().map(super::template::canonical_json).unwrap_or_default(),
        revision: raw.revision.unwrap_or_default(),
    })
}
