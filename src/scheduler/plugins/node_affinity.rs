//! NodeAffinity (plugins/nodeaffinity/node_affinity.go) for the daemon pod, whose required
//! affinity is `metadata.name In [<node>]` (`ReplaceDaemonSetPodNodeNameNodeAffinity`): the
//! PreFilter narrows the nodes to that one, and the Filter checks `spec.nodeSelector`.

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};

pub const ERR_REASON_POD: &str = "node(s) didn't match Pod's node affinity/selector";

/// Mirrors `NodeAffinity.Filter` on the pinned node: the pod's `nodeSelector` must match.
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    let selector = pod.node_selector?;
    let fits = selector.iter().all(|(k, v)| node.node.label(k) == Some(v.as_str()));
    (!fits).then(|| Status::new(Code::UnschedulableAndUnresolvable, ERR_REASON_POD))
}
