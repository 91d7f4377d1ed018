//! Resource requirements: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateResourceRequirements` (containers and the pod level), `validateResourceName`,
//! `validateContainerResourceName`, `validatePodResourceName`, `ValidateResourceQuantityValue`,
//! `validateResourceQuantityHugePageValue`, `validateResourceClaimNames`, with the resource
//! helpers of `pkg/apis/core/helper`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::names::is_qualified_name;
use super::{named, validate_dns1123_label};
use crate::field::{BadValue, ErrorList, ErrorType, FieldError, Path};
use crate::model::container_fields::ResourceClaim;
use crate::model::{Quantity, ResourceRequirements};

const HUGEPAGES_PREFIX: &str = "hugepages-";
const DEFAULT_NAMESPACE_PREFIX: &str = "kubernetes.io/";
const REQUESTS_PREFIX: &str = "requests.";

/// `standardResources` of `IsStandardResourceName`.
const STANDARD_RESOURCES: [&str; 20] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

/// `integerResources` of `IsIntegerResourceName`.
const INTEGER_RESOURCES: [&str; 9] = [
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

/// Which names `validateResourceRequirements` accepts: a container's or the pod's.
#[derive(Clone, Copy)]
enum NameRules {
    Container,
    Pod,
}

/// `quantity.String()` in messages: the canonical form, kept by the quantity module.
pub fn quantity_string(q: &Quantity) -> String {
    q.text.clone()
}

/// `Quantity.Value()`: rounded up, away from zero, to a whole number.
fn quantity_value(q: &Quantity) -> i128 {
    let (whole, frac) = (q.nanos / 1_000_000_000, q.nanos % 1_000_000_000);
    whole + frac.signum()
}

/// Mirrors `IsHugePageResourceValueDivisible`.
pub fn is_hugepage_value_divisible(name: &str, q: &Quantity) -> bool {
    let page = Quantity::parse(&name[HUGEPAGES_PREFIX.len().min(name.len())..]);
    page.is_some_and(|page| {
        page.nanos > 0 && page.nanos % 1_000_000_000 == 0 && quantity_value(q) % quantity_value(&page) == 0
    })
}

pub fn is_hugepages(name: &str) -> bool {
    name.starts_with(HUGEPAGES_PREFIX)
}

/// Mirrors `IsNativeResource`: unprefixed, or in the `kubernetes.io/` namespace.
pub fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains(DEFAULT_NAMESPACE_PREFIX)
}

/// Mirrors `IsOvercommitAllowed`.
fn is_overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !is_hugepages(name)
}

/// Mirrors `IsExtendedResourceName`.
fn is_extended_resource_name(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with(REQUESTS_PREFIX)
        && is_qualified_name(&format!("{REQUESTS_PREFIX}{name}")).is_empty()
}

/// Mirrors `IsStandardResourceName` (with the quota hugepages prefixes).
fn is_standard_resource_name(name: &str) -> bool {
    STANDARD_RESOURCES.contains(&name) || is_hugepages(name) || name.starts_with("requests.hugepages-")
}

/// Mirrors `validateResourceName`.
fn validate_resource_name(name: &str, path: &Path) -> ErrorList {
    // A ResourceName is a named string type: printed as JSON.
    let mut errs =
        ErrorList(is_qualified_name(name).into_iter().map(|m| FieldError::invalid(path, named(name), m)).collect());
    if !errs.is_empty() {
        return errs;
    }
    if !name.contains('/') && !is_standard_resource_name(name) {
        errs.push(FieldError::invalid(path, named(name), "must be a standard resource type or fully qualified"));
    }
    errs
}

/// Mirrors `validateContainerResourceName`.
fn validate_container_resource_name(name: &str, path: &Path) -> ErrorList {
    let mut errs = validate_resource_name(name, path);
    if !name.contains('/') {
        if !matches!(name, "cpu" | "memory" | "ephemeral-storage") && !is_hugepages(name) {
            errs.push(FieldError::invalid(path, named(name), "must be a standard resource for containers"));
        }
    } else if !is_native_resource(name) && !is_extended_resource_name(name) {
        errs.push(FieldError::invalid(path, named(name), "doesn't follow extended resource name standard"));
    }
    errs
}

/// Mirrors `validatePodResourceName`: cpu, memory and hugepages (`IsSupportedPodLevelResource`).
fn validate_pod_resource_name(name: &str, path: &Path) -> ErrorList {
    let mut errs = validate_resource_name(name, path);
    if errs.is_empty() && !matches!(name, "cpu" | "memory") && !is_hugepages(name) {
        errs.push(FieldError::not_supported(path, named(name), &["cpu", "hugepages-", "memory"]));
    }
    errs
}

/// Mirrors `ValidateResourceQuantityValue`: not negative; whole for integer resources.
fn validate_resource_quantity_value(name: &str, q: &Quantity, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if q.is_negative() {
        errs.push(FieldError::invalid(path, BadValue::Str(quantity_string(q)), "must be greater than or equal to 0"));
    }
    let integer = INTEGER_RESOURCES.contains(&name) || is_extended_resource_name(name);
    // `MilliValue() % 1000`: the milli-value is rounded up first.
    let milli = q.nanos / 1_000_000 + (q.nanos % 1_000_000).signum();
    if integer && milli % 1000 != 0 {
        errs.push(FieldError::invalid(path, BadValue::Str(quantity_string(q)), "must be an integer"));
    }
    errs
}

/// Mirrors `validateResourceQuantityHugePageValue` (`IsHugePageResourceValueDivisible`), skipped
/// under `AllowIndivisibleHugePagesValues` (the stored object already has such a value).
fn validate_hugepage_value(name: &str, q: &Quantity, allow_indivisible: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if allow_indivisible {
        return errs;
    }
    if !is_hugepage_value_divisible(name, q) {
        let s = quantity_string(q);
        errs.push(FieldError::invalid(
            path,
            BadValue::Str(s.clone()),
            format!("{s} is not positive integer multiple of {name}"),
        ));
    }
    errs
}

/// Mirrors `ValidateContainerResourceRequirements`.
pub fn validate_container_resource_requirements(
    r: &ResourceRequirements,
    claim_names: &HashSet<&str>,
    allow_indivisible: bool,
    path: &Path,
) -> ErrorList {
    validate_resource_requirements(r, NameRules::Container, claim_names, allow_indivisible, path)
}

/// Mirrors `validatePodResourceRequirements`.
pub fn validate_pod_resource_requirements(
    r: &ResourceRequirements,
    claim_names: &HashSet<&str>,
    allow_indivisible: bool,
    path: &Path,
) -> ErrorList {
    validate_resource_requirements(r, NameRules::Pod, claim_names, allow_indivisible, path)
}

/// Mirrors `validateResourceRequirements`.
fn validate_resource_requirements(
    r: &ResourceRequirements,
    rules: NameRules,
    claim_names: &HashSet<&str>,
    allow_indivisible: bool,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let (lim_path, req_path) = (path.child("limits"), path.child("requests"));
    let empty = BTreeMap::new();
    let limits = r.limits.as_ref().unwrap_or(&empty);
    let check_name = |name: &str, p: &Path| match rules {
        NameRules::Container => validate_container_resource_name(name, p),
        NameRules::Pod => validate_pod_resource_name(name, p),
    };
    let (mut cpu_or_memory, mut hugepages) = (false, false);
    for (name, q) in limits {
        let p = lim_path.key(name);
        errs.extend(check_name(name, &p));
        errs.extend(validate_resource_quantity_value(name, q, &p));
        if is_hugepages(name) {
            hugepages = true;
            errs.extend(validate_hugepage_value(name, q, allow_indivisible, &p));
        }
        cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
    }
    for (name, q) in r.requests.iter().flatten() {
        let p = req_path.key(name);
        errs.extend(check_name(name, &p));
        errs.extend(validate_resource_quantity_value(name, q, &p));
        match limits.get(name) {
            Some(limit) if q.nanos != limit.nanos && !is_overcommit_allowed(name) => {
                errs.push(FieldError::invalid(
                    &req_path,
                    BadValue::Str(quantity_string(q)),
                    format!("must be equal to {name} limit of {}", quantity_string(limit)),
                ));
            }
            Some(limit) if q.nanos > limit.nanos => {
                errs.push(FieldError::invalid(
                    &req_path,
                    BadValue::Str(quantity_string(q)),
                    format!("must be less than or equal to {name} limit of {}", quantity_string(limit)),
                ));
            }
            None if !is_overcommit_allowed(name) => {
                errs.push(FieldError::required(&lim_path, "Limit must be set for non overcommitable resources"))
            }
            _ => {}
        }
        if is_hugepages(name) {
            hugepages = true;
            errs.extend(validate_hugepage_value(name, q, allow_indivisible, &p));
        }
        cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
    }
    if hugepages && !cpu_or_memory {
        errs.push(FieldError::forbidden(path, "HugePages require cpu or memory"));
    }
    errs.extend(validate_resource_claim_names(
        r.claims.as_deref().unwrap_or_default(),
        claim_names,
        &path.child("claims"),
    ));
    errs
}

/// Mirrors `validateResourceClaimNames`: each claim names a pod claim, once.
fn validate_resource_claim_names(claims: &[ResourceClaim], pod_claims: &HashSet<&str>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut keys: HashSet<String> = HashSet::new();
    // How many `name/request` keys each claim has, for the whole-claim overlap check.
    let mut with_request: HashMap<&str, usize> = HashMap::new();
    // Built once: the sorted pod claim names upstream lists.
    let mut not_found_detail: Option<String> = None;
    for (i, claim) in claims.iter().enumerate() {
        let p = path.index(i);
        let name = claim.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p, ""));
            continue;
        }
        if keys.contains(name) {
            errs.push(FieldError::duplicate(&p, BadValue::Str(name.into())));
        } else {
            let request = claim.request.as_deref().unwrap_or("");
            let mut key = name.to_string();
            if !request.is_empty() {
                errs.extend(validate_dns1123_label(request, &p.child("request")));
                key = format!("{name}/{request}");
            }
            if keys.contains(&key) {
                errs.push(FieldError::duplicate(&p, BadValue::Str(key.clone())));
            } else if request.is_empty() {
                // One error per request of this claim already referenced, as upstream's loop.
                for _ in 0..with_request.get(name).copied().unwrap_or(0) {
                    errs.push(FieldError::duplicate(&p, BadValue::Str(name.into())));
                }
            }
            if !request.is_empty() && !keys.contains(&key) {
                *with_request.entry(name).or_default() += 1;
            }
            keys.insert(key);
        }
        if !pod_claims.contains(name) {
            let detail = not_found_detail.get_or_insert_with(|| {
                let sorted: BTreeSet<&str> = crate::sort::set_from(pod_claims.iter().copied());
                if sorted.is_empty() {
                    "must be one of the names in pod.spec.resourceClaims which is empty".to_string()
                } else {
                    let list: Vec<&str> = sorted.into_iter().collect();
                    format!("must be one of the names in pod.spec.resourceClaims: {}", list.join(", "))
                }
            });
            let detail = detail.clone();
            errs.push(FieldError {
                error_type: ErrorType::NotFound,
                field: p.to_string(),
                bad_value: BadValue::Str(name.into()),
                detail,
            });
        }
    }
    errs
}
