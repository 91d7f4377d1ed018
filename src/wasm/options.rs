//! The options every entry point shares: `kubernetesVersion`, `featureGates`, `fieldValidation`.

use wasm_bindgen::{JsCast, JsValue};

use super::get;
use crate::api::FieldValidation;
use crate::feature_gates::FeatureGates;
use crate::input::{codes, InputError};
use crate::release::Release;

fn invalid(message: String) -> InputError {
    InputError::new(codes::INVALID_OPTIONS, message)
}

/// `options.kubernetesVersion`: the release to answer for (default: the newest supported).
pub(crate) fn release(options: &JsValue) -> Result<Release, InputError> {
    let v = get(options, "kubernetesVersion");
    if v.is_undefined() || v.is_null() {
        return Ok(Release::default());
    }
    let text = v.as_string().ok_or_else(|| invalid("options.kubernetesVersion must be a string".into()))?;
    Release::parse(&text).ok_or_else(|| invalid(Release::unsupported(&text)))
}

/// `options.featureGates`: gate name to boolean, checked as the release's components check them.
pub(crate) fn feature_gates(options: &JsValue, release: Release) -> Result<FeatureGates, InputError> {
    let mut gates = FeatureGates::default();
    let v = get(options, "featureGates");
    if v.is_undefined() || v.is_null() {
        return Ok(gates);
    }
    if !v.is_object() {
        return Err(invalid("options.featureGates must be an object of booleans".into()));
    }
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let on = get(&v, &name)
            .as_bool()
            .ok_or_else(|| invalid(format!("options.featureGates.{name} must be a boolean")))?;
        gates.set(&name, on, release).map_err(|e| invalid(format!("options.featureGates: {e}")))?;
    }
    Ok(gates)
}

/// `options.fieldValidation`: `Strict` (default, as kubectl sends it), `Warn` or `Ignore`.
pub(crate) fn field_validation(options: &JsValue) -> Result<FieldValidation, InputError> {
    let v = get(options, "fieldValidation");
    if v.is_undefined() || v.is_null() {
        return Ok(FieldValidation::default());
    }
    v.as_string().as_deref().and_then(FieldValidation::parse).ok_or_else(|| {
        invalid(format!(
            "options.fieldValidation must be one of {}",
            FieldValidation::NAMES.map(|n| format!("{n:?}")).join(", ")
        ))
    })
}
