//! `matchLabelKeys` and `mismatchLabelKeys` of pod affinity terms and topology spread
//! constraints: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidateMatchLabelKeysAndMismatchLabelKeys` and `ValidateMatchLabelKeysInTopologySpread`.

use std::collections::{HashMap, HashSet};

use super::meta::validate_label_name;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::LabelSelector;

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

/// Mirrors `ValidateMatchLabelKeysInTopologySpread`, the legacy rules a stored constraint that
/// fails the merged-selector ones keeps: no key may also be in the selector.
pub fn validate_match_label_keys_in_topology_spread(
    path: &Path,
    match_label_keys: &[String],
    selector: Option<&LabelSelector>,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if match_label_keys.is_empty() {
        return errs;
    }
    let mut selector_keys = HashSet::new();
    match selector {
        Some(s) => {
            selector_keys.extend(s.match_labels.iter().flatten().map(|(k, _)| k.as_str()));
            selector_keys.extend(s.match_expressions.iter().flatten().map(|e| e.key.as_str()));
        }
        None => errs.push(FieldError::forbidden(path, "must not be specified when labelSelector is not set")),
    }
    for (i, key) in match_label_keys.iter().enumerate() {
        errs.extend(validate_label_name(key, &path.index(i)));
        if selector_keys.contains(key.as_str()) {
            errs.push(FieldError::invalid(
                &path.index(i),
                BadValue::Str(key.clone()),
                "exists in both matchLabelKeys and labelSelector",
            ));
        }
    }
    errs
}
