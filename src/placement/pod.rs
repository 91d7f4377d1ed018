//! The Pod the DaemonSet controller creates on a node: kubernetes/kubernetes
//! `pkg/controller/daemon/util/daemonset_util.go` `CreatePodTemplate`,
//! `ReplaceDaemonSetPodNodeNameNodeAffinity`, and `controller_utils.go` `GetPodFromTemplate`.

use serde_json::{json, Map, Value as Json};

use super::stored_form::stored_affinity;
use crate::input::{Node, Value};
use crate::model::{DaemonSet, Toleration};
use crate::validation::names::name_is_dns_subdomain;

/// Builds the daemon pod for `node_name` from the DaemonSet as written (`ds_tree`), so every
/// template field, modelled or not, is carried over.
///
/// Not reproduced: the `controller-revision-hash` label (a hash of Go's object dump that only
/// the controller can compute) and the server-side defaulting a created Pod then goes through.
pub fn new_daemon_pod(ds_tree: &Node, ds: &DaemonSet, tolerations: &[Toleration], node_name: &str) -> Json {
    let spec = template_spec(ds_tree).map(Node::to_json);
    daemon_pod(ds_tree, ds, spec, Some(tolerations), node_name)
}

/// The daemon pod with only the fields the scheduler reads of a pod (`read_pod`): what a
/// re-plan needs, without converting every container's env, mounts and probes.
pub fn new_daemon_pod_for_scheduling(ds_tree: &Node, ds: &DaemonSet) -> Json {
    let spec = template_spec(ds_tree).map(|s| kept(s, SCHEDULER_SPEC_FIELDS));
    daemon_pod(ds_tree, ds, spec, None, "")
}

/// The pod spec's fields `read_pod` reads; of each container, `SCHEDULER_CONTAINER_FIELDS`.
const SCHEDULER_SPEC_FIELDS: &[&str] = &[
    "affinity",
    "containers",
    "hostNetwork",
    "initContainers",
    "nodeName",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "resources",
];
const SCHEDULER_CONTAINER_FIELDS: &[&str] = &["ports", "resources", "restartPolicy"];

/// `node` as JSON with only the map keys in `keys` (containers cut down in turn). Each kept
/// value converts as in the whole conversion, and a key written twice keeps the last.
fn kept(node: &Node, keys: &[&str]) -> Json {
    let Value::Map(entries) = &node.value else { return node.to_json() };
    let mut map = Map::new();
    for e in entries.iter().filter(|e| keys.contains(&e.key.as_str())) {
        let value = match (&e.value.value, e.key.as_str()) {
            (Value::Seq(items), "containers" | "initContainers") => {
                Json::Array(items.iter().map(|c| kept(c, SCHEDULER_CONTAINER_FIELDS)).collect())
            }
            _ => e.value.to_json(),
        };
        map.insert(e.key.clone(), value);
    }
    Json::Object(map)
}

fn template_spec(ds_tree: &Node) -> Option<&Node> {
    ds_tree.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("spec"))
}

/// `CreatePodTemplate` around `spec` (the template's, converted); `tolerations` replace the
/// template's when given.
fn daemon_pod(
    ds_tree: &Node,
    ds: &DaemonSet,
    spec: Option<Json>,
    tolerations: Option<&[Toleration]>,
    node_name: &str,
) -> Json {
    let template = ds_tree.get("spec").and_then(|s| s.get("template"));
    let template_meta = template.and_then(|t| t.get("metadata")).map(Node::to_json);
    let mut spec = spec.unwrap_or_else(|| json!({}));

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
        if let Some(tolerations) = tolerations {
            obj.insert("tolerations".into(), serde_json::to_value(tolerations).unwrap_or_default());
        }
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

    /// The cut-down pod the scheduler gets reads exactly as the whole created pod: every
    /// DaemonSet of the conformance cases and the real fixtures, plus odd shapes (keys written
    /// twice, YAML numbers, a spec that is no map, sidecars, host network, pod affinity).
    #[test]
    fn the_scheduler_reads_the_cut_down_pod_as_the_whole_one() {
        use crate::api::{prepare_for_create, read_daemon_set, Source};
        use crate::placement::tolerations::add_or_update_daemon_pod_tolerations;
        use crate::scheduler::report::daemon_pod_info;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut texts: Vec<String> = Vec::new();
        for suite in ["conformance/scheduling", "conformance/placement", "conformance/differential", "conformance/sync"]
        {
            for f in std::fs::read_dir(root.join(suite)).unwrap() {
                let cases: Vec<Json> =
                    serde_json::from_str(&std::fs::read_to_string(f.unwrap().path()).unwrap()).unwrap();
                texts.extend(cases.iter().map(|c| c["daemonSet"].to_string()));
            }
        }
        for f in std::fs::read_dir(root.join("fixtures/daemonsets")).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let odd = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d, namespace: ns, annotations: {deprecated.daemonset.template.generation: '3'}}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      priority: 1e3\n      priority: 7\n      hostNetwork: true\n      overhead: {cpu: 0.5}\n      initContainers:\n      - {name: s, image: i, restartPolicy: Always, ports: [{containerPort: 9100}], resources: {limits: {memory: 1Gi}}}\n      - {name: j, image: i, resources: {requests: {cpu: 2}}}\n      containers: [{name: x, image: i}]\n      containers:\n      - {name: c, image: i, env: [{name: E, value: v}], ports: [{containerPort: 80, hostPort: 8080.0, protocol: UDP, hostIP: 10.0.0.1}], resources: {requests: {cpu: 1e3, memory: 128Mi}}}\n      - just a string\n      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - {labelSelector: {matchLabels: {a: b}}, topologyKey: kubernetes.io/hostname}\n";
        texts.push(odd.into());
        texts.push("kind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: not a map}}\n".into());
        let mut read = 0;
        for text in &texts {
            let Ok(input) = read_daemon_set(Source::Text(text), None) else { continue };
            let mut ds = input.ds.clone();
            prepare_for_create(&mut ds);
            let spec = ds.pod_spec();
            let tolerations = add_or_update_daemon_pod_tolerations(
                spec.and_then(|s| s.tolerations.as_deref()).unwrap_or_default(),
                spec.is_some_and(|s| s.host_network()),
            );
            let whole = daemon_pod_info(new_daemon_pod(&input.tree, &ds, &tolerations, ""));
            let cut = daemon_pod_info(new_daemon_pod_for_scheduling(&input.tree, &ds));
            assert_eq!(format!("{cut:?}"), format!("{whole:?}"), "{text}");
            assert!(whole.is_some() || text != odd, "the odd DaemonSet reads as a pod");
            read += whole.is_some() as usize;
        }
        assert!(read > 400, "only {read} of {} DaemonSets read as pods", texts.len());
    }
}
