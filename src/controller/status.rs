//! `updateDaemonSetStatus` and `storeDaemonSetStatus` (pkg/controller/daemon/daemon_controller.go).

use super::manage::Sync;
use super::pod_util::{is_pod_available, is_pod_ready, is_pod_updated, pod_by_creation_timestamp_and_phase};
use super::world::DaemonSetStatus;

impl Sync<'_> {
    /// Mirrors `updateDaemonSetStatus`: per node in the list, counted on its oldest pod.
    pub fn update_daemon_set_status(&mut self, update_observed_generation: bool) {
        let map = self.get_nodes_to_daemon_pods(false);
        let ds = &self.world.ds;
        let mut s = DaemonSetStatus::default();
        for (node, decision, _) in self.world.nodes_decided() {
            let pods = map.get(&node.name).filter(|p| !p.is_empty());
            if !decision.should_run {
                if pods.is_some() {
                    s.number_misscheduled += 1;
                }
                continue;
            }
            s.desired_number_scheduled += 1;
            let Some(oldest) = pods.and_then(|p| p.iter().min_by(|a, b| pod_by_creation_timestamp_and_phase(a, b)))
            else {
                continue;
            };
            s.current_number_scheduled += 1;
            if is_pod_ready(oldest) {
                s.number_ready += 1;
                if is_pod_available(oldest, ds.min_ready_seconds, self.world.now) {
                    s.number_available += 1;
                }
            }
            if is_pod_updated(oldest, &self.hash, ds.template_generation) {
                s.updated_number_scheduled += 1;
            }
        }
        s.number_unavailable = s.desired_number_scheduled - s.number_available;
        self.store_daemon_set_status(s, update_observed_generation);
    }

    /// Mirrors `storeDaemonSetStatus`: no write when every number is unchanged and
    /// observedGeneration has caught up.
    fn store_daemon_set_status(&mut self, mut s: DaemonSetStatus, update_observed_generation: bool) {
        let stored = self.world.ds.status;
        s.observed_generation = stored.observed_generation;
        if s == stored && stored.observed_generation >= self.world.ds.generation {
            return;
        }
        if update_observed_generation {
            s.observed_generation = self.world.ds.generation;
        }
        self.world.ds.status = s;
        self.rec.status_written = true;
    }
}
