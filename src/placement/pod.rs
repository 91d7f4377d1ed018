//! The Pod the DaemonSet controller creates on a node: kubernetes/kubernetes
//! `pkg/controller/daemon/util/daemonset_util.go` `CreatePodTemplate`,
//! `ReplaceDaemonSetPodNodeNameNodeAffinity`, and `controller_utils.go` `GetPodFromTemplate`.

use serde_json::{json, Map, Value as Json};

use super::stored_form::stored_affinity;
use crate::input::Node;
use crate::model::{DaemonSet, Toleration};
use crate::validation::names::name_is_dns_subdomain;

/// Builds the daemon pod for `node_name` from the DaemonSet as written (`ds_tree`), so every
/// template field, modelled or not, is carried over.
///
/// Not reproduced: the `controller-revision-hash` label (a hash of Go's object dump that only
/// the controller can compute) and the server-side defaulting a created Pod then goes through.
pub fn new_daemon_pod(ds_tree: &Node, ds: &DaemonSet, tolerations: &[Toleration], node_name: &str) -> Json {
    let template = ds_tree.get("spec").and_then(|s| s.get("template"));
    let template_meta = template.and_then(|t| t.get("metadata")).map(Node::to_json);
    let mut spec = template.and_then(|t| t.get("spec")).map(Node::to_json).unwrap_or_else(|| json!({}));

    let mut metadata = Map::new();
    metadata.insert("generateName".into(), pods_prefix(ds.name()).into());
    metadata.insert("namespace".into(), ds.namespace().into());
    let mut labels =
        template_meta.as_ref().and_then(|m| m.get("labels")).and_then(Json::as_object).cloned().unwrap_or_default();
    // CreatePodTemplate: a parseable template generation annotation becomes a pod label.
    let generation = ds
        .metadata
        .as_ref()
        .and_then(|m| m.annotations.as_ref())
        .and_then(|a| a.get("deprecated.daemonset.template.generation"));
    if let Some(g) = generation.filter(|g| g.parse::<i64>().is_ok()) {
        labels.insert("pod-template-generation".into(), g.clone().into());
    }
    if !labels.is_empty() {
        metadata.insert("labels".into(), Json::Object(labels));
    }
    for key in ["annotations", "finalizers"] {
        if let Some(v) = template_meta.as_ref().and_then(|m| m.get(key)).filter(|v| !v.is_null()) {
            metadata.insert(key.into(), v.clone());
        }
    }
    let mut owner = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "name": ds.name(), "controller": true, "blockOwnerDeletion": true});
    if let Some(uid) = ds.metadata.as_ref().and_then(|m| m.uid.as_ref()) {
        owner["uid"] = uid.clone().into();
    }
    metadata.insert("ownerReferences".into(), json!([owner]));

    if let Some(obj) = spec.as_object_mut() {
        obj.insert("tolerations".into(), serde_json::to_value(tolerations).unwrap_or_default());
        let affinity = obj.remove("affinity").filter(|a| a.is_object());
        // The affinity as stored: the typed struct's JSON (empty lists dropped, `weight: 0` kept).
        let affinity = replace_daemon_set_pod_node_name_node_affinity(affinity, node_name);
        obj.insert("affinity".into(), stored_affinity(affinity));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec})
}

/// Mirrors `getPodsPrefix`: `<name>-`, or `<name>` when the dash form is no valid prefix.
fn pods_prefix(ds_name: &str) -> String {
    let prefix = format!("{ds_name}-");
    if name_is_dns_subdomain(&prefix, true).is_empty() {
        prefix
    } else {
        ds_name.to_string()
    }
}

/// Mirrors `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the
/// single term `matchFields metadata.name In [node]`; preferred terms and pod (anti-)affinity
/// stay as written.
pub fn replace_daemon_set_pod_node_name_node_affinity(affinity: Option<Json>, node_name: &str) -> Json {
    let terms = json!([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]);
    let mut affinity = affinity.unwrap_or_else(|| json!({}));
    let node_affinity = &mut affinity["nodeAffinity"];
    if !node_affinity.is_object() {
        *node_affinity = json!({});
    }
    let required = &mut node_affinity["requiredDuringSchedulingIgnoredDuringExecution"];
    if !required.is_object() {
        *required = json!({});
    }
    required["nodeSelectorTerms"] = terms;
    affinity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(pods_prefix("fluentd"), "fluentd-");
    }

    #[test]
    fn affinity_replacement_keeps_preferred_and_pod_affinity() {
        let a = replace_daemon_set_pod_node_name_node_affinity(
            Some(
                json!({"podAffinity": {"x": 1}, "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [1], "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": []}]}}}),
            ),
            "n1",
        );
        assert_eq!(
            a,
            json!({"podAffinity": {"x": 1}, "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [1], "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]}]}}})
        );
    }
}
