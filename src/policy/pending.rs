//! `maxPendingPercent`: the scheduler's phase for the daemon pod on every node the DaemonSet
//! targets, against the cluster's allocatable, pods, priority classes and budgets.

use super::rules::RuleResult;
use crate::api::{Cluster, PlanOptions, Source};
use crate::input::Node;
use crate::release::Release;

/// Denies when the pod would stay Pending on more than `percent` of the targeted nodes. A node
/// where preemption makes room is not counted: the pod is bound once its victims are gone.
pub fn max_pending(
    percent: f64,
    cluster: Option<&Cluster>,
    object: &Node,
    release: Release,
    comparison_operators: bool,
) -> RuleResult {
    let not_checked = |why: &str| RuleResult {
        rule: "maxPendingPercent",
        allowed: true,
        message: format!("not checked: {why}"),
        field: None,
    };
    let Some(cluster) = cluster else { return not_checked("no node snapshot was given with the review") };
    let options = PlanOptions { kubernetes_version: release, comparison_operators, ..Default::default() };
    let view = match cluster.plan_view(Source::Docs(vec![object.clone()]), &options) {
        Ok(view) => view,
        Err(e) => return not_checked(&format!("the DaemonSet cannot be planned: {e}")),
    };
    let Some(scheduling) = &view.summary.scheduling else {
        return not_checked("no node states status.allocatable, so the scheduler's phase cannot run");
    };
    let targeted = view.summary.desired_number_scheduled;
    let share = if targeted == 0 { 0.0 } else { 100.0 * scheduling.pending as f64 / targeted as f64 };
    let preempting = match scheduling.preempting {
        0 => String::new(),
        n => format!(" ({n} more only by preempting {} pods)", scheduling.victims),
    };
    RuleResult {
        rule: "maxPendingPercent",
        allowed: share <= percent + 1e-9,
        message: format!(
            "stays Pending on {} of {targeted} targeted nodes ({share:.1}%){preempting}; at most {percent}% allowed",
            scheduling.pending
        ),
        field: None,
    }
}
