//! The scheduling framework's pieces the daemon pod goes through: statuses, the node as the
//! scheduler's snapshot holds it (`NodeInfo`), the default profile's Filter order
//! (`RunFilterPlugins`, pkg/scheduler/framework/runtime/framework.go) and the `FitError` text
//! (pkg/scheduler/framework/types.go).

use std::collections::BTreeMap;

use super::objects::PodInfo;
use super::plugins::inter_pod_affinity::{self, PreFilterState};
use super::plugins::node_ports::HostPortInfo;
use super::plugins::{node_affinity, node_name, node_ports, node_resources_fit, node_unschedulable, taint_toleration};
use super::resource::Resource;
use crate::model::Toleration;
use crate::placement::NodeInfo;

/// Mirrors `fwk.Code` (the ones a Filter returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Unschedulable,
    UnschedulableAndUnresolvable,
}

/// A non-success status: its code and reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub code: Code,
    pub reasons: Vec<String>,
}

impl Status {
    pub fn new(code: Code, reason: impl Into<String>) -> Status {
        Status { code, reasons: vec![reason.into()] }
    }
}

/// The pod being scheduled: its cache form plus what the first Filters read.
pub struct IncomingPod<'a> {
    pub pod: &'a PodInfo,
    pub tolerations: &'a [Toleration],
    pub node_selector: Option<&'a BTreeMap<String, String>>,
    /// `spec.nodeName` of the template (empty for every pod the controller creates).
    pub node_name: &'a str,
    /// The `TaintTolerationComparisonOperators` feature gate (Lt/Gt tolerations).
    pub comparison_operators: bool,
}

/// A node in the snapshot: what it can hold and what its pods take (`NodeInfo`). All
/// borrowed, so the thousands of views of a re-plan cost no copies and no drops.
#[derive(Clone, Copy, Debug)]
pub struct NodeView<'a> {
    pub node: &'a NodeInfo,
    pub allocatable: &'a Resource,
    pub requested: &'a Resource,
    pub pod_count: usize,
    /// Mirrors `HostPortInfo`: a set, so removing a pod frees its keys.
    pub used_ports: &'a HostPortInfo,
    /// InterPodAffinity's PreFilter state (`None`: the plugin skips).
    pub affinity: Option<&'a PreFilterState>,
}

/// A node's copy that pods leave and rejoin: `SelectVictimsOnNode`'s `nodeInfo.Snapshot()`
/// and cloned cycle state.
#[derive(Debug)]
pub struct NodeCopy<'a> {
    node: &'a NodeInfo,
    allocatable: &'a Resource,
    requested: Resource,
    pod_count: usize,
    used_ports: HostPortInfo,
    affinity: Option<PreFilterState>,
}

impl<'a> NodeCopy<'a> {
    pub fn of(view: &NodeView<'a>) -> NodeCopy<'a> {
        NodeCopy {
            node: view.node,
            allocatable: view.allocatable,
            requested: view.requested.clone(),
            pod_count: view.pod_count,
            used_ports: view.used_ports.clone(),
            affinity: view.affinity.cloned(),
        }
    }

    /// The copy as the Filters read it.
    pub fn view(&self) -> NodeView<'_> {
        NodeView {
            node: self.node,
            allocatable: self.allocatable,
            requested: &self.requested,
            pod_count: self.pod_count,
            used_ports: &self.used_ports,
            affinity: self.affinity.as_ref(),
        }
    }

    /// Mirrors `NodeInfo.AddPodInfo` (requests, pod count, ports) and the PreFilter
    /// extensions' AddPod.
    pub fn add_pod(&mut self, incoming: &PodInfo, pod: &PodInfo) {
        if let Some(a) = &mut self.affinity {
            a.update_with_pod(incoming, pod, self.node, 1);
        }
        self.requested.add(&pod.resource, 1);
        self.pod_count += 1;
        for p in &pod.host_ports {
            self.used_ports.add(p);
        }
    }

    /// Mirrors `NodeInfo.RemovePod` and the PreFilter extensions' RemovePod.
    pub fn remove_pod(&mut self, incoming: &PodInfo, pod: &PodInfo) {
        if let Some(a) = &mut self.affinity {
            a.update_with_pod(incoming, pod, self.node, -1);
        }
        self.requested.add(&pod.resource, -1);
        self.pod_count = self.pod_count.saturating_sub(1);
        for p in &pod.host_ports {
            self.used_ports.remove(p);
        }
    }
}

/// Mirrors `RunFilterPlugins` for the default profile: NodeUnschedulable, NodeName,
/// TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit; the first failure stops.
/// then InterPodAffinity. VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone,
/// PodTopologySpread and DynamicResources are not modelled (they pass).
pub fn run_filter_plugins(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    node_unschedulable::filter(pod, node)
        .or_else(|| node_name::filter(pod, node))
        .or_else(|| taint_toleration::filter(pod, node))
        .or_else(|| node_affinity::filter(pod, node))
        .or_else(|| node_ports::filter(pod, node))
        .or_else(|| node_resources_fit::filter(pod, node))
        .or_else(|| inter_pod_affinity::filter(pod, node))
}

/// `run_filter_plugins` for the daemon pod on a node its controller targets (`shouldRun`):
/// there the first four Filters pass by construction. The controller adds the
/// `node.kubernetes.io/unschedulable` toleration, and its `predicates` ran NodeName's,
/// TaintToleration's and NodeAffinity's checks on this same pod. So the first failure can
/// only come from NodePorts on; a re-plan of thousands of nodes skips the rest (debug builds,
/// and so every test, still run them and check).
#[inline(always)]
pub fn run_filter_plugins_on_targeted_node(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    debug_assert!(
        node_unschedulable::filter(pod, node)
            .or_else(|| node_name::filter(pod, node))
            .or_else(|| taint_toleration::filter(pod, node))
            .or_else(|| node_affinity::filter(pod, node))
            .is_none(),
        "a Filter the controller's predicates passed failed on {}",
        node.node.name
    );
    // Not `or_else`: its closures stay calls at opt-level "s".
    if let Some(status) = node_ports::filter(pod, node) {
        return Some(status);
    }
    if let Some(status) = node_resources_fit::filter(pod, node) {
        return Some(status);
    }
    inter_pod_affinity::filter(pod, node)
}

/// The reason every node but the pinned one gets (`SetAbsentNodesStatus` after NodeAffinity's
/// PreFilter narrowed the nodes to one).
pub const ABSENT_NODE_REASON: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

/// Mirrors `(*FitError).Error`: `0/N nodes are available: <histogram>.` (+ ` <postFilterMsg>`),
/// the histogram counting reasons and sorted as strings. `absent` counts the nodes under
/// `absent_reason`.
pub fn fit_error(
    num_all_nodes: usize,
    statuses: &[&Status],
    absent: usize,
    absent_reason: &str,
    post_filter: &str,
) -> String {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for s in statuses {
        for r in &s.reasons {
            *reasons.entry(r).or_default() += 1;
        }
    }
    if absent > 0 {
        *reasons.entry(absent_reason).or_default() += absent;
    }
    let mut histogram: Vec<String> = reasons.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sort::sort(&mut histogram);
    let mut msg = format!("0/{num_all_nodes} nodes are available:");
    if !histogram.is_empty() {
        msg.push_str(&format!(" {}.", histogram.join(", ")));
    }
    if !post_filter.is_empty() {
        msg.push(' ');
        msg.push_str(post_filter);
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `FitError.Error`: reasons counted, sorted as strings ("10 x" before "2 y").
    #[test]
    fn histogram_sorted_as_strings() {
        let cpu =
            Status { code: Code::Unschedulable, reasons: vec!["Insufficient cpu".into(), "Too many pods".into()] };
        let m = fit_error(11, &[&cpu], 10, ABSENT_NODE_REASON, "");
        assert_eq!(
            m,
            "0/11 nodes are available: 1 Insufficient cpu, 1 Too many pods, 10 node(s) didn't satisfy plugin(s) [NodeAffinity]."
        );
        let m = fit_error(1, &[&cpu], 0, ABSENT_NODE_REASON, "no new claims to deallocate, preemption: x.");
        assert!(m.ends_with("Too many pods. no new claims to deallocate, preemption: x."), "{m}");
    }
}
