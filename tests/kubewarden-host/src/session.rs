//! kwctl's host-capabilities session files (`kwctl run --record-host-capabilities-interactions`
//! writes them, `--replay-host-capabilities-interactions` reads them): a YAML list of
//! exchanges, as kwctl's `callback_handler/proxy.rs` declares them. Each request is itself YAML
//! of policy-evaluator's `CallbackRequestType` (`!KubernetesListResourceAll` and its fields,
//! without the SDK's `field_masks`, which policy-evaluator does not carry over).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::HostError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Response {
    Success { payload: String },
    Error { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub struct Exchange {
    pub request: String,
    pub response: Response,
}

/// The part of policy-evaluator's `CallbackRequestType` this policy sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallbackRequestType {
    KubernetesListResourceAll {
        api_version: String,
        kind: String,
        label_selector: Option<String>,
        field_selector: Option<String>,
    },
}

/// The request as policy-evaluator converts the SDK's `ListAllResourcesRequest`.
pub fn request_type(request: &Value) -> Result<CallbackRequestType, HostError> {
    let text = |k: &str| request[k].as_str().map(str::to_string);
    Ok(CallbackRequestType::KubernetesListResourceAll {
        api_version: text("api_version").ok_or("no api_version")?,
        kind: text("kind").ok_or("no kind")?,
        label_selector: text("label_selector"),
        field_selector: text("field_selector"),
    })
}

/// Reads a session file.
pub fn load(path: &std::path::Path) -> Vec<Exchange> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Answers the next request from the recorded exchanges, as kwctl's replay does: the request
/// must be the one recorded next.
pub fn replay(exchanges: &mut Vec<Exchange>, request: &Value) -> Result<Vec<u8>, HostError> {
    let mut queue: VecDeque<Exchange> = exchanges.drain(..).collect();
    let next = queue.pop_front();
    exchanges.extend(queue);
    let exchange = next.ok_or("the list of recorded responses is empty")?;
    let expected: CallbackRequestType = serde_yaml::from_str(&exchange.request)?;
    let got = request_type(request)?;
    if expected != got {
        return Err(format!("Replay error: unexpected request. Was expecting {expected:?}, got {got:?} instead").into());
    }
    match exchange.response {
        Response::Success { payload } => Ok(payload.into_bytes()),
        Response::Error { message } => Err(message.into()),
    }
}

/// An exchange as kwctl records it.
pub fn record(request: &Value, response: &Result<Vec<u8>, HostError>) -> Exchange {
    let request = serde_yaml::to_string(&request_type(request).unwrap()).unwrap();
    let response = match response {
        // Pretty-printed, for people reading the file; the policy reads the same JSON.
        Ok(payload) => {
            let json: Value = serde_json::from_slice(payload).unwrap();
            Response::Success { payload: serde_json::to_string_pretty(&json).unwrap() + "\n" }
        }
        Err(e) => Response::Error { message: e.to_string() },
    };
    Exchange { request, response }
}
