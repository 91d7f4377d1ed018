//! `review` and `validateSettings` for JavaScript hosts (admission webhooks, JS policy engines).

use wasm_bindgen::prelude::*;

use super::{comparison_operators, decode_input, decode_input_within, encode, get, Decoded, InputValue};
use crate::api::Cluster;
use crate::input::{codes, limits, parse_bytes, Filter, InputError};
use crate::policy::{self, failsafe, FailurePolicy, ReviewOptions, Settings};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ReviewOptions")]
    pub type ReviewOptionsValue;
}

fn read_settings(value: &JsValue) -> Result<Settings, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    match decode_input_within(value, "the settings", limits::MAX_REQUEST_BYTES)? {
        Decoded::Bytes(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Settings::default()),
        Decoded::Bytes(bytes) => {
            let docs = parse_bytes(&bytes, Filter::All).map_err(|e| e.with_code(codes::INVALID_SETTINGS))?;
            docs.docs.first().map_or_else(|| Ok(Settings::default()), Settings::from_node)
        }
        Decoded::Docs(docs) => docs.first().map_or_else(|| Ok(Settings::default()), Settings::from_node),
    }
}

/// The failure policy broken settings still ask for (`Fail` when it cannot be read).
fn failure_policy_hint(value: &JsValue) -> FailurePolicy {
    match decode_input_within(value, "the settings", limits::MAX_REQUEST_BYTES) {
        Ok(Decoded::Bytes(bytes)) => failsafe::failure_policy_in(&bytes),
        Ok(Decoded::Docs(docs)) => docs.first().map_or(FailurePolicy::Fail, failsafe::failure_policy_of),
        Err(_) => FailurePolicy::Fail,
    }
}

/// Answers an `admission.k8s.io/v1` AdmissionReview with its response. Never throws: a review,
/// however malformed, and whatever is wrong with the settings or the node snapshot, gets an
/// answer under the failure policy.
#[wasm_bindgen(unchecked_return_type = "AdmissionReview")]
pub fn review(admission_review: InputValue, options: Option<ReviewOptionsValue>) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let nodes = get(&options, "nodes");
    let cluster = if nodes.is_undefined() || nodes.is_null() {
        None
    } else {
        match decode_input(&nodes, "options.nodes").and_then(|d| Cluster::load(d.source())) {
            Ok(c) => Some(c),
            Err(e) => {
                let why = format!("the node snapshot cannot be read ({}): {e}", e.code);
                let settings = read_settings(&get(&options, "settings"));
                let policy =
                    settings.map_or_else(|_| failure_policy_hint(&get(&options, "settings")), |s| s.failure_policy);
                return answer_unconfigured(decoded_review(&admission_review.into()), &why, policy);
            }
        }
    };
    answer(admission_review.into(), &options, cluster.as_ref())
}

fn decoded_review(admission_review: &JsValue) -> Result<Decoded, InputError> {
    decode_input_within(admission_review, "the AdmissionReview", limits::MAX_REQUEST_BYTES)
}

/// The answer to one review against a node snapshot already loaded (`Cluster.review` uses it):
/// broken settings are answered under the failure policy they still ask for.
pub(crate) fn answer(
    admission_review: JsValue,
    options: &JsValue,
    cluster: Option<&Cluster>,
) -> Result<JsValue, JsValue> {
    let decoded = decoded_review(&admission_review);
    let settings_value = get(options, "settings");
    let settings = match read_settings(&settings_value) {
        Ok(s) => s,
        Err(e) => {
            let why = format!("the policy settings are invalid ({}): {e}", e.code);
            return answer_unconfigured(decoded, &why, failure_policy_hint(&settings_value));
        }
    };
    // The gates are checked against the release the settings choose.
    let feature_gates = match super::options::feature_gates(options, settings.kubernetes_version) {
        Ok(g) => g,
        Err(e) => {
            let why = format!("the options are invalid ({}): {}", e.code, e.message);
            return answer_unconfigured(decoded, &why, settings.failure_policy);
        }
    };
    let review_options =
        ReviewOptions { settings, nodes: cluster, comparison_operators: comparison_operators(options), feature_gates };
    let answer = match decoded {
        Ok(decoded) => policy::review(decoded.source(), &review_options),
        Err(e) => {
            policy::review::unreadable(&format!("the AdmissionReview cannot be read: {}", e.message), &review_options)
        }
    };
    encode(&answer)
}

fn answer_unconfigured(
    decoded: Result<Decoded, InputError>,
    why: &str,
    failure_policy: FailurePolicy,
) -> Result<JsValue, JsValue> {
    let settings = Settings { failure_policy, ..Settings::default() };
    let options =
        ReviewOptions { settings, nodes: None, comparison_operators: false, feature_gates: Default::default() };
    encode(&match decoded {
        Ok(decoded) => policy::review_unconfigured(decoded.source(), why, failure_policy),
        Err(e) => policy::review::unreadable(&format!("the AdmissionReview cannot be read: {}", e.message), &options),
    })
}

/// Checks policy settings: `{ valid: true }` or `{ valid: false, message, line?, column? }`.
#[wasm_bindgen(js_name = validateSettings, unchecked_return_type = "SettingsValidation")]
pub fn validate_settings(
    #[wasm_bindgen(unchecked_param_type = "Input")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(serde::Serialize)]
    struct Answer {
        valid: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    }
    encode(&match read_settings(&settings) {
        Ok(_) => Answer { valid: true, message: None, line: None, column: None },
        Err(e) => {
            let e = e.into_fields();
            Answer { valid: false, message: Some(e.message), line: e.line, column: e.column }
        }
    })
}
