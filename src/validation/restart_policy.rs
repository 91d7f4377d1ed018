//! Container-level restart policy and rules: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateContainerRestartPolicy` and `validateInitContainerRestartPolicy`, under
//! `AllowContainerRestartPolicyRules` (the `ContainerRestartRules` gate, on) and
//! `AllowRestartAllContainers` (`RestartAllContainersOnContainerExits`, on from 1.36), each also
//! allowed when the stored object already uses them.

use super::{named, ValidationOptions};
use crate::field::{ErrorList, FieldError, Path};
use crate::model::Container;
use crate::release::Release;

const MAX_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;

/// Mirrors `validateContainerRestartPolicy`, for regular, init and sidecar containers.
pub fn validate_container_restart_policy(c: &Container, opts: ValidationOptions, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let rules = c.restart_policy_rules.as_deref().unwrap_or_default();
    let policy_path = path.child("restartPolicy");
    match c.restart_policy.as_deref() {
        None if rules.is_empty() => return errs,
        None => errs.push(FieldError::required(&policy_path, "must specify restartPolicy when restart rules are used")),
        Some("Always" | "Never" | "OnFailure") => {}
        Some(other) => {
            errs.push(FieldError::not_supported(&policy_path, named(other), &["Always", "Never", "OnFailure"]))
        }
    }
    let rules_path = path.child("restartPolicyRules");
    // 1.36 counts items (TooMany) where 1.35 said TooLong.
    let too_many = |p: &Path, n: usize, max: usize| {
        if opts.release >= Release::V1_36 {
            FieldError::too_many(p, n, max)
        } else {
            FieldError::too_long(p, max)
        }
    };
    if rules.len() > MAX_RULES {
        errs.push(too_many(&rules_path, rules.len(), MAX_RULES));
    }
    let actions: &[&str] =
        if opts.allow_restart_all_containers() { &["Restart", "RestartAllContainers"] } else { &["Restart"] };
    // 1.35 lists only "Restart" whatever is allowed; 1.36 lists what is (#137369).
    let listed: &[&str] = if opts.release >= Release::V1_36 { actions } else { &["Restart"] };
    for (i, rule) in rules.iter().enumerate() {
        let rp = rules_path.index(i);
        let action = rule.action.as_deref().unwrap_or("");
        if !actions.contains(&action) {
            errs.push(FieldError::not_supported(&rp.child("action"), named(action), listed));
        }
        match &rule.exit_codes {
            Some(codes) => {
                let cp = rp.child("exitCodes");
                let operator = codes.operator.as_deref().unwrap_or("");
                if !matches!(operator, "In" | "NotIn") {
                    errs.push(FieldError::not_supported(&cp.child("operator"), named(operator), &["In", "NotIn"]));
                }
                let values = codes.values.as_deref().unwrap_or_default();
                if values.len() > MAX_EXIT_CODES {
                    errs.push(too_many(&cp.child("values"), values.len(), MAX_EXIT_CODES));
                }
            }
            None => errs.push(FieldError::required(&rp.child("exitCodes"), "must be specified")),
        }
    }
    errs
}

/// Mirrors `validateInitContainerRestartPolicy`.
pub fn validate_init_container_restart_policy(c: &Container, opts: ValidationOptions, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let has_rules = c.restart_policy_rules.as_ref().is_some_and(|r| !r.is_empty());
    match c.restart_policy.as_deref() {
        None if has_rules => errs.push(FieldError::required(
            &path.child("restartPolicy"),
            "must specify restartPolicy when restart rules are used",
        )),
        None => {}
        // Without AllowContainerRestartPolicyRules an init container may only be a sidecar.
        Some("Always") if !opts.allow_container_restart_policy_rules() => {}
        Some(other) if !opts.allow_container_restart_policy_rules() => {
            errs.push(FieldError::not_supported(&path.child("restartPolicy"), named(other), &["Always"]))
        }
        // A sidecar may have rules only with RestartAllContainers (1.36+).
        Some("Always") if !opts.allow_restart_all_containers() && has_rules => errs.push(FieldError::forbidden(
            &path.child("restartPolicyRules"),
            "restartPolicyRules are not allowed for init containers with restart policy Always",
        )),
        Some("Always") if !opts.allow_restart_all_containers() => {}
        Some(_) => errs.extend(validate_container_restart_policy(c, opts, path)),
    }
    errs
}

/// The regular containers' part of `validateContainers`. With `ContainerRestartRules` off
/// and unused by the stored object, `dropContainerRestartRules` has already removed both
/// fields, so the Forbidden branch upstream keeps cannot fire.
pub fn validate_regular_container_restart_policy(c: &Container, opts: ValidationOptions, path: &Path) -> ErrorList {
    if opts.allow_container_restart_policy_rules() {
        validate_container_restart_policy(c, opts, path)
    } else {
        ErrorList::new()
    }
}
