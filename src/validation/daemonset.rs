//! DaemonSet validation: kubernetes/kubernetes `pkg/apis/apps/validation/validation.go`
//! (`ValidateDaemonSet`, `ValidateDaemonSetSpec`, `ValidateDaemonSetUpdateStrategy`,
//! `ValidateRollingUpdateDaemonSet`, `ValidateDaemonSetUpdate`) and the registry strategy's
//! `ValidateUpdate` (`pkg/registry/apps/daemonset/strategy.go`).

use super::meta::{validate_object_meta, validate_object_meta_update};
use super::pod::validate_pod_template_spec;
use super::selector::{label_selector_json, validate_label_selector};
use super::update_options::validation_options_for_update;
use super::{named, validate_nonnegative_field, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{
    DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, IntOrString, LabelSelector, PodTemplateSpec,
    RollingUpdateDaemonSet,
};
use crate::scheduling::labels::label_selector_as_selector;

/// Mirrors `ValidateDaemonSet` on a defaulted object.
pub fn validate_daemon_set(ds: &DaemonSet, opts: ValidationOptions) -> ErrorList {
    let mut errs = validate_object_meta(&ds.metadata.clone().unwrap_or_default(), &Path::new("metadata"), opts.release);
    errs.extend(validate_daemon_set_spec(&ds.spec.clone().unwrap_or_default(), &Path::new("spec"), opts));
    errs
}

/// Mirrors the strategy's `ValidateUpdate`: the options the stored object ratchets
/// (`GetValidationOptionsFromPodTemplate(new, old)`, then invalid selector values tolerated when
/// the stored selector has them) over `base` (the release, its gates), then
/// `ValidateDaemonSetUpdate`. The registry's common metadata checks
/// (`meta::validate_common_fields`) run before it.
pub fn validate_daemon_set_update(new: &DaemonSet, old: &DaemonSet, base: ValidationOptions) -> ErrorList {
    validate_daemon_set_update_with(new, old, validation_options_for_update(old, base))
}

/// Mirrors `ValidateDaemonSetUpdate`: the metadata update, the spec update (selector
/// immutability), then the new spec once.
pub fn validate_daemon_set_update_with(new: &DaemonSet, old: &DaemonSet, opts: ValidationOptions) -> ErrorList {
    let mut errs = validate_object_meta_update(
        &new.metadata.clone().unwrap_or_default(),
        &old.metadata.clone().unwrap_or_default(),
        &Path::new("metadata"),
        opts.release,
    );
    let (new_spec, old_spec) = (new.spec.clone().unwrap_or_default(), old.spec.clone().unwrap_or_default());
    errs.extend(validate_daemon_set_spec_update(&new_spec, &old_spec, &Path::new("spec")));
    errs.extend(validate_daemon_set_spec(&new_spec, &Path::new("spec"), opts));
    errs
}

/// Mirrors `ValidateDaemonSetSpecUpdate`. The templateGeneration rules cannot fire after
/// `PrepareForUpdate`, which sets it from the stored object, but are kept as upstream has them.
pub fn validate_daemon_set_spec_update(new: &DaemonSetSpec, old: &DaemonSetSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (new_gen, old_gen) = (new.template_generation.unwrap_or(0), old.template_generation.unwrap_or(0));
    let at = path.child("templateGeneration");
    let value = || BadValue::Bare(new_gen.to_string());
    if new_gen < old_gen {
        errs.push(FieldError::invalid(&at, value(), "must not be decremented"));
    }
    let template_updated = new.template != old.template;
    if new_gen == old_gen && template_updated {
        errs.push(FieldError::invalid(&at, value(), "must be incremented upon template update"));
    } else if new_gen > old_gen && !template_updated {
        errs.push(FieldError::invalid(&at, value(), "must not be incremented without template update"));
    }
    // `ValidateImmutableField` with semantic equality: an empty list equals an absent one.
    let (new_selector, old_selector) = (new.selector.as_ref(), old.selector.as_ref());
    if !LabelSelector::semantically_equal(new_selector, old_selector) {
        errs.push(FieldError::invalid(
            &Path::new("spec.selector"),
            BadValue::Bare(label_selector_json(new_selector)),
            "field is immutable",
        ));
    }
    errs
}

/// Mirrors `ValidateDaemonSetSpec`.
pub fn validate_daemon_set_spec(spec: &DaemonSetSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = validate_label_selector(
        spec.selector.as_ref(),
        opts.allow_invalid_label_value_in_selector,
        &path.child("selector"),
    );
    let template = spec.template.clone().unwrap_or_default();
    let template_labels = template.metadata.as_ref().and_then(|m| m.labels.clone());
    // A selector that does not convert was reported above; a nil one never matches.
    if let Ok(selector) = label_selector_as_selector(spec.selector.as_ref()) {
        if !selector.matches(&template_labels.clone().unwrap_or_default()) {
            let value = template_labels.map_or(serde_json::Value::Null, |l| serde_json::json!(l));
            errs.push(FieldError::invalid(
                &path.child("template.metadata.labels"),
                BadValue::Json(value),
                "`selector` does not match template `labels`",
            ));
        }
    }
    if let Some(s) = spec.selector.as_ref() {
        if s.match_labels.as_ref().map_or(0, |m| m.len()) + s.match_expressions.as_ref().map_or(0, |e| e.len()) == 0 {
            errs.push(FieldError::invalid(
                &path.child("selector"),
                BadValue::Bare(label_selector_json(Some(s))),
                "empty selector is invalid for daemonset",
            ));
        }
    }
    errs.extend(validate_pod_template_spec(&template, &path.child("template"), opts));
    errs.extend(validate_daemon_set_template(&template, path));
    errs.extend(validate_nonnegative_field(spec.min_ready_seconds.unwrap_or(0).into(), &path.child("minReadySeconds")));
    errs.extend(validate_nonnegative_field(spec.template_generation.unwrap_or(0), &path.child("templateGeneration")));
    errs.extend(validate_daemon_set_update_strategy(
        &spec.update_strategy.clone().unwrap_or_default(),
        &path.child("updateStrategy"),
    ));
    if let Some(limit) = spec.revision_history_limit {
        errs.extend(validate_nonnegative_field(limit.into(), &path.child("revisionHistoryLimit")));
    }
    errs
}

/// The DaemonSet's own template rules: pods restart `Always` and never have a deadline.
fn validate_daemon_set_template(template: &PodTemplateSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let spec = template.spec.clone().unwrap_or_default();
    let restart = spec.restart_policy.as_deref().unwrap_or("");
    if restart != "Always" {
        errs.push(FieldError::not_supported(&path.child("template.spec.restartPolicy"), named(restart), &["Always"]));
    }
    if spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            &path.child("template.spec.activeDeadlineSeconds"),
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    errs
}

/// Mirrors `ValidateDaemonSetUpdateStrategy`.
pub fn validate_daemon_set_update_strategy(strategy: &DaemonSetUpdateStrategy, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match strategy.type_.as_deref().unwrap_or("") {
        "OnDelete" => {}
        "RollingUpdate" => match &strategy.rolling_update {
            None => errs.push(FieldError::required(&path.child("rollingUpdate"), "")),
            Some(ru) => errs.extend(validate_rolling_update_daemon_set(ru, &path.child("rollingUpdate"))),
        },
        _ => errs.push(FieldError::not_supported(
            path,
            BadValue::Bare(internal_strategy_json(strategy)),
            &["RollingUpdate", "OnDelete"],
        )),
    }
    errs
}

/// The internal strategy as Go's `json.Marshal` prints it: no json tags, so capitalised field
/// names in declaration order, and IntOrString fields that are never nil.
fn internal_strategy_json(s: &DaemonSetUpdateStrategy) -> String {
    let int_or_string = |v: &Option<IntOrString>| match v {
        None => "0".to_string(),
        Some(v) => BadValue::Json(v.to_json()).render().unwrap_or_default(),
    };
    let rolling = match &s.rolling_update {
        None => "null".to_string(),
        Some(ru) => format!(
            "{{\"MaxUnavailable\":{},\"MaxSurge\":{}}}",
            int_or_string(&ru.max_unavailable),
            int_or_string(&ru.max_surge)
        ),
    };
    let type_ = BadValue::Json(s.type_.clone().unwrap_or_default().into()).render().unwrap_or_default();
    format!("{{\"Type\":{type_},\"RollingUpdate\":{rolling}}}")
}

/// Mirrors `ValidateRollingUpdateDaemonSet`.
pub fn validate_rolling_update_daemon_set(ru: &RollingUpdateDaemonSet, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let zero = IntOrString::Int(0);
    let unavailable = ru.max_unavailable.as_ref().unwrap_or(&zero);
    let surge = ru.max_surge.as_ref().unwrap_or(&zero);
    let (u_path, s_path) = (path.child("maxUnavailable"), path.child("maxSurge"));
    errs.extend(validate_positive_int_or_percent(unavailable, &u_path));
    errs.extend(validate_positive_int_or_percent(surge, &s_path));
    errs.extend(is_not_more_than_100_percent(unavailable, &u_path));
    errs.extend(is_not_more_than_100_percent(surge, &s_path));
    match (int_or_percent_value(unavailable) != 0, int_or_percent_value(surge) != 0) {
        (true, true) => errs.push(FieldError::invalid(
            &s_path,
            BadValue::Json(surge.to_json()),
            "may not be set when maxUnavailable is non-zero",
        )),
        (false, false) => errs.push(FieldError::required(&u_path, "cannot be 0 when maxSurge is 0")),
        _ => {}
    }
    errs
}

const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Mirrors `ValidatePositiveIntOrPercent`.
fn validate_positive_int_or_percent(v: &IntOrString, path: &Path) -> ErrorList {
    match v {
        IntOrString::String(s) if !is_valid_percent(s) => {
            ErrorList(vec![FieldError::invalid(path, BadValue::Json(v.to_json()), PERCENT_MSG)])
        }
        IntOrString::String(_) => ErrorList::new(),
        IntOrString::Int(i) => validate_nonnegative_field(*i, path),
    }
}

/// Mirrors `getPercentValue`: the number of a valid percent string.
fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if is_valid_percent(s) => Some(go_atoi(&s[..s.len() - 1])),
        _ => None,
    }
}

/// Go's `strconv.Atoi`, with 0 on failure as `IntValue()` has it.
fn go_atoi(s: &str) -> i64 {
    s.parse::<i64>().unwrap_or(0)
}

/// Mirrors `getIntOrPercentValue`.
fn int_or_percent_value(v: &IntOrString) -> i64 {
    match (percent_value(v), v) {
        (Some(p), _) => p,
        (None, IntOrString::Int(i)) => *i,
        (None, IntOrString::String(s)) => go_atoi(s),
    }
}

/// Mirrors `IsNotMoreThan100Percent`.
fn is_not_more_than_100_percent(v: &IntOrString, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if percent_value(v).is_some_and(|p| p > 100) {
        errs.push(FieldError::invalid(path, BadValue::Json(v.to_json()), "must not be greater than 100%"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_json_is_the_internal_struct() {
        let s = DaemonSetUpdateStrategy { type_: Some("Foo".into()), rolling_update: None };
        assert_eq!(internal_strategy_json(&s), r#"{"Type":"Foo","RollingUpdate":null}"#);
        let e = validate_daemon_set_update_strategy(&s, &Path::new("spec.updateStrategy"));
        assert_eq!(
            e.to_string(),
            r#"spec.updateStrategy: Unsupported value: {"Type":"Foo","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete""#
        );
    }

    #[test]
    fn rolling_update_rules() {
        let ru = |u: IntOrString, s: IntOrString| {
            validate_rolling_update_daemon_set(
                &RollingUpdateDaemonSet { max_unavailable: Some(u), max_surge: Some(s) },
                &Path::new("r"),
            )
            .to_string()
        };
        assert_eq!(
            ru(IntOrString::Int(1), IntOrString::Int(1)),
            "r.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"
        );
        assert_eq!(
            ru(IntOrString::Int(0), IntOrString::Int(0)),
            "r.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"
        );
        assert_eq!(
            ru(IntOrString::String("101%".into()), IntOrString::Int(0)),
            r#"r.maxUnavailable: Invalid value: "101%": must not be greater than 100%"#
        );
        assert_eq!(
            ru(IntOrString::String("5".into()), IntOrString::Int(0)),
            format!("r.maxUnavailable: Invalid value: \"5\": {PERCENT_MSG}")
        );
    }
}
