//! The Kubewarden policy build (`wasm32-wasip1`): a waPC guest exporting `validate`,
//! `validate_settings` and `protocol_version`, over the same core as every other host; the
//! cluster comes from the host's context-aware capability (`context`).

use kubewarden_policy_sdk::protocol_version_guest;
use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use kubewarden_policy_sdk::wapc_guest::{register_function, CallResult};
use serde_json::{json, Value as Json};

mod context;

use context::Needs;

use crate::api::Source;
use crate::input::Node;
use crate::model::IntOrString;
use crate::policy::{review, review_unconfigured, FailurePolicy, ReviewOptions, Settings};

#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    register_function("validate", validate);
    register_function("validate_settings", validate_settings);
    register_function("protocol_version", protocol_version_guest);
}

/// `validate_settings`: read as every other host reads settings, so a wrong type is an answer
/// naming the field (the SDK's generic one fails the call instead).
fn validate_settings(payload: &[u8]) -> CallResult {
    let checked = match serde_json::from_slice::<Json>(payload) {
        Ok(json) => {
            let node = Node::from_json(&json);
            if node.is_null() {
                Ok(())
            } else {
                Settings::from_node(&node).map(|_| ()).map_err(|e| e.into_fields().message)
            }
        }
        Err(e) => Err(format!("the settings are not JSON: {e}")),
    };
    let answer = SettingsValidationResponse { valid: checked.is_ok(), message: checked.err() };
    Ok(serde_json::to_vec(&answer)?)
}

/// `validate`: the payload is `{"request": AdmissionRequest, "settings": {...}}`.
fn validate(payload: &[u8]) -> CallResult {
    let response = match serde_json::from_slice::<Json>(payload) {
        Ok(p) => to_validation_response(&answer(&p)["response"]),
        Err(e) => rejection(format!("malformed validation request: {e}"), 400),
    };
    Ok(serde_json::to_vec(&response)?)
}

fn answer(p: &Json) -> Json {
    let settings_node = Node::from_json(p.get("settings").unwrap_or(&Json::Null));
    let admission = Node::from_json(
        &json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": p.get("request")}),
    );
    let source = || Source::Docs(vec![admission.clone()]);
    let settings = if settings_node.is_null() { Ok(Settings::default()) } else { Settings::from_node(&settings_node) };
    let settings = match settings {
        Ok(settings) => settings,
        // Never fail open, nor closed against the settings' own failure policy.
        Err(e) => {
            let policy = crate::policy::failsafe::failure_policy_of(&settings_node);
            let why = format!("the policy settings are invalid: {}", e.message);
            return review_unconfigured(source(), &why, policy);
        }
    };
    match context::load(needs(&settings, p.get("request").unwrap_or(&Json::Null))) {
        Ok(cluster) => review(
            source(),
            &ReviewOptions {
                settings,
                nodes: cluster.as_ref(),
                comparison_operators: false,
                feature_gates: Default::default(),
            },
        ),
        Err(why) if settings.failure_policy == FailurePolicy::Fail => {
            review_unconfigured(source(), &why, FailurePolicy::Fail)
        }
        // Ignore: every rule that needs no cluster still runs; those that do say so.
        Err(why) => {
            let mut answer = review(
                source(),
                &ReviewOptions {
                    settings,
                    nodes: None,
                    comparison_operators: false,
                    feature_gates: Default::default(),
                },
            );
            let warning = format!("{why} (rules that need it not checked: failurePolicy Ignore)");
            let response = &mut answer["response"];
            match response["warnings"].as_array_mut() {
                Some(w) => w.insert(0, json!(warning)),
                None => response["warnings"] = json!([warning]),
            }
            answer
        }
    }
}

/// What of the cluster the settings' rules read, for a request the policy reviews.
fn needs(settings: &Settings, request: &Json) -> Needs {
    let reviewed = request["kind"]["group"] == "apps"
        && request["kind"]["kind"] == "DaemonSet"
        && matches!(request["operation"].as_str(), Some("CREATE" | "UPDATE"));
    if !reviewed {
        Needs::Nothing
    } else if settings.max_pending_percent.is_some() {
        Needs::Scheduler
    } else if settings.min_coverage.is_some() || matches!(settings.max_unavailable, Some(IntOrString::String(_))) {
        Needs::Nodes
    } else {
        Needs::Nothing
    }
}

fn to_validation_response(r: &Json) -> ValidationResponse {
    let warnings: Option<Vec<String>> =
        r["warnings"].as_array().map(|w| w.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
    ValidationResponse {
        accepted: r["allowed"].as_bool().unwrap_or(false),
        message: r["status"]["message"].as_str().map(str::to_string),
        code: r["status"]["code"].as_u64().map(|c| c as u16),
        mutated_object: None,
        audit_annotations: None,
        warnings,
    }
}

fn rejection(message: String, code: u16) -> ValidationResponse {
    ValidationResponse {
        accepted: false,
        message: Some(message),
        code: Some(code),
        mutated_object: None,
        audit_annotations: None,
        warnings: None,
    }
}
