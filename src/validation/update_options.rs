//! The `PodValidationOptions` an update derives from the stored template:
//! kubernetes/kubernetes `pkg/api/pod/util.go` `GetValidationOptionsFromPodTemplate` /
//! `GetValidationOptionsFromPodSpecAndMeta` and the helpers it calls, as the DaemonSet
//! strategy's `ValidateUpdate` uses them. What the stored object already holds stays allowed.

use super::affinity::has_invalid_label_value_in_affinity_selector;
use super::names::is_valid_label_value;
use super::pod::{get_deletion_cost_from_pod_annotations, has_invalid_label_value_in_required_node_affinity};
use super::profiles::visit_containers;
use super::resources::{is_hugepage_value_divisible, is_hugepages};
use super::security_context::{has_namespaced_sysctl_with_host_namespace, se_linux_change_policy_in_use};
use super::selector::validate_label_selector;
use super::topology_spread::has_invalid_topology_spread_match_label_keys;
use super::volumes::validate_local_non_reserved_path;
use super::ValidationOptions;
use crate::field::Path;
use crate::model::{Container, DaemonSet, PodSpec};

/// The options for validating `new` as an update of the stored `old`: `base` carries the
/// release and its gates, each relaxed where the stored template already needs it.
pub fn validation_options_for_update(old: &DaemonSet, base: ValidationOptions) -> ValidationOptions {
    let old_spec = old.pod_spec();
    let old_selector = old.spec.as_ref().and_then(|s| s.selector.as_ref());
    let old_annotations = old.spec.as_ref().and_then(|s| s.template.as_ref()).and_then(|t| t.metadata.as_ref());
    let old_annotations = old_annotations.and_then(|m| m.annotations.clone()).unwrap_or_default();
    let uses = |f: fn(&PodSpec) -> bool| old_spec.is_some_and(f);
    ValidationOptions {
        // The strategy adds the stored DaemonSet selector to the template's own check.
        allow_invalid_label_value_in_selector: label_selector_has_invalid_label_value(old_selector)
            || has_invalid_label_value_in_affinity_selector(old_spec),
        allow_invalid_label_value_in_required_node_affinity: has_invalid_label_value_in_required_node_affinity(
            old_spec,
        ),
        allow_invalid_topology_spread_constraint_label_selector: uses(
            has_invalid_topology_spread_constraint_label_selector,
        ),
        allow_taint_toleration_comparison_operators: base.allow_taint_toleration_comparison_operators
            || uses(taint_toleration_comparison_operators_in_use),
        old_se_linux_change_policy_in_use: se_linux_change_policy_in_use(old_spec),
        old_pod_violates_match_label_keys_validation: has_invalid_topology_spread_match_label_keys(old_spec),
        allow_namespaced_sysctls_for_host_net_and_host_ipc: has_namespaced_sysctl_with_host_namespace(old_spec),
        allow_non_local_projected_token_path: uses(has_non_local_projected_token_path),
        allow_user_namespaces_with_volume_devices: uses(has_user_namespaces_with_volume_devices),
        allow_user_namespaces_host_network_support: uses(user_namespaces_with_host_network),
        allow_invalid_pod_deletion_cost: get_deletion_cost_from_pod_annotations(&old_annotations).is_err(),
        allow_indivisible_hugepages_values: uses(uses_indivisible_huge_pages_values),
        allow_existing_restart_container_for_non_sidecar_init_container: uses(
            has_restart_container_for_non_sidecar_init_container,
        ),
        old_container_restart_rules_in_use: uses(container_restart_rules_in_use),
        old_restart_all_containers_in_use: uses(restart_all_containers_action_in_use),
        old_cluster_trust_bundle_in_use: uses(|s| projections(s).any(|p| p.cluster_trust_bundle.is_some())),
        old_pod_certificate_in_use: uses(|s| projections(s).any(|p| p.pod_certificate.is_some())),
        old_workload_fields_in_use: uses(|s| s.workload_ref.is_some() || s.scheduling_group.is_some()),
        old_stop_signals_in_use: uses(|s| {
            all_containers(s).any(|c| c.lifecycle.as_ref().is_some_and(|l| l.stop_signal.is_some()))
        }),
        ..base
    }
}

/// Mirrors `LabelSelectorHasInvalidLabelValue` (apimachinery meta/v1 validation): only a
/// `matchExpressions` value counts.
fn label_selector_has_invalid_label_value(selector: Option<&crate::model::LabelSelector>) -> bool {
    let expressions = selector.and_then(|s| s.match_expressions.as_ref());
    expressions
        .into_iter()
        .flatten()
        .flat_map(|e| e.values.iter().flatten())
        .any(|v| !is_valid_label_value(v).is_empty())
}

/// Mirrors `hasInvalidTopologySpreadConstraintLabelSelector`.
fn has_invalid_topology_spread_constraint_label_selector(spec: &PodSpec) -> bool {
    spec.topology_spread_constraints
        .iter()
        .flatten()
        .any(|c| !validate_label_selector(c.label_selector.as_ref(), false, &Path::default()).is_empty())
}

/// Mirrors `taintTolerationComparisonOperatorsInUse`.
fn taint_toleration_comparison_operators_in_use(spec: &PodSpec) -> bool {
    spec.tolerations.iter().flatten().any(|t| t.operator == "Lt" || t.operator == "Gt")
}

/// Every projected volume's sources (`clusterTrustBundleProjectionInUse`,
/// `podCertificateProjectionInUse` look for one).
fn projections(spec: &PodSpec) -> impl Iterator<Item = &crate::model::volume_sources::VolumeProjection> {
    let volumes = spec.volumes.iter().flatten().filter_map(|v| v.projected.as_ref());
    volumes.flat_map(|p| p.sources.iter().flatten())
}

/// Mirrors `hasNonLocalProjectedTokenPath`.
fn has_non_local_projected_token_path(spec: &PodSpec) -> bool {
    let sources = spec.volumes.iter().flatten().filter_map(|v| v.projected.as_ref());
    sources
        .flat_map(|p| p.sources.iter().flatten())
        .filter_map(|s| s.service_account_token.as_ref())
        .any(|t| !validate_local_non_reserved_path(t.path.as_deref().unwrap_or(""), &Path::default()).is_empty())
}

fn all_containers(spec: &PodSpec) -> impl Iterator<Item = &Container> {
    visit_containers(spec, &Path::default()).map(|(c, _)| c)
}

/// Mirrors `hasUserNamespacesWithVolumeDevices`.
fn has_user_namespaces_with_volume_devices(spec: &PodSpec) -> bool {
    spec.host_users == Some(false)
        && all_containers(spec).any(|c| c.volume_devices.as_ref().is_some_and(|d| !d.is_empty()))
}

/// What `useAllowUserNamespacesHostNetworkSupport` keeps with its alpha gate off: a stored pod
/// in its own user namespace on the host's network.
fn user_namespaces_with_host_network(spec: &PodSpec) -> bool {
    spec.host_users == Some(false) && spec.host_network()
}

/// Mirrors `usesIndivisibleHugePagesValues`: a container's limits or requests, or the overhead.
fn uses_indivisible_huge_pages_values(spec: &PodSpec) -> bool {
    let indivisible = |list: Option<&std::collections::BTreeMap<String, crate::model::Quantity>>| {
        list.into_iter().flatten().any(|(name, q)| is_hugepages(name) && !is_hugepage_value_divisible(name, q))
    };
    all_containers(spec).any(|c| {
        let r = c.resources.as_ref();
        indivisible(r.and_then(|r| r.limits.as_ref())) || indivisible(r.and_then(|r| r.requests.as_ref()))
    }) || indivisible(spec.overhead.as_ref())
}

/// Mirrors `hasRestartContainerForNonSidecarInitContainer`.
fn has_restart_container_for_non_sidecar_init_container(spec: &PodSpec) -> bool {
    spec.init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() != Some("Always"))
        .any(|c| c.resize_policy.iter().flatten().any(|p| p.restart_policy.as_deref() == Some("RestartContainer")))
}

/// Mirrors `containerRestartRulesInUse`.
fn container_restart_rules_in_use(spec: &PodSpec) -> bool {
    spec.init_containers.iter().flatten().any(|c| {
        c.restart_policy.as_deref().is_some_and(|p| p != "Always")
            || c.restart_policy_rules.as_ref().is_some_and(|r| !r.is_empty())
    }) || spec.containers.iter().flatten().any(|c| c.restart_policy.is_some())
}

/// Mirrors `restartAllContainersActionInUse`.
fn restart_all_containers_action_in_use(spec: &PodSpec) -> bool {
    let restarts_all = |c: &Container| {
        c.restart_policy_rules.iter().flatten().any(|r| r.action.as_deref() == Some("RestartAllContainers"))
    };
    spec.containers.iter().flatten().any(restarts_all)
        || spec.init_containers.iter().flatten().any(|c| {
            restarts_all(c)
                || (c.restart_policy.as_deref() == Some("Always")
                    && c.restart_policy_rules.as_ref().is_some_and(|r| !r.is_empty()))
        })
}
