//! The changes a suggestion is made of: what a blocked node needs from the DaemonSet, applied to
//! a copy of it, and written as a merge patch and in one line.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::{Affinity, DaemonSet, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use crate::model::{PodSpec, Taint, Toleration};

/// One change to the DaemonSet's pod template.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Tolerate exactly this taint (key, value, effect).
    Tolerate { key: String, value: String, effect: String },
    /// Let the nodeSelector entry `key: want` also accept `also`: the entry moves into the
    /// required node affinity as `key In [want, also]`.
    WidenSelector { key: String, want: String, also: String },
    /// Add `value` to requirement `req` (`In`) of required term `term`.
    AddValue { term: usize, req: usize, value: String },
    /// Remove `value` from requirement `req` (`NotIn`) of required term `term`.
    RemoveValue { term: usize, req: usize, value: String },
    /// Drop requirement `req` of required term `term` (a `DoesNotExist`, or `Gt`/`Lt`).
    DropRequirement { term: usize, req: usize },
}

impl Change {
    /// The narrowest toleration of a taint: Equal with its value, Exists when it has none.
    pub fn tolerate(taint: &Taint) -> Change {
        Change::Tolerate { key: taint.key.clone(), value: taint.value.clone(), effect: taint.effect.clone() }
    }

    /// The change in a line, as a person would say it.
    pub fn describe(&self, spec: &PodSpec) -> String {
        match self {
            Change::Tolerate { key, value, effect } if value.is_empty() => {
                format!("add toleration {{key: {key}, operator: Exists, effect: {effect}}}")
            }
            Change::Tolerate { key, value, effect } => {
                format!("add toleration {{key: {key}, operator: Equal, value: {value:?}, effect: {effect}}}")
            }
            Change::WidenSelector { key, want, also } => {
                format!("accept {key}={also} beside {key}={want} (nodeSelector {key}: {want} → node affinity {key} In [{want}, {also}])")
            }
            Change::AddValue { term, req, value } => {
                format!("add {value:?} to node affinity term {term}: {}", requirement_text(spec, *term, *req))
            }
            Change::RemoveValue { term, req, value } => {
                format!("remove {value:?} from node affinity term {term}: {}", requirement_text(spec, *term, *req))
            }
            Change::DropRequirement { term, req } => {
                format!("drop {} from node affinity term {term}", requirement_text(spec, *term, *req))
            }
        }
    }
}

fn required_terms(spec: &PodSpec) -> &[NodeSelectorTerm] {
    spec.affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| n.required.as_ref())
        .map_or(&[], |r| r.node_selector_terms.as_slice())
}

fn requirement_text(spec: &PodSpec, term: usize, req: usize) -> String {
    match required_terms(spec).get(term).and_then(|t| t.match_expressions.get(req)) {
        Some(r) if r.values.is_empty() => format!("{} {}", r.key, r.operator),
        Some(r) => format!("{} {} [{}]", r.key, r.operator, r.values.join(", ")),
        None => String::new(),
    }
}

/// The DaemonSet with `changes` applied to its pod template.
pub fn apply(ds: &DaemonSet, changes: &[Change]) -> DaemonSet {
    let mut ds = ds.clone();
    let Some(spec) = ds.spec.as_mut().and_then(|s| s.template.as_mut()).and_then(|t| t.spec.as_mut()) else {
        return ds;
    };
    // Values are widened per requirement; removals of whole requirements come last, highest
    // index first, so earlier indices stay valid.
    let mut drops = Vec::new();
    for change in changes {
        match change {
            Change::Tolerate { key, value, effect } => {
                let operator = if value.is_empty() { "Exists" } else { "Equal" };
                spec.tolerations.get_or_insert_with(Vec::new).push(Toleration {
                    key: key.clone(),
                    operator: operator.into(),
                    value: value.clone(),
                    effect: effect.clone(),
                    toleration_seconds: None,
                });
            }
            Change::WidenSelector { key, want, also } => {
                if let Some(selector) = spec.node_selector.as_mut() {
                    selector.remove(key);
                }
                let requirement = NodeSelectorRequirement {
                    key: key.clone(),
                    operator: "In".into(),
                    values: vec![want.clone(), also.clone()],
                };
                let terms = &mut required_mut(spec).node_selector_terms;
                if terms.is_empty() {
                    terms.push(NodeSelectorTerm::default());
                }
                terms.iter_mut().for_each(|t| t.match_expressions.push(requirement.clone()));
            }
            Change::AddValue { term, req, value } => {
                if let Some(r) = requirement_mut(spec, *term, *req) {
                    r.values.push(value.clone());
                }
            }
            Change::RemoveValue { term, req, value } => {
                if let Some(r) = requirement_mut(spec, *term, *req) {
                    r.values.retain(|v| v != value);
                }
            }
            Change::DropRequirement { term, req } => drops.push((*term, *req)),
        }
    }
    crate::sort::sort_by(&mut drops, |a, b| b.cmp(a));
    let mut emptied = Vec::new();
    for (term, req) in drops {
        if let Some(t) = required_mut(spec).node_selector_terms.get_mut(term) {
            if req < t.match_expressions.len() {
                t.match_expressions.remove(req);
            }
            if t.match_expressions.is_empty() && t.match_fields.is_empty() {
                emptied.push(term);
            }
        }
    }
    // A term left without requirements would match nothing: it goes, and with the last one the
    // whole required affinity (nil matches every node).
    if !emptied.is_empty() {
        emptied.dedup();
        let terms = &mut required_mut(spec).node_selector_terms;
        for term in emptied.into_iter().rev() {
            terms.remove(term);
        }
        if terms.is_empty() {
            if let Some(node) = spec.affinity.as_mut().and_then(|a| a.node_affinity.as_mut()) {
                node.required = None;
            }
        }
    }
    ds
}

fn required_mut(spec: &mut PodSpec) -> &mut NodeSelector {
    let affinity = spec.affinity.get_or_insert_with(Affinity::default);
    let node = affinity.node_affinity.get_or_insert_with(NodeAffinity::default);
    node.required.get_or_insert_with(NodeSelector::default)
}

fn requirement_mut(spec: &mut PodSpec, term: usize, req: usize) -> Option<&mut NodeSelectorRequirement> {
    required_mut(spec).node_selector_terms.get_mut(term)?.match_expressions.get_mut(req)
}

/// The JSON merge patch (RFC 7386, which `kubectl patch --type merge` takes) that turns `before`
/// into `after`. Lists are replaced whole by a merge patch, so a changed list is written in full.
pub fn merge_patch(before: &PodSpec, after: &PodSpec) -> Value {
    let mut spec = Map::new();
    if before.tolerations != after.tolerations {
        spec.insert("tolerations".into(), json!(after.tolerations.clone().unwrap_or_default()));
    }
    let (old, new) =
        (before.node_selector.clone().unwrap_or_default(), after.node_selector.clone().unwrap_or_default());
    let removed: BTreeMap<String, Value> =
        crate::sort::map_from(old.keys().filter(|k| !new.contains_key(*k)).map(|k| (k.clone(), Value::Null)));
    if !removed.is_empty() {
        spec.insert("nodeSelector".into(), json!(removed));
    }
    if required_terms(before) != required_terms(after) {
        let required = if required_terms(after).is_empty() {
            Value::Null
        } else {
            json!({"nodeSelectorTerms": required_terms(after)})
        };
        spec.insert(
            "affinity".into(),
            json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": required}}),
        );
    }
    json!({"spec": {"template": {"spec": spec}}})
}
