//! The workload fields of the alpha `GenericWorkload` gate: kubernetes/kubernetes
//! `pkg/apis/core/validation` `validateWorkloadReference` (`spec.workloadRef`, 1.35) and
//! `validateSchedulingGroup` (`spec.schedulingGroup`, 1.36 on). While the gate is off and the
//! stored template does not use them, they are dropped before validation.

use super::names::{is_dns1123_label, is_dns1123_subdomain};
use super::{invalid_each, ValidationOptions};
use crate::feature_gates::Feature;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::PodSpec;
use crate::release::Release;

/// The part of `ValidatePodSpec` for `workloadRef` / `schedulingGroup`. Each is a field only of
/// its releases (the other's decoder drops it as unknown).
pub fn validate_workload_fields(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    if !opts.enabled(Feature::GenericWorkload) && !opts.old_workload_fields_in_use {
        return errs;
    }
    match opts.release {
        Release::V1_35 => {
            if let Some(w) = &spec.workload_ref {
                let at = path.child("workloadRef");
                // `ValidateWorkloadName` is NameIsDNSSubdomain, `ValidatePodGroupName` and
                // `ValidatePodGroupReplicaKey` NameIsDNSLabel in 1.35.
                let name = w.name.as_deref().unwrap_or("");
                errs.extend(invalid_each(&at.child("name"), name, is_dns1123_subdomain(name)));
                let group = w.pod_group.as_deref().unwrap_or("");
                errs.extend(invalid_each(&at.child("podGroup"), group, is_dns1123_label(group)));
                let key = w.pod_group_replica_key.as_deref().unwrap_or("");
                if !key.is_empty() {
                    errs.extend(invalid_each(&at.child("podGroupReplicaKey"), key, is_dns1123_label(key)));
                }
            }
        }
        _ => {
            if let Some(g) = &spec.scheduling_group {
                let at = path.child("schedulingGroup.podGroupName");
                match g.pod_group_name.as_deref() {
                    None => errs.push(FieldError::invalid(
                        &at,
                        BadValue::Bare("null".into()),
                        "must specify one of: `podGroupName`",
                    )),
                    // 1.36: `ValidatePodGroupName` is NameIsDNSSubdomain.
                    Some(name) => errs.extend(invalid_each(&at, name, is_dns1123_subdomain(name))),
                }
            }
        }
    }
    errs
}
