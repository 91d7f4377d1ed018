//! Warnings: what kubectl would print after the API server accepted the object, and the
//! DaemonSet traps users fall into, each with one line of advice.

mod fields_by_release;
mod ip;
mod removed_apis;
mod strict;
mod unknown_fields;

pub use fields_by_release::{ADDED as FIELDS_ADDED, REMOVED as FIELDS_REMOVED};
pub use ip::ip_warnings;
pub use removed_apis::removed_api_warnings;
pub use strict::{strict_decoding_message, strict_decoding_warnings, FieldValidation};
pub use unknown_fields::{field_problems, schema_lines, unknown_fields, FieldProblem};

use crate::api::Warning;
use crate::input::locate::locate;
use crate::input::Node;
use crate::model::{DaemonSet, IntOrString};

fn warn(tree: &Node, field: &str, message: String) -> Warning {
    let pos = locate(tree, field);
    Warning { message, field: Some(field.to_string()), line: pos.is_known().then_some(pos.line) }
}

/// The traps, checked on the DaemonSet as written (unknown fields are `strict`'s).
pub fn daemon_set_warnings(ds: &DaemonSet, tree: &Node) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    let Some(spec) = ds.pod_spec() else {
        return out;
    };
    let tolerations = spec.tolerations.as_deref().unwrap_or_default();
    for (i, t) in tolerations.iter().enumerate() {
        if t.key.is_empty() && t.operator == "Exists" && (t.effect.is_empty() || t.effect == "NoExecute") {
            out.push(warn(
                tree,
                &format!("spec.template.spec.tolerations[{i}]"),
                "this toleration tolerates every taint, NoExecute included: the daemon also runs on nodes being drained or quarantined; list the taints it needs instead".into(),
            ));
        }
    }
    let tolerates =
        |key: &str| tolerations.iter().any(|t| t.key == key || (t.key.is_empty() && t.operator == "Exists"));
    if tolerates("node-role.kubernetes.io/master") && !tolerates("node-role.kubernetes.io/control-plane") {
        out.push(warn(
            tree,
            "spec.template.spec.tolerations",
            "tolerates the legacy node-role.kubernetes.io/master taint but not node-role.kubernetes.io/control-plane, which control-plane nodes carry since Kubernetes 1.24".into(),
        ));
    }
    let surge = ds
        .spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|u| u.rolling_update.as_ref())
        .and_then(|r| r.max_surge.as_ref());
    let surges = matches!(surge, Some(IntOrString::Int(i)) if *i > 0)
        || matches!(surge, Some(IntOrString::String(s)) if s.trim_end_matches('%').parse::<i64>().is_ok_and(|p| p > 0));
    let host_port =
        spec.containers.iter().flatten().flat_map(|c| c.ports.iter().flatten()).any(|p| p.host_port.unwrap_or(0) != 0);
    if surges && (host_port || spec.host_network()) {
        out.push(warn(
            tree,
            "spec.updateStrategy.rollingUpdate.maxSurge",
            "maxSurge > 0 starts the new pod beside the old one on each node, but a host port (or hostNetwork port) can be bound only once: the surge pod cannot start; use maxUnavailable instead".into(),
        ));
    }
    if let Some(labels) = ds.spec.as_ref().and_then(|s| s.selector.as_ref()).and_then(|s| s.match_labels.as_ref()) {
        const COMMON: [&str; 4] = ["app.kubernetes.io/part-of", "app.kubernetes.io/managed-by", "tier", "environment"];
        if !labels.is_empty() && labels.keys().all(|k| COMMON.contains(&k.as_str())) {
            out.push(warn(
                tree,
                "spec.selector",
                "the selector uses only labels that other workloads share too; the DaemonSet could adopt their pods: add a label unique to this DaemonSet, such as app.kubernetes.io/name".into(),
            ));
        }
    }
    out
}
