//! A cluster loaded once and planned against many DaemonSets, and plans read node by node.
//!
//! Loading reads each node's name, labels and taints and nothing else; a plan computes every
//! node's decision at once and builds the documented per-node objects only when asked.

use super::cluster_input::ClusterBuilder;
use super::{
    prepare_for_create, read_daemon_set, validate_input, DaemonSetInput, DaemonSetRef, NodePlacement, OutcomeCounts,
    Plan, PlanOptions, Settings, Source, Summary, Validation,
};
use crate::fleet::{node_change, suggest, Suggestions};
use crate::input::stream::{Item, NodeStream};
use crate::input::{into_objects, parse_bytes, Filter, InputError, Pos};
use crate::model::DaemonSet;
use crate::placement::pod::{new_daemon_pod, new_daemon_pod_for_scheduling};
use crate::placement::summary::failed_scheduling_message;
use crate::placement::{DaemonSetPlacement, Decision, NodeInfo, Outcome};
use crate::rollout::{updated_desired_node_counts, Rollout};
use crate::scheduler::{ClusterState, DaemonScheduler, SchedulingSummary};

/// The nodes placement reads, in input order, and what the scheduler reads of the cluster.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    nodes: Vec<NodeInfo>,
    scheduler: ClusterState,
}

impl Cluster {
    /// Reads a cluster: Nodes and, in any mix, Pods, PriorityClasses and PodDisruptionBudgets.
    pub fn load(source: Source<'_>) -> Result<Cluster, InputError> {
        let docs = match source {
            Source::Text(text) => crate::input::parse_text(text, Filter::NodeRoot)?.docs,
            Source::Bytes(bytes) => parse_bytes(bytes, Filter::NodeRoot)?.docs,
            Source::Docs(docs) => docs,
        };
        let mut builder = ClusterBuilder::default();
        for object in into_objects(docs) {
            builder.add(object)?;
        }
        let (nodes, scheduler) = builder.finish()?;
        Ok(Cluster { nodes, scheduler })
    }

    pub(crate) fn from_parts(nodes: Vec<NodeInfo>, scheduler: ClusterState) -> Cluster {
        Cluster { nodes, scheduler }
    }

    pub fn from_nodes(nodes: Vec<NodeInfo>) -> Cluster {
        let mut scheduler = ClusterState::default();
        scheduler.finish(&nodes);
        Cluster { nodes, scheduler }
    }

    /// What the scheduler reads: allocatable, pods, classes, budgets.
    pub fn scheduler_state(&self) -> &ClusterState {
        &self.scheduler
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
        crate::sort::sort_by(&mut keys, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        keys
    }

    /// Each node's value of label `key` (`None` where it has none), in input order.
    pub fn label_values(&self, key: &str) -> Vec<Option<&str>> {
        self.nodes.iter().map(|n| n.label(key)).collect()
    }

    /// Each node's taints as kubectl prints them (`key=value:Effect`), in input order.
    pub fn taint_strings(&self) -> Vec<Vec<String>> {
        self.nodes.iter().map(|n| n.taints.iter().map(crate::fleet::node_side::taint_text).collect()).collect()
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
    /// The daemon pod as the scheduler gets it, when the cluster states allocatable.
    scheduler: Option<DaemonScheduler>,
    /// Per node: 0 no verdict, 1 scheduled, 2 Pending, 3 preempting (`SchedulingSummary::code`).
    verdicts: Vec<u8>,
    pods: bool,
    suggestions: Option<Suggestions>,
    node_changes: bool,
    pub daemon_set: DaemonSetRef,
    pub summary: Summary,
    pub rollout: Rollout,
    pub validation: Validation,
}

impl PlanView {
    pub(crate) fn new(input: DaemonSetInput, cluster: &Cluster, options: &PlanOptions) -> PlanView {
        let settings = Settings {
            release: options.kubernetes_version,
            gates: options.feature_gates,
            field_validation: options.field_validation,
        };
        let validation = validate_input(&input, None, options.comparison_operators, settings);
        let mut ds = input.ds.clone();
        prepare_for_create(&mut ds);
        let placement =
            DaemonSetPlacement::new(&ds, options.comparison_operators).with_release(options.kubernetes_version);
        let mut counts = OutcomeCounts::default();
        let mut first_reasons = Vec::new();
        let decisions: Vec<(Decision, Outcome)> = cluster
            .nodes
            .iter()
            .map(|node| {
                let (decision, outcome, first_reason) = placement.decide_explained(node);
                match outcome {
                    Outcome::Run => counts.run += 1,
                    Outcome::KeepRunning => counts.keep_running += 1,
                    Outcome::Evict => counts.evict += 1,
                    Outcome::Exclude => counts.exclude += 1,
                }
                first_reasons.extend(first_reason);
                (decision, outcome)
            })
            .collect();
        let desired = counts.run;
        let message = failed_scheduling_message(
            desired,
            cluster.nodes.len(),
            first_reasons.into_iter(),
            options.kubernetes_version,
        );
        let (scheduler, scheduling_summary, verdicts) =
            schedule_daemon_pods(&input, &ds, &placement, &decisions, cluster, options.comparison_operators);
        PlanView {
            daemon_set: DaemonSetRef { namespace: ds.namespace().to_string(), name: ds.name().to_string() },
            summary: Summary {
                nodes: cluster.nodes.len(),
                desired_number_scheduled: desired,
                message,
                outcomes: counts,
                scheduling: scheduling_summary,
            },
            rollout: updated_desired_node_counts(&ds, desired),
            validation,
            pods: options.pods,
            node_changes: options.node_changes,
            suggestions: options.suggestions.then(|| {
                let outcomes: Vec<Outcome> = decisions.iter().map(|(_, o)| *o).collect();
                suggest(&ds, &cluster.nodes, &outcomes, options.comparison_operators)
            }),
            input,
            ds,
            placement,
            decisions,
            scheduler,
            verdicts,
        }
    }

    /// Each node's scheduler verdict, in input order: 0 none, 1 scheduled, 2 Pending, 3 preempting.
    pub fn verdicts(&self) -> &[u8] {
        &self.verdicts
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
            scheduling: self.scheduler.as_ref().filter(|_| decision.should_run).and_then(|s| {
                let scheduled = self.verdicts.get(i) == Some(&SchedulingSummary::SCHEDULED);
                s.schedule(&cluster.scheduler, node, i, cluster.nodes.len(), scheduled)
            }),
            suggestions: self.suggestions.as_ref().filter(|_| !decision.should_run).map(|s| s.for_node(i)),
            node_change: self
                .ds
                .pod_spec()
                .filter(|_| self.node_changes && !decision.should_run)
                .and_then(|spec| node_change(spec, &self.placement, node, self.placement.comparison_operators())),
        })
    }

    /// The DaemonSet as planned (defaulted for create) and its compiled placement.
    pub(crate) fn daemon_set(&self) -> (&DaemonSet, &DaemonSetPlacement) {
        (&self.ds, &self.placement)
    }

    /// The pod the controller creates, as the scheduler reads it (its requests and host ports).
    pub(crate) fn daemon_pod(&self) -> Option<crate::scheduler::objects::PodInfo> {
        crate::scheduler::report::daemon_pod_info(new_daemon_pod_for_scheduling(&self.input.tree, &self.ds))
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
    builder: ClusterBuilder,
    bytes: usize,
}

impl ClusterLoader {
    pub fn new() -> ClusterLoader {
        ClusterLoader::default()
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), InputError> {
        self.bytes += chunk.len();
        let builder = &mut self.builder;
        self.stream.push(chunk, &mut |item, line| read_item(item, line, builder))
    }

    /// Ends one file: the next chunk starts another (several cluster files in one loader).
    pub fn end_file(&mut self) -> Result<(), InputError> {
        let builder = &mut self.builder;
        self.stream.finish(&mut |item, line| read_item(item, line, builder))?;
        self.stream = NodeStream::default();
        Ok(())
    }

    pub fn finish(mut self) -> Result<Cluster, InputError> {
        self.end_file()?;
        let (nodes, scheduler) = self.builder.finish()?;
        Ok(Cluster { nodes, scheduler })
    }

    /// Nodes read so far, and bytes fed.
    pub fn progress(&self) -> (usize, usize) {
        (self.builder.nodes.len(), self.bytes)
    }
}

/// Reads one list item; positions in errors are moved to the item's place in the whole input.
fn read_item(item: Item<'_>, first_line: usize, builder: &mut ClusterBuilder) -> Result<(), InputError> {
    let at_line = |e: InputError| match e.line {
        Some(l) => {
            let mut e = e;
            e.line = Some(l + first_line as u32 - 1);
            e
        }
        None => e.at(Pos::new(first_line, 1)),
    };
    let docs = match item {
        Item::Text(text) => parse_bytes(text, Filter::NodeRoot).map_err(at_line)?.docs,
        Item::Tree(node) => vec![node],
    };
    for object in into_objects(docs) {
        builder.add(object).map_err(at_line)?;
    }
    Ok(())
}

/// Runs the scheduler's cycle for the daemon pod on every node that runs it, when the
/// cluster states allocatable, for the counts; per-node texts are built on request.
fn schedule_daemon_pods(
    input: &DaemonSetInput,
    ds: &DaemonSet,
    placement: &DaemonSetPlacement,
    decisions: &[(Decision, Outcome)],
    cluster: &Cluster,
    comparison_operators: bool,
) -> (Option<DaemonScheduler>, Option<SchedulingSummary>, Vec<u8>) {
    let state = &cluster.scheduler;
    if !state.has_allocatable() {
        return (None, None, Vec::new());
    }
    let pod = new_daemon_pod_for_scheduling(&input.tree, ds);
    let template_spec = ds.spec.as_ref().and_then(|s| s.template.as_ref()).and_then(|t| t.spec.as_ref());
    let node_selector = template_spec.and_then(|s| s.node_selector.as_ref());
    let Some(scheduler) = DaemonScheduler::new(
        pod,
        placement.tolerations(),
        node_selector,
        None,
        state,
        &cluster.nodes,
        comparison_operators,
    ) else {
        return (None, None, Vec::new());
    };
    let (summary, verdicts) = scheduler.cycles(state, &cluster.nodes, decisions.iter().map(|(d, _)| d.should_run));
    (Some(scheduler), Some(summary), verdicts)
}
