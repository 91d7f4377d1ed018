//! core/v1 pod-level fields checked by the pod-level validation: security contexts, OS,
//! pod (anti-)affinity, host aliases, gates, resource claims.

use serde::Deserialize;

use super::LabelSelector;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodOs {
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct HostAlias {
    pub ip: Option<String>,
    pub hostnames: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodReadinessGate {
    pub condition_type: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodSchedulingGate {
    pub name: Option<String>,
}

/// A pod-level `resourceClaims[i]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodResourceClaim {
    pub name: Option<String>,
    pub resource_claim_name: Option<String>,
    pub resource_claim_template_name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Sysctl {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// `seccompProfile` and `appArmorProfile` share this shape.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecurityProfile {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub localhost_profile: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct SeLinuxOptions {
    pub user: Option<String>,
    pub role: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub level: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WindowsSecurityContextOptions {
    pub gmsa_credential_spec_name: Option<String>,
    pub gmsa_credential_spec: Option<String>,
    pub run_as_user_name: Option<String>,
    pub host_process: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Capabilities {
    pub add: Option<Vec<String>>,
    pub drop: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Affinities {
    #[serde(rename = "requiredDuringSchedulingIgnoredDuringExecution")]
    pub required: Option<Vec<PodAffinityTerm>>,
    #[serde(rename = "preferredDuringSchedulingIgnoredDuringExecution")]
    pub preferred: Option<Vec<WeightedPodAffinityTerm>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinityTerm {
    pub label_selector: Option<LabelSelector>,
    pub namespaces: Option<Vec<String>>,
    pub topology_key: Option<String>,
    pub namespace_selector: Option<LabelSelector>,
    pub match_label_keys: Option<Vec<String>>,
    pub mismatch_label_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WeightedPodAffinityTerm {
    pub weight: Option<i32>,
    #[serde(default)]
    pub pod_affinity_term: PodAffinityTerm,
}

/// A `metadata.managedFields[i]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ManagedFieldsEntry {
    pub manager: Option<String>,
    pub operation: Option<String>,
    pub fields_type: Option<String>,
    pub subresource: Option<String>,
}

/// `spec.workloadRef` (1.35).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadReference {
    pub name: Option<String>,
    pub pod_group: Option<String>,
    pub pod_group_replica_key: Option<String>,
}

/// `spec.schedulingGroup` (1.36+).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodSchedulingGroup {
    pub pod_group_name: Option<String>,
}
