//! What placement reads from a Node object: its name, labels and taints (and, for the
//! explanation only, whether it is cordoned and its Ready condition). Nothing else is built.

use serde::Serialize;

use crate::input::{codes, InputError, Node, Value};
use crate::model::Taint;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NodeInfo {
    pub name: String,
    pub labels: super::LabelSet,
    pub taints: Vec<Taint>,
    /// `spec.unschedulable`: the controller ignores it; shown because users ask about it.
    pub unschedulable: bool,
    /// The status of the `Ready` condition (`True`, `False`, `Unknown`), if reported.
    pub ready: Option<String>,
}

impl NodeInfo {
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key)
    }
}

fn scalar_text(node: Node) -> Option<String> {
    match node.value {
        Value::String(s) | Value::Number(s) => Some(s),
        Value::Bool(_, text) => Some(text.into_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn wrong_type(index: usize, name: &str, path: &str, wanted: &str, got: &str, pos: crate::input::Pos) -> InputError {
    let who = if name.is_empty() { format!("node {index}") } else { format!("node {name:?}") };
    InputError::new(codes::WRONG_TYPE, format!("{who}: {path}: expected {wanted}, got a {got}")).at(pos)
}

/// Reads one Node object (`index` is its place in the list, for messages), taking what it
/// keeps out of the tree.
pub fn read_node(mut node: Node, index: usize) -> Result<NodeInfo, InputError> {
    let mut metadata = node.take("metadata");
    let name = metadata.as_mut().and_then(|m| m.take("name")).and_then(scalar_text).unwrap_or_default();
    if name.is_empty() {
        return Err(InputError::new(codes::INVALID_NODE, format!("node {index} has no metadata.name")).at(node.pos));
    }
    let mut info = NodeInfo { name, ..NodeInfo::default() };
    if let Some(labels) = metadata.as_mut().and_then(|m| m.take("labels")) {
        match labels.value {
            Value::Map(entries) => {
                info.labels = super::LabelSet::with_capacity(entries.len());
                for e in entries {
                    let pos = e.value.pos;
                    let kind = e.value.type_name();
                    let v = scalar_text(e.value).ok_or_else(|| {
                        wrong_type(index, &info.name, &format!("metadata.labels[{}]", e.key), "a string", kind, pos)
                    })?;
                    info.labels.push(&e.key, &v);
                }
            }
            Value::Null => {}
            _ => return Err(wrong_type(index, &info.name, "metadata.labels", "a map", labels.type_name(), labels.pos)),
        }
    }
    let mut spec = node.take("spec");
    if let Some(taints) = spec.as_mut().and_then(|s| s.take("taints")) {
        match taints.value {
            Value::Seq(items) => {
                for (i, mut t) in items.into_iter().enumerate() {
                    if !matches!(t.value, Value::Map(_)) {
                        return Err(wrong_type(
                            index,
                            &info.name,
                            &format!("spec.taints[{i}]"),
                            "a map",
                            t.type_name(),
                            t.pos,
                        ));
                    }
                    let mut field = |k: &str| t.take(k).and_then(scalar_text).unwrap_or_default();
                    info.taints.push(Taint { key: field("key"), value: field("value"), effect: field("effect") });
                }
            }
            Value::Null => {}
            _ => return Err(wrong_type(index, &info.name, "spec.taints", "a list", taints.type_name(), taints.pos)),
        }
    }
    info.unschedulable =
        matches!(spec.as_ref().and_then(|s| s.get("unschedulable")).map(|n| &n.value), Some(Value::Bool(true, _)));
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
            crate::input::Filter::NodeRoot,
        )
        .unwrap()
        .docs;
        let n = read_node(docs[0].clone(), 0).unwrap();
        assert_eq!(n.name, "n1");
        assert_eq!(n.label("n"), Some("1"));
        assert_eq!(n.taints, vec![Taint { key: "k".into(), value: String::new(), effect: "NoSchedule".into() }]);
        assert!(n.unschedulable);
        assert_eq!(n.ready.as_deref(), Some("False"));
    }

    #[test]
    fn a_node_without_a_name_is_an_error() {
        let docs = parse_text("metadata: {labels: {a: b}}\n", crate::input::Filter::All).unwrap().docs;
        let e = read_node(docs[0].clone(), 3).unwrap_err();
        assert_eq!((e.code, e.line), (codes::INVALID_NODE, Some(1)));
        let docs = parse_text("metadata: {name: x}\nspec: {taints: {}}\n", crate::input::Filter::All).unwrap().docs;
        assert_eq!(read_node(docs[0].clone(), 0).unwrap_err().code, codes::WRONG_TYPE);
    }
}
