//! Pod affinity and anti-affinity: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validatePodAffinity`, `validatePodAntiAffinity`, `validatePodAffinityTerm` and
//! `ValidateMatchLabelKeysAndMismatchLabelKeys`.

use std::collections::{HashMap, HashSet};

use super::invalid_each;
use super::meta::validate_label_name;
use super::names::name_is_dns_label;
use super::selector::validate_label_selector;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::{Affinities, PodAffinityTerm};
use crate::model::LabelSelector;

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

/// Mirrors `ValidateMatchLabelKeysAndMismatchLabelKeys`: valid label names, a key not both in
/// `matchLabelKeys` and (twice) in the selector, and not in both key lists.
pub fn validate_match_label_keys_and_mismatch_label_keys(
    path: &Path,
    match_label_keys: &[String],
    mismatch_label_keys: &[String],
    selector: Option<&LabelSelector>,
) -> ErrorList {
    let mut errs = ErrorList::new();
    errs.extend(validate_label_keys(&path.child("matchLabelKeys"), match_label_keys, selector));
    errs.extend(validate_label_keys(&path.child("mismatchLabelKeys"), mismatch_label_keys, selector));
    if let Some(selector) = selector {
        let index: HashMap<&str, usize> = match_label_keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let mut selector_keys: HashSet<&str> =
            selector.match_labels.iter().flatten().map(|(k, _)| k.as_str()).collect();
        for expr in selector.match_expressions.iter().flatten() {
            let key = expr.key.as_str();
            if let Some(i) = index.get(key).filter(|_| selector_keys.contains(key)) {
                // Upstream indexes the parent path here, not `matchLabelKeys`.
                errs.push(FieldError::invalid(
                    &path.index(*i),
                    BadValue::Str(key.into()),
                    "exists in both matchLabelKeys and labelSelector",
                ));
            }
            selector_keys.insert(key);
        }
    }
    let mismatch: HashSet<&str> = mismatch_label_keys.iter().map(String::as_str).collect();
    for (i, k) in match_label_keys.iter().enumerate() {
        if mismatch.contains(k.as_str()) {
            errs.push(FieldError::invalid(
                &path.child("matchLabelKeys").index(i),
                BadValue::Str(k.clone()),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            ));
        }
    }
    errs
}

/// Mirrors `validateLabelKeys`.
fn validate_label_keys(path: &Path, keys: &[String], selector: Option<&LabelSelector>) -> ErrorList {
    let mut errs = ErrorList::new();
    if keys.is_empty() {
        return errs;
    }
    if selector.is_none() {
        errs.push(FieldError::forbidden(path, "must not be specified when labelSelector is not set"));
        return errs;
    }
    for (i, key) in keys.iter().enumerate() {
        errs.extend(validate_label_name(key, &path.index(i)));
    }
    errs
}
