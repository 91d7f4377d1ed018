//! Admission review (`admission.k8s.io/v1`): validation and the organisation's rules, answered
//! as a validating webhook answers. Every input gets a well-formed AdmissionReview back.

use serde_json::{json, Value as Json};

use super::failsafe::unchecked;
use super::pending::max_pending;
use super::rules::{evaluate, RuleResult};
use super::settings::{FailurePolicy, Settings};
use crate::api::{self, prepare_for_create, read_daemon_set, Cluster, Source, ValidateOptions, Validation};
use crate::input::{self, limits, Filter, Node};

pub struct ReviewOptions<'a> {
    pub settings: Settings,
    /// A node snapshot, for rules about where the DaemonSet runs.
    pub nodes: Option<&'a Cluster>,
    pub comparison_operators: bool,
    /// `featureGates`, for the settings' release; the others keep its defaults.
    pub feature_gates: crate::feature_gates::FeatureGates,
}

impl ReviewOptions<'_> {
    /// The `TaintTolerationComparisonOperators` gate, however it was set.
    fn comparison_operators(&self) -> bool {
        let gate = crate::feature_gates::Feature::TaintTolerationComparisonOperators;
        self.comparison_operators || self.feature_gates.enabled(gate, self.settings.kubernetes_version)
    }
}

/// Answers an AdmissionReview (text or parsed documents) with its `response`.
pub fn review(source: Source<'_>, options: &ReviewOptions<'_>) -> Json {
    review_inner(source, options, None)
}

/// As `review`; with `problem`, the policy could not be set up and DaemonSets get the failure
/// policy's answer. The request body is held to the API server's limit.
pub(crate) fn review_inner(source: Source<'_>, options: &ReviewOptions<'_>, problem: Option<&str>) -> Json {
    let size = match &source {
        Source::Text(t) => t.len(),
        Source::Bytes(b) => b.len(),
        Source::Docs(_) => 0,
    };
    if let Err(e) = limits::check_size(size, limits::MAX_REQUEST_BYTES, "the AdmissionReview") {
        return malformed("", "v1", &e.message, options);
    }
    let docs = match source {
        Source::Text(t) => input::parse_text(t, Filter::All).map(|d| d.docs),
        Source::Bytes(b) => input::parse_bytes(b, Filter::All).map(|d| d.docs),
        Source::Docs(d) => Ok(d),
    };
    let doc = match docs {
        Ok(mut docs) if !docs.is_empty() => docs.swap_remove(0),
        Ok(_) => return malformed("", "v1", "the AdmissionReview is empty", options),
        Err(e) => return malformed("", "v1", &format!("the AdmissionReview cannot be read: {e}"), options),
    };
    let version =
        doc.str_at("apiVersion").and_then(|v| v.strip_prefix("admission.k8s.io/")).unwrap_or("v1").to_string();
    let Some(request) = doc.get("request") else {
        return malformed("", &version, "the AdmissionReview has no request", options);
    };
    let uid = request.str_at("uid").unwrap_or("");
    if uid.is_empty() {
        return malformed("", &version, "the request has no uid", options);
    }
    let kind = request.get("kind");
    let group = kind.and_then(|k| k.str_at("group")).unwrap_or("");
    let kind = kind.and_then(|k| k.str_at("kind")).unwrap_or("");
    let operation = request.str_at("operation").unwrap_or("");
    // Not ours: other kinds, and operations other than CREATE and UPDATE, pass untouched.
    if group != "apps" || kind != "DaemonSet" || !matches!(operation, "CREATE" | "UPDATE") {
        return answer(&version, json!({ "uid": uid, "allowed": true }));
    }
    let Some(object) = request.get("object").filter(|o| !o.is_null()) else {
        return malformed(uid, &version, &format!("the {operation} request carries no object"), options);
    };
    if let Some(why) = problem {
        return answer(&version, unchecked(uid, why, options.settings.failure_policy));
    }
    let old = request.get("oldObject").filter(|o| operation == "UPDATE" && !o.is_null()).cloned();
    let validation = api::validate(
        Source::Docs(vec![object.clone()]),
        ValidateOptions {
            old_daemon_set: old.map(|o| Source::Docs(vec![o])),
            comparison_operators: options.comparison_operators(),
            kubernetes_version: options.settings.kubernetes_version,
            feature_gates: options.feature_gates,
            // The server decoded the object before admission; what it did not know is gone.
            field_validation: api::FieldValidation::Warn,
            ..Default::default()
        },
    );
    // What cannot be decoded cannot be checked: with validation on the API server's answer
    // (422) denies it; with validation off it is never allowed for want of a rule that ran.
    if !options.settings.validation {
        if let Err(e) = read_daemon_set(Source::Docs(vec![object.clone()]), None) {
            let why = format!("the object cannot be decoded: {e}");
            return answer(&version, unchecked(uid, &why, options.settings.failure_policy));
        }
    }
    let rules = rule_results(object, options);
    let invalid = options.settings.validation && !validation.valid;
    let violations: Vec<&RuleResult> = rules.iter().filter(|r| !r.allowed).collect();
    let mut warnings: Vec<String> = validation.warnings.iter().map(|w| w.message.clone()).collect();
    warnings.extend(
        rules
            .iter()
            .filter(|r| r.allowed && r.message.starts_with("not checked"))
            .map(|r| format!("{}: {}", r.rule, r.message)),
    );
    let mut response = json!({ "uid": uid, "allowed": !invalid && violations.is_empty() });
    if invalid || !violations.is_empty() {
        response["status"] = denial(&validation, invalid, &violations, object);
    }
    if !warnings.is_empty() {
        response["warnings"] = json!(warnings);
    }
    answer(&version, response)
}

fn rule_results(object: &Node, options: &ReviewOptions<'_>) -> Vec<RuleResult> {
    match read_daemon_set(Source::Docs(vec![object.clone()]), None) {
        Ok(input) => {
            let mut ds = input.ds.clone();
            prepare_for_create(&mut ds);
            let mut results = evaluate(&options.settings, &ds, options.nodes, options.comparison_operators());
            if let Some(percent) = options.settings.max_pending_percent {
                let release = options.settings.kubernetes_version;
                results.push(max_pending(percent, options.nodes, object, release, options.comparison_operators()));
            }
            results
        }
        // What cannot be read is already a validation error.
        Err(_) => Vec::new(),
    }
}

/// The status a denial carries: the API server's 422 for invalid objects, 403 for policy.
fn denial(validation: &Validation, invalid: bool, violations: &[&RuleResult], object: &Node) -> Json {
    let name = object.get("metadata").and_then(|m| m.str_at("name")).unwrap_or("");
    let mut causes: Vec<Json> = Vec::new();
    let mut message = String::new();
    if invalid {
        match &validation.status {
            Some(status) => {
                message = status.message.clone();
                causes.extend(
                    status
                        .details
                        .causes
                        .iter()
                        .map(|c| json!({ "reason": c.reason, "message": c.message, "field": c.field })),
                );
            }
            None => {
                if let Some(e) = validation.errors.first() {
                    message = format!("DaemonSet.apps {name:?} cannot be read: {}", e.message);
                    causes.push(json!({ "reason": e.reason, "message": e.message, "field": e.field }));
                }
            }
        }
    }
    if !violations.is_empty() {
        let lines: Vec<String> = violations.iter().map(|r| format!("{}: {}", r.rule, r.message)).collect();
        let policy = format!("DaemonSet.apps {name:?} is denied by policy: {}", lines.join("; "));
        message = if message.is_empty() { policy } else { format!("{message}; {policy}") };
        causes.extend(violations.iter().map(|r| json!({ "reason": "PolicyViolation", "message": format!("{}: {}", r.rule, r.message), "field": r.field.clone().unwrap_or_default() })));
    }
    // An invalid object is the server's 422; one it cannot decode, its 400.
    let (code, reason) = match (&validation.status, invalid) {
        (Some(status), true) => (status.code, status.reason),
        (None, true) => (422, "Invalid"),
        (_, false) => (403, "Forbidden"),
    };
    json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code,
        "details": { "name": name, "group": "apps", "kind": "DaemonSet", "causes": causes },
    })
}

/// The answer to input that is not even text or an object.
pub fn unreadable(why: &str, options: &ReviewOptions<'_>) -> Json {
    malformed("", "v1", why, options)
}

/// A review that cannot be reviewed: denied (`Fail`, the default) or admitted (`Ignore`).
fn malformed(uid: &str, version: &str, why: &str, options: &ReviewOptions<'_>) -> Json {
    let allowed = options.settings.failure_policy == FailurePolicy::Ignore;
    let mut response = json!({ "uid": uid, "allowed": allowed });
    let message = format!("malformed AdmissionReview: {why}");
    if allowed {
        response["warnings"] = json!([format!("{message} (admitted: failurePolicy Ignore)")]);
    } else {
        response["status"] = json!({ "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": "BadRequest", "code": 400 });
    }
    answer(version, response)
}

fn answer(version: &str, response: Json) -> Json {
    json!({ "apiVersion": format!("admission.k8s.io/{version}"), "kind": "AdmissionReview", "response": response })
}
