//! `getDaemonPods`/`getNodesToDaemonPods` (claiming by ownerReference and selector),
//! `manage`, `podsShouldBeOnNode`, `syncNodes` and the failed-pod backoff
//! (pkg/controller/daemon/daemon_controller.go, pkg/controller/controller_ref_manager.go).

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use super::cluster::Pod;
use super::pod_util::*;
use super::record::{CreatedPod, SyncRecord};
use super::world::{BackoffEntry, World, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS};
use crate::placement::pod::replace_daemon_set_pod_node_name_node_affinity;

/// Pods grouped by target node (`nodeToDaemonPods`); keys sorted, so walks are repeatable.
pub type NodeToDaemonPods = BTreeMap<String, Vec<Rc<Pod>>>;

/// One sync's view: the world it changes, what it records, the current revision's hash.
pub struct Sync<'w> {
    pub world: &'w mut World,
    pub rec: SyncRecord,
    pub hash: String,
}

impl Sync<'_> {
    /// Mirrors `getDaemonPods`: `FilterPodsByOwner` (owned by the DaemonSet's UID, or orphans)
    /// then `PodControllerRefManager.ClaimPods` (adopt matching orphans, release owned pods
    /// whose labels no longer match).
    pub fn get_daemon_pods(&mut self) -> Vec<Rc<Pod>> {
        let ds = &self.world.ds;
        let (uid, namespace) = (ds.uid.clone(), ds.namespace.clone());
        let mut claimed = Vec::new();
        for pod in self.world.pods.values_mut().filter(|p| p.namespace == namespace) {
            let matches = ds.selector.matches(&pod.labels);
            match pod.controller_ref() {
                Some(r) if r.uid.as_deref() != Some(uid.as_str()) => {}
                Some(_) if matches => claimed.push(pod.clone()),
                Some(_) => {
                    if !ds.deleting {
                        Rc::make_mut(pod).owner_references.retain(|r| r.uid.as_deref() != Some(uid.as_str()));
                        self.rec.released.push(pod.key());
                    }
                }
                None if !matches || ds.deleting || pod.deleting => {}
                None => {
                    Rc::make_mut(pod).owner_references.push(controller_ref(&ds.name, &uid));
                    self.rec.adopted.push(pod.key());
                    claimed.push(pod.clone());
                }
            }
        }
        claimed
    }

    /// Mirrors `getNodesToDaemonPods`: claimed pods by `GetTargetNodeName`; terminal pods
    /// already being deleted are left out unless `include_deleted_terminal`.
    pub fn get_nodes_to_daemon_pods(&mut self, include_deleted_terminal: bool) -> NodeToDaemonPods {
        let mut map = NodeToDaemonPods::new();
        for pod in self.get_daemon_pods() {
            if !include_deleted_terminal && is_pod_terminal(&pod) && pod.deleting {
                continue;
            }
            if let Some(node) = get_target_node_name(&pod).map(str::to_string) {
                map.entry(node).or_default().push(pod);
            }
        }
        map
    }

    /// Mirrors `manage`: every node's `podsShouldBeOnNode`, plus unscheduled pods whose node is
    /// gone, then `syncNodes`.
    pub fn manage(&mut self) {
        let node_to_daemon_pods = self.get_nodes_to_daemon_pods(false);
        let mut create = Vec::new();
        let mut delete: Vec<(String, String)> = Vec::new();
        let names: Vec<String> = self.world.nodes.iter().map(|n| n.name.clone()).collect();
        for name in &names {
            self.pods_should_be_on_node(name, &node_to_daemon_pods, &mut create, &mut delete);
        }
        // getUnscheduledPodsWithoutNode: PodGC never removes pods that were never bound.
        let running: HashSet<&str> = names.iter().map(String::as_str).collect();
        for (node, pods) in &node_to_daemon_pods {
            if running.contains(node.as_str()) {
                continue;
            }
            for pod in pods.iter().filter(|p| p.node_name.is_empty()) {
                delete.push((pod.name.clone(), "unscheduled pod whose target node does not exist".into()));
            }
        }
        let create: Vec<(String, String)> =
            create.into_iter().map(|n| (n, "node should run the daemon pod and has none".to_string())).collect();
        self.sync_nodes(&delete, &create, "manage");
    }

    /// Mirrors `podsShouldBeOnNode`.
    fn pods_should_be_on_node(
        &mut self,
        node_name: &str,
        node_to_daemon_pods: &NodeToDaemonPods,
        create: &mut Vec<String>,
        delete: &mut Vec<(String, String)>,
    ) {
        let Some((decision, outcome)) = self.world.decision(node_name) else { return };
        let daemon_pods = node_to_daemon_pods.get(node_name);
        match daemon_pods {
            None if decision.should_run => create.push(node_name.to_string()),
            Some(pods) if decision.should_continue_running => {
                let mut running: Vec<&Pod> = Vec::new();
                for pod in pods.iter().filter(|p| !p.deleting) {
                    match pod.phase.as_str() {
                        "Failed" => {
                            let key = format!(
                                "{}/{}/{}",
                                self.world.ds.uid, self.world.ds.status.observed_generation, node_name
                            );
                            let now = self.world.now;
                            if self.world.backoff.get(&key).is_some_and(|e| now - e.last_update < e.backoff) {
                                continue;
                            }
                            self.backoff_next(&key);
                            self.rec.events.push(format!(
                                "Warning FailedDaemonPod Found failed daemon pod {}/{} on node {node_name}, will try to kill it",
                                pod.namespace, pod.name
                            ));
                            delete.push((pod.name.clone(), "failed".into()));
                        }
                        "Succeeded" => {
                            self.rec.events.push(format!(
                                "Normal SucceededDaemonPod Found succeeded daemon pod {}/{} on node {node_name}, will try to delete it",
                                pod.namespace, pod.name
                            ));
                            delete.push((pod.name.clone(), "succeeded".into()));
                        }
                        _ => running.push(pod),
                    }
                }
                crate::sort::sort_by(&mut running, |a, b| pod_by_creation_timestamp_and_phase(a, b));
                if !self.world.ds.allows_surge() {
                    for extra in running.iter().skip(1) {
                        delete.push((extra.name.clone(), EXCESS.into()));
                    }
                    return;
                }
                if running.is_empty() {
                    if decision.should_run {
                        create.push(node_name.to_string());
                    }
                    return;
                }
                self.surge_keep(&running, delete);
            }
            Some(pods) if !decision.should_continue_running => {
                let reason = if outcome == crate::placement::Outcome::Exclude {
                    "node should not run it (shouldContinueRunning=false)"
                } else {
                    "node should not run it: untolerated NoExecute taint (evicted)"
                };
                for pod in pods.iter().filter(|p| !p.deleting) {
                    delete.push((pod.name.clone(), reason.into()));
                }
            }
            _ => {}
        }
    }

    /// With surge: keep the oldest pod of the current hash and the oldest other one; the old
    /// one goes once it is not Ready or the new one is available.
    fn surge_keep(&mut self, running: &[&Pod], delete: &mut Vec<(String, String)>) {
        let (mut oldest_new, mut oldest_old): (Option<&Pod>, Option<&Pod>) = (None, None);
        for &pod in running {
            let is_new = pod.labels.get(CONTROLLER_REVISION_HASH).is_some_and(|h| *h == self.hash);
            let slot = if is_new { &mut oldest_new } else { &mut oldest_old };
            if slot.is_none() {
                *slot = Some(pod);
            } else {
                delete.push((pod.name.clone(), EXCESS.into()));
            }
        }
        if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
            if !is_pod_ready(old) {
                delete.push((old.name.clone(), "surge: old pod not ready, new pod exists".into()));
            } else if is_pod_available(new, self.world.ds.min_ready_seconds, self.world.now) {
                delete.push((old.name.clone(), SURGE_REPLACED.into()));
            }
        }
    }

    /// `failedPodsBackoff.Next(key, now)`.
    fn backoff_next(&mut self, key: &str) {
        let now = self.world.now;
        let entry = match self.world.backoff.get(key) {
            Some(e) if now - e.last_update <= 2 * BACKOFF_MAX_MS => {
                BackoffEntry { backoff: (e.backoff * 2).min(BACKOFF_MAX_MS), last_update: now }
            }
            _ => BackoffEntry { backoff: BACKOFF_INITIAL_MS, last_update: now },
        };
        self.world.backoff.insert(key.to_string(), entry);
    }

    /// Mirrors `syncNodes`: deletes the named pods, creates one pod on each node
    /// (`CreatePodTemplate` labels, the controller's tolerations, the node pinned by affinity).
    pub fn sync_nodes(&mut self, delete: &[(String, String)], create: &[(String, String)], by: &'static str) {
        let namespace = self.world.ds.namespace.clone();
        for (name, reason) in delete {
            let key = format!("{namespace}/{name}");
            if let Some(pod) = self.world.pods.remove(&key) {
                if let Some(node) = get_target_node_name(&pod) {
                    self.rec.deleted_from.insert(key.clone(), node.to_string());
                }
                self.rec.events.push(format!("Normal SuccessfulDelete Deleted pod: {name}"));
                self.rec.deleted.push(key.clone());
                self.rec.delete_reasons.entry(key).or_insert_with(|| reason.clone());
            }
        }
        for (node, reason) in create {
            let pod = self.new_pod(node);
            self.rec.events.push(format!("Normal SuccessfulCreate Created pod: {}", pod.name));
            let tolerations = serde_json::to_value(self.world.ds.placement.tolerations()).unwrap_or_default();
            let affinity = self.world.ds.template.get("spec").and_then(|s| s.get("affinity")).cloned();
            self.rec.created.push(CreatedPod {
                node: node.clone(),
                by,
                name: pod.name.clone(),
                labels: pod.labels.clone(),
                tolerations,
                affinity: replace_daemon_set_pod_node_name_node_affinity(affinity.filter(|a| a.is_object()), node),
                reason: reason.clone(),
            });
            self.world.pods.insert(pod.key(), Rc::new(pod));
        }
    }

    fn new_pod(&mut self, node: &str) -> Pod {
        let ds = &self.world.ds;
        let mut labels = ds.template_labels.clone();
        if let Some(g) = ds.template_generation {
            labels.insert(POD_TEMPLATE_GENERATION.into(), g.to_string());
        }
        if !self.hash.is_empty() {
            labels.insert(CONTROLLER_REVISION_HASH.into(), self.hash.clone());
        }
        let owner = controller_ref(&ds.name, &ds.uid);
        let (namespace, prefix) = (ds.namespace.clone(), format!("{}-", ds.name));
        Pod {
            name: self.world.generate_name(&prefix),
            namespace,
            labels,
            owner_references: vec![owner],
            creation: self.world.now,
            affinity_node: Some(node.to_string()),
            phase: "Pending".into(),
            ..Pod::default()
        }
    }
}

pub const EXCESS: &str = "excess: more than one daemon pod on the node (oldest kept)";
pub const SURGE_REPLACED: &str = "surge: new pod available, old pod removed";

/// `metav1.NewControllerRef(ds, DaemonSet)`.
pub fn controller_ref(name: &str, uid: &str) -> crate::model::OwnerReference {
    crate::model::OwnerReference {
        api_version: Some("apps/v1".into()),
        kind: Some("DaemonSet".into()),
        name: Some(name.into()),
        uid: Some(uid.into()),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}
