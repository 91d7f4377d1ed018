//! The wasm-bindgen host adapter: decode the JavaScript input, call `api`, encode the result.
//! No logic lives here.

use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{self, PlanOptions, Source, ValidateOptions};
use crate::input::{codes, text_from_bytes, InputError, Node};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

// Typed handles, so the generated declarations name the documented types.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Input")]
    pub type InputValue;
    #[wasm_bindgen(typescript_type = "PlanOptions")]
    pub type PlanOptionsValue;
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsValue;
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// One serializer for every result: plain objects for maps, `null` for absent values.
fn encode<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// An `Error` with `code`, and `line` and `column` where known.
fn into_js_error(e: &InputError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code));
    if let (Some(l), Some(c)) = (e.line, e.column) {
        set("line", JsValue::from(l));
        set("column", JsValue::from(c));
    }
    err.into()
}

/// Text is borrowed from `holder`; objects are converted to documents.
enum Decoded {
    Text(String),
    Docs(Vec<Node>),
}

impl Decoded {
    fn source(&self) -> Source<'_> {
        match self {
            Decoded::Text(t) => Source::Text(t),
            Decoded::Docs(d) => Source::Docs(d.clone()),
        }
    }
}

fn decode_input(value: &JsValue, what: &str) -> Result<Decoded, InputError> {
    if let Some(s) = value.as_string() {
        return Ok(Decoded::Text(s));
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        let bytes = bytes.to_vec();
        return text_from_bytes(&bytes).map(|t| Decoded::Text(t.to_string()));
    }
    if value.is_null() || value.is_undefined() {
        return Err(InputError::new(
            codes::EMPTY_INPUT,
            format!("{what} is missing: pass YAML or JSON text, its bytes, or objects"),
        ));
    }
    if !value.is_object() {
        return Err(InputError::new(codes::INVALID_OPTIONS, format!("{what} must be text, bytes or an object")));
    }
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| InputError::new(codes::WRONG_TYPE, format!("{what}: {e}")))?;
    Ok(Decoded::Docs(vec![Node::from_json(&json)]))
}

fn get(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn opt_string(options: &JsValue, key: &str) -> Result<Option<String>, InputError> {
    let v = get(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| InputError::new(codes::INVALID_OPTIONS, format!("options.{key} must be a string")))
}

fn opt_bool(options: &JsValue, key: &str) -> bool {
    get(options, key).as_bool().unwrap_or(false)
}

fn comparison_operators(options: &JsValue) -> bool {
    get(&get(options, "featureGates"), "TaintTolerationComparisonOperators").as_bool().unwrap_or(false)
}

/// Where the DaemonSet runs, node by node, and why not elsewhere.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(daemon_set: InputValue, nodes: InputValue, options: Option<PlanOptionsValue>) -> Result<JsValue, JsValue> {
    let (daemon_set, nodes): (JsValue, JsValue) = (daemon_set.into(), nodes.into());
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let run = || -> Result<api::Plan, InputError> {
        let opts = PlanOptions {
            name: opt_string(&options, "name")?,
            pods: opt_bool(&options, "pods"),
            comparison_operators: comparison_operators(&options),
        };
        let ds = decode_input(&daemon_set, "the DaemonSet")?;
        let nodes = decode_input(&nodes, "the node list")?;
        api::plan(ds.source(), nodes.source(), &opts)
    };
    match run() {
        Ok(plan) => encode(&plan),
        Err(e) => Err(into_js_error(&e)),
    }
}

/// What the API server would answer. Never throws: bad input comes back in `errors`.
#[wasm_bindgen(unchecked_return_type = "Validation")]
pub fn validate(daemon_set: InputValue, options: Option<ValidateOptionsValue>) -> Result<JsValue, JsValue> {
    let daemon_set: JsValue = daemon_set.into();
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let decoded = (|| -> Result<(Decoded, Option<Decoded>, Option<String>), InputError> {
        let old = get(&options, "oldDaemonSet");
        let old = if old.is_undefined() || old.is_null() { None } else { Some(decode_input(&old, "oldDaemonSet")?) };
        Ok((decode_input(&daemon_set, "the DaemonSet")?, old, opt_string(&options, "name")?))
    })();
    let result = match decoded {
        Ok((ds, old, name)) => api::validate(
            ds.source(),
            ValidateOptions {
                name,
                old_daemon_set: old.as_ref().map(Decoded::source),
                comparison_operators: comparison_operators(&options),
            },
        ),
        Err(e) => api::Validation {
            valid: false,
            errors: vec![api::ValidationError {
                field: String::new(),
                reason: e.code.to_string(),
                message: e.message,
                line: e.line,
                column: e.column,
            }],
            ..Default::default()
        },
    };
    encode(&result)
}

/// The package version and the Kubernetes release whose behaviour it reproduces.
#[wasm_bindgen(unchecked_return_type = "Version")]
pub fn version() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Version {
        package: &'static str,
        kubernetes: &'static str,
    }
    encode(&Version { package: env!("CARGO_PKG_VERSION"), kubernetes: api::KUBERNETES_VERSION })
}
