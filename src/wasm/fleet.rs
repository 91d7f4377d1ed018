//! `listDaemonSets` and `planAll` for JavaScript: thin over `api`.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use super::cluster::ClusterHandle;
use super::cluster_files::{decode_cluster, files};
use super::{decode_input, encode, get, into_js_error, read_plan_options, ClusterInputValue, Decoded, InputValue};
use crate::api::{self, PlanAllOptions};
use crate::input::{codes, InputError};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "PlanAllOptions")]
    pub type PlanAllOptionsValue;
}

fn plan_all_options(options: Option<PlanAllOptionsValue>) -> Result<PlanAllOptions, InputError> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let families = get(&options, "families");
    let families: BTreeMap<String, Vec<String>> = if families.is_undefined() || families.is_null() {
        BTreeMap::new()
    } else {
        serde_wasm_bindgen::from_value(families).map_err(|_| {
            InputError::new(codes::INVALID_OPTIONS, "options.families: expected { family: [\"namespace/name\", …] }")
        })?
    };
    let coverage = get(&options, "coverage");
    let coverage = match coverage.as_string() {
        Some(text) => Some(text),
        None if coverage.is_undefined() || coverage.is_null() => None,
        None => {
            return Err(InputError::new(codes::INVALID_OPTIONS, "options.coverage: expected a label selector string"))
        }
    };
    Ok(PlanAllOptions { plan: read_plan_options(&options)?, families, coverage })
}

/// Several inputs (an array of texts or byte arrays: files), or one.
fn decode_sources(value: JsValue, what: &str) -> Result<Vec<Decoded>, InputError> {
    match files(&value) {
        Some(items) => items.iter().map(|i| decode_input(&i, what)).collect(),
        None => Ok(vec![decode_input(&value, what)?]),
    }
}

/// The DaemonSets an input holds (namespace, name, line), without planning them.
#[wasm_bindgen(js_name = listDaemonSets, unchecked_return_type = "DaemonSetEntry[]")]
pub fn list_daemon_sets(input: InputValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<Vec<api::DaemonSetEntry>, InputError> {
        api::list_daemon_sets(decode_input(&input.into(), "the DaemonSets")?.source())
    };
    run().map_err(|e| into_js_error(&e)).and_then(|l| encode(&l))
}

/// Every DaemonSet of the input planned against one cluster, with the findings across them.
#[wasm_bindgen(js_name = planAll, unchecked_return_type = "PlanAll")]
pub fn plan_all(
    daemon_sets: InputValue,
    cluster: ClusterInputValue,
    options: Option<PlanAllOptionsValue>,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<api::PlanAll, InputError> {
        let options = plan_all_options(options)?;
        let daemon_sets = decode_sources(daemon_sets.into(), "the DaemonSets")?;
        let cluster = decode_cluster(&cluster.into())?;
        api::plan_all(daemon_sets.iter().map(Decoded::source).collect(), cluster.source(), &options)
    };
    run().map_err(|e| into_js_error(&e)).and_then(|p| encode(&p))
}

#[wasm_bindgen(js_class = Cluster)]
impl ClusterHandle {
    /// As the module's `planAll`, against these nodes.
    #[wasm_bindgen(js_name = planAll, unchecked_return_type = "PlanAll")]
    pub fn plan_all(&self, daemon_sets: InputValue, options: Option<PlanAllOptionsValue>) -> Result<JsValue, JsValue> {
        let run = || -> Result<api::PlanAll, InputError> {
            let options = plan_all_options(options)?;
            let daemon_sets = decode_sources(daemon_sets.into(), "the DaemonSets")?;
            self.inner.plan_all(daemon_sets.iter().map(Decoded::source).collect(), &options)
        };
        run().map_err(|e| into_js_error(&e)).and_then(|p| encode(&p))
    }
}
