//! Many DaemonSets at once: list them, plan them all against one cluster, and say what goes
//! wrong between them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{decode_daemon_set, read_docs, Cluster, DaemonSetInput, Plan, PlanOptions, PlanView, Source};
use crate::fleet::family::{by_member, family_of};
use crate::fleet::findings::{gaps, host_port_clashes, not_covered, overlaps, selector_overlaps, Finding, Member};
use crate::input::{self, codes, InputError};
use crate::placement::Outcome;
use crate::scheduler::report::named_quantities;
use crate::scheduler::resource::Resource;
use crate::scheduling::label_parse::parse_selector;

/// A DaemonSet of an input, as `listDaemonSets` names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DaemonSetEntry {
    /// As the API server would file it: `default` when the manifest names none.
    pub namespace: String,
    pub name: String,
    /// Where its object starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Which input it came from, when several were given (0 for the first).
    pub source: usize,
}

#[derive(Clone, Debug, Default)]
pub struct PlanAllOptions {
    /// As for `plan` (`name` is ignored: every DaemonSet is planned).
    pub plan: PlanOptions,
    /// Families given by the caller: family name → members (`namespace/name` or bare names).
    pub families: BTreeMap<String, Vec<String>>,
    /// A label selector (`kubernetes.io/os=linux`): report the selected nodes each DaemonSet
    /// does not run on.
    pub coverage: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanAll {
    /// Every DaemonSet of the input, in input order.
    pub daemon_sets: Vec<DaemonSetEntry>,
    /// Each DaemonSet's plan, in the same order.
    pub plans: Vec<Plan>,
    /// Every node, in input order: which DaemonSets run there and which do not.
    pub nodes: Vec<FleetNode>,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetNode {
    pub name: String,
    pub daemon_sets: Vec<NodeDaemonSet>,
    /// The summed requests of the daemon pods that run there (what Karpenter and Cluster
    /// Autoscaler reserve for DaemonSets when they size a node).
    pub overhead: BTreeMap<String, String>,
    /// With a coverage selector: whether the node is one it selects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeDaemonSet {
    /// `namespace/name`.
    pub name: String,
    pub outcome: Outcome,
}

/// The DaemonSets an input holds, in input order, without planning them.
pub fn list_daemon_sets(source: Source<'_>) -> Result<Vec<DaemonSetEntry>, InputError> {
    let docs = read_docs(source)?;
    Ok(input::daemon_sets(&docs.docs).into_iter().map(|o| entry(o, 0)).collect())
}

fn entry(o: &input::Node, source: usize) -> DaemonSetEntry {
    DaemonSetEntry {
        namespace: input::object_namespace(o).to_string(),
        name: input::object_name(o).to_string(),
        line: o.pos.is_known().then_some(o.pos.line),
        source,
    }
}

/// Every DaemonSet of an input, read and decoded; each keeps the duplicate keys written
/// between its start and the next DaemonSet's.
fn read_daemon_sets(source: Source<'_>, index: usize) -> Result<Vec<(DaemonSetEntry, DaemonSetInput)>, InputError> {
    let docs = read_docs(source)?;
    let trees = input::daemon_sets(&docs.docs);
    if trees.is_empty() {
        // The same error `plan` gives.
        input::select_daemon_set(&docs.docs, None)?;
    }
    let starts: Vec<u32> = trees.iter().map(|t| t.pos.line).collect();
    trees
        .iter()
        .enumerate()
        .map(|(i, tree)| {
            // The apiVersion check of a single pick, for each.
            input::select_daemon_set(std::slice::from_ref(*tree), None)?;
            let end = starts.get(i + 1).copied().unwrap_or(u32::MAX);
            let inside = docs.duplicates.iter().filter(|d| d.pos.line >= starts[i] && d.pos.line < end).cloned();
            Ok((entry(tree, index), decode_daemon_set(tree, &docs, inside.collect()).map_err(|(e, _)| e)?))
        })
        .collect()
}

/// Plans every DaemonSet of `daemon_sets` (one input or several, as files are) against the
/// cluster.
pub fn plan_all(
    daemon_sets: Vec<Source<'_>>,
    cluster: Source<'_>,
    options: &PlanAllOptions,
) -> Result<PlanAll, InputError> {
    Cluster::load(cluster)?.plan_all(daemon_sets, options)
}

impl Cluster {
    /// Plans every DaemonSet of `daemon_sets` against these nodes, with the findings across them.
    /// Each input is read on its own, so errors keep their own line numbers.
    pub fn plan_all(&self, daemon_sets: Vec<Source<'_>>, options: &PlanAllOptions) -> Result<PlanAll, InputError> {
        let selected = match &options.coverage {
            None => None,
            Some(text) => {
                let selector = parse_selector(text)
                    .map_err(|e| InputError::new(codes::INVALID_OPTIONS, format!("coverage selector {text:?}: {e}")))?;
                Some(self.nodes().iter().map(|n| selector.matches(&n.labels)).collect::<Vec<bool>>())
            }
        };
        let mut entries = Vec::new();
        let mut views: Vec<PlanView> = Vec::new();
        for (index, source) in daemon_sets.into_iter().enumerate() {
            for (entry, input) in read_daemon_sets(source, index)? {
                entries.push(entry);
                views.push(PlanView::new(input, self, &options.plan));
            }
        }
        if views.is_empty() {
            return Err(InputError::new(codes::NO_DAEMONSET, "the inputs hold no DaemonSet"));
        }
        let outcomes: Vec<Vec<Outcome>> = views.iter().map(|v| v.outcomes().collect()).collect();
        let given = by_member(&options.families);
        let members: Vec<Member> = views
            .iter()
            .zip(&outcomes)
            .map(|(view, outcomes)| {
                let (ds, placement) = view.daemon_set();
                let name = format!("{}/{}", view.daemon_set.namespace, view.daemon_set.name);
                Member {
                    pod: view.daemon_pod(),
                    family: family_of(ds, &name, &given),
                    namespace: view.daemon_set.namespace.clone(),
                    name,
                    ds,
                    placement,
                    outcomes,
                }
            })
            .collect();
        let nodes = self.nodes();
        let mut findings = gaps(&members, nodes);
        findings.extend(overlaps(&members, nodes));
        findings.extend(selector_overlaps(&members));
        findings.extend(host_port_clashes(&members, nodes));
        if let (Some(selected), Some(text)) = (&selected, &options.coverage) {
            findings.extend(not_covered(&members, nodes, selected, text));
        }
        let fleet_nodes = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| FleetNode {
                name: n.name.clone(),
                daemon_sets: members
                    .iter()
                    .map(|m| NodeDaemonSet { name: m.name.clone(), outcome: m.outcomes[i] })
                    .collect(),
                overhead: overhead(&members, i),
                selected: selected.as_ref().map(|s| s[i]),
            })
            .collect();
        Ok(PlanAll {
            daemon_sets: entries,
            plans: views.iter().map(|v| v.to_plan(self)).collect(),
            nodes: fleet_nodes,
            findings,
        })
    }
}

/// The requests of every DaemonSet pod that runs on node `i`, summed as `PodRequests` counts them.
fn overhead(members: &[Member], i: usize) -> BTreeMap<String, String> {
    let mut sum = Resource::default();
    for m in members.iter().filter(|m| m.outcomes[i] == Outcome::Run) {
        if let Some(pod) = &m.pod {
            sum.add(&pod.resource, 1);
        }
    }
    named_quantities(&sum)
}
