//! `syncDaemonSet` (pkg/controller/daemon/daemon_controller.go) and the world between two
//! syncs (controller-semantics.md): created pods start as the caller says, the clock moves on,
//! deleted pods are gone at once, the informers keep up (expectations are always satisfied).

use super::manage::Sync;
use super::pod_util::get_target_node_name;
use super::record::SyncRecord;
use super::time::format_rfc3339;
use super::world::World;

/// What pods the previous sync created have become by the next one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CreatedPods {
    /// Running, Ready=True since the moment they were found.
    #[default]
    Ready,
    /// Running, not Ready.
    Running,
    Pending,
    Failed,
}

impl CreatedPods {
    pub fn parse(s: &str) -> Option<CreatedPods> {
        Some(match s {
            "ready" => CreatedPods::Ready,
            "running" => CreatedPods::Running,
            "pending" => CreatedPods::Pending,
            "failed" => CreatedPods::Failed,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Between {
    pub created_pods: CreatedPods,
    pub advance_seconds: i64,
}

/// Mirrors `syncDaemonSet` once, with the informers caught up.
pub fn sync_daemon_set(world: &mut World) -> SyncRecord {
    let mut sync = Sync { world, rec: SyncRecord::default(), hash: String::new() };
    run(&mut sync);
    let Sync { world, mut rec, hash } = sync;
    rec.status = world.ds.status;
    rec.now = format_rfc3339(world.now);
    crate::sort::sort(&mut rec.events);
    if !hash.is_empty() {
        rec.revision_hash = Some(hash);
    }
    let uid = world.ds.uid.as_str();
    rec.pods_after = crate::sort::map_from(
        world
            .pods
            .values()
            .filter(|p| p.controller_ref().is_some_and(|r| r.uid.as_deref() == Some(uid)))
            .filter_map(|p| Some((p.key(), get_target_node_name(p)?.to_string()))),
    );
    rec
}

fn run(sync: &mut Sync<'_>) {
    if sync.world.ds.selects_everything {
        sync.rec.events.push(
            "Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.".into(),
        );
        return;
    }
    // The history of a DaemonSet being deleted may be gone already: nothing is computed.
    if sync.world.ds.deleting {
        return;
    }
    let old = match sync.construct_history() {
        Ok(old) => old,
        Err(e) => {
            sync.rec.error = Some(format!("failed to construct revisions of DaemonSet: {e}"));
            return;
        }
    };
    // updateDaemonSet: manage, the rolling update once expectations are met, history cleanup.
    sync.manage();
    let mut error = None;
    if !sync.world.ds.on_delete() {
        error = sync.rolling_update().err();
    }
    if error.is_none() {
        sync.cleanup_history(old);
    }
    sync.update_daemon_set_status(true);
    sync.rec.error = error;
}

/// The world between two syncs: the previous sync's new pods take `between.created_pods`,
/// then the clock advances.
pub fn advance(world: &mut World, previous: &SyncRecord, between: Between) {
    let now = world.now;
    let namespace = world.ds.namespace.clone();
    for created in &previous.created {
        let Some(pod) = world.pods.get_mut(&format!("{namespace}/{}", created.name)) else { continue };
        let pod = std::rc::Rc::make_mut(pod);
        let (phase, ready) = match between.created_pods {
            CreatedPods::Ready => ("Running", Some((true, Some(now)))),
            CreatedPods::Running => ("Running", Some((false, Some(now)))),
            CreatedPods::Pending => ("Pending", None),
            CreatedPods::Failed => ("Failed", Some((false, Some(now)))),
        };
        pod.phase = phase.into();
        pod.ready = ready;
    }
    world.now += between.advance_seconds.saturating_mul(1000);
}
