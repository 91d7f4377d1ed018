//! Topology spread constraint validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateTopologySpreadConstraints` and the checks it calls.

use super::match_label_keys::{
    validate_match_label_keys_and_mismatch_label_keys, validate_match_label_keys_in_topology_spread,
};
use super::named;
use super::selector::validate_label_selector;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::TopologySpreadConstraint;

const IS_NOT_POSITIVE: &str = "must be greater than zero";

/// Mirrors `validateTopologySpreadConstraints`.
pub fn validate_topology_spread_constraints(
    constraints: &[TopologySpreadConstraint],
    path: &Path,
    opts: super::ValidationOptions,
) -> ErrorList {
    let mut errs = ErrorList::new();
    // Where each {topologyKey, whenUnsatisfiable} pair last occurs: a pair repeats when it occurs
    // again later (one pass instead of comparing every pair of constraints).
    let last_index: std::collections::HashMap<(&str, &str), usize> = constraints
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.topology_key.as_deref().unwrap_or(""), c.when_unsatisfiable.as_deref().unwrap_or("")), i))
        .collect();
    for (i, c) in constraints.iter().enumerate() {
        let p = path.index(i);
        let max_skew = c.max_skew.unwrap_or(0);
        if max_skew <= 0 {
            errs.push(FieldError::invalid(&p.child("maxSkew"), BadValue::Bare(max_skew.to_string()), IS_NOT_POSITIVE));
        }
        let key = c.topology_key.as_deref().unwrap_or("");
        if key.is_empty() {
            errs.push(FieldError::required(&p.child("topologyKey"), "can not be empty"));
        }
        let action = c.when_unsatisfiable.as_deref().unwrap_or("");
        if !matches!(action, "DoNotSchedule" | "ScheduleAnyway") {
            errs.push(FieldError::not_supported(
                &p.child("whenUnsatisfiable"),
                named(action),
                &["DoNotSchedule", "ScheduleAnyway"],
            ));
        }
        // `ValidateSpreadConstraintNotRepeat`: {topologyKey, whenUnsatisfiable} is unique.
        let repeated = last_index.get(&(key, action)).is_some_and(|last| *last > i);
        if repeated {
            errs.push(FieldError::duplicate(
                &p.child("{topologyKey, whenUnsatisfiable}"),
                BadValue::Str(format!("{{{key}, {action}}}")),
            ));
        }
        if let Some(min) = c.min_domains {
            let at = p.child("minDomains");
            if min <= 0 {
                errs.push(FieldError::invalid(&at, BadValue::Bare(min.to_string()), IS_NOT_POSITIVE));
            }
            if action != "DoNotSchedule" {
                errs.push(FieldError::invalid(
                    &at,
                    BadValue::Bare(min.to_string()),
                    format!("can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"),
                ));
            }
        }
        for (field, policy) in
            [("nodeAffinityPolicy", &c.node_affinity_policy), ("nodeTaintsPolicy", &c.node_taints_policy)]
        {
            if let Some(v) = policy.as_deref().filter(|v| !matches!(*v, "Honor" | "Ignore")) {
                errs.push(FieldError::not_supported(&p.child(field), named(v), &["Honor", "Ignore"]));
            }
        }
        // `MatchLabelKeysInPodTopologySpreadSelectorMerge` is on: the merged-selector rules,
        // unless the stored object already fails them.
        errs.extend(validate_match_label_keys(c, &p, opts));
        errs.extend(validate_label_selector(
            c.label_selector.as_ref(),
            opts.allow_invalid_topology_spread_constraint_label_selector,
            &p.child("labelSelector"),
        ));
    }
    errs
}

/// The `matchLabelKeys` branch of `validateTopologySpreadConstraints`.
fn validate_match_label_keys(c: &TopologySpreadConstraint, path: &Path, opts: super::ValidationOptions) -> ErrorList {
    let keys = c.match_label_keys.as_deref().unwrap_or_default();
    if opts.old_pod_violates_match_label_keys_validation {
        validate_match_label_keys_in_topology_spread(&path.child("matchLabelKeys"), keys, c.label_selector.as_ref())
    } else {
        validate_match_label_keys_and_mismatch_label_keys(path, keys, &[], c.label_selector.as_ref())
    }
}

/// Mirrors `hasInvalidTopologySpreadConstrainMatchLabelKeys` (`pkg/api/pod/util.go`).
pub fn has_invalid_topology_spread_match_label_keys(spec: Option<&crate::model::PodSpec>) -> bool {
    spec.and_then(|s| s.topology_spread_constraints.as_ref()).is_some_and(|cs| {
        cs.iter().any(|c| {
            !validate_match_label_keys_and_mismatch_label_keys(
                &Path::default(),
                c.match_label_keys.as_deref().unwrap_or_default(),
                &[],
                c.label_selector.as_ref(),
            )
            .is_empty()
        })
    })
}
