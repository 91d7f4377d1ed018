//! `list_resources_all` served from objects, as policy-server serves it: only the resources the
//! policy's metadata grants (`contextAwareResources`), a `<Kind>List` of the resource's
//! apiVersion, items pruned to the request's `field_masks` when the host honours them.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::HostError;

#[derive(Default)]
pub struct Served {
    lists: BTreeMap<(String, String), Vec<Value>>,
    granted: Vec<(String, String)>,
    prune: bool,
}

impl Served {
    /// Granted what `src/kubewarden_meta/metadata.yml` declares, serving empty lists.
    pub fn new() -> Served {
        let metadata = crate::read_yaml("src/kubewarden_meta/metadata.yml");
        let granted = metadata["contextAwareResources"]
            .as_array()
            .expect("metadata.yml declares contextAwareResources")
            .iter()
            .map(|r| (r["apiVersion"].as_str().unwrap().to_string(), r["kind"].as_str().unwrap().to_string()))
            .collect();
        Served { granted, ..Served::default() }
    }

    /// Grants one more resource (a host set up apart from the metadata).
    pub fn granting(mut self, api_version: &str, kind: &str) -> Served {
        self.granted.push((api_version.into(), kind.into()));
        self
    }

    /// Serves `items` as the `api_version`/`kind` list.
    pub fn with(mut self, api_version: &str, kind: &str, items: Vec<Value>) -> Served {
        self.lists.entry((api_version.into(), kind.into())).or_default().extend(items);
        self
    }

    /// Nodes from files under tests/fixtures/nodes (a Node, a NodeList or a List each).
    pub fn with_node_fixtures(self, files: &[&str]) -> Served {
        let mut nodes = Vec::new();
        for f in files {
            nodes.extend(node_fixture(f));
        }
        self.with("v1", "Node", nodes)
    }

    /// Prunes items to the request's `field_masks`, as the SDK documents hosts may.
    pub fn pruning(mut self, prune: bool) -> Served {
        self.prune = prune;
        self
    }

    pub fn list(&self, request: &Value) -> Result<Vec<u8>, HostError> {
        let api_version = request["api_version"].as_str().ok_or("no api_version")?;
        let kind = request["kind"].as_str().ok_or("no kind")?;
        let key = (api_version.to_string(), kind.to_string());
        if !self.granted.contains(&key) {
            return Err(format!("the policy has not been granted access to {api_version}/{kind}").into());
        }
        let masks: Vec<&str> =
            request["field_masks"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let items: Vec<Value> = self
            .lists
            .get(&key)
            .into_iter()
            .flatten()
            .map(|item| if self.prune && !masks.is_empty() { prune(item, &masks) } else { item.clone() })
            .collect();
        let list = json!({ "apiVersion": api_version, "kind": format!("{kind}List"), "metadata": {}, "items": items });
        Ok(serde_json::to_vec(&list)?)
    }
}

/// A running pod bound to `node`, requesting `cpu`.
pub fn pod(name: &str, node: &str, cpu: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}"),
            "annotations": {"noise": "pruned by field masks"}},
        "spec": {"nodeName": node, "containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10",
            "resources": {"requests": {"cpu": cpu}}}]},
        "status": {"phase": "Running"},
    })
}

/// The cluster the README's session was recorded from: a 6-node OpenShift dump (3 tainted
/// masters, 3 workers) whose first worker is full (a pod requests all its 3500m of CPU).
pub fn session_cluster() -> Served {
    let nodes = node_fixture("openshift-insights-aws-6node-nodelist.json");
    let worker = nodes.iter().find(|n| n["spec"]["taints"].as_array().is_none_or(Vec::is_empty)).expect("a worker")
        ["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    Served::new().with("v1", "Node", nodes).with("v1", "Pod", vec![pod("batch-0", &worker, "3500m")]).pruning(true)
}

/// The Node objects of one fixture file.
pub fn node_fixture(file: &str) -> Vec<Value> {
    let doc = crate::read_yaml(format!("tests/fixtures/nodes/{file}"));
    match doc.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => vec![doc],
    }
}

/// Keeps only the dotted `masks` paths of `value`; a path goes through every item of a list.
pub fn prune(value: &Value, masks: &[&str]) -> Value {
    let paths: Vec<Vec<&str>> = masks.iter().map(|m| m.split('.').collect()).collect();
    let refs: Vec<&[&str]> = paths.iter().map(Vec::as_slice).collect();
    prune_paths(value, &refs)
}

fn prune_paths(value: &Value, paths: &[&[&str]]) -> Value {
    if paths.iter().any(|p| p.is_empty()) {
        return value.clone();
    }
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|i| prune_paths(i, paths)).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                let below: Vec<&[&str]> = paths.iter().filter(|p| p[0] == key).map(|p| &p[1..]).collect();
                if !below.is_empty() {
                    out.insert(key.clone(), prune_paths(child, &below));
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prunes_through_lists() {
        let pod = json!({"metadata": {"name": "p", "uid": "u"},
            "spec": {"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "1"}}}]}});
        let kept = prune(&pod, &["metadata.name", "spec.containers.resources"]);
        assert_eq!(
            kept,
            json!({"metadata": {"name": "p"}, "spec": {"containers": [{"resources": {"requests": {"cpu": "1"}}}]}})
        );
    }
}
