//! core/v1 types a DaemonSet's pod template carries, and the node's Taint.

use serde::{Deserialize, Serialize};

use super::volume_sources as vs;
use super::{IntOrString, LabelSelector, ObjectMeta, Quantity, StringMap};

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodTemplateSpec {
    pub metadata: Option<ObjectMeta>,
    pub spec: Option<PodSpec>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    pub containers: Option<Vec<Container>>,
    pub init_containers: Option<Vec<Container>>,
    pub ephemeral_containers: Option<Vec<Container>>,
    pub volumes: Option<Vec<Volume>>,
    pub restart_policy: Option<String>,
    pub termination_grace_period_seconds: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    pub dns_policy: Option<String>,
    pub dns_config: Option<PodDnsConfig>,
    pub topology_spread_constraints: Option<Vec<TopologySpreadConstraint>>,
    pub node_selector: Option<StringMap>,
    pub service_account_name: Option<String>,
    #[serde(rename = "serviceAccount")]
    pub deprecated_service_account: Option<String>,
    pub node_name: Option<String>,
    pub host_network: Option<bool>,
    #[serde(rename = "hostPID")]
    pub host_pid: Option<bool>,
    #[serde(rename = "hostIPC")]
    pub host_ipc: Option<bool>,
    pub security_context: Option<PodSecurityContext>,
    pub share_process_namespace: Option<bool>,
    pub host_users: Option<bool>,
    pub os: Option<super::pod_fields::PodOs>,
    pub preemption_policy: Option<String>,
    pub overhead: Option<std::collections::BTreeMap<String, Quantity>>,
    pub host_aliases: Option<Vec<super::pod_fields::HostAlias>>,
    pub hostname_override: Option<String>,
    /// 1.35 only (alpha `GenericWorkload`); gone from 1.36.
    pub workload_ref: Option<super::pod_fields::WorkloadReference>,
    /// From 1.36 (alpha `GenericWorkload`).
    pub scheduling_group: Option<super::pod_fields::PodSchedulingGroup>,
    #[serde(rename = "setHostnameAsFQDN")]
    pub set_hostname_as_fqdn: Option<bool>,
    pub readiness_gates: Option<Vec<super::pod_fields::PodReadinessGate>>,
    pub scheduling_gates: Option<Vec<super::pod_fields::PodSchedulingGate>>,
    pub image_pull_secrets: Option<Vec<LocalObjectReference>>,
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    pub affinity: Option<Affinity>,
    pub scheduler_name: Option<String>,
    pub tolerations: Option<Vec<Toleration>>,
    pub priority_class_name: Option<String>,
    pub priority: Option<i32>,
    pub runtime_class_name: Option<String>,
    pub resource_claims: Option<Vec<super::pod_fields::PodResourceClaim>>,
    /// Pod-level `resources`.
    pub resources: Option<ResourceRequirements>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: Option<String>,
    pub image: Option<String>,
    pub ports: Option<Vec<ContainerPort>>,
    pub env: Option<Vec<EnvVar>>,
    pub resources: Option<ResourceRequirements>,
    pub volume_mounts: Option<Vec<VolumeMount>>,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub lifecycle: Option<Lifecycle>,
    pub termination_message_path: Option<String>,
    pub termination_message_policy: Option<String>,
    pub image_pull_policy: Option<String>,
    pub security_context: Option<SecurityContext>,
    /// Only `Always` (a sidecar) on init containers.
    pub restart_policy: Option<String>,
    pub env_from: Option<Vec<super::container_fields::EnvFromSource>>,
    pub volume_devices: Option<Vec<super::container_fields::VolumeDevice>>,
    pub resize_policy: Option<Vec<super::container_fields::ContainerResizePolicy>>,
    pub restart_policy_rules: Option<Vec<super::container_fields::ContainerRestartRule>>,
    /// Ephemeral containers only.
    pub target_container_name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    pub name: Option<String>,
    pub host_port: Option<i32>,
    pub container_port: Option<i32>,
    pub protocol: Option<String>,
    #[serde(rename = "hostIP")]
    pub host_ip: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: Option<String>,
    pub value: Option<String>,
    pub value_from: Option<EnvVarSource>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EnvVarSource {
    pub field_ref: Option<ObjectFieldSelector>,
    pub resource_field_ref: Option<ResourceFieldSelector>,
    pub config_map_key_ref: Option<KeySelector>,
    pub secret_key_ref: Option<KeySelector>,
    pub file_key_ref: Option<super::container_fields::FileKeySelector>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectFieldSelector {
    pub api_version: Option<String>,
    pub field_path: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceFieldSelector {
    pub container_name: Option<String>,
    pub resource: Option<String>,
    pub divisor: Option<Quantity>,
}

/// A `configMapKeyRef` or `secretKeyRef`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct KeySelector {
    pub name: Option<String>,
    pub key: Option<String>,
    pub optional: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ResourceRequirements {
    pub limits: Option<std::collections::BTreeMap<String, Quantity>>,
    pub requests: Option<std::collections::BTreeMap<String, Quantity>>,
    pub claims: Option<Vec<super::container_fields::ResourceClaim>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VolumeMount {
    pub name: Option<String>,
    pub mount_path: Option<String>,
    pub read_only: Option<bool>,
    pub sub_path: Option<String>,
    pub sub_path_expr: Option<String>,
    pub mount_propagation: Option<String>,
    pub recursive_read_only: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub exec: Option<ExecAction>,
    pub http_get: Option<HttpGetAction>,
    pub tcp_socket: Option<TcpSocketAction>,
    pub grpc: Option<GrpcAction>,
    pub initial_delay_seconds: Option<i32>,
    pub timeout_seconds: Option<i32>,
    pub period_seconds: Option<i32>,
    pub success_threshold: Option<i32>,
    pub failure_threshold: Option<i32>,
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Lifecycle {
    pub post_start: Option<LifecycleHandler>,
    pub pre_stop: Option<LifecycleHandler>,
    pub stop_signal: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleHandler {
    pub exec: Option<ExecAction>,
    pub http_get: Option<HttpGetAction>,
    pub tcp_socket: Option<TcpSocketAction>,
    pub sleep: Option<super::container_fields::SleepAction>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ExecAction {
    pub command: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct HttpGetAction {
    pub path: Option<String>,
    pub port: Option<IntOrString>,
    pub host: Option<String>,
    pub scheme: Option<String>,
    #[serde(rename = "httpHeaders")]
    pub http_headers: Option<Vec<super::container_fields::HttpHeader>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct TcpSocketAction {
    pub port: Option<IntOrString>,
    pub host: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct GrpcAction {
    pub port: Option<i32>,
    pub service: Option<String>,
}

/// A volume: its name and its sources (exactly one is allowed).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    pub name: Option<String>,
    pub empty_dir: Option<EmptyDirVolumeSource>,
    pub host_path: Option<HostPathVolumeSource>,
    pub secret: Option<SecretVolumeSource>,
    pub config_map: Option<ConfigMapVolumeSource>,
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    pub git_repo: Option<vs::GitRepoVolumeSource>,
    pub gce_persistent_disk: Option<vs::PersistentDiskVolumeSource>,
    pub aws_elastic_block_store: Option<vs::PersistentDiskVolumeSource>,
    pub nfs: Option<vs::NfsVolumeSource>,
    pub iscsi: Option<vs::IscsiVolumeSource>,
    pub glusterfs: Option<vs::GlusterfsVolumeSource>,
    pub flocker: Option<vs::FlockerVolumeSource>,
    pub rbd: Option<vs::RbdVolumeSource>,
    pub cinder: Option<vs::CinderVolumeSource>,
    pub cephfs: Option<vs::CephFsVolumeSource>,
    pub quobyte: Option<vs::QuobyteVolumeSource>,
    #[serde(rename = "downwardAPI")]
    pub downward_api: Option<vs::DownwardApiVolumeSource>,
    pub fc: Option<vs::FcVolumeSource>,
    pub flex_volume: Option<vs::FlexVolumeSource>,
    pub azure_file: Option<vs::AzureFileVolumeSource>,
    pub vsphere_volume: Option<vs::VsphereVolumeSource>,
    pub photon_persistent_disk: Option<vs::PhotonPersistentDiskVolumeSource>,
    pub portworx_volume: Option<vs::CinderVolumeSource>,
    pub azure_disk: Option<vs::AzureDiskVolumeSource>,
    pub storageos: Option<vs::StorageOsVolumeSource>,
    pub projected: Option<vs::ProjectedVolumeSource>,
    #[serde(rename = "scaleIO")]
    pub scale_io: Option<vs::ScaleIoVolumeSource>,
    pub csi: Option<vs::CsiVolumeSource>,
    pub ephemeral: Option<vs::EphemeralVolumeSource>,
    pub image: Option<vs::ImageVolumeSource>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EmptyDirVolumeSource {
    pub medium: Option<String>,
    pub size_limit: Option<Quantity>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecretVolumeSource {
    pub secret_name: Option<String>,
    pub items: Option<Vec<KeyToPath>>,
    pub default_mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMapVolumeSource {
    pub name: Option<String>,
    pub items: Option<Vec<KeyToPath>>,
    pub default_mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct KeyToPath {
    pub key: Option<String>,
    pub path: Option<String>,
    pub mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimVolumeSource {
    pub claim_name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct HostPathVolumeSource {
    pub path: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodSecurityContext {
    pub run_as_user: Option<i64>,
    pub run_as_group: Option<i64>,
    pub run_as_non_root: Option<bool>,
    pub fs_group: Option<i64>,
    pub supplemental_groups: Option<Vec<i64>>,
    pub supplemental_groups_policy: Option<String>,
    pub fs_group_change_policy: Option<String>,
    pub sysctls: Option<Vec<super::pod_fields::Sysctl>>,
    pub seccomp_profile: Option<super::pod_fields::SecurityProfile>,
    pub app_armor_profile: Option<super::pod_fields::SecurityProfile>,
    #[serde(rename = "seLinuxOptions")]
    pub se_linux_options: Option<super::pod_fields::SeLinuxOptions>,
    #[serde(rename = "seLinuxChangePolicy")]
    pub se_linux_change_policy: Option<String>,
    pub windows_options: Option<super::pod_fields::WindowsSecurityContextOptions>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecurityContext {
    pub run_as_user: Option<i64>,
    pub run_as_group: Option<i64>,
    pub privileged: Option<bool>,
    pub allow_privilege_escalation: Option<bool>,
    pub capabilities: Option<super::pod_fields::Capabilities>,
    #[serde(rename = "seLinuxOptions")]
    pub se_linux_options: Option<super::pod_fields::SeLinuxOptions>,
    pub windows_options: Option<super::pod_fields::WindowsSecurityContextOptions>,
    pub run_as_non_root: Option<bool>,
    pub read_only_root_filesystem: Option<bool>,
    pub proc_mount: Option<String>,
    pub seccomp_profile: Option<super::pod_fields::SecurityProfile>,
    pub app_armor_profile: Option<super::pod_fields::SecurityProfile>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodDnsConfig {
    pub nameservers: Option<Vec<String>>,
    pub searches: Option<Vec<String>>,
    pub options: Option<Vec<PodDnsConfigOption>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodDnsConfigOption {
    pub name: Option<String>,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TopologySpreadConstraint {
    pub max_skew: Option<i32>,
    pub topology_key: Option<String>,
    pub when_unsatisfiable: Option<String>,
    pub label_selector: Option<LabelSelector>,
    pub min_domains: Option<i32>,
    pub node_affinity_policy: Option<String>,
    pub node_taints_policy: Option<String>,
    pub match_label_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct LocalObjectReference {
    pub name: Option<String>,
}

/// A toleration, as written: empty strings stand for absent fields (Go's zero values).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

/// A node taint (`spec.taints[i]`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    #[serde(default)]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default)]
    pub effect: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Affinity {
    pub node_affinity: Option<NodeAffinity>,
    pub pod_affinity: Option<super::pod_fields::Affinities>,
    pub pod_anti_affinity: Option<super::pod_fields::Affinities>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct NodeAffinity {
    #[serde(rename = "requiredDuringSchedulingIgnoredDuringExecution")]
    pub required: Option<NodeSelector>,
    #[serde(rename = "preferredDuringSchedulingIgnoredDuringExecution")]
    pub preferred: Option<Vec<PreferredSchedulingTerm>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelector {
    #[serde(default)]
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelectorTerm {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct NodeSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PreferredSchedulingTerm {
    pub weight: Option<i32>,
    #[serde(default)]
    pub preference: NodeSelectorTerm,
}

impl PodSpec {
    pub fn host_network(&self) -> bool {
        self.host_network.unwrap_or(false)
    }
}
