//! DefaultPreemption for the daemon pod (plugins/defaultpreemption/default_preemption.go,
//! framework/preemption/preemption.go): the only candidate node is the pod's own.

mod victims;

pub use victims::{filter_pods_with_pdb_violation, more_important_pod, select_victims_on_node};

use super::framework::{fit_error, Code, IncomingPod, NodeView, Status};
use super::objects::{PodDisruptionBudget, PodInfo};

/// What PostFilter decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostFilter {
    /// Victims to evict, in the scheduler's order; the pod is nominated to the node.
    Nominated(Vec<usize>),
    /// Preemption did not help: its message (after `preemption: `).
    Unschedulable(String),
}

pub const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";

/// Mirrors `DefaultPreemption.PostFilter` → `Evaluator.Preempt` with one node in play:
/// eligibility, then the dry run on the node when its status was resolvable.
pub fn post_filter(
    pod: &IncomingPod<'_>,
    node: &NodeView<'_>,
    node_status: &Status,
    pods: &[&PodInfo],
    pdbs: &[&PodDisruptionBudget],
    num_all_nodes: usize,
) -> PostFilter {
    if pod.pod.preemption_policy.as_deref() == Some("Never") {
        return PostFilter::Unschedulable("not eligible due to preemptionPolicy=Never.".into());
    }
    let others = num_all_nodes.saturating_sub(1);
    // nodesWherePreemptionMightHelp: an unresolvable status rules the node out.
    if node_status.code == Code::UnschedulableAndUnresolvable {
        return PostFilter::Unschedulable(fit_error(num_all_nodes, &[], num_all_nodes, NOT_HELPFUL, ""));
    }
    match select_victims_on_node(pod, node, pods, pdbs) {
        Ok(victims) if !victims.is_empty() => PostFilter::Nominated(victims),
        Ok(_) => PostFilter::Unschedulable(fit_error(num_all_nodes, &[], num_all_nodes, NOT_HELPFUL, "")),
        Err(status) => PostFilter::Unschedulable(fit_error(num_all_nodes, &[&status], others, NOT_HELPFUL, "")),
    }
}
