//! Pod predicates the controller uses: `podutil.IsPodReady`, `IsPodAvailable`
//! (pkg/api/v1/pod/util.go), `util.IsPodUpdated`, `util.GetTargetNodeName`
//! (pkg/controller/daemon/util) and the `podByCreationTimestampAndPhase` order.

use std::cmp::Ordering;

use super::cluster::Pod;

pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
pub const POD_TEMPLATE_GENERATION: &str = "pod-template-generation";

/// Mirrors `IsPodReady`: the Ready condition is True.
pub fn is_pod_ready(pod: &Pod) -> bool {
    pod.ready.is_some_and(|(ready, _)| ready)
}

/// Mirrors `IsPodAvailable` (v1.35): ready, and ready for `min_ready_seconds` by `now`
/// (inclusive); a Ready condition without lastTransitionTime never is when minReadySeconds > 0.
pub fn is_pod_available(pod: &Pod, min_ready_seconds: i64, now: i64) -> bool {
    match pod.ready {
        Some((true, since)) => min_ready_seconds == 0 || since.is_some_and(|t| t + min_ready_seconds * 1000 <= now),
        _ => false,
    }
}

/// Mirrors `IsPodPhaseTerminal`.
pub fn is_pod_terminal(pod: &Pod) -> bool {
    pod.phase == "Failed" || pod.phase == "Succeeded"
}

/// Mirrors `util.IsPodUpdated`: the hash label matches, or the pod-template-generation label
/// matches the DaemonSet's template generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, template_generation: Option<i64>) -> bool {
    let template_matches = template_generation
        .is_some_and(|g| pod.labels.get(POD_TEMPLATE_GENERATION).is_some_and(|l| *l == g.to_string()));
    let hash_matches = !hash.is_empty() && pod.labels.get(CONTROLLER_REVISION_HASH).is_some_and(|h| h == hash);
    hash_matches || template_matches
}

/// Mirrors `util.GetTargetNodeName`: spec.nodeName, else the node the affinity pins.
pub fn get_target_node_name(pod: &Pod) -> Option<&str> {
    if !pod.node_name.is_empty() {
        return Some(&pod.node_name);
    }
    pod.affinity_node.as_deref()
}

/// Mirrors `podByCreationTimestampAndPhase.Less`: bound pods first, then older, then by name.
pub fn pod_by_creation_timestamp_and_phase(a: &Pod, b: &Pod) -> Ordering {
    match (a.node_name.is_empty(), b.node_name.is_empty()) {
        (false, true) => return Ordering::Less,
        (true, false) => return Ordering::Greater,
        _ => {}
    }
    a.creation.cmp(&b.creation).then_with(|| a.name.cmp(&b.name))
}
