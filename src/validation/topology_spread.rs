//! Topology spread constraint validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateTopologySpreadConstraints` and the checks it calls.

use super::named;
use super::selector::validate_label_selector;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::TopologySpreadConstraint;

const IS_NOT_POSITIVE: &str = "must be greater than zero";

/// Mirrors `validateTopologySpreadConstraints` (matchLabelKeys are not checked here).
pub fn validate_topology_spread_constraints(constraints: &[TopologySpreadConstraint], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let repeated_later = repeated_later(constraints);
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
        if repeated_later.get(i).copied().unwrap_or(false) {
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
        errs.extend(validate_label_selector(c.label_selector.as_ref(), false, &p.child("labelSelector")));
    }
    errs
}

/// For each constraint, whether a later one has the same {topologyKey, whenUnsatisfiable}
/// (`ValidateSpreadConstraintNotRepeat` against the resting constraints), in linear time.
fn repeated_later(constraints: &[TopologySpreadConstraint]) -> Vec<bool> {
    let mut later = std::collections::HashSet::new();
    let mut out: Vec<bool> = constraints
        .iter()
        .rev()
        .map(|c| {
            let pair = (c.topology_key.as_deref().unwrap_or(""), c.when_unsatisfiable.as_deref().unwrap_or(""));
            !later.insert(pair)
        })
        .collect();
    out.reverse();
    out
}
