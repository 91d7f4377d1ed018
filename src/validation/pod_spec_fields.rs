//! Single pod spec fields: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateReadinessGates`, `validateSchedulingGates`, `ValidatePreemptionPolicy` and
//! `validatePodHostName`.

use std::collections::{BTreeMap, HashSet};

use super::meta::validate_label_name;
use super::names::is_dns1123_subdomain;
use super::{invalid_each, named};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::{PodReadinessGate, PodSchedulingGate};
use crate::model::{PodSpec, Quantity, ResourceRequirements};

const MAX_HOSTNAME_OVERRIDE_LENGTH: usize = 64;

/// Mirrors `validateReadinessGates`: each condition type is a qualified name.
pub fn validate_readiness_gates(gates: &[PodReadinessGate], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, g) in gates.iter().enumerate() {
        errs.extend(validate_label_name(
            g.condition_type.as_deref().unwrap_or(""),
            &path.index(i).child("conditionType"),
        ));
    }
    errs
}

/// Mirrors `validateSchedulingGates`: qualified names, no duplicates.
pub fn validate_scheduling_gates(gates: &[PodSchedulingGate], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut seen = HashSet::new();
    for (i, g) in gates.iter().enumerate() {
        let name = g.name.as_deref().unwrap_or("");
        errs.extend(validate_label_name(name, &path.index(i)));
        if !seen.insert(name) {
            errs.push(FieldError::duplicate(&path.index(i), BadValue::Str(name.into())));
        }
    }
    errs
}

/// Mirrors `ValidatePreemptionPolicy`.
pub fn validate_preemption_policy(policy: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match policy {
        "PreemptLowerPriority" | "Never" => {}
        "" => errs.push(FieldError::required(path, "")),
        other => errs.push(FieldError::not_supported(path, named(other), &["PreemptLowerPriority", "Never"])),
    }
    errs
}

/// Mirrors `validatePodHostName`: `hostnameOverride` excludes `setHostnameAsFQDN` and the host
/// network, and is a DNS subdomain of at most 64 characters.
pub fn validate_pod_host_name(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(name) = &spec.hostname_override else { return errs };
    let p = path.child("hostnameOverride");
    if spec.set_hostname_as_fqdn == Some(true) {
        errs.push(FieldError::forbidden(&p, "may not be specified when setHostnameAsFQDN is true"));
    }
    if spec.host_network() {
        errs.push(FieldError::forbidden(&p, "may not be specified when hostNetwork is true"));
    }
    if name.len() > MAX_HOSTNAME_OVERRIDE_LENGTH {
        errs.push(FieldError::too_long(&p, MAX_HOSTNAME_OVERRIDE_LENGTH));
    }
    errs.extend(invalid_each(&p, name, is_dns1123_subdomain(name)));
    errs
}

/// Mirrors `validateOverhead`: the container resource rules, on the overhead as limits.
pub fn validate_overhead(overhead: &BTreeMap<String, Quantity>, allow_indivisible: bool, path: &Path) -> ErrorList {
    let requirements = ResourceRequirements { limits: Some(overhead.clone()), ..Default::default() };
    super::resources::validate_container_resource_requirements(
        &requirements,
        &Default::default(),
        allow_indivisible,
        path,
    )
}
