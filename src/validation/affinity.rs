//! Pod affinity and anti-affinity: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validatePodAffinity`, `validatePodAntiAffinity` and `validatePodAffinityTerm`.

use super::invalid_each;
use super::match_label_keys::validate_match_label_keys_and_mismatch_label_keys;
use super::meta::validate_label_name;
use super::names::name_is_dns_label;
use super::selector::validate_label_selector;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::{Affinities, PodAffinityTerm};
use crate::model::PodSpec;

/// Mirrors `validatePodAffinity` and `validatePodAntiAffinity` (they check the same).
pub fn validate_pod_affinities(a: &Affinities, allow_invalid_label_values: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let required = path.child("requiredDuringSchedulingIgnoredDuringExecution");
    for (i, term) in a.required.iter().flatten().enumerate() {
        errs.extend(validate_pod_affinity_term(term, allow_invalid_label_values, &required.index(i)));
    }
    // Mirrors `validateWeightedPodAffinityTerms`.
    let preferred = path.child("preferredDuringSchedulingIgnoredDuringExecution");
    for (j, weighted) in a.preferred.iter().flatten().enumerate() {
        let p = preferred.index(j);
        let weight = weighted.weight.unwrap_or(0);
        if !(1..=100).contains(&weight) {
            errs.push(FieldError::invalid(
                &p.child("weight"),
                BadValue::Bare(weight.to_string()),
                "must be in the range 1-100",
            ));
        }
        errs.extend(validate_pod_affinity_term(
            &weighted.pod_affinity_term,
            allow_invalid_label_values,
            &p.child("podAffinityTerm"),
        ));
    }
    errs
}

/// Mirrors `validatePodAffinityTerm`. Namespace errors report at `namespace`, as upstream's do.
fn validate_pod_affinity_term(term: &PodAffinityTerm, allow_invalid_label_values: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    // `ValidatePodAffinityTermSelector`.
    errs.extend(validate_label_selector(
        term.label_selector.as_ref(),
        allow_invalid_label_values,
        &path.child("labelSelector"),
    ));
    errs.extend(validate_label_selector(
        term.namespace_selector.as_ref(),
        allow_invalid_label_values,
        &path.child("namespaceSelector"),
    ));
    for name in term.namespaces.iter().flatten() {
        errs.extend(invalid_each(&path.child("namespace"), name, name_is_dns_label(name, false)));
    }
    errs.extend(validate_match_label_keys_and_mismatch_label_keys(
        path,
        term.match_label_keys.as_deref().unwrap_or_default(),
        term.mismatch_label_keys.as_deref().unwrap_or_default(),
        term.label_selector.as_ref(),
    ));
    let key = term.topology_key.as_deref().unwrap_or("");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("topologyKey"), "can not be empty"));
    }
    errs.extend(validate_label_name(key, &path.child("topologyKey")));
    errs
}

/// Mirrors `hasInvalidLabelValueInAffinitySelector` (`pkg/api/pod/util.go`): a stored pod
/// (anti-)affinity selector with an invalid label value keeps invalid values allowed on update.
pub fn has_invalid_label_value_in_affinity_selector(spec: Option<&PodSpec>) -> bool {
    let Some(affinity) = spec.and_then(|s| s.affinity.as_ref()) else { return false };
    let terms = [&affinity.pod_affinity, &affinity.pod_anti_affinity]
        .into_iter()
        .flatten()
        .flat_map(|a| a.required.iter().flatten().chain(a.preferred.iter().flatten().map(|w| &w.pod_affinity_term)));
    let path = Path::default();
    for term in terms {
        let invalid = !validate_label_selector(term.label_selector.as_ref(), false, &path).is_empty()
            || !validate_label_selector(term.namespace_selector.as_ref(), false, &path).is_empty();
        if invalid {
            return true;
        }
    }
    false
}
