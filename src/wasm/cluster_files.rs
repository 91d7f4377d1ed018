//! The cluster argument: one input, or an array of texts / byte arrays (several files).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::{decode_input, string_bytes, Decoded};
use crate::input::{parse_bytes, Filter, InputError};

/// An array whose items are all texts or byte arrays is several files; anything else is
/// decoded as one input.
pub(crate) fn decode_cluster(value: &JsValue) -> Result<Decoded, InputError> {
    let files = value
        .dyn_ref::<Array>()
        .filter(|a| a.length() > 0 && a.iter().all(|i| i.is_string() || i.dyn_ref::<Uint8Array>().is_some()));
    let Some(files) = files else { return decode_input(value, "the cluster") };
    let mut docs = Vec::new();
    for item in files.iter() {
        let bytes = match item.dyn_ref::<js_sys::JsString>() {
            Some(text) => string_bytes(text),
            None => item.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).unwrap_or_default(),
        };
        docs.extend(parse_bytes(&bytes, Filter::NodeRoot)?.docs);
    }
    Ok(Decoded::Docs(docs))
}
