//! What one sync did, in the shape of the conformance cases' `syncs[]`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::world::DaemonSetStatus;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPod {
    pub node: String,
    /// `manage` or `rollingUpdate`.
    pub by: &'static str,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub tolerations: Json,
    pub affinity: Json,
    /// The controller's reason, in one line.
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionRef {
    pub name: String,
    pub revision: i64,
    pub hash: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncRecord {
    pub created: Vec<CreatedPod>,
    /// `namespace/name`.
    pub deleted: Vec<String>,
    pub delete_reasons: BTreeMap<String, String>,
    /// The node each deleted pod was on (for the rollout's waves; not part of the case shape).
    #[serde(skip)]
    pub deleted_from: BTreeMap<String, String>,
    pub adopted: Vec<String>,
    pub released: Vec<String>,
    pub revisions_created: Vec<RevisionRef>,
    pub revisions_updated: Vec<RevisionRef>,
    pub revisions_deleted: Vec<String>,
    pub revisions_adopted: Vec<String>,
    pub status_written: bool,
    pub status: DaemonSetStatus,
    /// `Type Reason Message`, sorted.
    pub events: Vec<String>,
    /// The current revision's hash; null when the sync stopped before the history.
    pub revision_hash: Option<String>,
    pub now: String,
    /// Every pod of the DaemonSet after the sync, `namespace/name` → node.
    pub pods_after: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
