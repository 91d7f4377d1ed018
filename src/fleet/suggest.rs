//! The smallest change on the DaemonSet's side that would place its pod on a node it misses,
//! each checked by planning again with the change applied.
//!
//! Nodes are grouped by what they need (the same taints to tolerate, the same selector values
//! to accept), so a cluster of any size yields a handful of candidates; each candidate is
//! re-planned over every node once.

use std::collections::HashMap;

use serde::Serialize;

use super::changes::{apply, merge_patch, Change};
use crate::model::{DaemonSet, NodeSelectorTerm, PodSpec};
use crate::placement::{DaemonSetPlacement, NodeInfo, Outcome};
use crate::scheduling::labels::Operator;
use crate::scheduling::node_affinity::label_requirement;
use crate::scheduling::taints::{is_no_schedule_or_no_execute, tolerations_tolerate_taint};

/// Candidates re-planned at most (the most common needs first): bounds the work to
/// `MAX_CANDIDATES` plans however varied the nodes are.
pub const MAX_CANDIDATES: usize = 32;
/// Suggestions listed per node, best first.
pub const PER_NODE: usize = 3;

/// Labels that say what a node can run at all (its OS and CPU): a DaemonSet that selects one
/// value means it, so no suggestion widens them.
pub(crate) const INTENT_KEYS: [&str; 5] = [
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "node.kubernetes.io/windows-build",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// `add toleration {key: spot, operator: Equal, value: "true", effect: NoSchedule} → runs on 3 more nodes`
    pub message: String,
    /// JSON merge patch for the DaemonSet (JSON is YAML too): `kubectl patch daemonset … --type merge -p`.
    pub patch: String,
    /// Nodes the DaemonSet would run on in addition, counted by planning again with the patch.
    pub gains: usize,
    /// What the change lets in besides the node asked about, said plainly.
    pub widens: String,
}

/// Suggestions for a plan: each ranked candidate, and for each node the ones that place it.
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    pub list: Vec<Suggestion>,
    by_node: HashMap<usize, Vec<usize>>,
}

impl Suggestions {
    /// The suggestions that would place node `i`, best first.
    pub fn for_node(&self, i: usize) -> Vec<Suggestion> {
        self.by_node.get(&i).map(|ids| ids.iter().map(|&s| self.list[s].clone()).collect()).unwrap_or_default()
    }
}

/// Finds, checks and ranks the changes that would place the daemon on the nodes it misses.
/// `ds` is the DaemonSet as defaulted for create; `outcomes` are its outcomes on `nodes`.
pub fn suggest(ds: &DaemonSet, nodes: &[NodeInfo], outcomes: &[Outcome], comparison_operators: bool) -> Suggestions {
    let Some(spec) = ds.pod_spec() else {
        return Suggestions::default();
    };
    let placement = DaemonSetPlacement::new(ds, comparison_operators);
    // What each missed node needs, as an index into `kinds`: nodes that need the same share one.
    let mut kinds: HashMap<Vec<Change>, usize> = HashMap::new();
    let mut counts: Vec<usize> = Vec::new();
    let need_of: Vec<Option<usize>> = nodes
        .iter()
        .zip(outcomes)
        .map(|(node, outcome)| {
            if *outcome == Outcome::Run {
                return None;
            }
            let changes = needed_changes(spec, &placement, node, comparison_operators)?;
            let next = kinds.len();
            let kind = *kinds.entry(changes).or_insert(next);
            if kind == counts.len() {
                counts.push(0);
            }
            counts[kind] += 1;
            Some(kind)
        })
        .collect();
    let mut candidates: Vec<(Vec<Change>, usize)> = kinds.into_iter().collect();
    crate::sort::sort_by(&mut candidates, |a, b| counts[b.1].cmp(&counts[a.1]).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(MAX_CANDIDATES);

    let mut checked: Vec<(Suggestion, Vec<usize>, usize)> = Vec::new();
    for (changes, kind) in candidates {
        let patched = apply(ds, &changes);
        let again = DaemonSetPlacement::new(&patched, comparison_operators);
        let gained: Vec<usize> =
            (0..nodes.len()).filter(|&i| outcomes[i] != Outcome::Run && again.decide(&nodes[i]).should_run).collect();
        if gained.is_empty() {
            continue;
        }
        let what: Vec<String> = changes.iter().map(|c| c.describe(spec)).collect();
        let more = if gained.len() == 1 { "1 more node".to_string() } else { format!("{} more nodes", gained.len()) };
        let patch = merge_patch(spec, patched.pod_spec().unwrap_or(spec));
        checked.push((
            Suggestion {
                message: format!("{} → runs on {more}", what.join("; ")),
                patch: patch.to_string(),
                gains: gained.len(),
                widens: widens(&changes),
            },
            gained,
            kind,
        ));
    }
    crate::sort::sort_by(&mut checked, |a, b| b.0.gains.cmp(&a.0.gains).then_with(|| a.0.message.cmp(&b.0.message)));
    // A node is offered exactly what it needs; only a node whose own need was not among the
    // candidates checked is offered the larger changes that also place it.
    let mut out = Suggestions::default();
    let exact: HashMap<usize, usize> = checked.iter().enumerate().map(|(id, c)| (c.2, id)).collect();
    for (id, (suggestion, gained, _)) in checked.into_iter().enumerate() {
        for i in gained {
            let own = need_of[i].and_then(|k| exact.get(&k)).copied();
            let ids = out.by_node.entry(i).or_default();
            if own == Some(id) {
                ids.insert(0, id);
                ids.truncate(1);
            } else if own.is_none() && ids.len() < PER_NODE {
                ids.push(id);
            }
        }
        out.list.push(suggestion);
    }
    out
}

/// The required node-affinity terms of the pod spec (ORed), if it has any.
pub(crate) fn required_terms(spec: &PodSpec) -> Option<&[NodeSelectorTerm]> {
    let required = spec.affinity.as_ref()?.node_affinity.as_ref()?.required.as_ref()?;
    Some(required.node_selector_terms.as_slice())
}

/// What a change lets in beyond the node it was made for.
fn widens(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::Tolerate { key, value, effect } if value.is_empty() => format!("nodes tainted {key}:{effect}"),
            Change::Tolerate { key, value, effect } => format!("nodes tainted {key}={value}:{effect}"),
            Change::WidenSelector { key, also, .. } => format!("nodes labelled {key}={also}"),
            Change::AddValue { value, .. } | Change::RemoveValue { value, .. } => {
                format!("nodes with the label value {value:?}")
            }
            Change::DropRequirement { .. } => "nodes the dropped requirement kept out".into(),
        })
        .collect();
    format!("also places the daemon on {}", parts.join(" and "))
}

/// Every change that node `node` needs, or `None` when no change on the DaemonSet's side would
/// place it without crossing an intent (its nodeName pin, or its OS or CPU selection).
fn needed_changes(
    spec: &PodSpec,
    placement: &DaemonSetPlacement,
    node: &NodeInfo,
    comparison_operators: bool,
) -> Option<Vec<Change>> {
    if spec.node_name.as_deref().is_some_and(|n| !n.is_empty() && n != node.name) {
        return None;
    }
    let mut changes = Vec::new();
    for (key, want) in spec.node_selector.iter().flatten() {
        match node.label(key) {
            Some(have) if have == want => {}
            Some(have) if !INTENT_KEYS.contains(&key.as_str()) => {
                changes.push(Change::WidenSelector { key: key.clone(), want: want.clone(), also: have.to_string() })
            }
            _ => return None,
        }
    }
    if let Some(terms) = required_terms(spec) {
        // The term that needs the fewest changes, if any can be fixed at all.
        let best =
            terms.iter().enumerate().filter_map(|(t, term)| term_changes(t, term, node)).min_by_key(|c| c.len())?;
        changes.extend(best);
    }
    let tolerations = placement.tolerations();
    for taint in node.taints.iter().filter(|t| is_no_schedule_or_no_execute(t)) {
        if !tolerations_tolerate_taint(tolerations, taint, comparison_operators) {
            changes.push(Change::tolerate(taint));
        }
    }
    crate::sort::sort(&mut changes);
    changes.dedup();
    (!changes.is_empty()).then_some(changes)
}

/// The changes that make required term `t` match `node`; `None` when it cannot be made to
/// on the DaemonSet's side (a missing label, a field requirement, an intent key).
fn term_changes(t: usize, term: &NodeSelectorTerm, node: &NodeInfo) -> Option<Vec<Change>> {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return None;
    }
    let fields_match = term.match_fields.iter().all(|f| {
        f.key == "metadata.name"
            && f.values.len() == 1
            && match f.operator.as_str() {
                "In" => f.values[0] == node.name,
                "NotIn" => f.values[0] != node.name,
                _ => false,
            }
    });
    if !fields_match {
        return None;
    }
    let mut changes = Vec::new();
    for (r, req) in term.match_expressions.iter().enumerate() {
        let parsed = label_requirement(req).ok()?;
        let operator = parsed.operator;
        if parsed.matches(&node.labels) {
            continue;
        }
        if INTENT_KEYS.contains(&req.key.as_str()) {
            return None;
        }
        let have = node.label(&req.key);
        changes.push(match (operator, have) {
            (Operator::In, Some(v)) => Change::AddValue { term: t, req: r, value: v.to_string() },
            (Operator::NotIn, Some(v)) => Change::RemoveValue { term: t, req: r, value: v.to_string() },
            (Operator::DoesNotExist | Operator::Gt | Operator::Lt, _) => Change::DropRequirement { term: t, req: r },
            _ => return None,
        });
    }
    Some(changes)
}
