//! The DaemonSet controller over time: kubernetes/kubernetes `pkg/controller/daemon`
//! (`daemon_controller.go` `syncDaemonSet`, `manage`, `podsShouldBeOnNode`; `update.go`
//! `rollingUpdate`, history; `updateDaemonSetStatus`) run against a modelled cluster.

pub mod api;
pub mod cluster;
pub mod diff;
pub mod go_quantity;
pub mod hash;
pub mod history;
pub mod manage;
pub mod pod_util;
pub mod record;
pub mod status;
pub mod sync;
pub mod template;
pub mod time;
pub mod update;
pub mod view;
pub mod waves;
pub mod world;

pub use api::{rollout, sync, SyncOptions, SyncResult};
pub use diff::{diff, DiffOptions, DiffResult};
pub use waves::{RolloutOptions, RolloutPlan};
#[cfg(test)]
mod hash_cases {
    use super::hash::compute_hash;
    use super::template::defaulted_template;

    #[test]
    fn conformance_templates_hash_as_kubernetes() {
        for f in ["status", "manage", "adopt", "rolling-update", "surge"] {
            let path = format!("{}/tests/conformance/sync/{f}.json", env!("CARGO_MANIFEST_DIR"));
            let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            for c in cases {
                let Some(want) = c["expect"]["syncs"][0]["revisionHash"].as_str() else { continue };
                let t = defaulted_template(c["daemonSet"]["spec"].get("template"));
                let collisions = c["daemonSet"]["status"]["collisionCount"].as_i64();
                let got = compute_hash(&t, collisions, crate::release::Release::V1_35).unwrap();
                assert_eq!(got, want, "{}", c["id"]);
            }
        }
    }
}
