//! Ephemeral containers: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateEphemeralContainers`, `validateFieldAllowList` and `validateContainerOnlyForPod`.
//! A template may not have any (`ValidatePodTemplateSpec` says so after these checks), but
//! upstream validates them first, so their own errors come too.

use std::collections::HashSet;

use super::containers::{validate_container_common, PodContext};
use super::volume_mounts::not_found;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::Container;

const NOT_ALLOWED: &str = "cannot be set for an Ephemeral Container";

/// Mirrors `validateEphemeralContainers`.
pub fn validate_ephemeral_containers(
    ephemeral: &[Container],
    containers: &[Container],
    init: &[Container],
    ctx: &PodContext,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let other: HashSet<&str> = containers.iter().chain(init).map(|c| c.name.as_deref().unwrap_or("")).collect();
    let mut all = other.clone();
    for (i, ec) in ephemeral.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(ec, ctx, &p));
        errs.extend(validate_container_only_for_pod(ec, &p));
        let name = ec.name.as_deref().unwrap_or("");
        if !all.insert(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        }
        let target = ec.target_container_name.as_deref().unwrap_or("");
        if !target.is_empty() && !other.contains(target) {
            errs.push(not_found(&p.child("targetContainerName"), target));
        }
        errs.extend(validate_field_allow_list(ec, &p));
        for (j, m) in ec.volume_mounts.iter().flatten().enumerate() {
            let mp = p.child("volumeMounts").index(j);
            if !m.sub_path.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::forbidden(&mp.child("subPath"), NOT_ALLOWED));
            }
            if !m.sub_path_expr.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::forbidden(&mp.child("subPathExpr"), NOT_ALLOWED));
            }
        }
    }
    errs
}

/// Mirrors `validateContainerOnlyForPod`.
fn validate_container_only_for_pod(c: &Container, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let image = c.image.as_deref().unwrap_or("");
    if image.len() != image.trim().len() {
        errs.push(FieldError::invalid(
            &p.child("image"),
            BadValue::Str(image.into()),
            "must not have leading or trailing whitespace",
        ));
    }
    errs
}

/// Mirrors `validateFieldAllowList` with `allowedEphemeralContainerFields`: every field not
/// allowed and not its Go zero value is Forbidden, in `EphemeralContainerCommon`'s field order.
/// An empty list or map that is present is not a zero value.
fn validate_field_allow_list(c: &Container, p: &Path) -> ErrorList {
    let resources_set =
        c.resources.as_ref().is_some_and(|r| r.limits.is_some() || r.requests.is_some() || r.claims.is_some());
    let fields = [
        ("ports", c.ports.is_some()),
        ("resources", resources_set),
        ("resizePolicy", c.resize_policy.is_some()),
        ("restartPolicy", c.restart_policy.is_some()),
        ("restartPolicyRules", c.restart_policy_rules.is_some()),
        ("livenessProbe", c.liveness_probe.is_some()),
        ("readinessProbe", c.readiness_probe.is_some()),
        ("startupProbe", c.startup_probe.is_some()),
        ("lifecycle", c.lifecycle.is_some()),
    ];
    ErrorList(
        fields
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(f, _)| FieldError::forbidden(&p.child(f), NOT_ALLOWED))
            .collect(),
    )
}
