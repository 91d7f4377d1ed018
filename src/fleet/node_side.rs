//! The change on the node's side that would place the daemon there, for when the DaemonSet is
//! right and the node is not labelled or tainted as meant: labels to set or remove and taints
//! to remove, checked by deciding again on the node so changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::suggest::{required_terms, INTENT_KEYS};
use crate::model::{NodeSelectorTerm, PodSpec, Taint};
use crate::placement::{DaemonSetPlacement, LabelSet, NodeInfo};
use crate::scheduling::labels::Operator;
use crate::scheduling::node_affinity::label_requirement;
use crate::scheduling::taints::{is_no_schedule_or_no_execute, tolerations_tolerate_taint};

/// Taints the node lifecycle and cloud controllers own (`not-ready`, `unreachable`, pressure,
/// `uninitialized`): removing one by hand does not last.
const MANAGED_TAINT_PREFIXES: [&str; 2] = ["node.kubernetes.io/", "node.cloudprovider.kubernetes.io/"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeChange {
    /// `label node gpu-1 pool=gpu → runs there`
    pub message: String,
    /// The kubectl commands that make it: `kubectl label node gpu-1 pool=gpu --overwrite`.
    pub command: String,
    /// Labels to set (a value) or remove (`null`).
    pub labels: BTreeMap<String, Option<String>>,
    /// Taints to remove, as kubectl prints them (`key=value:Effect`).
    pub remove_taints: Vec<String>,
}

/// The node-side change that places the daemon on `node`, or `None` when none does without
/// crossing an intent (a nodeName pin elsewhere, the OS or CPU the DaemonSet selects).
pub fn node_change(
    spec: &PodSpec,
    placement: &DaemonSetPlacement,
    node: &NodeInfo,
    comparison_operators: bool,
) -> Option<NodeChange> {
    if spec.node_name.as_deref().is_some_and(|n| !n.is_empty() && n != node.name) {
        return None;
    }
    let mut labels: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (key, want) in spec.node_selector.iter().flatten() {
        if node.label(key) != Some(want.as_str()) {
            if INTENT_KEYS.contains(&key.as_str()) {
                return None;
            }
            labels.insert(key.clone(), Some(want.clone()));
        }
    }
    if let Some(terms) = required_terms(spec) {
        // The term that needs the fewest label changes (terms are ORed).
        labels.extend(terms.iter().filter_map(|t| term_labels(t, node)).min_by_key(|l| l.len())?);
    }
    let untolerated: Vec<&Taint> = node
        .taints
        .iter()
        .filter(|t| is_no_schedule_or_no_execute(t))
        .filter(|t| !tolerations_tolerate_taint(placement.tolerations(), t, comparison_operators))
        .collect();
    // Their controllers put these back while the node's condition lasts: the node needs fixing.
    if untolerated.iter().any(|t| MANAGED_TAINT_PREFIXES.iter().any(|p| t.key.starts_with(p))) {
        return None;
    }
    if labels.is_empty() && untolerated.is_empty() {
        return None;
    }
    let changed = NodeInfo {
        labels: relabelled(&node.labels, &labels),
        taints: node.taints.iter().filter(|t| !untolerated.contains(t)).cloned().collect(),
        ..node.clone()
    };
    if !placement.decide(&changed).should_run {
        return None;
    }
    let remove_taints: Vec<String> = untolerated.iter().map(|t| taint_text(t)).collect();
    Some(NodeChange {
        message: message(&labels, &remove_taints),
        command: command(&node.name, &labels, &remove_taints),
        labels,
        remove_taints,
    })
}

/// The label changes that make required term `term` match `node`; `None` when labels cannot
/// (a field requirement, an intent key, a value that does not parse).
fn term_labels(term: &NodeSelectorTerm, node: &NodeInfo) -> Option<BTreeMap<String, Option<String>>> {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return None;
    }
    let name_matches = |values: &[String], op: &str| match op {
        "In" => values.len() == 1 && values[0] == node.name,
        "NotIn" => values.len() == 1 && values[0] != node.name,
        _ => false,
    };
    if !term.match_fields.iter().all(|f| f.key == "metadata.name" && name_matches(&f.values, &f.operator)) {
        return None;
    }
    let mut labels = BTreeMap::new();
    for req in &term.match_expressions {
        let parsed = label_requirement(req).ok()?;
        if parsed.matches(&node.labels) {
            continue;
        }
        if INTENT_KEYS.contains(&req.key.as_str()) {
            return None;
        }
        let bound = || req.values.first().and_then(|v| v.parse::<i64>().ok());
        let value = match parsed.operator {
            Operator::In => Some(req.values.first()?.clone()),
            Operator::Exists => Some(String::new()),
            Operator::NotIn | Operator::DoesNotExist => None,
            Operator::Gt => Some(bound()?.checked_add(1)?.to_string()),
            Operator::Lt => Some(bound()?.checked_sub(1)?.to_string()),
            _ => return None,
        };
        labels.insert(req.key.clone(), value);
    }
    Some(labels)
}

fn relabelled(labels: &LabelSet, changes: &BTreeMap<String, Option<String>>) -> LabelSet {
    let kept = labels.iter().filter(|(k, _)| !changes.contains_key(*k));
    let set = changes.iter().filter_map(|(k, v)| v.as_deref().map(|v| (k.as_str(), v)));
    LabelSet::from_pairs(kept.chain(set))
}

/// A taint as kubectl prints it: `key=value:Effect`, or `key:Effect` without a value.
pub(crate) fn taint_text(t: &Taint) -> String {
    match t.value.is_empty() {
        true => format!("{}:{}", t.key, t.effect),
        false => format!("{}={}:{}", t.key, t.value, t.effect),
    }
}

fn label_args(labels: &BTreeMap<String, Option<String>>) -> Vec<String> {
    labels.iter().map(|(k, v)| v.as_ref().map_or(format!("{k}-"), |v| format!("{k}={v}"))).collect()
}

fn message(labels: &BTreeMap<String, Option<String>>, taints: &[String]) -> String {
    let mut parts = Vec::new();
    if !labels.is_empty() {
        parts.push(format!("label the node {}", label_args(labels).join(" ")));
    }
    if !taints.is_empty() {
        parts.push(format!("remove taint {} (other pods may then schedule there too)", taints.join(", ")));
    }
    format!("{} → runs there", parts.join("; "))
}

fn command(node: &str, labels: &BTreeMap<String, Option<String>>, taints: &[String]) -> String {
    let mut commands = Vec::new();
    if !labels.is_empty() {
        commands.push(format!("kubectl label node {node} {} --overwrite", label_args(labels).join(" ")));
    }
    if !taints.is_empty() {
        let removals: Vec<String> = taints.iter().map(|t| format!("{t}-")).collect();
        commands.push(format!("kubectl taint node {node} {}", removals.join(" ")));
    }
    commands.join(" && ")
}
