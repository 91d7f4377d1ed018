//! What placement reads from a Node object: its name, labels and taints (and, for the
//! explanation only, whether it is cordoned and its Ready condition). Nothing else is built.

use serde::Serialize;

use crate::input::{codes, InputError, Node, Value};
use crate::model::Taint;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NodeInfo {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub taints: Vec<Taint>,
    /// `spec.unschedulable`: the controller ignores it; shown because users ask about it.
    pub unschedulable: bool,
    /// The status of the `Ready` condition (`True`, `False`, `Unknown`), if reported.
    pub ready: Option<String>,
}

impl NodeInfo {
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Bool(_, text) => Some(text.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn wrong_type(index: usize, name: &str, path: &str, wanted: &str, got: &Node) -> InputError {
    let who = if name.is_empty() { format!("node {index}") } else { format!("node {name:?}") };
    InputError::new(codes::WRONG_TYPE, format!("{who}: {path}: expected {wanted}, got a {}", got.type_name()))
        .at(got.pos)
}

/// Reads one Node object (`index` is its place in the list, for messages).
pub fn read_node(node: &Node, index: usize) -> Result<NodeInfo, InputError> {
    let metadata = node.get("metadata");
    let name = metadata.and_then(|m| m.get("name")).and_then(scalar_text).unwrap_or_default();
    if name.is_empty() {
        return Err(InputError::new(codes::INVALID_NODE, format!("node {index} has no metadata.name")).at(node.pos));
    }
    let mut info = NodeInfo { name, ..NodeInfo::default() };
    if let Some(labels) = metadata.and_then(|m| m.get("labels")) {
        match &labels.value {
            Value::Map(entries) => {
                for e in entries {
                    let v = scalar_text(&e.value).ok_or_else(|| {
                        wrong_type(index, &info.name, &format!("metadata.labels[{}]", e.key), "a string", &e.value)
                    })?;
                    info.labels.push((e.key.clone(), v));
                }
            }
            Value::Null => {}
            _ => return Err(wrong_type(index, &info.name, "metadata.labels", "a map", labels)),
        }
    }
    let spec = node.get("spec");
    if let Some(taints) = spec.and_then(|s| s.get("taints")) {
        match &taints.value {
            Value::Seq(items) => {
                for (i, t) in items.iter().enumerate() {
                    if !matches!(t.value, Value::Map(_)) {
                        return Err(wrong_type(index, &info.name, &format!("spec.taints[{i}]"), "a map", t));
                    }
                    let field = |k: &str| t.get(k).and_then(scalar_text).unwrap_or_default();
                    info.taints.push(Taint { key: field("key"), value: field("value"), effect: field("effect") });
                }
            }
            Value::Null => {}
            _ => return Err(wrong_type(index, &info.name, "spec.taints", "a list", taints)),
        }
    }
    info.unschedulable =
        matches!(spec.and_then(|s| s.get("unschedulable")).map(|n| &n.value), Some(Value::Bool(true, _)));
    if let Some(Value::Seq(conditions)) = node.get("status").and_then(|s| s.get("conditions")).map(|c| &c.value) {
        info.ready = conditions
            .iter()
            .find(|c| c.str_at("type") == Some("Ready"))
            .and_then(|c| c.str_at("status"))
            .map(str::to_string);
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_text;

    #[test]
    fn reads_the_decisive_fields() {
        let docs = parse_text(
            "metadata:\n  name: n1\n  labels: {a: b, n: 1}\nspec:\n  unschedulable: true\n  taints:\n  - {key: k, effect: NoSchedule}\nstatus:\n  conditions:\n  - {type: Ready, status: \"False\"}\n",
            &[],
        )
        .unwrap()
        .docs;
        let n = read_node(&docs[0], 0).unwrap();
        assert_eq!(n.name, "n1");
        assert_eq!(n.label("n"), Some("1"));
        assert_eq!(n.taints, vec![Taint { key: "k".into(), value: String::new(), effect: "NoSchedule".into() }]);
        assert!(n.unschedulable);
        assert_eq!(n.ready.as_deref(), Some("False"));
    }

    #[test]
    fn a_node_without_a_name_is_an_error() {
        let docs = parse_text("metadata: {labels: {a: b}}\n", &[]).unwrap().docs;
        let e = read_node(&docs[0], 3).unwrap_err();
        assert_eq!((e.code, e.line), (codes::INVALID_NODE, Some(1)));
        let docs = parse_text("metadata: {name: x}\nspec: {taints: {}}\n", &[]).unwrap().docs;
        assert_eq!(read_node(&docs[0], 0).unwrap_err().code, codes::WRONG_TYPE);
    }
}
