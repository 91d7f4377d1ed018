//! `rollingUpdate` and `findUpdatedPodsOnNode` (pkg/controller/daemon/update.go): which old
//! pods go (maxSurge 0) or which nodes get a new pod first (maxSurge > 0) in this sync.

use std::rc::Rc;

use super::cluster::Pod;
use super::manage::{NodeToDaemonPods, Sync, SURGE_REPLACED};
use super::pod_util::{is_pod_available, is_pod_updated};

/// Mirrors `findUpdatedPodsOnNode`: the node's one new and one old pod (`None` when it has
/// more than one of either).
pub fn find_updated_pods_on_node<'p>(
    pods: &'p [Rc<Pod>],
    hash: &str,
    template_generation: Option<i64>,
) -> Option<(Option<&'p Pod>, Option<&'p Pod>)> {
    let (mut new, mut old) = (None, None);
    for pod in pods.iter().filter(|p| !p.deleting) {
        let slot = if is_pod_updated(pod, hash, template_generation) { &mut new } else { &mut old };
        if slot.is_some() {
            return None;
        }
        *slot = Some(pod);
    }
    Some((new.map(|p| &**p), old.map(|p| &**p)))
}

impl Sync<'_> {
    /// Mirrors `updatedDesiredNodeCounts`: nodes that should run get an entry (maybe empty);
    /// returns (maxSurge, maxUnavailable, desired) or the scaling error.
    fn updated_desired_node_counts(&self, map: &mut NodeToDaemonPods) -> Result<(i64, i64, i64), String> {
        let mut desired = 0;
        for (node, decision, _) in self.world.nodes_decided() {
            if decision.should_run {
                desired += 1;
                map.entry(node.name.clone()).or_default();
            }
        }
        let r = self.world.ds.rollout(desired);
        match r.error {
            Some(e) => Err(format!("couldn't get unavailable numbers: {e}")),
            None => Ok((r.max_surge, r.max_unavailable, desired as i64)),
        }
    }

    /// Mirrors `rollingUpdate`. The walk over nodes is in node-name order (Go walks a map).
    pub fn rolling_update(&mut self) -> Result<(), String> {
        let mut map = self.get_nodes_to_daemon_pods(false);
        let (max_surge, max_unavailable, desired) = self.updated_desired_node_counts(&mut map)?;
        let (now, min_ready) = (self.world.now, self.world.ds.min_ready_seconds);
        let generation = self.world.ds.template_generation;
        let available = |p: &Pod| is_pod_available(p, min_ready, now);

        if max_surge == 0 {
            let mut num_unavailable = 0;
            let mut allowed: Vec<(String, String)> = Vec::new();
            let mut candidates: Vec<(String, String)> = Vec::new();
            for pods in map.values() {
                let Some((new, old)) = find_updated_pods_on_node(pods, &self.hash, generation) else {
                    num_unavailable += 1;
                    continue;
                };
                match (new, old) {
                    (None, None) | (Some(_), Some(_)) => num_unavailable += 1,
                    (Some(new), None) => {
                        if !available(new) {
                            num_unavailable += 1;
                        }
                    }
                    (None, Some(old)) if !available(old) => {
                        allowed.push((old.name.clone(), UNAVAILABLE_OLD.into()));
                        num_unavailable += 1;
                    }
                    (None, Some(_)) if num_unavailable >= max_unavailable => {}
                    (None, Some(old)) => candidates.push((old.name.clone(), BUDGET.into())),
                }
            }
            let remaining = (max_unavailable - num_unavailable).clamp(0, candidates.len() as i64) as usize;
            allowed.extend(candidates.into_iter().take(remaining));
            self.sync_nodes(&allowed, &[], "rollingUpdate");
            return Ok(());
        }

        let mut old_pods_to_delete: Vec<(String, String)> = Vec::new();
        let mut should_not_run: Vec<String> = Vec::new();
        let mut candidate_new_nodes: Vec<String> = Vec::new();
        let mut allowed_new_nodes: Vec<String> = Vec::new();
        let (mut num_surge, mut num_available) = (0i64, 0i64);
        for (node_name, pods) in &map {
            let Some((new, old)) = find_updated_pods_on_node(pods, &self.hash, generation) else {
                num_surge += 1;
                continue;
            };
            if old.or(new).is_some_and(available) {
                num_available += 1;
            }
            match (new, old) {
                (_, None) => {}
                (None, Some(old)) => {
                    let should_run = self.world.decision(node_name).ok_or_else(|| not_found(node_name))?.0.should_run;
                    if !available(old) {
                        if !should_run {
                            old_pods_to_delete.push((old.name.clone(), SUNSET_UNAVAILABLE.into()));
                            continue;
                        }
                        allowed_new_nodes.push(node_name.clone());
                    } else if !should_run {
                        should_not_run.push(old.name.clone());
                    } else if num_surge < max_surge {
                        candidate_new_nodes.push(node_name.clone());
                    }
                }
                (Some(new), Some(old)) => {
                    if !available(new) {
                        num_surge += 1;
                        continue;
                    }
                    old_pods_to_delete.push((old.name.clone(), SURGE_REPLACED.into()));
                }
            }
        }
        let deletable = (num_available - desired).clamp(0, should_not_run.len() as i64) as usize;
        old_pods_to_delete.extend(should_not_run.into_iter().take(deletable).map(|n| (n, SUNSET.to_string())));
        let remaining = (max_surge - num_surge).clamp(0, candidate_new_nodes.len() as i64) as usize;
        let mut create: Vec<(String, String)> = allowed_new_nodes
            .into_iter()
            .map(|n| (n, "rolling update (surge): the old pod is unavailable".into()))
            .collect();
        create.extend(
            candidate_new_nodes
                .into_iter()
                .take(remaining)
                .map(|n| (n, "rolling update (surge): within maxSurge".into())),
        );
        self.sync_nodes(&old_pods_to_delete, &create, "rollingUpdate");
        Ok(())
    }
}

fn not_found(node: &str) -> String {
    format!("couldn't get node for nodeName {node:?}: node \"{node}\" not found")
}

const BUDGET: &str = "rolling update: old available pod (within maxUnavailable budget)";
const UNAVAILABLE_OLD: &str = "rolling update: old pod unavailable (not counted against maxUnavailable)";
const SUNSET: &str = "rolling update (surge): old pod on node that no longer should run it";
const SUNSET_UNAVAILABLE: &str = "rolling update (surge): old unavailable pod on node that no longer should run it";
