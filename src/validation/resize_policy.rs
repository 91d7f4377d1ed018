//! In-place resize policies: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateResizePolicy` and the init-container rules of `validateInitContainers`.

use std::collections::HashSet;

use super::{named, ValidationOptions};
use crate::field::{ErrorList, FieldError, Path};
use crate::model::container_fields::ContainerResizePolicy;
use crate::model::Container;
use crate::release::Release;

/// Mirrors `validateResizePolicy`. Errors name the list, not the entry, as upstream does.
pub fn validate_resize_policy(
    policies: &[ContainerResizePolicy],
    pod_restart_policy: &str,
    opts: ValidationOptions,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut resources: HashSet<&str> = HashSet::new();
    for (i, p) in policies.iter().enumerate() {
        let resource = p.resource_name.as_deref().unwrap_or("");
        if !resources.insert(resource) {
            errs.push(FieldError::duplicate(&path.index(i), named(resource)));
        }
        match resource {
            "cpu" | "memory" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(path, named(other), &["cpu", "memory"])),
        }
        let restart = p.restart_policy.as_deref().unwrap_or("");
        match restart {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(path, named(other), &["NotRequired", "RestartContainer"])),
        }
        if pod_restart_policy == "Never" && restart != "NotRequired" {
            let detail = if opts.release >= Release::V1_36 {
                "must be 'NotRequired' when pod `restartPolicy` is 'Never'"
            } else {
                "must be 'NotRequired' when `restartPolicy` is 'Never'"
            };
            errs.push(FieldError::invalid(path, named(restart), detail));
        }
    }
    errs
}

/// The resize-policy rules `validateInitContainers` adds. `AllowSidecarResizePolicy`
/// (InPlacePodVerticalScaling, GA) is on; from 1.36 a non-sidecar init container may not ask
/// for `RestartContainer`, unless the stored object already does
/// (`AllowExistingRestartContainerForNonSidecarInitContainer`).
pub fn validate_init_resize_policy(
    c: &Container,
    restart_always: bool,
    opts: ValidationOptions,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if restart_always
        || opts.release < Release::V1_36
        || opts.allow_existing_restart_container_for_non_sidecar_init_container
    {
        return errs;
    }
    for (j, p) in c.resize_policy.iter().flatten().enumerate() {
        if p.restart_policy.as_deref() == Some("RestartContainer") {
            errs.push(FieldError::invalid(
                &path.child("resizePolicy").index(j).child("restartPolicy"),
                named("RestartContainer"),
                "must not be set to 'RestartContainer' for non-sidecar initContainers",
            ));
        }
    }
    errs
}
