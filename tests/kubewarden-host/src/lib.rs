//! A waPC host on wasmtime with WASI, as Kubewarden's policy-server runs policies: it loads
//! `pkg/kubewarden/policy.wasm` once (compiled once, instantiated per host) and answers the
//! policy's `kubewarden`/`kubernetes`/`list_resources_all` calls from fixtures, a refusal, or a
//! recorded kwctl session.

pub mod cluster;
pub mod session;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};
use wapc::{WapcHost, WasiParams};
use wasmtime_provider::{WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

pub use cluster::Served;
pub use session::Exchange;

type HostError = Box<dyn Error + Send + Sync>;

/// The project root (this crate sits in tests/kubewarden-host).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn policy_path() -> PathBuf {
    root().join("pkg/kubewarden/policy.wasm")
}

/// The policy compiled once per process; every `Host` instantiates it afresh.
pub fn compiled() -> &'static WasmtimeEngineProviderPre {
    static PRE: OnceLock<WasmtimeEngineProviderPre> = OnceLock::new();
    PRE.get_or_init(|| {
        let path = policy_path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `make build`)", path.display()));
        WasmtimeEngineProviderBuilder::new()
            .module_bytes(&bytes)
            .wasi_params(WasiParams::default())
            .build_pre()
            .expect("the policy compiles under wasmtime")
    })
}

/// What the host answers the policy's cluster requests with.
pub enum Capability {
    /// Lists served from objects, as policy-server does for the granted resources.
    Served(Served),
    /// Every request refused with this message (an older host, or access not granted).
    Refused(String),
    /// A kwctl session file's exchanges, replayed in order as `kwctl run
    /// --replay-host-capabilities-interactions` does.
    Replay(Vec<Exchange>),
}

/// One host call the policy made: `binding/namespace/operation` and its payload.
#[derive(Clone, Debug)]
pub struct Call {
    pub operation: String,
    pub payload: Value,
}

pub struct Host {
    host: WapcHost,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Host {
    pub fn new(capability: Capability) -> Host {
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let log = calls.clone();
        let capability = Mutex::new(capability);
        let callback = move |_id: u64, binding: &str, namespace: &str, operation: &str, payload: &[u8]| {
            let request: Value = serde_json::from_slice(payload)?;
            let name = format!("{binding}/{namespace}/{operation}");
            log.lock().unwrap().push(Call { operation: name.clone(), payload: request.clone() });
            if name != "kubewarden/kubernetes/list_resources_all" {
                return Err::<Vec<u8>, HostError>(format!("this host does not serve {name}").into());
            }
            match &mut *capability.lock().unwrap() {
                Capability::Served(served) => served.list(&request),
                Capability::Refused(message) => Err(message.clone().into()),
                Capability::Replay(exchanges) => session::replay(exchanges, &request),
            }
        };
        let engine = compiled().rehydrate(None).expect("the policy instantiates");
        let host = WapcHost::new(Box::new(engine), Some(Box::new(callback))).expect("wapc_init runs");
        Host { host, calls }
    }

    /// Calls a guest function with a JSON payload and reads its JSON answer.
    pub fn call(&self, function: &str, payload: &Value) -> Result<Value, String> {
        let answer = self.host.call(function, &serde_json::to_vec(payload).unwrap()).map_err(|e| e.to_string())?;
        serde_json::from_slice(&answer).map_err(|e| format!("the policy answered other than JSON: {e}"))
    }

    /// `validate` with a ValidationRequest of this admission request and settings.
    pub fn validate(&self, request: &Value, settings: &Value) -> Value {
        self.call("validate", &json!({ "request": request, "settings": settings })).unwrap()
    }

    /// `validate` with raw bytes (malformed requests).
    pub fn validate_raw(&self, payload: &[u8]) -> Value {
        let answer = self.host.call("validate", payload).unwrap();
        serde_json::from_slice(&answer).unwrap()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

/// An AdmissionRequest for a DaemonSet (`oldObject` for UPDATE).
pub fn admission_request(operation: &str, object: &Value, old: Option<&Value>) -> Value {
    let name = object["metadata"]["name"].as_str().unwrap_or("");
    let namespace = object["metadata"]["namespace"].as_str().unwrap_or("default");
    let mut request = json!({
        "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
        "kind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
        "resource": {"group": "apps", "version": "v1", "resource": "daemonsets"},
        "requestKind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
        "requestResource": {"group": "apps", "version": "v1", "resource": "daemonsets"},
        "name": name,
        "namespace": namespace,
        "operation": operation,
        "userInfo": {"username": "admin", "groups": ["system:authenticated"]},
        "object": object,
        "dryRun": false,
    });
    if let Some(old) = old {
        request["oldObject"] = old.clone();
    }
    request
}

/// Reads a YAML or JSON file of the project (one document).
pub fn read_yaml(path: impl AsRef<Path>) -> Value {
    let path = root().join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
