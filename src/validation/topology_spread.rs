//! Topology spread constraint validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateTopologySpreadConstraints` and the checks it calls.

use super::named;
use super::selector::validate_label_selector;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::TopologySpreadConstraint;

const IS_NOT_POSITIVE: &str = "must be greater than zero";

/// Mirrors `validateTopologySpreadConstraints` (matchLabelKeys are not checked here).
pub fn validate_topology_spread_constraints(
    constraints: &[TopologySpreadConstraint],
    path: &Path,
    opts: super::ValidationOptions,
) -> ErrorList {
    let mut errs = ErrorList::new();
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
        let repeated = constraints[i + 1..].iter().any(|other| {
            other.topology_key.as_deref().unwrap_or("") == key
                && other.when_unsatisfiable.as_deref().unwrap_or("") == action
        });
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
        errs.extend(validate_label_selector(
            c.label_selector.as_ref(),
            opts.allow_invalid_topology_spread_constraint_label_selector,
            &p.child("labelSelector"),
        ));
    }
    errs
}
