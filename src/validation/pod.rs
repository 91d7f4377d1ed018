//! Pod template and pod spec validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidatePodTemplateSpec`, `ValidatePodSpec`, `validateAffinity`, `ValidateVolumes`.

use super::containers::{validate_containers, validate_init_containers};
use super::meta::{validate_annotations, validate_label_name, validate_labels};
use super::names::{is_valid_label_value, name_is_dns_subdomain};
use super::tolerations::validate_tolerations;
use super::topology_spread::validate_topology_spread_constraints;
use super::volumes::validate_volumes;
use super::{invalid_each, named, validate_dns1123_label, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{
    NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSecurityContext, PodSpec,
    PodTemplateSpec, StringMap,
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
    errs.extend(validate_pod_specific_annotations(meta.annotations.as_ref(), &spec, &path.child("annotations")));
    errs.extend(validate_pod_spec(&spec, &path.child("spec"), opts));
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        errs.push(FieldError::forbidden(
            &path.child("spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// Mirrors `ValidatePodSpecificAnnotations` (mirror pod and deletion cost).
fn validate_pod_specific_annotations(annotations: Option<&StringMap>, spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(a) = annotations else { return errs };
    if a.contains_key(MIRROR_POD_ANNOTATION) && spec.node_name.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::invalid(
            &path.key(MIRROR_POD_ANNOTATION),
            BadValue::Str(MIRROR_POD_ANNOTATION.into()),
            "must set spec.nodeName if mirror pod annotation is set",
        ));
    }
    if let Some(cost) = a.get(POD_DELETION_COST_ANNOTATION) {
        if cost.parse::<i32>().is_err() {
            errs.push(FieldError::invalid(
                &path.key(POD_DELETION_COST_ANNOTATION),
                BadValue::Str(cost.clone()),
                "must be a 32bit integer",
            ));
        }
    }
    errs
}

/// Mirrors `ValidatePodSpec`, in its order of checks.
pub fn validate_pod_spec(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let (volume_names, volume_errs) =
        validate_volumes(spec.volumes.as_deref().unwrap_or_default(), &path.child("volumes"));
    errs.extend(volume_errs);
    let containers = spec.containers.as_deref().unwrap_or_default();
    errs.extend(validate_containers(containers, &volume_names, &path.child("containers")));
    errs.extend(validate_init_containers(
        spec.init_containers.as_deref().unwrap_or_default(),
        containers,
        &volume_names,
        &path.child("initContainers"),
    ));
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
    errs.extend(validate_pod_spec_security_context(spec.security_context.as_ref(), &path.child("securityContext")));
    if let Some(na) = spec.affinity.as_ref().and_then(|a| a.node_affinity.as_ref()) {
        errs.extend(validate_node_affinity(na, opts, &path.child("affinity.nodeAffinity")));
    }
    errs.extend(validate_pod_dns_config(spec, &path.child("dnsConfig")));
    errs.extend(validate_topology_spread_constraints(
        spec.topology_spread_constraints.as_deref().unwrap_or_default(),
        &path.child("topologySpreadConstraints"),
        opts,
    ));
    for (field, value) in [("serviceAccountName", &spec.service_account_name), ("nodeName", &spec.node_name)] {
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
    for (field, value) in
        [("priorityClassName", &spec.priority_class_name), ("runtimeClassName", &spec.runtime_class_name)]
    {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty() || field == "runtimeClassName") {
            errs.extend(invalid_each(&path.child(field), v, name_is_dns_subdomain(v, false)));
        }
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

/// Mirrors `validatePodSpecSecurityContext` for the user and group IDs.
fn validate_pod_spec_security_context(sc: Option<&PodSecurityContext>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(sc) = sc else { return errs };
    for (field, value) in [("runAsUser", sc.run_as_user), ("runAsGroup", sc.run_as_group), ("fsGroup", sc.fs_group)] {
        errs.extend(validate_id(value, &path.child(field)));
    }
    for (i, g) in sc.supplemental_groups.iter().flatten().enumerate() {
        errs.extend(validate_id(Some(*g), &path.child("supplementalGroups").index(i)));
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

/// Mirrors `validatePodDNSConfig` for the rules a template meets.
fn validate_pod_dns_config(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let config = spec.dns_config.as_ref();
    if spec.dns_policy.as_deref() == Some("None") {
        match config {
            None => {
                errs.push(FieldError::required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return errs;
            }
            Some(c) if c.nameservers.as_ref().is_none_or(Vec::is_empty) => {
                errs.push(FieldError::required(
                    &path.child("nameservers"),
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                ));
            }
            _ => {}
        }
    }
    if let Some(ns) = config.and_then(|c| c.nameservers.as_ref()).filter(|ns| ns.len() > 3) {
        errs.push(FieldError::invalid(
            &path.child("nameservers"),
            BadValue::Json(serde_json::json!(ns)),
            "must not have more than 3 nameservers",
        ));
    }
    let searches = config.and_then(|c| c.searches.as_deref()).unwrap_or_default();
    if searches.len() > 32 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            BadValue::Json(serde_json::json!(searches)),
            "must not have more than 32 search paths",
        ));
    }
    // Counted as upstream does: joined with single spaces.
    let search_chars = searches.iter().map(String::len).sum::<usize>() + searches.len().saturating_sub(1);
    if search_chars > 2048 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            BadValue::Json(serde_json::json!(searches)),
            "must not have more than 2048 characters (including spaces) in the search list",
        ));
    }
    for (i, option) in config.and_then(|c| c.options.as_deref()).unwrap_or_default().iter().enumerate() {
        if option.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&path.child("options").index(i), "must not be empty"));
        }
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
