//! The cluster as the scheduler's cache holds it: each node's allocatable, its bound pods,
//! their summed requests and the host ports they hold; built once per loaded cluster so a
//! re-plan only runs the filters.

use std::collections::HashMap;

use super::objects::{PodDisruptionBudget, PodInfo, PriorityClass};
use super::plugins::node_ports::HostPortInfo;
use super::priority::admit_pod;
use super::resource::Resource;
use crate::placement::NodeInfo;

#[derive(Clone, Debug, Default)]
pub struct ClusterState {
    /// Per node, in node order: `status.allocatable` (or capacity), `None` when not stated.
    pub allocatable: Vec<Option<Resource>>,
    pub pods: Vec<PodInfo>,
    pub priority_classes: Vec<PriorityClass>,
    pub pdbs: Vec<PodDisruptionBudget>,
    /// Per node, in node order, what its bound pods take; empty without pods (a node list
    /// alone costs nothing).
    usage: Vec<NodeUsage>,
    empty: NodeUsage,
    /// (pod, node) of the bound pods with required pod (anti-)affinity: the few a plan must
    /// look at when the daemon has none (walking every pod would touch all their memory).
    with_affinity: Vec<(u32, u32)>,
}

/// One node's share of the cache: its pods, their summed requests, their host ports.
#[derive(Clone, Debug, Default)]
struct NodeUsage {
    pods: Vec<u32>,
    requested: Resource,
    ports: HostPortInfo,
    daemon_overhead: Resource,
}

impl ClusterState {
    /// Resolves existing pods' priorities (a pod without `spec.priority` as admission would
    /// set it; an unknown class counts as 0) and indexes pods by node. Pods bound to no
    /// known node count nowhere.
    pub fn finish(&mut self, nodes: &[NodeInfo]) {
        self.allocatable.resize(nodes.len(), None);
        for pod in &mut self.pods {
            if pod.priority.is_none() {
                let admitted = admit_pod(&pod.priority_class_name, None, None, &self.priority_classes);
                pod.priority = Some(admitted.map(|a| a.priority).unwrap_or(0));
            }
        }
        self.usage.clear();
        self.with_affinity.clear();
        if self.pods.is_empty() {
            return;
        }
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.name.as_str(), i)).collect();
        self.usage = vec![NodeUsage::default(); nodes.len()];
        for (p, pod) in self.pods.iter().enumerate() {
            let Some(&n) = index.get(pod.node_name.as_str()) else { continue };
            let Some(usage) = self.usage.get_mut(n) else { continue };
            usage.pods.push(p as u32);
            usage.requested.add(&pod.resource, 1);
            pod.host_ports.iter().for_each(|port| usage.ports.add(port));
            if pod.daemon_set_owned {
                usage.daemon_overhead.add(&pod.resource, 1);
            }
            if pod.affinity.is_some() {
                self.with_affinity.push((p as u32, n as u32));
            }
        }
    }

    fn usage(&self, i: usize) -> &NodeUsage {
        self.usage.get(i).unwrap_or(&self.empty)
    }

    /// Bound pods with their node: all of them, or only those with pod (anti-)affinity terms.
    pub fn bound_pods<'a>(&'a self, nodes: &'a [NodeInfo], all: bool) -> Vec<(&'a PodInfo, &'a NodeInfo)> {
        if all {
            let each = self.usage.iter().enumerate().flat_map(|(n, u)| u.pods.iter().map(move |&p| (p, n as u32)));
            let mut all: Vec<(u32, u32)> = each.collect();
            all.sort_unstable();
            let pair = |&(p, n): &(u32, u32)| Some((self.pods.get(p as usize)?, nodes.get(n as usize)?));
            return all.iter().filter_map(pair).collect();
        }
        let pair = |&(p, n): &(u32, u32)| Some((self.pods.get(p as usize)?, nodes.get(n as usize)?));
        self.with_affinity.iter().filter_map(pair).collect()
    }

    /// True when any node says what it can hold.
    pub fn has_allocatable(&self) -> bool {
        self.allocatable.iter().any(Option::is_some)
    }

    /// The pods bound to node `i`, in input order.
    pub fn pods_on(&self, i: usize) -> Vec<&PodInfo> {
        self.usage(i).pods.iter().filter_map(|&p| self.pods.get(p as usize)).collect()
    }

    /// What the pods bound to node `i` request.
    pub fn requested(&self, i: usize) -> &Resource {
        &self.usage(i).requested
    }

    /// The host ports the pods bound to node `i` hold.
    pub fn ports(&self, i: usize) -> &HostPortInfo {
        &self.usage(i).ports
    }

    pub fn pod_count(&self, i: usize) -> usize {
        self.usage(i).pods.len()
    }

    /// Summed requests of the DaemonSet-owned pods bound to node `i`.
    pub fn daemon_overhead(&self, i: usize) -> &Resource {
        &self.usage(i).daemon_overhead
    }

    /// The budgets of `namespace` (what the preemption dry run lists for the pod's victims).
    pub fn pdbs(&self) -> Vec<&PodDisruptionBudget> {
        self.pdbs.iter().collect()
    }
}
