//! Pod-level `resources`: kubernetes/kubernetes `pkg/apis/core/validation` `validatePodResources`
//! and `validatePodResourceConsistency`, with the aggregates of component-helpers
//! `resource.AggregateContainerRequests` / `AggregateContainerLimits` (no status resources).

use std::collections::{BTreeMap, HashSet};

use super::resources::{is_hugepages, quantity_string, validate_pod_resource_requirements};
use super::ValidationOptions;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{Container, PodSpec, Quantity};

type ResourceList = BTreeMap<String, Quantity>;

/// Mirrors `validatePodResources`: on a Windows pod the field is refused alone; otherwise no
/// claims, the requirement rules, then consistency with the containers.
pub fn validate_pod_resources(
    spec: &PodSpec,
    claim_names: &HashSet<&str>,
    path: &Path,
    opts: ValidationOptions,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(r) = spec.resources.as_ref() else { return errs };
    let at = path.child("resources");
    if spec.os.as_ref().and_then(|o| o.name.as_deref()) == Some("windows") {
        errs.push(FieldError::forbidden(&at, "may not be set for a windows pod"));
        return errs;
    }
    if r.claims.is_some() {
        errs.push(FieldError::forbidden(&at.child("claims"), "claims may not be set for Resources at pod-level"));
    }
    errs.extend(validate_pod_resource_requirements(r, claim_names, opts.allow_indivisible_hugepages_values, &at));
    errs.extend(validate_pod_resource_consistency(spec, &at));
    errs
}

/// Mirrors `validatePodResourceConsistency`: pod requests cover the containers' aggregate
/// requests, pod hugepages limits their aggregate limits, and no container limit exceeds the
/// pod's. Go ranges over maps here; errors come in resource-name order.
pub fn validate_pod_resource_consistency(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let empty = ResourceList::new();
    let pod = spec.resources.as_ref();
    let pod_requests = pod.and_then(|r| r.requests.as_ref()).unwrap_or(&empty);
    let pod_limits = pod.and_then(|r| r.limits.as_ref()).unwrap_or(&empty);
    let requests = aggregate_container(spec, |c| c.resources.as_ref().and_then(|r| r.requests.as_ref()));
    for (name, total) in &requests {
        let Some(pod_request) = pod_requests.get(name) else { continue };
        if total.nanos > pod_request.nanos {
            errs.push(FieldError::invalid(
                &path.child("requests").key(name),
                BadValue::Str(quantity_string(pod_request)),
                format!("must be greater than or equal to aggregate container requests of {}", quantity_string(total)),
            ));
        }
    }
    let limits = aggregate_container(spec, |c| c.resources.as_ref().and_then(|r| r.limits.as_ref()));
    for (name, total) in limits.iter().filter(|(n, _)| is_hugepages(n)) {
        let Some(pod_limit) = pod_limits.get(name) else { continue };
        if total.nanos > pod_limit.nanos {
            errs.push(FieldError::invalid(
                &path.child("limits").key(name),
                BadValue::Str(quantity_string(pod_limit)),
                format!("must be greater than or equal to aggregate container limits of {}", quantity_string(total)),
            ));
        }
    }
    for (i, c) in spec.containers.iter().flatten().enumerate() {
        for (name, limit) in c.resources.as_ref().and_then(|r| r.limits.as_ref()).unwrap_or(&empty) {
            let Some(pod_limit) = pod_limits.get(name) else { continue };
            if limit.nanos > pod_limit.nanos {
                // Upstream's path: `resources.containers[i][name].limits`, as built there.
                errs.push(FieldError::invalid(
                    &path.child("containers").index(i).key(name).child("limits"),
                    BadValue::Str(quantity_string(limit)),
                    format!("must be less than or equal to pod limits of {}", quantity_string(pod_limit)),
                ));
            }
        }
    }
    errs
}

/// Mirrors `addResourceList`: a new name takes a copy, a known one is summed (`Quantity.Add`).
fn add_resource_list(list: &mut ResourceList, new: &ResourceList) {
    for (name, q) in new {
        let sum = match list.get(name) {
            None => q.clone(),
            Some(v) => v.add(q),
        };
        list.insert(name.clone(), sum);
    }
}

/// Mirrors `maxResourceList`: the greater of the two for every name in `new`.
fn max_resource_list(list: &mut ResourceList, new: &ResourceList) {
    for (name, q) in new {
        if list.get(name).is_none_or(|v| q.nanos > v.nanos) {
            list.insert(name.clone(), q.clone());
        }
    }
}

/// Mirrors `AggregateContainerRequests` / `AggregateContainerLimits`: the regular and sidecar
/// containers summed, then the most any init container needs while it runs (itself plus the
/// sidecars started before it).
fn aggregate_container(spec: &PodSpec, list_of: impl Fn(&Container) -> Option<&ResourceList>) -> ResourceList {
    let empty = ResourceList::new();
    let mut total = ResourceList::new();
    for c in spec.containers.iter().flatten() {
        add_resource_list(&mut total, list_of(c).unwrap_or(&empty));
    }
    let (mut sidecars, mut init) = (ResourceList::new(), ResourceList::new());
    for c in spec.init_containers.iter().flatten() {
        let own = list_of(c).unwrap_or(&empty);
        let running = if c.restart_policy.as_deref() == Some("Always") {
            add_resource_list(&mut total, own);
            add_resource_list(&mut sidecars, own);
            sidecars.clone()
        } else {
            let mut tmp = ResourceList::new();
            add_resource_list(&mut tmp, own);
            add_resource_list(&mut tmp, &sidecars);
            tmp
        };
        max_resource_list(&mut init, &running);
    }
    max_resource_list(&mut total, &init);
    total
}
