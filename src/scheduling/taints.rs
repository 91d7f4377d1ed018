//! Taints and tolerations: kubernetes/api `core/v1/toleration.go` and kubernetes/component-helpers
//! `scheduling/corev1/helpers.go`.

use crate::model::{Taint, Toleration};

pub const EFFECT_NO_SCHEDULE: &str = "NoSchedule";
pub const EFFECT_NO_EXECUTE: &str = "NoExecute";
pub const EFFECT_PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";

/// Mirrors `Toleration.ToleratesTaint`. A toleration tolerates a taint when:
/// 1. its effect is empty (all effects) or equals the taint's effect, and
/// 2. its key is empty (all keys) or equals the taint's key, and
/// 3. its operator is `Equal` or empty and the values are equal; or `Exists`; or, only with the
///    `TaintTolerationComparisonOperators` gate on, `Lt`/`Gt` compares canonical integers.
pub fn tolerates_taint(t: &Toleration, taint: &Taint, comparison_operators: bool) -> bool {
    // Keys first: they mostly differ in length, which settles it without comparing bytes.
    if !t.key.is_empty() && t.key != taint.key {
        return false;
    }
    if !t.effect.is_empty() && t.effect != taint.effect {
        return false;
    }
    match t.operator.as_str() {
        "" | "Equal" => t.value == taint.value,
        "Exists" => true,
        "Lt" | "Gt" if comparison_operators => {
            match (parse_canonical_int(&taint.value), parse_canonical_int(&t.value)) {
                (Some(taint_value), Some(toleration_value)) => {
                    if t.operator == "Lt" {
                        taint_value < toleration_value
                    } else {
                        taint_value > toleration_value
                    }
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// A decimal integer in canonical form (`0`, `-12`; not `+1`, `007`, `-0`) that fits in int64.
pub fn parse_canonical_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" && !s.starts_with('-') || !digits.starts_with('0'));
    if canonical {
        s.parse().ok()
    } else {
        None
    }
}

/// Mirrors `TolerationsTolerateTaint`.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint, comparison_operators: bool) -> bool {
    tolerations.iter().any(|t| tolerates_taint(t, taint, comparison_operators))
}

/// Mirrors `FindMatchingUntoleratedTaint`: the first taint, in node order, that the filter
/// includes and no toleration tolerates.
pub fn find_matching_untolerated_taint<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    include: impl Fn(&Taint) -> bool,
    comparison_operators: bool,
) -> Option<&'a Taint> {
    taints.iter().find(|t| include(t) && !tolerations_tolerate_taint(tolerations, t, comparison_operators))
}

/// The taints the DaemonSet controller's `shouldRun` check looks at.
pub fn is_no_schedule_or_no_execute(t: &Taint) -> bool {
    t.effect == EFFECT_NO_SCHEDULE || t.effect == EFFECT_NO_EXECUTE
}

/// The taints its `shouldContinueRunning` check looks at.
pub fn is_no_execute(t: &Taint) -> bool {
    t.effect == EFFECT_NO_EXECUTE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        }
    }
    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint { key: key.into(), value: value.into(), effect: effect.into() }
    }

    #[test]
    fn the_test_vectors_of_the_spec() {
        let cases = [
            (tol("k", "Equal", "v", "NoSchedule"), taint("k", "v", "NoSchedule"), true),
            (tol("k", "", "v", ""), taint("k", "v", "NoExecute"), true),
            (tol("k", "Exists", "", ""), taint("k", "x", "PreferNoSchedule"), true),
            (tol("", "Exists", "", ""), taint("any", "thing", "NoExecute"), true),
            (tol("", "Exists", "", "NoExecute"), taint("a", "b", "NoSchedule"), false),
            (tol("K", "Exists", "", ""), taint("k", "", "NoSchedule"), false),
            (tol("k", "Gt", "5", ""), taint("k", "10", "NoSchedule"), true),
            (tol("k", "Gt", "5", ""), taint("k", "5", "NoSchedule"), false),
            (tol("k", "Lt", "5", ""), taint("k", "3", "NoSchedule"), true),
            (tol("k", "Lt", "5", ""), taint("k", "03", "NoSchedule"), false),
            (tol("k", "Gt", "-1", ""), taint("k", "0", "NoSchedule"), true),
            (tol("k", "Gt", "5", ""), taint("k", "abc", "NoSchedule"), false),
        ];
        for (t, x, want) in cases {
            assert_eq!(tolerates_taint(&t, &x, true), want, "{t:?} vs {x:?}");
        }
        // With the gate off (the default in 1.35 and 1.36), Lt and Gt never match.
        assert!(!tolerates_taint(&tol("k", "Gt", "5", ""), &taint("k", "10", "NoSchedule"), false));
    }

    #[test]
    fn canonical_integers() {
        assert_eq!(parse_canonical_int("0"), Some(0));
        assert_eq!(parse_canonical_int("-12"), Some(-12));
        for bad in ["", "-0", "+1", "007", "1.0", "99999999999999999999"] {
            assert_eq!(parse_canonical_int(bad), None, "{bad}");
        }
    }
}
