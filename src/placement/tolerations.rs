//! The tolerations the DaemonSet controller adds to every daemon pod: kubernetes/kubernetes
//! `pkg/controller/daemon/util/daemonset_util.go` `AddOrUpdateDaemonPodTolerations`.

use crate::model::Toleration;

pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const TAINT_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
pub const TAINT_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
pub const TAINT_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
pub const TAINT_NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";

fn exists(key: &str, effect: &str) -> Toleration {
    Toleration {
        key: key.into(),
        operator: "Exists".into(),
        value: String::new(),
        effect: effect.into(),
        toleration_seconds: None,
    }
}

/// The automatic tolerations, in the order the controller applies them.
pub fn daemon_pod_tolerations(host_network: bool) -> Vec<Toleration> {
    let mut auto = vec![
        // Daemon pods stay on a node that is not ready or unreachable (forever).
        exists(TAINT_NOT_READY, "NoExecute"),
        exists(TAINT_UNREACHABLE, "NoExecute"),
        // Node problems must not keep critical daemons away.
        exists(TAINT_DISK_PRESSURE, "NoSchedule"),
        exists(TAINT_MEMORY_PRESSURE, "NoSchedule"),
        exists(TAINT_PID_PRESSURE, "NoSchedule"),
        // Cordoned nodes still run their daemons.
        exists(TAINT_UNSCHEDULABLE, "NoSchedule"),
    ];
    if host_network {
        // A host-network daemon (often the network plugin itself) runs before the network is up.
        auto.push(exists(TAINT_NETWORK_UNAVAILABLE, "NoSchedule"));
    }
    auto
}

/// Mirrors `AddOrUpdateDaemonPodTolerations`: each automatic toleration, in order, through
/// `AddOrUpdateTolerationInPodSpec`.
pub fn add_or_update_daemon_pod_tolerations(tolerations: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut list = tolerations.to_vec();
    for auto in daemon_pod_tolerations(host_network) {
        add_or_update_toleration(&mut list, &auto);
    }
    list
}

/// Mirrors `AddOrUpdateTolerationInPodSpec`. Every entry that `MatchToleration`s the new one
/// (same key, operator, value, effect) is replaced in place, so a user's `tolerationSeconds`
/// on it is dropped; with no match the new one is appended. Upstream's early return for an
/// identical entry compares a `*Toleration` with a `Toleration` through `Semantic.DeepEqual`,
/// whose types never match, so it never fires; the result is the same replacement.
pub fn add_or_update_toleration(list: &mut Vec<Toleration>, toleration: &Toleration) {
    let mut updated = false;
    for existing in list.iter_mut() {
        if match_toleration(toleration, existing) {
            *existing = toleration.clone();
            updated = true;
        }
    }
    if !updated {
        list.push(toleration.clone());
    }
}

/// Mirrors `Toleration.MatchToleration`.
fn match_toleration(a: &Toleration, b: &Toleration) -> bool {
    a.key == b.key && a.effect == b.effect && a.operator == b.operator && a.value == b.value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_tolerations_first_then_missing_defaults() {
        let user = vec![
            Toleration { key: "a".into(), operator: "Exists".into(), ..Default::default() },
            Toleration { toleration_seconds: Some(300), ..exists(TAINT_NOT_READY, "NoExecute") },
            exists(TAINT_NOT_READY, ""),
        ];
        let got = add_or_update_daemon_pod_tolerations(&user, true);
        let keys: Vec<(&str, &str, Option<i64>)> =
            got.iter().map(|t| (t.key.as_str(), t.effect.as_str(), t.toleration_seconds)).collect();
        assert_eq!(
            keys,
            vec![
                ("a", "", None),
                (TAINT_NOT_READY, "NoExecute", None),
                (TAINT_NOT_READY, "", None),
                (TAINT_UNREACHABLE, "NoExecute", None),
                (TAINT_DISK_PRESSURE, "NoSchedule", None),
                (TAINT_MEMORY_PRESSURE, "NoSchedule", None),
                (TAINT_PID_PRESSURE, "NoSchedule", None),
                (TAINT_UNSCHEDULABLE, "NoSchedule", None),
                (TAINT_NETWORK_UNAVAILABLE, "NoSchedule", None),
            ]
        );
    }
}
