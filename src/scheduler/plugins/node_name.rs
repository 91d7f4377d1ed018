//! NodeName (plugins/nodename/node_name.go).

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};

pub const ERR_REASON: &str = "node(s) didn't match the requested node name";

/// Mirrors `NodeName.Filter`: a pod naming a node fits only there.
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    (!pod.node_name.is_empty() && pod.node_name != node.node.name)
        .then(|| Status::new(Code::UnschedulableAndUnresolvable, ERR_REASON))
}
