//! Every `resource.Quantity` of an apps/v1 DaemonSet decoded as the API server decodes it
//! (`Quantity.UnmarshalJSON`), modelled or not: one that does not parse fails the whole
//! request before validation (a 400, `quantities must match the regular expression ...`).

use super::tree::{Node, Value};
use crate::model::Quantity;

/// The Quantity-typed fields (k8s.io/api `core/v1` PodSpec, ResourceRequirements, EmptyDir,
/// PersistentVolumeClaimSpec), in the schema notation of `warnings/daemonset_fields.txt`.
const QUANTITY_FIELDS: [&str; 12] = [
    "spec.template.spec.containers[].resources.limits{}",
    "spec.template.spec.containers[].resources.requests{}",
    "spec.template.spec.ephemeralContainers[].resources.limits{}",
    "spec.template.spec.ephemeralContainers[].resources.requests{}",
    "spec.template.spec.initContainers[].resources.limits{}",
    "spec.template.spec.initContainers[].resources.requests{}",
    "spec.template.spec.overhead{}",
    "spec.template.spec.resources.limits{}",
    "spec.template.spec.resources.requests{}",
    "spec.template.spec.volumes[].emptyDir.sizeLimit",
    "spec.template.spec.volumes[].ephemeral.volumeClaimTemplate.spec.resources.limits{}",
    "spec.template.spec.volumes[].ephemeral.volumeClaimTemplate.spec.resources.requests{}",
];

/// The first quantity (in field order) that `ParseQuantity` refuses, with its error text and the
/// node that holds it.
pub fn first_bad_quantity(tree: &Node) -> Option<(&'static str, &Node)> {
    QUANTITY_FIELDS.iter().find_map(|path| walk(tree, path))
}

fn walk<'a>(node: &'a Node, path: &str) -> Option<(&'static str, &'a Node)> {
    if path.is_empty() {
        return check(node);
    }
    let (part, rest) = path.split_once('.').unwrap_or((path, ""));
    let (name, marker) = match part.find(['[', '{']) {
        Some(i) => (&part[..i], &part[i..]),
        None => (part, ""),
    };
    let child = node.get(name)?;
    match (marker, &child.value) {
        ("[]", Value::Seq(items)) => items.iter().find_map(|item| walk(item, rest)),
        ("{}", Value::Map(entries)) => entries.iter().find_map(|e| walk(&e.value, rest)),
        ("", _) => walk(child, rest),
        _ => None,
    }
}

/// `UnmarshalJSON` of one value: null is no quantity; a string or any other literal is parsed.
fn check(node: &Node) -> Option<(&'static str, &Node)> {
    let text = match &node.value {
        Value::Null => return None,
        Value::String(s) | Value::Number(s) => s.clone(),
        Value::Bool(b, _) => b.to_string(),
        Value::Seq(_) | Value::Map(_) => String::new(),
    };
    Quantity::parse_json(&text).err().map(|e| (e, node))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::quantity::QUANTITY_FORMAT;

    #[test]
    fn finds_an_unmodelled_bad_quantity() {
        let tree = Node::from_json(&serde_json::json!({"spec": {"template": {"spec": {
            "containers": [{"resources": {"limits": {"cpu": "1"}}}],
            "overhead": {"cpu": "abc"}}}}}));
        assert_eq!(first_bad_quantity(&tree).map(|(e, _)| e), Some(QUANTITY_FORMAT));
        let ok = Node::from_json(&serde_json::json!({"spec": {"template": {"spec": {"overhead": {"cpu": 2}}}}}));
        assert!(first_bad_quantity(&ok).is_none());
    }
}
