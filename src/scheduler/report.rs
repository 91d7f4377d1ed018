//! One scheduling cycle of the daemon pod per targeted node (`ScheduleOne`: Filters, then
//! PostFilter on failure), and what people read about it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::cluster_state::ClusterState;
use super::framework::{
    fit_error, run_filter_plugins_on_targeted_node, IncomingPod, NodeView, Status, ABSENT_NODE_REASON,
};
use super::objects::{read_pod, PodInfo};
use super::plugins::inter_pod_affinity::{pre_filter, PreFilterState};
use super::preemption::{post_filter, PostFilter};
use super::priority::admit_pod;
use super::resource::Resource;
use crate::input::Node;
use crate::model::{StringMap, Toleration};
use crate::placement::NodeInfo;

/// The scheduler's verdict for the daemon pod on one node (`NodePlacement.scheduling`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeScheduling {
    pub scheduled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preemption: Option<Preemption>,
    /// This node's Filter reasons (`Insufficient cpu`), empty when scheduled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// What the node holds now: cpu, memory, pods and each resource the daemon asks for.
    pub resources: Vec<ResourceUse>,
    /// Summed requests of the DaemonSet pods already bound there.
    pub daemon_overhead: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preemption {
    pub victims: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceUse {
    pub name: Cow<'static, str>,
    /// Requested by the pods bound there now.
    pub requested: Amount,
    pub allocatable: Amount,
    /// What the daemon pod asks for.
    pub daemon: Amount,
}

/// An amount as the scheduler counts it, written as a quantity (`250m`, `128Mi`, `110`) only
/// when serialized: thousands of nodes need no string each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    MilliCpu(i64),
    Bytes(i64),
    Count(i64),
}

impl Amount {
    /// The quantity's text, written into `buf` (the longest, `-9223372036854775808m`, is 21
    /// bytes): no formatter machinery, which costs more than the digits for 5,000 nodes.
    fn text(self, buf: &mut [u8; 24]) -> &str {
        let (n, suffix) = match self {
            Amount::MilliCpu(m) if m % 1000 == 0 => (m / 1000, ""),
            Amount::MilliCpu(m) => (m, "m"),
            Amount::Bytes(v) => [("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)]
                .into_iter()
                .find(|&(_, shift)| v != 0 && v % (1i64 << shift) == 0)
                .map_or((v, ""), |(suffix, shift)| (v / (1i64 << shift), suffix)),
            Amount::Count(n) => (n, ""),
        };
        let mut at = buf.len() - suffix.len();
        buf[at..].copy_from_slice(suffix.as_bytes());
        let mut digits = n.unsigned_abs();
        loop {
            at -= 1;
            buf[at] = b'0' + (digits % 10) as u8;
            digits /= 10;
            if digits == 0 {
                break;
            }
        }
        if n < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        std::str::from_utf8(&buf[at..]).unwrap_or_default()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(&mut [0; 24]))
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text(&mut [0; 24]))
    }
}

/// What one scheduling cycle decided, before it is put into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cycle {
    /// Priority admission refused the pod: it never reaches the scheduler.
    Refused,
    Scheduled,
    Unschedulable(Status, PostFilter),
}

/// Counts over the targeted nodes the scheduler was asked about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulingSummary {
    pub scheduled: usize,
    pub pending: usize,
    pub preempting: usize,
    pub victims: usize,
    /// One line for people: "3 of 5 targeted nodes would run the pod now; 1 stays Pending; ..."
    pub message: String,
}

impl SchedulingSummary {
    /// The code `count` gives a node where the pod binds.
    pub const SCHEDULED: u8 = 1;

    /// Counts one node's cycle; returns its code: 1 scheduled, 2 Pending, 3 preempting. Takes
    /// the cycle, so that inlined, a node that fits has nothing to drop.
    #[inline]
    pub fn count(&mut self, c: Cycle) -> u8 {
        match c {
            Cycle::Scheduled => {
                self.scheduled += 1;
                Self::SCHEDULED
            }
            Cycle::Unschedulable(_, PostFilter::Nominated(v)) if !v.is_empty() => {
                self.preempting += 1;
                self.victims += v.len();
                3
            }
            _ => {
                self.pending += 1;
                2
            }
        }
    }

    pub fn finish(mut self) -> SchedulingSummary {
        let total = self.scheduled + self.pending + self.preempting;
        let mut line = format!("{} of {total} targeted nodes would run the pod now", self.scheduled);
        if self.pending > 0 {
            line.push_str(&format!("; {} {} Pending", self.pending, if self.pending == 1 { "stays" } else { "stay" }));
        }
        if self.preempting > 0 {
            line.push_str(&format!("; {} preempt {} pod(s) first", self.preempting, self.victims));
        }
        self.message = line;
        self
    }
}

/// The daemon pod as admitted, ready to be scheduled on each node.
pub struct DaemonScheduler {
    pod: PodInfo,
    tolerations: Vec<Toleration>,
    node_selector: Option<StringMap>,
    node_name: String,
    /// The priority admission's refusal, when it refuses the pod.
    refused: Option<String>,
    /// InterPodAffinity's PreFilter over every bound pod (`None`: no terms anywhere).
    affinity: Option<PreFilterState>,
    comparison_operators: bool,
}

impl DaemonScheduler {
    /// From the pod the controller builds (any node's; only its affinity differs). `None`
    /// when the pod cannot be read (the DaemonSet itself is then invalid).
    pub fn new(
        pod_json: serde_json::Value,
        tolerations: &[Toleration],
        node_selector: Option<&StringMap>,
        node_name: Option<&str>,
        cluster: &ClusterState,
        nodes: &[NodeInfo],
        comparison_operators: bool,
    ) -> Option<DaemonScheduler> {
        let generate_name = pod_json["metadata"]["generateName"].as_str().unwrap_or("").to_string();
        let mut pod = daemon_pod_info(pod_json)?;
        let refused = match admit_pod(
            &pod.priority_class_name,
            pod.priority,
            pod.preemption_policy.as_deref(),
            &cluster.priority_classes,
        ) {
            Ok(a) => {
                pod.priority = Some(a.priority);
                pod.priority_class_name = a.priority_class_name;
                pod.preemption_policy = a.preemption_policy;
                None
            }
            Err(e) => Some(format!("pods {generate_name:?} is forbidden: {e}")),
        };
        let affinity = pre_filter(&pod, cluster.bound_pods(nodes, pod.affinity.is_some()).into_iter());
        Some(DaemonScheduler {
            comparison_operators,
            affinity,
            pod,
            tolerations: tolerations.to_vec(),
            node_selector: node_selector.cloned(),
            node_name: node_name.unwrap_or("").to_string(),
            refused,
        })
    }

    /// Mirrors one `ScheduleOne` cycle for the pod pinned to node `i`, a node the controller
    /// targets (Filters, then PostFilter on failure); `None` when the node does not say what
    /// it can hold.
    pub fn cycle(&self, cluster: &ClusterState, node: &NodeInfo, i: usize, num_all_nodes: usize) -> Option<Cycle> {
        let view = self.node_view(cluster, node, i)?;
        Some(self.run_cycle(cluster, &self.incoming(), &view, i, num_all_nodes))
    }

    /// `cycle` on every node `targeted` says the controller targets: the summary and each
    /// node's code (`SchedulingSummary::count`; 0 where no cycle ran). One loop, the pod
    /// made ready once, for the thousands of nodes of a re-plan.
    pub fn cycles(
        &self,
        cluster: &ClusterState,
        nodes: &[NodeInfo],
        targeted: impl Iterator<Item = bool>,
    ) -> (SchedulingSummary, Vec<u8>) {
        let mut summary = SchedulingSummary::default();
        let mut codes = vec![0u8; nodes.len()];
        let incoming = self.incoming();
        for (i, ((node, code), targeted)) in nodes.iter().zip(codes.iter_mut()).zip(targeted).enumerate() {
            if let Some(view) = targeted.then(|| self.node_view(cluster, node, i)).flatten() {
                *code = summary.count(self.run_cycle(cluster, &incoming, &view, i, nodes.len()));
            }
        }
        (summary.finish(), codes)
    }

    /// Priority admission's refusal, or the Filters and, when they refuse node `i`, PostFilter
    /// (DefaultPreemption). Always inlined into the loop of `cycles`, where a node that fits
    /// then costs no call and no drop; as calls they were a third of a re-plan's scheduling.
    #[inline(always)]
    fn run_cycle(
        &self,
        cluster: &ClusterState,
        incoming: &IncomingPod<'_>,
        view: &NodeView<'_>,
        i: usize,
        num_all_nodes: usize,
    ) -> Cycle {
        if self.refused.is_some() {
            return Cycle::Refused;
        }
        match run_filter_plugins_on_targeted_node(incoming, view) {
            None => Cycle::Scheduled,
            Some(status) => Self::post_filter(cluster, incoming, view, status, i, num_all_nodes),
        }
    }

    /// PostFilter (DefaultPreemption) after the Filters refused node `i`; out of line, as the
    /// nodes that fit never reach it.
    #[inline(never)]
    fn post_filter(
        cluster: &ClusterState,
        incoming: &IncomingPod<'_>,
        view: &NodeView<'_>,
        status: Status,
        i: usize,
        num_all_nodes: usize,
    ) -> Cycle {
        let post = post_filter(incoming, view, &status, &cluster.pods_on(i), &cluster.pdbs(), num_all_nodes);
        Cycle::Unschedulable(status, post)
    }

    fn incoming(&self) -> IncomingPod<'_> {
        IncomingPod {
            pod: &self.pod,
            tolerations: &self.tolerations,
            node_selector: self.node_selector.as_ref(),
            node_name: &self.node_name,
            comparison_operators: self.comparison_operators,
        }
    }

    /// Node `i` as the snapshot holds it; `None` when it does not say what it can hold.
    fn node_view<'a>(&'a self, cluster: &'a ClusterState, node: &'a NodeInfo, i: usize) -> Option<NodeView<'a>> {
        Some(NodeView {
            node,
            allocatable: cluster.allocatable.get(i)?.as_ref()?,
            requested: cluster.requested(i),
            pod_count: cluster.pod_count(i),
            used_ports: cluster.ports(i),
            affinity: self.affinity.as_ref(),
        })
    }

    /// The verdict in the documented shape, with what the node holds. `scheduled`: the cycle
    /// already ran there and bound the pod (a plan's verdicts say so), so it is not run again.
    pub fn schedule(
        &self,
        cluster: &ClusterState,
        node: &NodeInfo,
        i: usize,
        num_all_nodes: usize,
        scheduled: bool,
    ) -> Option<NodeScheduling> {
        let cycle = if scheduled { Cycle::Scheduled } else { self.cycle(cluster, node, i, num_all_nodes)? };
        let allocatable = cluster.allocatable.get(i)?.as_ref()?;
        let requested = cluster.requested(i);
        let mut out = NodeScheduling {
            scheduled: false,
            message: None,
            preemption: None,
            reasons: Vec::new(),
            resources: self.resources(allocatable, requested, cluster.pod_count(i)),
            daemon_overhead: named_quantities(cluster.daemon_overhead(i)),
        };
        let others = num_all_nodes.saturating_sub(1);
        match cycle {
            Cycle::Refused => out.message = self.refused.clone(),
            Cycle::Scheduled => out.scheduled = true,
            Cycle::Unschedulable(status, PostFilter::Nominated(victims)) => {
                out.message = Some(fit_error(num_all_nodes, &[&status], others, ABSENT_NODE_REASON, ""));
                let pods = cluster.pods_on(i);
                let victims = victims.iter().filter_map(|&v| pods.get(v)).map(|p| p.key()).collect();
                out.preemption = Some(Preemption { victims });
                out.reasons = status.reasons;
            }
            Cycle::Unschedulable(status, PostFilter::Unschedulable(msg)) => {
                // DynamicResources' PostFilter runs first and always declines a pod without claims.
                let post = format!("no new claims to deallocate, preemption: {msg}");
                out.message = Some(fit_error(num_all_nodes, &[&status], others, ABSENT_NODE_REASON, &post));
                out.preemption = Some(Preemption { victims: Vec::new() });
                out.reasons = status.reasons;
            }
        }
        Some(out)
    }

    fn resources(&self, allocatable: &Resource, requested: &Resource, pods: usize) -> Vec<ResourceUse> {
        use Amount::{Bytes, Count, MilliCpu};
        let d = &self.pod.resource;
        let use_of = |name: &'static str, amount: fn(&Resource) -> i64, unit: fn(i64) -> Amount| ResourceUse {
            name: name.into(),
            requested: unit(amount(requested)),
            allocatable: unit(amount(allocatable)),
            daemon: unit(amount(d)),
        };
        let mut out = Vec::with_capacity(3 + d.scalar_resources.len());
        out.push(use_of("cpu", |r| r.milli_cpu, MilliCpu));
        out.push(use_of("memory", |r| r.memory, Bytes));
        out.push(ResourceUse {
            name: "pods".into(),
            requested: Count(pods as i64),
            allocatable: Count(allocatable.allowed_pod_number),
            daemon: Count(1),
        });
        if d.ephemeral_storage > 0 {
            out.push(use_of("ephemeral-storage", |r| r.ephemeral_storage, Bytes));
        }
        for (name, &want) in &d.scalar_resources {
            out.push(ResourceUse {
                name: name.clone().into(),
                requested: Bytes(requested.scalar(name)),
                allocatable: Bytes(allocatable.scalar(name)),
                daemon: Bytes(want),
            });
        }
        out
    }
}

/// The created daemon pod (`new_daemon_pod`'s JSON) as the scheduler reads a pod: named as the
/// API server names it from `generateName` (the five random characters stand as `xxxxx`).
pub fn daemon_pod_info(mut json: serde_json::Value) -> Option<PodInfo> {
    let prefix = json["metadata"]["generateName"].as_str().unwrap_or("daemon-").to_string();
    json["metadata"]["name"] = format!("{prefix}xxxxx").into();
    read_pod(&Node::from_json(&json), 0).ok().flatten()
}

/// A resource's amounts by name, as quantities (`cpu: 250m`, `memory: 128Mi`).
pub fn named_quantities(r: &Resource) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if r.milli_cpu != 0 {
        out.insert("cpu".into(), milli(r.milli_cpu));
    }
    if r.memory != 0 {
        out.insert("memory".into(), bytes(r.memory));
    }
    if r.ephemeral_storage != 0 {
        out.insert("ephemeral-storage".into(), bytes(r.ephemeral_storage));
    }
    for (k, &v) in &r.scalar_resources {
        if v != 0 {
            out.insert(k.clone(), bytes(v));
        }
    }
    out
}

/// Millicores as a quantity: `1500m`, `2`.
pub fn milli(m: i64) -> String {
    Amount::MilliCpu(m).to_string()
}

/// Whole units as a quantity, with the largest binary suffix that divides them: `128Mi`.
pub fn bytes(v: i64) -> String {
    Amount::Bytes(v).to_string()
}

#[cfg(test)]
mod tests {
    use super::Amount::{self, Bytes, Count, MilliCpu};

    #[test]
    fn amounts_are_written_as_quantities() {
        let cases: [(Amount, &str); 12] = [
            (MilliCpu(0), "0"),
            (MilliCpu(1500), "1500m"),
            (MilliCpu(2000), "2"),
            (MilliCpu(-250), "-250m"),
            (MilliCpu(i64::MIN), "-9223372036854775808m"),
            (Bytes(0), "0"),
            (Bytes(1000), "1000"),
            (Bytes(128 << 20), "128Mi"),
            (Bytes(3 << 30), "3Gi"),
            (Bytes(-(1 << 10)), "-1Ki"),
            (Bytes(i64::MIN), "-8Ei"),
            (Count(110), "110"),
        ];
        for (amount, text) in cases {
            assert_eq!(amount.to_string(), text, "{amount:?}");
            assert_eq!(serde_json::to_string(&amount).unwrap(), format!("\"{text}\""));
        }
    }
}
