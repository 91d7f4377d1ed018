//! The state as people read it: the `kubectl get ds` row and each node's daemon pod.

use serde::Serialize;

use super::manage::Sync;
use super::pod_util::{is_pod_available, is_pod_ready, is_pod_updated, pod_by_creation_timestamp_and_phase};
use super::world::World;
use crate::placement::Outcome;

/// `kubectl get ds` (NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetRow {
    pub name: String,
    pub desired: i64,
    pub current: i64,
    pub ready: i64,
    pub up_to_date: i64,
    pub available: i64,
    pub node_selector: String,
    pub age: String,
}

/// One node: what placement says and the daemon pods the controller counts there.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeState {
    pub node: String,
    pub outcome: Outcome,
    pub pods: Vec<PodState>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodState {
    pub name: String,
    pub phase: String,
    pub ready: bool,
    pub available: bool,
    pub updated: bool,
}

/// The row from the stored status (what kubectl prints is what the controller wrote).
pub fn get_row(world: &World, created: Option<i64>) -> GetRow {
    let s = world.ds.status;
    let selector = world.ds.typed.pod_spec().and_then(|p| p.node_selector.as_ref());
    let node_selector = match selector.filter(|m| !m.is_empty()) {
        None => "<none>".to_string(),
        Some(m) => m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
    };
    GetRow {
        name: world.ds.name.clone(),
        desired: s.desired_number_scheduled,
        current: s.current_number_scheduled,
        ready: s.number_ready,
        up_to_date: s.updated_number_scheduled,
        available: s.number_available,
        node_selector,
        age: created.map_or_else(|| "<unknown>".to_string(), |c| human_duration(world.now - c)),
    }
}

/// Each node in the list with its daemon pods, oldest (the one status counts) first.
pub fn node_states(world: &mut World, hash: &str) -> Vec<NodeState> {
    let mut scratch = world.clone();
    let mut sync = Sync { world: &mut scratch, rec: Default::default(), hash: hash.to_string() };
    let mut map = sync.get_nodes_to_daemon_pods(false);
    let ds = &world.ds;
    world
        .nodes_decided()
        .map(|(node, _, outcome)| {
            let mut pods = map.remove(&node.name).unwrap_or_default();
            crate::sort::sort_by(&mut pods, |a, b| pod_by_creation_timestamp_and_phase(a, b));
            NodeState {
                node: node.name.clone(),
                outcome,
                pods: pods
                    .iter()
                    .map(|p| PodState {
                        name: p.name.clone(),
                        phase: p.phase.clone(),
                        ready: is_pod_ready(p),
                        available: is_pod_available(p, ds.min_ready_seconds, world.now),
                        updated: is_pod_updated(p, hash, ds.template_generation),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Mirrors `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration), as kubectl's AGE.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    } else if seconds < 0 {
        return "0s".into();
    } else if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    } else if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 { format!("{}y", hours / 24 / 365) } else { format!("{}y{dy}d", hours / 24 / 365) };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn ages_read_as_kubectl_prints_them() {
        let s = |n: i64| human_duration(n * 1000);
        assert_eq!(
            [s(-5), s(0), s(119), s(125), s(600), s(3 * 3600 + 60), s(30 * 3600), s(3 * 86400 + 3600), s(400 * 86400)],
            ["<invalid>", "0s", "119s", "2m5s", "10m", "3h1m", "30h", "3d1h", "400d"]
        );
    }
}
