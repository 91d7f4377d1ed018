//! Required node affinity of a pod template against a node: kubernetes/component-helpers
//! `scheduling/corev1/nodeaffinity/nodeaffinity.go` (`GetRequiredNodeAffinity`,
//! `NewLazyErrorNodeSelector`, `nodeSelectorTerm.match`).
//!
//! Parsed once per DaemonSet; matched per node without allocating.

use super::labels::{Operator, Requirement};
use super::Labels;
use crate::model::{NodeSelector, NodeSelectorRequirement, PodSpec};
use crate::placement::LabelSet;

/// The node's only field, as `fields.Set{"metadata.name": name}` has it.
const METADATA_NAME: &str = "metadata.name";

#[derive(Clone, Debug)]
enum Term {
    /// A term with a parse error: it never matches (its errors are discarded, as upstream).
    Invalid {
        index: usize,
        why: String,
    },
    Valid {
        index: usize,
        labels: Vec<Requirement>,
        fields: Vec<FieldRequirement>,
    },
}

#[derive(Clone, Debug)]
struct FieldRequirement {
    key: String,
    equal: bool,
    value: String,
}

/// Mirrors `nodeaffinity.RequiredNodeAffinity`: the nodeSelector map ANDed with the required
/// node affinity terms (ORed).
#[derive(Clone, Debug, Default)]
pub struct RequiredNodeAffinity {
    node_selector: Vec<(String, String)>,
    /// `None`: no required affinity. `Some([])`: required affinity that matches no node.
    terms: Option<Vec<Term>>,
}

impl RequiredNodeAffinity {
    /// Mirrors `GetRequiredNodeAffinity` for a pod spec.
    pub fn from_pod_spec(spec: Option<&PodSpec>) -> RequiredNodeAffinity {
        let node_selector = spec
            .and_then(|s| s.node_selector.as_ref())
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let required = spec
            .and_then(|s| s.affinity.as_ref())
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|n| n.required.as_ref());
        RequiredNodeAffinity { node_selector, terms: required.map(parse_terms) }
    }

    /// Mirrors `RequiredNodeAffinity.Match`.
    pub fn matches(&self, node_name: &str, labels: &LabelSet) -> bool {
        self.node_selector_mismatch(labels).is_none()
            && self.terms.as_ref().is_none_or(|terms| terms.iter().any(|t| term_matches(t, node_name, labels)))
    }

    fn node_selector_mismatch(&self, labels: &LabelSet) -> Option<&(String, String)> {
        self.node_selector.iter().find(|(k, v)| labels.get(k) != Some(v.as_str()))
    }

    /// Says why a node does not match: the nodeSelector entry it lacks, or for each required
    /// term the first requirement it fails.
    pub fn explain(&self, node_name: &str, labels: &LabelSet) -> Option<(&'static str, String)> {
        if let Some((k, want)) = self.node_selector_mismatch(labels) {
            let have = match labels.label_value(k) {
                Some(v) => format!("the node has {k}={v}"),
                None => format!("the node has no label {k}"),
            };
            return Some(("NodeSelectorMismatch", format!("nodeSelector wants {k}={want}; {have}")));
        }
        let terms = self.terms.as_ref()?;
        if terms.iter().any(|t| term_matches(t, node_name, labels)) {
            return None;
        }
        if terms.is_empty() {
            return Some((
                "NodeAffinityMismatch",
                "the required node affinity has no term with a requirement, so it matches no node".into(),
            ));
        }
        let parts: Vec<String> = terms.iter().map(|t| explain_term(t, node_name, labels)).collect();
        Some(("NodeAffinityMismatch", format!("required node affinity: {}", parts.join("; "))))
    }
}

fn parse_terms(selector: &NodeSelector) -> Vec<Term> {
    selector
        .node_selector_terms
        .iter()
        .enumerate()
        // A term with neither expressions nor fields is dropped: it matches nothing.
        .filter(|(_, t)| !(t.match_expressions.is_empty() && t.match_fields.is_empty()))
        .map(|(index, t)| {
            let labels: Result<Vec<Requirement>, String> = t
                .match_expressions
                .iter()
                .enumerate()
                .map(|(j, r)| label_requirement(r).map_err(|e| format!("matchExpressions[{j}]: {e}")))
                .collect();
            let fields: Result<Vec<FieldRequirement>, String> = t
                .match_fields
                .iter()
                .enumerate()
                .map(|(j, r)| field_requirement(r).map_err(|e| format!("matchFields[{j}]: {e}")))
                .collect();
            match (labels, fields) {
                (Ok(labels), Ok(fields)) => Term::Valid { index, labels, fields },
                (Err(why), _) | (_, Err(why)) => Term::Invalid { index, why },
            }
        })
        .collect()
}

/// Mirrors `nodeSelectorRequirementsAsSelector` for one requirement.
pub fn label_requirement(r: &NodeSelectorRequirement) -> Result<Requirement, String> {
    let op = match r.operator.as_str() {
        "In" => Operator::In,
        "NotIn" => Operator::NotIn,
        "Exists" => Operator::Exists,
        "DoesNotExist" => Operator::DoesNotExist,
        "Gt" => Operator::Gt,
        "Lt" => Operator::Lt,
        other => return Err(format!("{other:?} is not a node selector operator")),
    };
    Requirement::new(&r.key, op, &r.values)
}

/// Mirrors `nodeSelectorRequirementsAsFieldSelector` for one requirement.
fn field_requirement(r: &NodeSelectorRequirement) -> Result<FieldRequirement, String> {
    let equal = match r.operator.as_str() {
        "In" => true,
        "NotIn" => false,
        other => return Err(format!("{other:?} is not a field selector operator (In, NotIn)")),
    };
    match r.values.as_slice() {
        [value] => Ok(FieldRequirement { key: r.key.clone(), equal, value: value.clone() }),
        _ => Err(format!("{} must have one element", "values")),
    }
}

/// Mirrors `nodeSelectorTerm.match`: labels must match; fields only when the node has any.
fn term_matches(term: &Term, node_name: &str, labels: &LabelSet) -> bool {
    match term {
        Term::Invalid { .. } => false,
        Term::Valid { labels: reqs, fields, .. } => {
            reqs.iter().all(|r| r.matches(labels))
                && (node_name.is_empty() || fields.iter().all(|f| field_matches(f, node_name)))
        }
    }
}

fn field_matches(f: &FieldRequirement, node_name: &str) -> bool {
    let have = if f.key == METADATA_NAME { node_name } else { "" };
    (have == f.value) == f.equal
}

fn explain_term(term: &Term, node_name: &str, labels: &LabelSet) -> String {
    match term {
        Term::Invalid { index, why } => {
            format!("term {index} is invalid and never matches ({why})")
        }
        Term::Valid { index, labels: reqs, fields, .. } => {
            if let Some(r) = reqs.iter().find(|r| !r.matches(labels)) {
                let have = match labels.label_value(&r.key) {
                    Some(v) => format!("the node has {}={v}", r.key),
                    None => format!("the node has no label {}", r.key),
                };
                format!("term {index} wants {}; {have}", r.describe())
            } else if let Some(f) = fields.iter().find(|f| !field_matches(f, node_name)) {
                let op = if f.equal { "In" } else { "NotIn" };
                format!("term {index} wants {} {op} [{}]; the node is {node_name:?}", f.key, f.value)
            } else {
                format!("term {index} matches")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeSelectorTerm;

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }
    fn affinity(terms: Vec<NodeSelectorTerm>) -> RequiredNodeAffinity {
        RequiredNodeAffinity {
            node_selector: vec![],
            terms: Some(parse_terms(&NodeSelector { node_selector_terms: terms })),
        }
    }
    fn labels(pairs: &[(&str, &str)]) -> LabelSet {
        LabelSet::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn spec_vectors() {
        let empty_term = affinity(vec![NodeSelectorTerm::default()]);
        assert!(!empty_term.matches("n", &labels(&[])));
        let bad_then_good = affinity(vec![
            NodeSelectorTerm { match_expressions: vec![req("a", "Gt", &["x"])], match_fields: vec![] },
            NodeSelectorTerm { match_expressions: vec![req("b", "Exists", &[])], match_fields: vec![] },
        ]);
        assert!(bad_then_good.matches("n", &labels(&[("b", "")])));
        let two_names = affinity(vec![NodeSelectorTerm {
            match_expressions: vec![],
            match_fields: vec![req("metadata.name", "In", &["n1", "n2"])],
        }]);
        assert!(!two_names.matches("n1", &labels(&[])));
        let mixed = affinity(vec![NodeSelectorTerm {
            match_expressions: vec![req("zone", "In", &["a"])],
            match_fields: vec![req("metadata.name", "NotIn", &["n1"])],
        }]);
        assert!(mixed.matches("n2", &labels(&[("zone", "a")])));
        assert!(!mixed.matches("n1", &labels(&[("zone", "a")])));
    }

    #[test]
    fn explanations_name_the_failing_requirement() {
        let a = affinity(vec![NodeSelectorTerm {
            match_expressions: vec![req("kubernetes.io/os", "In", &["windows"])],
            match_fields: vec![],
        }]);
        let (code, why) = a.explain("n", &labels(&[("kubernetes.io/os", "linux")])).unwrap();
        assert_eq!(code, "NodeAffinityMismatch");
        assert_eq!(
            why,
            "required node affinity: term 0 wants kubernetes.io/os In [windows]; the node has kubernetes.io/os=linux"
        );
    }
}
