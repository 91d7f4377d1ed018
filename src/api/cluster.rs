//! A cluster loaded once and planned against many DaemonSets, and plans read node by node.
//!
//! Loading reads each node's name, labels and taints and nothing else; a plan computes every
//! node's decision at once and builds the documented per-node objects only when asked.

use super::{
    prepare_for_create, read_daemon_set, read_nodes, validate_input, DaemonSetInput, DaemonSetRef, NodePlacement,
    OutcomeCounts, Plan, PlanOptions, Source, Summary, Validation,
};
use crate::input::stream::{Item, NodeStream};
use crate::input::{codes, into_nodes, parse_bytes, Filter, InputError, Pos};
use crate::model::DaemonSet;
use crate::placement::pod::new_daemon_pod;
use crate::placement::summary::failed_scheduling_message;
use crate::placement::{node::read_node, DaemonSetPlacement, Decision, NodeInfo, Outcome};
use crate::rollout::{updated_desired_node_counts, Rollout};

/// The nodes placement reads, in input order.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    nodes: Vec<NodeInfo>,
}

impl Cluster {
    pub fn load(source: Source<'_>) -> Result<Cluster, InputError> {
        Ok(Cluster { nodes: read_nodes(source)? })
    }

    pub fn from_nodes(nodes: Vec<NodeInfo>) -> Cluster {
        Cluster { nodes }
    }

    pub fn nodes(&self) -> &[NodeInfo] {
        &self.nodes
    }

    /// Label keys by how many nodes carry them (most first): what a cluster can be grouped by.
    pub fn label_keys(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for n in &self.nodes {
            for (k, _) in n.labels.iter() {
                *counts.entry(k).or_default() += 1;
            }
        }
        let mut keys: Vec<(String, usize)> = counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        keys
    }

    /// Each node's value of label `key` (`None` where it has none), in input order.
    pub fn label_values(&self, key: &str) -> Vec<Option<&str>> {
        self.nodes.iter().map(|n| n.label(key)).collect()
    }

    /// Plans a DaemonSet against these nodes (the documented shape, every node built).
    pub fn plan(&self, daemon_set: Source<'_>, options: &PlanOptions) -> Result<Plan, InputError> {
        Ok(self.plan_view(daemon_set, options)?.to_plan(self))
    }

    /// Plans a DaemonSet against these nodes, building per-node objects only on request.
    pub fn plan_view(&self, daemon_set: Source<'_>, options: &PlanOptions) -> Result<PlanView, InputError> {
        let input = read_daemon_set(daemon_set, options.name.as_deref())?;
        Ok(PlanView::new(input, self, options))
    }
}

/// A plan over a cluster: every decision computed, per-node details built on request.
pub struct PlanView {
    input: DaemonSetInput,
    ds: DaemonSet,
    placement: DaemonSetPlacement,
    decisions: Vec<(Decision, Outcome)>,
    pods: bool,
    pub daemon_set: DaemonSetRef,
    pub summary: Summary,
    pub rollout: Rollout,
    pub validation: Validation,
}

impl PlanView {
    pub(crate) fn new(input: DaemonSetInput, cluster: &Cluster, options: &PlanOptions) -> PlanView {
        let validation = validate_input(&input, None, options.comparison_operators, options.kubernetes_version);
        let mut ds = input.ds.clone();
        prepare_for_create(&mut ds);
        let placement = DaemonSetPlacement::new(&ds, options.comparison_operators);
        let mut counts = OutcomeCounts::default();
        let mut first_reasons = Vec::new();
        let decisions: Vec<(Decision, Outcome)> = cluster
            .nodes
            .iter()
            .map(|node| {
                let (decision, outcome) = placement.decide_with_outcome(node);
                match outcome {
                    Outcome::Run => counts.run += 1,
                    Outcome::KeepRunning => counts.keep_running += 1,
                    Outcome::Evict => counts.evict += 1,
                    Outcome::Exclude => counts.exclude += 1,
                }
                if !decision.should_run {
                    first_reasons.extend(placement.first_reason(node));
                }
                (decision, outcome)
            })
            .collect();
        let desired = counts.run;
        let message = failed_scheduling_message(desired, cluster.nodes.len(), first_reasons.into_iter());
        PlanView {
            daemon_set: DaemonSetRef { namespace: ds.namespace().to_string(), name: ds.name().to_string() },
            summary: Summary {
                nodes: cluster.nodes.len(),
                desired_number_scheduled: desired,
                message,
                outcomes: counts,
            },
            rollout: updated_desired_node_counts(&ds, desired),
            validation,
            pods: options.pods,
            input,
            ds,
            placement,
            decisions,
        }
    }

    /// Each node's outcome, in input order.
    pub fn outcomes(&self) -> impl Iterator<Item = Outcome> + '_ {
        self.decisions.iter().map(|(_, o)| *o)
    }

    /// Node `i` of `cluster` (the cluster this plan was made over), in the documented shape.
    pub fn node(&self, cluster: &Cluster, i: usize) -> Option<NodePlacement> {
        let node = cluster.nodes.get(i)?;
        let (decision, outcome) = *self.decisions.get(i)?;
        let reasons = if decision.should_run { Vec::new() } else { self.placement.reasons(node) };
        let pod = (self.pods && decision.should_run)
            .then(|| new_daemon_pod(&self.input.tree, &self.ds, self.placement.tolerations(), &node.name));
        Some(NodePlacement {
            name: node.name.clone(),
            should_run: decision.should_run,
            should_continue_running: decision.should_continue_running,
            outcome,
            reasons,
            pod,
        })
    }

    /// The whole plan in the documented shape.
    pub fn to_plan(&self, cluster: &Cluster) -> Plan {
        Plan {
            daemon_set: self.daemon_set.clone(),
            nodes: (0..self.decisions.len()).filter_map(|i| self.node(cluster, i)).collect(),
            summary: self.summary.clone(),
            rollout: self.rollout.clone(),
            validation: self.validation.clone(),
        }
    }
}

/// Loads a cluster from a node list fed in chunks: memory holds each node's decisive fields,
/// never the whole text.
#[derive(Default)]
pub struct ClusterLoader {
    stream: NodeStream,
    nodes: Vec<NodeInfo>,
    bytes: usize,
    /// An item of another kind is skipped, as `Cluster::load` skips it; if no Node comes at
    /// all, the loader refuses as `Cluster::load` does.
    wrong_kind: Option<InputError>,
}

impl ClusterLoader {
    pub fn new() -> ClusterLoader {
        ClusterLoader::default()
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), InputError> {
        self.bytes += chunk.len();
        let (nodes, wrong_kind) = (&mut self.nodes, &mut self.wrong_kind);
        self.stream.push(chunk, &mut |item, line| skip_other_kinds(read_item(item, line, nodes), wrong_kind))
    }

    pub fn finish(mut self) -> Result<Cluster, InputError> {
        let (nodes, wrong_kind) = (&mut self.nodes, &mut self.wrong_kind);
        self.stream.finish(&mut |item, line| skip_other_kinds(read_item(item, line, nodes), wrong_kind))?;
        match self.wrong_kind {
            Some(e) if self.nodes.is_empty() => Err(e),
            _ => Ok(Cluster { nodes: self.nodes }),
        }
    }

    /// Nodes read so far, and bytes fed.
    pub fn progress(&self) -> (usize, usize) {
        (self.nodes.len(), self.bytes)
    }
}

/// An item that holds no Node (a ConfigMap in a List) is skipped; the first such error is kept.
fn skip_other_kinds(read: Result<(), InputError>, wrong_kind: &mut Option<InputError>) -> Result<(), InputError> {
    match read {
        Err(e) if e.code == codes::WRONG_KIND => {
            wrong_kind.get_or_insert(e);
            Ok(())
        }
        other => other,
    }
}

/// Reads one list item; positions in errors are moved to the item's place in the whole input.
fn read_item(item: Item<'_>, first_line: usize, nodes: &mut Vec<NodeInfo>) -> Result<(), InputError> {
    let at_line = |e: InputError| match e.line {
        Some(l) => InputError { line: Some(l + first_line as u32 - 1), ..e },
        None => e.at(Pos::new(first_line, 1)),
    };
    let docs = match item {
        Item::Text(text) => parse_bytes(text, Filter::NodeRoot).map_err(at_line)?.docs,
        Item::Tree(node) => vec![node],
    };
    for node in into_nodes(docs).map_err(at_line)? {
        let index = nodes.len();
        nodes.push(read_node(node, index).map_err(at_line)?);
    }
    Ok(())
}
