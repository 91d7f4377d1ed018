//! The cluster argument: one input, or an array of texts / byte arrays (several files).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::{decode_input, string_bytes, Decoded};
use crate::input::{parse_bytes, Filter, InputError};

/// The files of an argument given as several: an array whose items are all texts or byte
/// arrays. `None` for anything else, which is one input.
pub(crate) fn files(value: &JsValue) -> Option<&Array> {
    value
        .dyn_ref::<Array>()
        .filter(|a| a.length() > 0 && a.iter().all(|i| i.is_string() || i.dyn_ref::<Uint8Array>().is_some()))
}

/// Several files read as one cluster; anything else decoded as one input.
pub(crate) fn decode_cluster(value: &JsValue) -> Result<Decoded, InputError> {
    let Some(files) = files(value) else { return decode_input(value, "the cluster") };
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
