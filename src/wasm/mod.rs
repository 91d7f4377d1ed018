//! The wasm-bindgen host adapter: decode the JavaScript input, call `api`, encode the result.
//! No logic lives here.

use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{self, PlanOptions, Source, ValidateOptions};

mod cluster;
mod cluster_files;
mod fleet;
mod options;
mod policy;
mod sync;
use crate::input::{codes, limits, InputError, Node};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

// Typed handles, so the generated declarations name the documented types.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Input")]
    pub type InputValue;
    #[wasm_bindgen(typescript_type = "ClusterInput")]
    pub type ClusterInputValue;
    #[wasm_bindgen(typescript_type = "PlanOptions")]
    pub type PlanOptionsValue;
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsValue;
    #[wasm_bindgen(typescript_type = "VersionOptions")]
    pub type VersionOptionsValue;
}

// The host's TextEncoder writes a JS string as UTF-8 straight into wasm memory in one native
// call, where wasm-bindgen's own string passing walks it character by character (90 ms for
// 20 MB of nodes).
#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, dest: &Uint8Array) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// A JS string as UTF-8 bytes in wasm memory.
pub(crate) fn string_bytes(text: &js_sys::JsString) -> Vec<u8> {
    let units = text.length() as usize;
    let encoder = TextEncoder::new();
    // ASCII needs one byte a UTF-16 unit; more room is made when the text is not ASCII. The
    // room is not zeroed first: the host writes it (zeroing 100 MB took 5 ms a call).
    let mut buf: Vec<u8> = Vec::with_capacity(units + 16);
    let mut read = 0usize;
    loop {
        let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
        let spare = buf.capacity() - buf.len();
        let dest =
            Uint8Array::new_with_byte_offset_and_length(&memory, buf.as_ptr() as u32 + buf.len() as u32, spare as u32);
        let rest = if read == 0 { text.clone() } else { text.substring(read as u32, units as u32) };
        let r = encoder.encode_into(&rest, &dest);
        read += r.read() as usize;
        let written = (r.written() as usize).min(spare);
        // SAFETY: encodeInto wrote `written` bytes (at most `spare`) into the spare capacity.
        unsafe { buf.set_len(buf.len() + written) };
        if read >= units {
            return buf;
        }
        buf.reserve((units - read) * 3 + 16);
    }
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Every result crosses as JSON text that the host's `JSON.parse` turns into plain objects:
/// for thousands of nodes far cheaper than building each object through the boundary.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let mut out = JsonOut(Vec::with_capacity(1 << 16));
    serde_json::to_writer(&mut out, value).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    // serde_json writes valid UTF-8.
    let json = String::from_utf8(out.0).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&json)
}

/// serde_json writes a byte or a few at a time: single bytes are pushed inline, where the
/// general slice copy is a call each (a 2 MB plan is about a million writes).
struct JsonOut(Vec<u8>);

impl std::io::Write for JsonOut {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match *buf {
            [b] => self.0.push(b),
            _ => self.0.extend_from_slice(buf),
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An `Error` with `code`, and `line` and `column` where known.
pub(crate) fn into_js_error(e: &InputError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code));
    if let (Some(l), Some(c)) = (e.line, e.column) {
        set("line", JsValue::from(l));
        set("column", JsValue::from(c));
    }
    if let Some(argument) = e.argument {
        set("argument", JsValue::from_str(argument));
    }
    err.into()
}

/// Text arrives as UTF-8 bytes; objects are converted to documents.
pub(crate) enum Decoded {
    Bytes(Vec<u8>),
    Docs(Vec<Node>),
}

impl Decoded {
    pub(crate) fn source(&self) -> Source<'_> {
        match self {
            Decoded::Bytes(b) => Source::Bytes(b),
            Decoded::Docs(d) => Source::Docs(d.clone()),
        }
    }
}

pub(crate) fn decode_input(value: &JsValue, what: &str) -> Result<Decoded, InputError> {
    decode_input_within(value, what, limits::MAX_NODE_LIST_BYTES)
}

/// As `decode_input`, refusing more than `limit` bytes of text (or of an object's JSON).
/// Objects cross as the host's `JSON.stringify` text: it runs in JavaScript, so a cycle, a
/// throwing getter or Proxy, a BigInt or runaway nesting ends in a JavaScript exception that
/// is caught here, never in the middle of wasm (which would leave the module unusable).
pub(crate) fn decode_input_within(value: &JsValue, what: &str, limit: usize) -> Result<Decoded, InputError> {
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        // Every UTF-16 unit is at least one byte: refuse before copying.
        limits::check_size(text.length() as usize, limit, what)?;
        let bytes = string_bytes(text);
        limits::check_size(bytes.len(), limit, what)?;
        return Ok(Decoded::Bytes(bytes));
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        limits::check_size(bytes.length() as usize, limit, what)?;
        return Ok(Decoded::Bytes(bytes.to_vec()));
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
    let json: JsValue = js_sys::JSON::stringify(value)
        .map_err(|e| {
            InputError::new(codes::INVALID_OBJECT, format!("{what} cannot be read as JSON: {}", js_message(&e)))
        })?
        .into();
    let Some(text) = json.dyn_ref::<js_sys::JsString>() else {
        return Err(InputError::new(
            codes::INVALID_OBJECT,
            format!("{what} cannot be read as JSON: it has no JSON form"),
        ));
    };
    limits::check_size(text.length() as usize, limit, what)?;
    let bytes = string_bytes(text);
    limits::check_size(bytes.len(), limit, what)?;
    let mut docs = crate::input::parse_bytes(&bytes, crate::input::Filter::All)?.docs;
    // Objects have no lines: positions in their JSON text would mislead.
    docs.iter_mut().for_each(Node::forget_positions);
    Ok(Decoded::Docs(docs))
}

/// The message of a thrown JavaScript value (an `Error`'s `name: message`, or its string form).
pub(crate) fn js_message(thrown: &JsValue) -> String {
    if let Some(e) = thrown.dyn_ref::<js_sys::Error>() {
        let name: String = e.name().into();
        let message: String = e.message().into();
        return format!("{name}: {message}");
    }
    thrown.as_string().unwrap_or_else(|| "a non-Error value was thrown".into())
}

pub(crate) fn get(options: &JsValue, key: &str) -> JsValue {
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

pub(crate) fn read_plan_options(options: &JsValue) -> Result<PlanOptions, InputError> {
    let release = options::release(options)?;
    let feature_gates = options::feature_gates(options, release)?;
    Ok(PlanOptions {
        name: opt_string(options, "name")?,
        pods: opt_bool(options, "pods"),
        comparison_operators: comparison_operators(options),
        kubernetes_version: release,
        feature_gates,
        field_validation: options::field_validation(options)?,
        suggestions: opt_bool(options, "suggestions"),
        node_changes: opt_bool(options, "nodeChanges"),
    })
}

pub(crate) fn plan_options(options: Option<PlanOptionsValue>) -> Result<PlanOptions, InputError> {
    read_plan_options(&options.map_or(JsValue::UNDEFINED, Into::into))
}

/// The `TaintTolerationComparisonOperators` gate as set (off by default in every supported release).
pub(crate) fn comparison_operators(options: &JsValue) -> bool {
    get(&get(options, "featureGates"), "TaintTolerationComparisonOperators").as_bool().unwrap_or(false)
}

/// Where the DaemonSet runs, node by node, and why not elsewhere.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    daemon_set: InputValue,
    nodes: ClusterInputValue,
    options: Option<PlanOptionsValue>,
) -> Result<JsValue, JsValue> {
    let (daemon_set, nodes): (JsValue, JsValue) = (daemon_set.into(), nodes.into());
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let run = || -> Result<api::Plan, InputError> {
        let opts = read_plan_options(&options)?;
        let ds = decode_input_within(&daemon_set, "the DaemonSet", limits::MAX_MANIFEST_BYTES)
            .map_err(|e| e.from_argument("daemonSet"))?;
        let nodes = cluster_files::decode_cluster(&nodes).map_err(|e| e.from_argument("nodes"))?;
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
    let decoded = (|| -> Result<(Decoded, Option<Decoded>, ValidateOptions<'static>), InputError> {
        let old = get(&options, "oldDaemonSet");
        let old = if old.is_undefined() || old.is_null() {
            None
        } else {
            Some(decode_input_within(&old, "oldDaemonSet", limits::MAX_REQUEST_BYTES)?)
        };
        let release = options::release(&options)?;
        let settings = ValidateOptions {
            name: opt_string(&options, "name")?,
            comparison_operators: comparison_operators(&options),
            kubernetes_version: release,
            feature_gates: options::feature_gates(&options, release)?,
            field_validation: options::field_validation(&options)?,
            ..Default::default()
        };
        Ok((decode_input_within(&daemon_set, "the DaemonSet", limits::MAX_REQUEST_BYTES)?, old, settings))
    })();
    let result = match decoded {
        Ok((ds, old, settings)) => api::validate(
            ds.source(),
            ValidateOptions { old_daemon_set: old.as_ref().map(Decoded::source), ..settings },
        ),
        Err(e) => api::Validation {
            valid: false,
            errors: vec![api::ValidationError {
                field: String::new(),
                reason: e.code.to_string(),
                message: e.message.clone(),
                line: e.line,
                column: e.column,
            }],
            ..Default::default()
        },
    };
    encode(&result)
}

/// The package version and the Kubernetes release that answers: the newest supported, or the
/// one `options.kubernetesVersion` selects.
#[wasm_bindgen(unchecked_return_type = "Version")]
pub fn version(options: Option<VersionOptionsValue>) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Version {
        package: &'static str,
        kubernetes: &'static str,
    }
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let release = options::release(&options).map_err(|e| into_js_error(&e))?;
    encode(&Version { package: env!("CARGO_PKG_VERSION"), kubernetes: release.as_str() })
}
