//! wasm exports of the controller over time: `sync`, `rollout`, `diff`. Decode, call, encode.

use wasm_bindgen::prelude::*;

use super::{comparison_operators, decode_input, encode, get, into_js_error, Decoded, InputValue};
use crate::api::Source;
use crate::controller::sync::{Between, CreatedPods};
use crate::controller::{self, DiffOptions, RolloutOptions, SyncOptions};
use crate::input::{self, codes, InputError, Node};
use crate::release::Release;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "SyncOptions")]
    pub type SyncOptionsValue;
    #[wasm_bindgen(typescript_type = "RolloutOptions")]
    pub type RolloutOptionsValue;
    #[wasm_bindgen(typescript_type = "DiffOptions")]
    pub type DiffOptionsValue;
    #[wasm_bindgen(typescript_type = "ClusterInput")]
    pub type ClusterValue;
    #[wasm_bindgen(typescript_type = "DiffSide")]
    pub type DiffSideValue;
}

fn invalid(message: String) -> InputError {
    InputError::new(codes::INVALID_OPTIONS, message)
}

fn opt_number(options: &JsValue, key: &str) -> Result<Option<f64>, InputError> {
    let v = get(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map(Some)
        .ok_or_else(|| invalid(format!("options.{key} must be a number ≥ 0")))
}

fn opt_str(options: &JsValue, key: &str) -> Result<Option<String>, InputError> {
    let v = get(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| invalid(format!("options.{key} must be a string")))
}

fn sync_options(options: &JsValue) -> Result<SyncOptions, InputError> {
    let between = get(options, "between");
    let created_pods = match opt_str(&between, "createdPods")? {
        None => CreatedPods::default(),
        Some(s) => CreatedPods::parse(&s).ok_or_else(|| {
            invalid(format!("options.between.createdPods: {s:?} is not ready, running, pending or failed"))
        })?,
    };
    let kubernetes_version = match opt_str(options, "kubernetesVersion")? {
        None => None,
        Some(v) => Some(
            Release::parse(&v).ok_or_else(|| invalid(format!("options.kubernetesVersion: {v:?} is not supported")))?,
        ),
    };
    // The core has no clock: the host's is the default.
    let now = opt_str(options, "now")?.unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()));
    Ok(SyncOptions {
        name: opt_str(options, "name")?,
        steps: opt_number(options, "steps")?.map(|n| n as usize),
        now: Some(now),
        between: Between {
            created_pods,
            advance_seconds: opt_number(&between, "advanceSeconds")?.unwrap_or(0.0) as i64,
        },
        comparison_operators: comparison_operators(options),
        kubernetes_version,
    })
}

fn rollout_options(options: &JsValue) -> Result<RolloutOptions, InputError> {
    Ok(RolloutOptions {
        startup_seconds: opt_number(options, "startupSeconds")?.unwrap_or(0.0) as i64,
        max_syncs: opt_number(options, "maxSyncs")?.map(|n| n as usize),
    })
}

/// A cluster: text, bytes, an object, or a list mixing them (documents concatenated).
fn decode_cluster(value: &JsValue) -> Result<Vec<Node>, InputError> {
    let parts: Vec<JsValue> =
        if js_sys::Array::is_array(value) { js_sys::Array::from(value).to_vec() } else { vec![value.clone()] };
    let mut docs = Vec::new();
    for part in parts {
        match decode_input(&part, "the cluster")? {
            Decoded::Bytes(b) => docs.extend(input::parse_bytes(&b, input::Filter::All)?.docs),
            Decoded::Docs(d) => docs.extend(d),
        }
    }
    Ok(docs)
}

fn finish<T: serde::Serialize>(r: Result<T, InputError>) -> Result<JsValue, JsValue> {
    match r {
        Ok(v) => encode(&v),
        Err(e) => Err(into_js_error(&e)),
    }
}

/// The controller's next syncs over the cluster: creates, deletes, adoptions, status.
#[wasm_bindgen(unchecked_return_type = "SyncResult")]
pub fn sync(
    daemon_set: InputValue,
    cluster: ClusterValue,
    options: Option<SyncOptionsValue>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    finish((|| {
        let opts = sync_options(&options)?;
        let ds = decode_input(&daemon_set.into(), "the DaemonSet")?;
        let cluster = decode_cluster(&cluster.into())?;
        controller::sync(ds.source(), Source::Docs(cluster), &opts)
    })())
}

/// The rollout the controller carries out, wave by wave.
#[wasm_bindgen(unchecked_return_type = "RolloutPlan")]
pub fn rollout(
    daemon_set: InputValue,
    cluster: ClusterValue,
    options: Option<RolloutOptionsValue>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    finish((|| {
        let (opts, r) = (sync_options(&options)?, rollout_options(&options)?);
        let ds = decode_input(&daemon_set.into(), "the DaemonSet")?;
        let cluster = decode_cluster(&cluster.into())?;
        controller::rollout(ds.source(), Source::Docs(cluster), &opts, r)
    })())
}

/// What changes from `before` ({daemonSet, cluster}) to `after` ({daemonSet?, cluster?}).
#[wasm_bindgen(unchecked_return_type = "DiffResult")]
pub fn diff(
    before: DiffSideValue,
    after: DiffSideValue,
    options: Option<DiffOptionsValue>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let (before, after): (JsValue, JsValue) = (before.into(), after.into());
    finish((|| {
        let opts = DiffOptions {
            sync: sync_options(&options)?,
            rollout: rollout_options(&options)?,
            orphan: get(&options, "orphan").as_bool().unwrap_or(false),
            settled: get(&options, "settled").as_bool().unwrap_or(false),
        };
        let before_ds = decode_input(&get(&before, "daemonSet"), "before.daemonSet")?;
        let before_cluster = decode_cluster(&get(&before, "cluster"))?;
        let present = |v: JsValue| (!v.is_undefined() && !v.is_null()).then_some(v);
        let after_ds = present(get(&after, "daemonSet")).map(|v| decode_input(&v, "after.daemonSet")).transpose()?;
        let after_cluster = present(get(&after, "cluster")).map(|v| decode_cluster(&v)).transpose()?;
        controller::diff(
            before_ds.source(),
            Source::Docs(before_cluster),
            after_ds.as_ref().map(Decoded::source),
            after_cluster.map(Source::Docs),
            &opts,
        )
    })())
}
