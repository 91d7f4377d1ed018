//! Pod template and pod spec validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidatePodTemplateSpec`, `ValidatePodSpec`, `validateAffinity`, `ValidateVolumes`.

use super::affinity::validate_pod_affinities;
use super::containers::{validate_pod_containers, PodContext};
use super::dns::{validate_host_aliases, validate_pod_dns_config};
use super::env::validate_file_key_ref_volumes;
use super::meta::{validate_annotations, validate_label_name, validate_labels};
use super::names::{is_valid_label_value, name_is_dns_subdomain};
use super::pod_os::{validate_host_users, validate_pod_os};
use super::pod_resources::validate_pod_resources;
use super::pod_spec_fields::{
    validate_overhead, validate_pod_host_name, validate_preemption_policy, validate_readiness_gates,
    validate_scheduling_gates,
};
use super::profiles::{
    validate_app_armor_annotations_and_fields_match, validate_app_armor_pod_annotations,
    validate_seccomp_annotations_and_fields, validate_seccomp_pod_annotations,
};
use super::resource_claims::validate_pod_resource_claims;
use super::security_context::validate_pod_spec_security_context;
use super::tolerations::validate_tolerations;
use super::tolerations_annotation::validate_tolerations_in_pod_annotations;
use super::topology_spread::validate_topology_spread_constraints;
use super::volumes::validate_volumes;
use super::windows_options::validate_windows_host_process_pod;
use super::workload::validate_workload_fields;
use super::{invalid_each, named, validate_dns1123_label, ValidationOptions};
use crate::feature_gates::Feature;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{
    NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, PodTemplateSpec, StringMap,
};

const MIRROR_POD_ANNOTATION: &str = "kubernetes.io/config.mirror";
const POD_DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";

/// Mirrors `ValidatePodTemplateSpec`. Template labels and annotations report at
/// `spec.template.labels` / `spec.template.annotations`, as upstream does.
pub fn validate_pod_template_spec(t: &PodTemplateSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let meta = t.metadata.clone().unwrap_or_default();
    let spec = t.spec.clone().unwrap_or_default();
    errs.extend(validate_labels(meta.labels.as_ref(), &path.child("labels")));
    errs.extend(validate_annotations(meta.annotations.as_ref(), &path.child("annotations")));
    errs.extend(validate_pod_specific_annotations(meta.annotations.as_ref(), &spec, &path.child("annotations"), opts));
    errs.extend(validate_pod_spec(&spec, &path.child("spec"), opts));
    let annotations = meta.annotations.unwrap_or_default();
    errs.extend(validate_seccomp_annotations_and_fields(&annotations, &spec, &path.child("spec")));
    errs.extend(validate_app_armor_annotations_and_fields_match(&annotations, &spec, &path.child("spec")));
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        errs.push(FieldError::forbidden(
            &path.child("spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// Mirrors `ValidatePodSpecificAnnotations`: mirror pod, tolerations, deletion cost, seccomp and
/// AppArmor annotations.
fn validate_pod_specific_annotations(
    annotations: Option<&StringMap>,
    spec: &PodSpec,
    path: &Path,
    opts: ValidationOptions,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(a) = annotations else { return errs };
    if let Some(mirror) = a.get(MIRROR_POD_ANNOTATION).filter(|_| spec.node_name.as_deref().unwrap_or("").is_empty()) {
        errs.push(FieldError::invalid(
            &path.key(MIRROR_POD_ANNOTATION),
            BadValue::Str(mirror.clone()),
            "must set spec.nodeName if mirror pod annotation is set",
        ));
    }
    errs.extend(validate_tolerations_in_pod_annotations(a, path, opts));
    if let Some(cost) = a.get(POD_DELETION_COST_ANNOTATION).filter(|_| !opts.allow_invalid_pod_deletion_cost) {
        if get_deletion_cost_from_pod_annotations(a).is_err() {
            errs.push(FieldError::invalid(
                &path.key(POD_DELETION_COST_ANNOTATION),
                BadValue::Str(cost.clone()),
                "must be a 32bit integer",
            ));
        }
    }
    errs.extend(validate_seccomp_pod_annotations(a, path));
    errs.extend(validate_app_armor_pod_annotations(a, spec, path));
    errs
}

/// Mirrors `GetDeletionCostFromPodAnnotations` (`pkg/apis/core/helper`): no `+` sign nor
/// leading zero (`validFirstDigit`), then `strconv.ParseInt(value, 10, 32)`.
pub fn get_deletion_cost_from_pod_annotations(a: &StringMap) -> Result<i32, ()> {
    let Some(value) = a.get(POD_DELETION_COST_ANNOTATION) else { return Ok(0) };
    let valid_first_digit = match value.as_bytes().first() {
        None => false,
        Some(b'-') => true,
        Some(b'0') => value == "0",
        Some(b) => b.is_ascii_digit(),
    };
    if !valid_first_digit {
        return Err(());
    }
    // Rust's parser reads what `ParseInt` reads once the first digit is checked.
    value.parse::<i32>().map_err(|_| ())
}

/// Mirrors `ValidatePodSpec`, in its order of checks.
pub fn validate_pod_spec(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let (volume_names, volume_errs) =
        validate_volumes(spec.volumes.as_deref().unwrap_or_default(), &path.child("volumes"), opts);
    errs.extend(volume_errs);
    errs.extend(validate_pod_resource_claims(
        spec.resource_claims.as_deref().unwrap_or_default(),
        &path.child("resourceClaims"),
    ));
    let ctx = PodContext::new(spec, &volume_names, opts);
    errs.extend(validate_pod_containers(spec, &ctx, path));
    if opts.enabled(Feature::PodLevelResources) {
        errs.extend(validate_pod_resources(spec, &ctx.claim_names, path, opts));
    }
    errs.extend(validate_pod_host_network_deps(spec, path));
    errs.extend(validate_policy(
        spec.restart_policy.as_deref(),
        &path.child("restartPolicy"),
        &["Always", "OnFailure", "Never"],
    ));
    errs.extend(validate_policy(
        spec.dns_policy.as_deref(),
        &path.child("dnsPolicy"),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    ));
    errs.extend(validate_labels(spec.node_selector.as_ref(), &path.child("nodeSelector")));
    errs.extend(validate_pod_spec_security_context(spec, &path.child("securityContext"), opts));
    errs.extend(validate_affinity(spec, opts, &path.child("affinity")));
    errs.extend(validate_pod_dns_config(spec, &path.child("dnsConfig"), opts));
    errs.extend(validate_readiness_gates(
        spec.readiness_gates.as_deref().unwrap_or_default(),
        &path.child("readinessGates"),
    ));
    errs.extend(validate_scheduling_gates(
        spec.scheduling_gates.as_deref().unwrap_or_default(),
        &path.child("schedulingGates"),
    ));
    errs.extend(validate_topology_spread_constraints(
        spec.topology_spread_constraints.as_deref().unwrap_or_default(),
        &path.child("topologySpreadConstraints"),
        opts,
    ));
    errs.extend(validate_windows_host_process_pod(spec, path));
    errs.extend(validate_host_users(spec, path, opts));
    errs.extend(validate_pod_host_name(spec, path));
    // Conversion from v1 takes the deprecated `serviceAccount` when `serviceAccountName` is empty.
    let service_account =
        spec.service_account_name.clone().filter(|s| !s.is_empty()).or(spec.deprecated_service_account.clone());
    for (field, value) in [("serviceAccountName", &service_account), ("nodeName", &spec.node_name)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            errs.extend(invalid_each(&path.child(field), v, name_is_dns_subdomain(v, false)));
        }
    }
    if let Some(v) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&v) {
            errs.push(FieldError::invalid(
                &path.child("activeDeadlineSeconds"),
                BadValue::Bare(v.to_string()),
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            errs.extend(validate_dns1123_label(v, &path.child(field)));
        }
    }
    if let Some(t) = spec.tolerations.as_deref().filter(|t| !t.is_empty()) {
        errs.extend(validate_tolerations(t, &path.child("tolerations"), opts));
    }
    if let Some(aliases) = spec.host_aliases.as_deref().filter(|a| !a.is_empty()) {
        errs.extend(validate_host_aliases(aliases, &path.child("hostAliases"), opts));
    }
    for (field, value) in
        [("priorityClassName", &spec.priority_class_name), ("runtimeClassName", &spec.runtime_class_name)]
    {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty() || field == "runtimeClassName") {
            errs.extend(invalid_each(&path.child(field), v, name_is_dns_subdomain(v, false)));
        }
    }
    if let Some(p) = &spec.preemption_policy {
        errs.extend(validate_preemption_policy(p, &path.child("preemptionPolicy")));
    }
    if let Some(overhead) = &spec.overhead {
        errs.extend(validate_overhead(overhead, opts.allow_indivisible_hugepages_values, &path.child("overhead")));
    }
    errs.extend(validate_pod_os(spec, path));
    errs.extend(validate_workload_fields(spec, path, opts));
    errs.extend(validate_file_key_ref_volumes(spec, path));
    errs
}

/// Mirrors `validateAffinity`.
fn validate_affinity(spec: &PodSpec, opts: ValidationOptions, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(affinity) = &spec.affinity else { return errs };
    if let Some(na) = &affinity.node_affinity {
        errs.extend(validate_node_affinity(na, opts, &path.child("nodeAffinity")));
    }
    let allow = opts.allow_invalid_label_value_in_selector;
    if let Some(pa) = &affinity.pod_affinity {
        errs.extend(validate_pod_affinities(pa, allow, &path.child("podAffinity")));
    }
    if let Some(pa) = &affinity.pod_anti_affinity {
        errs.extend(validate_pod_affinities(pa, allow, &path.child("podAntiAffinity")));
    }
    errs
}

/// `validateRestartPolicy` and `validateDNSPolicy`: required, then one of the listed values.
fn validate_policy(value: Option<&str>, path: &Path, supported: &[&str]) -> ErrorList {
    let mut errs = ErrorList::new();
    match value.unwrap_or("") {
        "" => errs.push(FieldError::required(path, "")),
        v if supported.contains(&v) => {}
        v => errs.push(FieldError::not_supported(path, named(v), supported)),
    }
    errs
}

/// Mirrors `validatePodHostNetworkDeps` for templates: a set hostPort must equal containerPort.
fn validate_pod_host_network_deps(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if !spec.host_network() {
        return errs;
    }
    for (i, c) in spec.containers.iter().flatten().enumerate() {
        for (j, p) in c.ports.iter().flatten().enumerate() {
            let host_port = p.host_port.unwrap_or(0);
            if host_port != 0 && host_port != p.container_port.unwrap_or(0) {
                let at = path.child("containers").index(i).child("ports").index(j).child("hostPort");
                errs.push(FieldError::invalid(
                    &at,
                    BadValue::Bare(host_port.to_string()),
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

/// `IsValidUserID` / `IsValidGroupID`: 0 to 2147483647.
pub fn validate_id(value: Option<i64>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(v) = value.filter(|v| !(0..=i64::from(i32::MAX)).contains(v)) {
        errs.push(FieldError::invalid(
            path,
            BadValue::Bare(v.to_string()),
            "must be between 0 and 2147483647, inclusive",
        ));
    }
    errs
}

/// Mirrors `validateNodeAffinity`.
pub fn validate_node_affinity(na: &NodeAffinity, opts: ValidationOptions, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(required) = &na.required {
        errs.extend(validate_node_selector(
            required,
            opts.allow_invalid_label_value_in_required_node_affinity,
            &path.child("requiredDuringSchedulingIgnoredDuringExecution"),
        ));
    }
    for (i, term) in na.preferred.iter().flatten().enumerate() {
        let p = path.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
        let weight = term.weight.unwrap_or(0);
        if !(1..=100).contains(&weight) {
            errs.push(FieldError::invalid(
                &p.child("weight"),
                BadValue::Bare(weight.to_string()),
                "must be in the range 1-100",
            ));
        }
        errs.extend(validate_node_selector_term(&term.preference, true, &p.child("preference")));
    }
    errs
}

/// Mirrors `ValidateNodeSelector`.
pub fn validate_node_selector(ns: &NodeSelector, allow_invalid_values: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let terms = path.child("nodeSelectorTerms");
    if ns.node_selector_terms.is_empty() {
        errs.push(FieldError::required(&terms, "must have at least one node selector term"));
        return errs;
    }
    for (i, term) in ns.node_selector_terms.iter().enumerate() {
        errs.extend(validate_node_selector_term(term, allow_invalid_values, &terms.index(i)));
    }
    errs
}

/// Mirrors `ValidateNodeSelectorTerm`.
fn validate_node_selector_term(term: &NodeSelectorTerm, allow_invalid_values: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (j, r) in term.match_expressions.iter().enumerate() {
        errs.extend(validate_node_selector_requirement(
            r,
            allow_invalid_values,
            &path.child("matchExpressions").index(j),
        ));
    }
    for (j, r) in term.match_fields.iter().enumerate() {
        errs.extend(validate_node_field_selector_requirement(r, &path.child("matchFields").index(j)));
    }
    errs
}

/// Mirrors `ValidateNodeSelectorRequirement`. Gt/Lt values are not checked to be integers.
fn validate_node_selector_requirement(
    r: &NodeSelectorRequirement,
    allow_invalid_values: bool,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    match r.operator.as_str() {
        "In" | "NotIn" if r.values.is_empty() => errs
            .push(FieldError::required(&path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'")),
        "Exists" | "DoesNotExist" if !r.values.is_empty() => errs.push(FieldError::forbidden(
            &path.child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "Gt" | "Lt" if r.values.len() != 1 => errs.push(FieldError::required(
            &path.child("values"),
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
        other => errs.push(FieldError::invalid(&path.child("operator"), named(other), "not a valid selector operator")),
    }
    errs.extend(validate_label_name(&r.key, &path.child("key")));
    if !allow_invalid_values {
        for (k, v) in r.values.iter().enumerate() {
            errs.extend(invalid_each(&path.child("values").index(k), v, is_valid_label_value(v)));
        }
    }
    errs
}

/// Mirrors `ValidateNodeFieldSelectorRequirement`: only `metadata.name`, In/NotIn, one value.
fn validate_node_field_selector_requirement(r: &NodeSelectorRequirement, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match r.operator.as_str() {
        "In" | "NotIn" => {
            if r.values.len() != 1 {
                errs.push(FieldError::required(
                    &path.child("values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ));
            }
        }
        other => errs.push(FieldError::invalid(&path.child("operator"), named(other), "not a valid selector operator")),
    }
    if r.key != "metadata.name" {
        errs.push(FieldError::invalid(
            &path.child("key"),
            BadValue::Str(r.key.clone()),
            "not a valid field selector key",
        ));
    } else {
        for (k, v) in r.values.iter().enumerate() {
            errs.extend(invalid_each(&path.child("values").index(k), v, name_is_dns_subdomain(v, false)));
        }
    }
    errs
}

/// True when a required node affinity holds a value that is not a label value (stored objects
/// with such values may keep them on update).
pub fn has_invalid_label_value_in_required_node_affinity(spec: Option<&PodSpec>) -> bool {
    let required =
        spec.and_then(|s| s.affinity.as_ref()).and_then(|a| a.node_affinity.as_ref()).and_then(|n| n.required.as_ref());
    required.is_some_and(|r| {
        r.node_selector_terms
            .iter()
            .flat_map(|t| &t.match_expressions)
            .flat_map(|e| &e.values)
            .any(|v| !is_valid_label_value(v).is_empty())
    })
}
