//! Toleration validation: kubernetes/kubernetes `pkg/apis/core/validation` `ValidateTolerations`,
//! `validateTaintEffect`.

use super::meta::validate_label_name;
use super::names::is_valid_label_value;
use super::{named, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::Toleration;

/// Mirrors `ValidateTolerations`. Several errors can stack on one toleration.
pub fn validate_tolerations(tolerations: &[Toleration], path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, t) in tolerations.iter().enumerate() {
        let p = path.index(i);
        if !t.key.is_empty() {
            errs.extend(validate_label_name(&t.key, &p.child("key")));
        }
        if t.key.is_empty() && t.operator != "Exists" {
            errs.push(FieldError::invalid(
                &p.child("operator"),
                named(&t.operator),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && t.effect != "NoExecute" {
            errs.push(FieldError::invalid(
                &p.child("effect"),
                named(&t.effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match t.operator.as_str() {
            "" | "Equal" => {
                let msgs = is_valid_label_value(&t.value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(
                        &p.child("operator"),
                        BadValue::Str(t.value.clone()),
                        msgs.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !t.value.is_empty() {
                    errs.push(FieldError::invalid(
                        &p.child("operator"),
                        BadValue::Str(t.value.clone()),
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            "Lt" | "Gt" if opts.allow_taint_toleration_comparison_operators => {
                errs.extend(validate_comparison_value(&t.value, &p.child("value")))
            }
            "Lt" | "Gt" => errs.push(FieldError::not_supported(
                &p.child("operator"),
                named(&t.operator),
                &["Equal", "Exists", "Lt", "Gt"],
            )),
            other => errs.push(FieldError::not_supported(&p.child("operator"), named(other), &["Equal", "Exists"])),
        }
        if !t.effect.is_empty() {
            errs.extend(validate_taint_effect(&t.effect, &p.child("effect")));
        }
    }
    errs
}

/// The Lt/Gt value: a canonical decimal integer that fits in int64.
fn validate_comparison_value(value: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let v = BadValue::Str(value.into());
    if value.is_empty() {
        errs.push(FieldError::invalid(path, v.clone(), "must be non-empty"));
    } else if crate::scheduling::taints::parse_canonical_int(value).is_none() && !is_canonical_form(value) {
        errs.push(FieldError::invalid(path, v.clone(), "must be a valid decimal integer in canonical form"));
    }
    if let Err(e) = value.parse::<i64>() {
        let why = if matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) {
            "value out of range"
        } else {
            "invalid syntax"
        };
        errs.push(FieldError::invalid(
            path,
            v,
            format!("strconv.ParseInt: parsing {}: {why}", crate::field::go_quote(value)),
        ));
    }
    errs
}

/// Canonical form by shape alone (an out-of-range number is still canonical).
fn is_canonical_form(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !digits.starts_with('0'))
}

/// Mirrors `validateTaintEffect(effect, allowEmpty=true)`.
pub fn validate_taint_effect(effect: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        errs.push(FieldError::not_supported(path, named(effect), &["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
    errs
}
