//! `review` and `validateSettings` for JavaScript hosts (admission webhooks, JS policy engines).

use wasm_bindgen::prelude::*;

use super::{comparison_operators, decode_input, encode, get, into_js_error, Decoded, InputValue};
use crate::api::Cluster;
use crate::input::{codes, parse_bytes, Filter, InputError};
use crate::policy::{self, ReviewOptions, Settings};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ReviewOptions")]
    pub type ReviewOptionsValue;
}

fn read_settings(value: &JsValue) -> Result<Settings, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    match decode_input(value, "the settings")? {
        Decoded::Bytes(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Settings::default()),
        Decoded::Bytes(bytes) => {
            let docs =
                parse_bytes(&bytes, Filter::All).map_err(|e| InputError { code: codes::INVALID_SETTINGS, ..e })?;
            Settings::from_node(&docs.docs[0])
        }
        Decoded::Docs(docs) => Settings::from_node(&docs[0]),
    }
}

/// Answers an `admission.k8s.io/v1` AdmissionReview with its response. Throws only for broken
/// settings (`INVALID_SETTINGS`); every review, however malformed, gets an answer.
#[wasm_bindgen(unchecked_return_type = "AdmissionReview")]
pub fn review(admission_review: InputValue, options: Option<ReviewOptionsValue>) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let settings = settings_option(&options)?;
    let nodes = get(&options, "nodes");
    let cluster = if nodes.is_undefined() || nodes.is_null() {
        None
    } else {
        let decoded = decode_input(&nodes, "options.nodes").map_err(|e| into_js_error(&e))?;
        Some(Cluster::load(decoded.source()).map_err(|e| into_js_error(&e))?)
    };
    answer(admission_review.into(), &options, settings, cluster.as_ref())
}

/// `options.settings`, read (an `INVALID_SETTINGS` error when broken).
pub(crate) fn settings_option(options: &JsValue) -> Result<Settings, JsValue> {
    read_settings(&get(options, "settings")).map_err(|e| into_js_error(&e))
}

/// The answer to one review against a node snapshot already loaded (`Cluster.review` uses it).
pub(crate) fn answer(
    admission_review: JsValue,
    options: &JsValue,
    settings: Settings,
    cluster: Option<&Cluster>,
) -> Result<JsValue, JsValue> {
    let review_options = ReviewOptions { settings, nodes: cluster, comparison_operators: comparison_operators(options) };
    let answer = match decode_input(&admission_review, "the AdmissionReview") {
        Ok(decoded) => policy::review(decoded.source(), &review_options),
        Err(e) => {
            policy::review::unreadable(&format!("the AdmissionReview cannot be read: {}", e.message), &review_options)
        }
    };
    encode(&answer)
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
        Err(e) => Answer { valid: false, message: Some(e.message), line: e.line, column: e.column },
    })
}
