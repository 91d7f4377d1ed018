//! The Kubewarden policy build (`wasm32-wasip1`): a waPC guest exporting `validate`,
//! `validate_settings` and `protocol_version`, over the same core as every other host.

use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::Validatable;
use kubewarden_policy_sdk::wapc_guest::{register_function, CallResult};
use kubewarden_policy_sdk::{protocol_version_guest, validate_settings};
use serde_json::{json, Value as Json};

use crate::api::Source;
use crate::input::Node;
use crate::policy::{review, ReviewOptions, Settings};

#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    register_function("validate", validate);
    register_function("validate_settings", validate_settings::<Settings>);
    register_function("protocol_version", protocol_version_guest);
}

impl Validatable for Settings {
    fn validate(&self) -> Result<(), String> {
        self.check().map_err(|e| e.message)
    }
}

/// `validate`: the payload is `{"request": AdmissionRequest, "settings": {...}}`.
fn validate(payload: &[u8]) -> CallResult {
    let response = match serde_json::from_slice::<Json>(payload) {
        Ok(p) => {
            let settings_node = Node::from_json(p.get("settings").unwrap_or(&Json::Null));
            let settings =
                if settings_node.is_null() { Ok(Settings::default()) } else { Settings::from_node(&settings_node) };
            match settings {
                Ok(settings) => {
                    let admission = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": p.get("request")});
                    let answer = review(
                        Source::Docs(vec![Node::from_json(&admission)]),
                        &ReviewOptions {
                            settings,
                            nodes: None,
                            comparison_operators: false,
                            feature_gates: Default::default(),
                        },
                    );
                    to_validation_response(&answer["response"])
                }
                // Never fail open, nor closed against the settings' own failure policy.
                Err(e) => {
                    let policy = crate::policy::failsafe::failure_policy_of(&settings_node);
                    let admission = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": p.get("request")});
                    let why = format!("the policy settings are invalid: {}", e.message);
                    let answer = crate::policy::review_unconfigured(
                        Source::Docs(vec![Node::from_json(&admission)]),
                        &why,
                        policy,
                    );
                    to_validation_response(&answer["response"])
                }
            }
        }
        Err(e) => rejection(format!("malformed validation request: {e}"), 400),
    };
    Ok(serde_json::to_vec(&response)?)
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
