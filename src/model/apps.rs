//! apps/v1 DaemonSet.

use serde::Deserialize;

use super::{IntOrString, LabelSelector, ObjectMeta, PodTemplateSpec};

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSet {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: Option<ObjectMeta>,
    pub spec: Option<DaemonSetSpec>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetSpec {
    pub selector: Option<LabelSelector>,
    pub template: Option<PodTemplateSpec>,
    pub update_strategy: Option<DaemonSetUpdateStrategy>,
    pub min_ready_seconds: Option<i32>,
    pub revision_history_limit: Option<i32>,
    /// The internal field: apps/v1 has none (the `deprecated.daemonset.template.generation`
    /// annotation carries it, see `registry::convert_v1_daemon_set`), so it is never decoded.
    #[serde(skip)]
    pub template_generation: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, serde::Serialize)]
pub struct DaemonSetUpdateStrategy {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    #[serde(rename = "rollingUpdate")]
    pub rolling_update: Option<RollingUpdateDaemonSet>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateDaemonSet {
    pub max_unavailable: Option<IntOrString>,
    pub max_surge: Option<IntOrString>,
}

impl DaemonSet {
    pub fn name(&self) -> &str {
        self.metadata.as_ref().and_then(|m| m.name.as_deref()).unwrap_or("")
    }
    pub fn namespace(&self) -> &str {
        self.metadata.as_ref().and_then(|m| m.namespace.as_deref()).unwrap_or("")
    }
    pub fn pod_spec(&self) -> Option<&super::PodSpec> {
        self.spec.as_ref()?.template.as_ref()?.spec.as_ref()
    }
}
