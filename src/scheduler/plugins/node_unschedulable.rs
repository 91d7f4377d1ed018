//! NodeUnschedulable (plugins/nodeunschedulable/node_unschedulable.go).

use crate::model::Taint;
use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};
use crate::scheduling::taints::tolerations_tolerate_taint;

pub const ERR_REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";

/// Mirrors `NodeUnschedulable.Filter`: a cordoned node passes only pods that tolerate
/// `node.kubernetes.io/unschedulable:NoSchedule` (every daemon pod does).
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    if !node.node.unschedulable {
        return None;
    }
    let taint =
        Taint { key: "node.kubernetes.io/unschedulable".into(), value: String::new(), effect: "NoSchedule".into() };
    (!tolerations_tolerate_taint(pod.tolerations, &taint, pod.comparison_operators))
        .then(|| Status::new(Code::UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE))
}
