//! A policy never fails open: a review it cannot carry out (settings or node snapshot that
//! cannot be read, an object that cannot be decoded) is answered under the failure policy.

use serde_json::{json, Value as Json};

use super::review::{review_inner, ReviewOptions};
use super::settings::{FailurePolicy, Settings};
use crate::api::Source;
use crate::input::{parse_bytes, Filter, Node};

/// The failure policy that settings ask for, read even from settings that are otherwise
/// broken (`failurePolicy: Ignore` is honoured only when written exactly so); `Fail` if unknown.
pub fn failure_policy_of(settings: &Node) -> FailurePolicy {
    match settings.str_at("failurePolicy") {
        Some("Ignore") => FailurePolicy::Ignore,
        _ => FailurePolicy::Fail,
    }
}

/// As `failure_policy_of`, from settings text.
pub fn failure_policy_in(settings: &[u8]) -> FailurePolicy {
    match parse_bytes(settings, Filter::All) {
        Ok(docs) => docs.docs.first().map_or(FailurePolicy::Fail, failure_policy_of),
        Err(_) => FailurePolicy::Fail,
    }
}

/// Answers a review that cannot be carried out because of `why` (broken settings, a node
/// snapshot that cannot be read): the review's `uid` is echoed, other kinds and operations
/// are allowed untouched as always, and DaemonSets are answered under `failure_policy`.
pub fn review_unconfigured(source: Source<'_>, why: &str, failure_policy: FailurePolicy) -> Json {
    let options = ReviewOptions {
        settings: Settings { failure_policy, ..Settings::default() },
        nodes: None,
        comparison_operators: false,
        feature_gates: Default::default(),
    };
    review_inner(source, &options, Some(why))
}

/// The response for a DaemonSet the policy could not check: denied with 500 (`Fail`), or
/// admitted with a warning saying it was not checked (`Ignore`).
pub(crate) fn unchecked(uid: &str, why: &str, failure_policy: FailurePolicy) -> Json {
    let message = format!("the policy cannot review this DaemonSet: {why}");
    match failure_policy {
        FailurePolicy::Fail => json!({ "uid": uid, "allowed": false, "status": {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": "InternalError", "code": 500 } }),
        FailurePolicy::Ignore => json!({ "uid": uid, "allowed": true,
            "warnings": [format!("{message} (admitted unchecked: failurePolicy Ignore)")] }),
    }
}
