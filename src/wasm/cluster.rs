//! `Cluster`, `PlanView` and `ClusterLoader` for JavaScript: thin handles over `api`.

use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::{decode_input, encode, into_js_error, plan_options, string_bytes, InputValue, PlanOptionsValue};
use crate::api;
use crate::input::{codes, InputError};
use crate::placement::Outcome;

/// Nodes loaded once, to plan many DaemonSets against (the playground re-plans on each edit).
#[wasm_bindgen(js_name = Cluster)]
pub struct ClusterHandle {
    pub(super) inner: Rc<api::Cluster>,
}

#[wasm_bindgen(js_class = Cluster)]
impl ClusterHandle {
    #[wasm_bindgen(constructor)]
    pub fn new(nodes: super::ClusterInputValue) -> Result<ClusterHandle, JsValue> {
        let decoded = super::cluster_files::decode_cluster(&nodes.into()).map_err(|e| into_js_error(&e))?;
        let cluster = api::Cluster::load(decoded.source()).map_err(|e| into_js_error(&e))?;
        Ok(ClusterHandle { inner: Rc::new(cluster) })
    }

    /// `review()` against these nodes (`options.nodes` is not read): a webhook loads its node
    /// snapshot once and answers every request against it.
    #[wasm_bindgen(unchecked_return_type = "AdmissionReview")]
    pub fn review(
        &self,
        admission_review: InputValue,
        options: Option<super::policy::ReviewOptionsValue>,
    ) -> Result<JsValue, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        super::policy::answer(admission_review.into(), &options, Some(&self.inner))
    }

    /// How many nodes.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.inner.nodes().len() as u32
    }

    /// The nodes' names, in input order.
    #[wasm_bindgen(js_name = nodeNames)]
    pub fn node_names(&self) -> Vec<String> {
        self.inner.nodes().iter().map(|n| n.name.clone()).collect()
    }

    /// Label keys by how many nodes carry them, most first: `[key, count][]`.
    #[wasm_bindgen(js_name = labelKeys, unchecked_return_type = "[string, number][]")]
    pub fn label_keys(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.label_keys())
    }

    /// Each node's value of label `key` (`null` where it has none), in input order.
    #[wasm_bindgen(js_name = labelValues, unchecked_return_type = "(string | null)[]")]
    pub fn label_values(&self, key: &str) -> Result<JsValue, JsValue> {
        encode(&self.inner.label_values(key))
    }

    /// Each node's taints as kubectl prints them (`key=value:Effect`), in input order.
    #[wasm_bindgen(unchecked_return_type = "string[][]")]
    pub fn taints(&self) -> Result<JsValue, JsValue> {
        encode(&self.inner.taint_strings())
    }

    /// As the module's `plan`, against these nodes.
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn plan(&self, daemon_set: InputValue, options: Option<PlanOptionsValue>) -> Result<JsValue, JsValue> {
        let view = self.plan_view(daemon_set, options)?;
        encode(&view.view.to_plan(&self.inner))
    }

    /// A plan whose nodes are built only when read: for thousands of nodes.
    #[wasm_bindgen(js_name = planView)]
    pub fn plan_view(&self, daemon_set: InputValue, options: Option<PlanOptionsValue>) -> Result<PlanView, JsValue> {
        let options = plan_options(options).map_err(|e| into_js_error(&e))?;
        let decoded = decode_input(&daemon_set.into(), "the DaemonSet").map_err(|e| into_js_error(&e))?;
        let view = self.inner.plan_view(decoded.source(), &options).map_err(|e| into_js_error(&e))?;
        Ok(PlanView { cluster: Rc::clone(&self.inner), view })
    }
}

/// A plan over a cluster: summary, rollout and validation at once; nodes on request.
#[wasm_bindgen]
pub struct PlanView {
    cluster: Rc<api::Cluster>,
    view: api::PlanView,
}

#[wasm_bindgen]
impl PlanView {
    #[wasm_bindgen(getter, unchecked_return_type = "Plan['daemonSet']", js_name = daemonSet)]
    pub fn daemon_set(&self) -> Result<JsValue, JsValue> {
        encode(&self.view.daemon_set)
    }

    #[wasm_bindgen(getter, unchecked_return_type = "Plan['summary']")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        encode(&self.view.summary)
    }

    #[wasm_bindgen(getter, unchecked_return_type = "Plan['rollout']")]
    pub fn rollout(&self) -> Result<JsValue, JsValue> {
        encode(&self.view.rollout)
    }

    #[wasm_bindgen(getter, unchecked_return_type = "Validation")]
    pub fn validation(&self) -> Result<JsValue, JsValue> {
        encode(&self.view.validation)
    }

    /// How many nodes.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.cluster.nodes().len() as u32
    }

    /// One byte a node, in input order: 0 run, 1 keepRunning, 2 evict, 3 exclude.
    pub fn outcomes(&self) -> Uint8Array {
        let codes: Vec<u8> = self
            .view
            .outcomes()
            .map(|o| match o {
                Outcome::Run => 0,
                Outcome::KeepRunning => 1,
                Outcome::Evict => 2,
                Outcome::Exclude => 3,
            })
            .collect();
        Uint8Array::from(codes.as_slice())
    }

    /// One byte a node, in input order: the scheduler's verdict where the cluster states
    /// allocatable: 0 none, 1 scheduled, 2 Pending, 3 preempting (empty without allocatable).
    #[wasm_bindgen(js_name = schedulerVerdicts)]
    pub fn scheduler_verdicts(&self) -> Uint8Array {
        Uint8Array::from(self.view.verdicts())
    }

    /// Node `index` in the documented shape, or `undefined` past the end.
    #[wasm_bindgen(unchecked_return_type = "NodePlacement | undefined")]
    pub fn node(&self, index: u32) -> Result<JsValue, JsValue> {
        match self.view.node(&self.cluster, index as usize) {
            Some(n) => encode(&n),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The whole plan in the documented shape (also what `JSON.stringify` gives).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "Plan")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        encode(&self.view.to_plan(&self.cluster))
    }
}

/// Loads a cluster from a node list fed in chunks (a stream of a file however large): memory
/// holds each node's decisive fields, never the whole text.
#[wasm_bindgen]
pub struct ClusterLoader {
    inner: Option<api::ClusterLoader>,
    /// Chunks are copied here, one buffer reused: a fresh multi-megabyte allocation per chunk
    /// would grow wasm memory again and again.
    scratch: Vec<u8>,
}

#[wasm_bindgen]
impl ClusterLoader {
    #[wasm_bindgen(constructor)]
    pub fn new() -> ClusterLoader {
        ClusterLoader { inner: Some(api::ClusterLoader::new()), scratch: Vec::new() }
    }

    /// Feeds the next chunk: UTF-8 bytes, or text.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] chunk: JsValue,
    ) -> Result<(), JsValue> {
        let loader = self.inner.as_mut().ok_or_else(|| into_js_error(&finished()))?;
        let result = if let Some(text) = chunk.dyn_ref::<js_sys::JsString>() {
            loader.push(&string_bytes(text))
        } else if let Some(bytes) = chunk.dyn_ref::<Uint8Array>() {
            self.scratch.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut self.scratch);
            loader.push(&self.scratch)
        } else {
            Err(InputError::new(codes::INVALID_OPTIONS, "a chunk must be a Uint8Array or a string"))
        };
        result.map_err(|e| into_js_error(&e))
    }

    /// Nodes read so far.
    #[wasm_bindgen(getter)]
    pub fn nodes(&self) -> u32 {
        self.inner.as_ref().map_or(0, |l| l.progress().0 as u32)
    }

    /// Bytes fed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |l| l.progress().1 as f64)
    }

    /// Ends one file; the next chunk starts another (several cluster files, one loader).
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        let loader = self.inner.as_mut().ok_or_else(|| into_js_error(&finished()))?;
        loader.end_file().map_err(|e| into_js_error(&e))
    }

    /// Ends the input and gives the cluster.
    pub fn finish(&mut self) -> Result<ClusterHandle, JsValue> {
        let loader = self.inner.take().ok_or_else(|| into_js_error(&finished()))?;
        let cluster = loader.finish().map_err(|e| into_js_error(&e))?;
        Ok(ClusterHandle { inner: Rc::new(cluster) })
    }
}

impl Default for ClusterLoader {
    fn default() -> Self {
        ClusterLoader::new()
    }
}

fn finished() -> InputError {
    InputError::new(codes::INVALID_OPTIONS, "this loader has finished; start a new ClusterLoader")
}
