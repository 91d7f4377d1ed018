//! Label selector validation: kubernetes/apimachinery `pkg/apis/meta/v1/validation`
//! `ValidateLabelSelector`, `ValidateLabelSelectorRequirement`.

use super::meta::{validate_label_name, validate_labels};
use super::names::is_valid_label_value;
use super::{invalid_each, named};
use crate::field::{ErrorList, FieldError, Path};
use crate::model::{LabelSelector, LabelSelectorRequirement};

/// Mirrors `ValidateLabelSelector`; a nil selector has nothing to check.
pub fn validate_label_selector(ps: Option<&LabelSelector>, allow_invalid_values: bool, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(ps) = ps else { return errs };
    errs.extend(validate_labels(ps.match_labels.as_ref(), &path.child("matchLabels")));
    for (i, expr) in ps.match_expressions.iter().flatten().enumerate() {
        errs.extend(validate_label_selector_requirement(
            expr,
            allow_invalid_values,
            &path.child("matchExpressions").index(i),
        ));
    }
    errs
}

/// Mirrors `ValidateLabelSelectorRequirement`.
pub fn validate_label_selector_requirement(
    sr: &LabelSelectorRequirement,
    allow_invalid_values: bool,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let values = sr.values.as_deref().unwrap_or_default();
    match sr.operator.as_str() {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.push(FieldError::required(
                    &path.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.push(FieldError::forbidden(
                    &path.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        other => errs.push(FieldError::invalid(&path.child("operator"), named(other), "not a valid selector operator")),
    }
    errs.extend(validate_label_name(&sr.key, &path.child("key")));
    if !allow_invalid_values {
        for (i, v) in values.iter().enumerate() {
            errs.extend(invalid_each(&path.child("values").index(i), v, is_valid_label_value(v)));
        }
    }
    errs
}

/// The selector as Go's `json.Marshal` prints a `*metav1.LabelSelector` (fields in declaration
/// order, empty ones omitted).
pub fn label_selector_json(s: Option<&LabelSelector>) -> String {
    let Some(s) = s else { return "null".into() };
    let mut parts = Vec::new();
    if let Some(m) = s.match_labels.as_ref().filter(|m| !m.is_empty()) {
        parts.push(format!(
            "\"matchLabels\":{}",
            crate::field::BadValue::Json(serde_json::json!(m)).render().unwrap_or_default()
        ));
    }
    if let Some(exprs) = s.match_expressions.as_ref().filter(|e| !e.is_empty()) {
        let items: Vec<String> = exprs
            .iter()
            .map(|e| {
                let q = |v: &str| crate::field::BadValue::Json(v.into()).render().unwrap_or_default();
                let mut item = format!("{{\"key\":{},\"operator\":{}", q(&e.key), q(&e.operator));
                if let Some(values) = e.values.as_ref().filter(|v| !v.is_empty()) {
                    item.push_str(&format!(
                        ",\"values\":[{}]",
                        values.iter().map(|v| q(v)).collect::<Vec<_>>().join(",")
                    ));
                }
                item.push('}');
                item
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", items.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}
