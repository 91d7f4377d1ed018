//! API-server validation of an apps/v1 DaemonSet, ported function by function from
//! kubernetes/kubernetes `pkg/apis/apps/validation` and `pkg/apis/core/validation`, and
//! kubernetes/apimachinery `pkg/api/validation`. Errors come in the order the checks run.

pub mod claim_template;
pub mod containers;
pub mod daemonset;
pub mod env;
pub mod env_from;
pub mod ephemeral;
pub mod iscsi;
pub mod meta;
pub mod names;
pub mod pod;
pub mod probes;
pub mod projected;
pub mod resize_policy;
pub mod resources;
pub mod restart_policy;
pub mod selector;
pub mod signer;
pub mod tolerations;
pub mod topology_spread;
pub mod volume_mounts;
pub mod volume_sources;
pub mod volumes;

// Pod-level checks of `ValidatePodSpec` and object metadata.
pub mod affinity;
pub mod dns;
pub mod drop_disabled;
pub mod go_json;
pub mod go_value;
pub mod ip;
pub mod managed_fields;
pub mod match_label_keys;
pub mod owner_references;
pub mod pod_os;
pub mod pod_resources;
pub mod pod_spec_fields;
pub mod profiles;
pub mod resource_claims;
pub mod security_context;
pub mod tolerations_annotation;
pub mod update_options;
pub mod windows_options;
pub mod workload;

pub use daemonset::{validate_daemon_set, validate_daemon_set_update};

/// `PodValidationOptions` that change outcomes for a DaemonSet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValidationOptions {
    /// Relaxed on update when the stored selector already holds invalid values.
    pub allow_invalid_label_value_in_selector: bool,
    /// Relaxed on update when the stored required node affinity already does.
    pub allow_invalid_label_value_in_required_node_affinity: bool,
    /// Relaxed on update when a stored topology spread constraint's selector is invalid.
    pub allow_invalid_topology_spread_constraint_label_selector: bool,
    /// The API server's `TaintTolerationComparisonOperators` gate, or Lt/Gt already stored.
    pub allow_taint_toleration_comparison_operators: bool,
    /// The release whose rules and messages apply.
    pub release: crate::release::Release,
    /// The stored object already sets `seLinuxChangePolicy` (any value then stays accepted).
    pub old_se_linux_change_policy_in_use: bool,
    /// A stored topology spread constraint fails the merged-selector `matchLabelKeys` rules.
    pub old_pod_violates_match_label_keys_validation: bool,
    /// A stored namespaced sysctl already sits next to the host's network or IPC namespace.
    pub allow_namespaced_sysctls_for_host_net_and_host_ipc: bool,
    /// Feature gates the caller set; the others keep the release's default (see `enabled`).
    pub gates: crate::feature_gates::FeatureGates,
    /// The stored object already has a non-local projected token path.
    pub allow_non_local_projected_token_path: bool,
    /// The stored pod already has `volumeDevices` with `hostUsers: false`.
    pub allow_user_namespaces_with_volume_devices: bool,
    /// The stored pod already runs `hostNetwork` with `hostUsers: false`.
    pub allow_user_namespaces_host_network_support: bool,
    /// The stored pod-deletion-cost annotation is already invalid.
    pub allow_invalid_pod_deletion_cost: bool,
    /// The stored object already has hugepages values that are not a page multiple.
    pub allow_indivisible_hugepages_values: bool,
    /// A stored non-sidecar init container already asks for `RestartContainer` (1.36+ rule).
    pub allow_existing_restart_container_for_non_sidecar_init_container: bool,
    /// The stored object already uses container restart policies or rules.
    pub old_container_restart_rules_in_use: bool,
    /// The stored object already uses `RestartAllContainers` (or rules on a sidecar).
    pub old_restart_all_containers_in_use: bool,
    /// The stored object already projects a `clusterTrustBundle` (kept with the gate off).
    pub old_cluster_trust_bundle_in_use: bool,
    /// The stored object already projects a `podCertificate` (kept with the gate off).
    pub old_pod_certificate_in_use: bool,
    /// The stored object already sets a container `lifecycle.stopSignal` (`containerStopSignalsInUse`).
    pub old_stop_signals_in_use: bool,
    /// The stored object already sets `workloadRef` (1.35) or `schedulingGroup` (1.36+).
    pub old_workload_fields_in_use: bool,
}

impl ValidationOptions {
    /// Whether the API server of `release` runs with `feature` on.
    pub fn enabled(&self, feature: crate::feature_gates::Feature) -> bool {
        self.gates.enabled(feature, self.release)
    }

    /// `AllowContainerRestartPolicyRules`: the `ContainerRestartRules` gate, or already in use.
    pub fn allow_container_restart_policy_rules(&self) -> bool {
        self.enabled(crate::feature_gates::Feature::ContainerRestartRules) || self.old_container_restart_rules_in_use
    }

    /// `AllowRestartAllContainers`: the `RestartAllContainersOnContainerExits` gate, or already in use.
    pub fn allow_restart_all_containers(&self) -> bool {
        self.enabled(crate::feature_gates::Feature::RestartAllContainersOnContainerExits)
            || self.old_restart_all_containers_in_use
    }
}

use crate::field::{BadValue, ErrorList, FieldError, Path};

/// Mirrors `ValidateNonnegativeField`.
pub fn validate_nonnegative_field(value: i64, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if value < 0 {
        errs.push(FieldError::invalid(path, BadValue::Bare(value.to_string()), "must be greater than or equal to 0"));
    }
    errs
}

/// Mirrors `ValidateDNS1123Label(value, path)`.
pub fn validate_dns1123_label(value: &str, path: &Path) -> ErrorList {
    ErrorList(
        names::is_dns1123_label(value)
            .into_iter()
            .map(|m| FieldError::invalid(path, BadValue::Str(value.into()), m))
            .collect(),
    )
}

/// One `Invalid` per message, with a Go-string value.
pub fn invalid_each(path: &Path, value: &str, messages: Vec<String>) -> ErrorList {
    ErrorList(messages.into_iter().map(|m| FieldError::invalid(path, BadValue::Str(value.into()), m)).collect())
}

/// A named Go string type (an operator, an effect, a policy) prints as JSON.
pub fn named(value: &str) -> BadValue {
    BadValue::Json(serde_json::Value::String(value.to_string()))
}
