//! TaintToleration (plugins/tainttoleration/taint_toleration.go).

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};
use crate::scheduling::taints::{find_matching_untolerated_taint, is_no_schedule_or_no_execute};

/// Mirrors `TaintToleration.Filter`: the first NoSchedule/NoExecute taint not tolerated.
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    let taint = find_matching_untolerated_taint(
        &node.node.taints,
        pod.tolerations,
        is_no_schedule_or_no_execute,
        pod.comparison_operators,
    )?;
    Some(Status::new(
        Code::UnschedulableAndUnresolvable,
        format!("node(s) had untolerated taint {{{}: {}}}", taint.key, taint.value),
    ))
}
