//! `sync(daemonSet, cluster, options)`: the controller's next syncs over the given cluster,
//! with the state they leave (design.md).

use serde::Serialize;

use super::cluster::read_cluster;
use super::manage::Sync;
use super::pod_util::CONTROLLER_REVISION_HASH;
use super::record::SyncRecord;
use super::sync::{advance, sync_daemon_set, Between};
use super::time::{format_rfc3339, parse_rfc3339};
use super::view::{get_row, node_states, GetRow, NodeState};
use super::waves::{plan_rollout, RolloutOptions, RolloutPlan};
use super::world::{DaemonSetStatus, Ds, World};
use crate::api::{read_daemon_set, DaemonSetRef, Source};
use crate::input::{codes, InputError};
use crate::release::Release;

/// More syncs than any rollout of a real cluster needs; bounds the work one call can ask for.
pub const MAX_STEPS: usize = 10_000;

#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    pub name: Option<String>,
    /// How many times `syncHandler` runs (default 1).
    pub steps: Option<usize>,
    /// RFC 3339; the host passes its clock when the caller gives none.
    pub now: Option<String>,
    pub between: Between,
    pub comparison_operators: bool,
    /// The controller's release. Only the revision hash depends on it (spew walks that
    /// release's Go structs); unset, the hash is 1.35's, the release whose controller the
    /// conformance cases executed and most clusters' existing pods were labelled by.
    pub kubernetes_version: Option<Release>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncResult {
    pub daemon_set: DaemonSetRef,
    /// The deprecated.daemonset.template.generation annotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_generation: Option<String>,
    /// The state as given, counted as `updateDaemonSetStatus` would before acting.
    pub current: CurrentState,
    pub syncs: Vec<SyncRecord>,
    /// `kubectl get ds` after the last sync.
    pub get: GetRow,
    pub nodes: Vec<NodeState>,
    /// Set when `controller-revision-hash` could not be computed as Kubernetes does (why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash_approximate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentState {
    pub status: DaemonSetStatus,
    pub get: GetRow,
    pub nodes: Vec<NodeState>,
}

impl SyncOptions {
    pub fn hash_release(&self) -> Release {
        self.kubernetes_version.unwrap_or(Release::V1_35)
    }
}

/// The pods as given, counted: a scratch copy runs `updateDaemonSetStatus` with the hash of
/// the revision matching the template (or the one the controller would compute).
pub fn current_state(world: &World, created: Option<i64>) -> CurrentState {
    let mut scratch = world.clone();
    let ds = &scratch.ds;
    let stored = scratch.revisions.values().find(|r| r.namespace == ds.namespace && r.data == ds.patch);
    let hash = match stored.and_then(|r| r.labels.get(CONTROLLER_REVISION_HASH)) {
        Some(h) => h.clone(),
        None => scratch.ds.compute_hash(),
    };
    let mut sync = Sync { world: &mut scratch, rec: SyncRecord::default(), hash: hash.clone() };
    sync.update_daemon_set_status(false);
    CurrentState { status: scratch.ds.status, get: get_row(&scratch, created), nodes: node_states(&mut scratch, &hash) }
}

/// Builds the world the controller starts from.
pub fn load_world(
    daemon_set: Source<'_>,
    cluster: Source<'_>,
    options: &SyncOptions,
) -> Result<(World, Option<i64>), InputError> {
    let input = read_daemon_set(daemon_set, options.name.as_deref())?;
    let created = input.tree.get("metadata").and_then(|m| m.str_at("creationTimestamp")).and_then(parse_rfc3339);
    let ds = Ds::new(&input, options.comparison_operators, options.hash_release());
    let now_text =
        options.now.as_deref().ok_or_else(|| InputError::new(codes::INVALID_OPTIONS, "options.now is required"))?;
    let now = parse_rfc3339(now_text).ok_or_else(|| {
        InputError::new(codes::INVALID_OPTIONS, format!("options.now: {now_text:?} is not an RFC 3339 time"))
    })?;
    Ok((World::new(ds, read_cluster(cluster)?, now), created))
}

/// Runs `steps` syncs, the world advancing between them as `options.between` says.
pub fn sync(daemon_set: Source<'_>, cluster: Source<'_>, options: &SyncOptions) -> Result<SyncResult, InputError> {
    let (mut world, created) = load_world(daemon_set, cluster, options)?;
    let steps = options.steps.unwrap_or(1);
    if steps > MAX_STEPS {
        return Err(InputError::new(codes::INVALID_OPTIONS, format!("options.steps: at most {MAX_STEPS}")));
    }
    let template_generation = world
        .ds
        .typed
        .metadata
        .as_ref()
        .and_then(|m| m.annotations.as_ref())
        .and_then(|a| a.get("deprecated.daemonset.template.generation"))
        .cloned();
    let current = current_state(&world, created);
    let mut syncs: Vec<SyncRecord> = Vec::with_capacity(steps);
    for _ in 0..steps {
        if let Some(previous) = syncs.last() {
            advance(&mut world, previous, options.between);
        }
        syncs.push(sync_daemon_set(&mut world));
    }
    let hash = syncs.iter().rev().find_map(|s| s.revision_hash.clone()).unwrap_or_default();
    Ok(SyncResult {
        daemon_set: DaemonSetRef { namespace: world.ds.namespace.clone(), name: world.ds.name.clone() },
        template_generation,
        current,
        get: get_row(&world, created),
        nodes: node_states(&mut world, &hash),
        hash_approximate: world.ds.hash_unsupported.clone(),
        syncs,
    })
}

/// The rollout the next syncs carry out, wave by wave (see `waves`).
pub fn rollout(
    daemon_set: Source<'_>,
    cluster: Source<'_>,
    options: &SyncOptions,
    rollout: RolloutOptions,
) -> Result<RolloutPlan, InputError> {
    let (mut world, _) = load_world(daemon_set, cluster, options)?;
    if rollout.max_syncs.is_some_and(|m| m > MAX_STEPS) {
        return Err(InputError::new(codes::INVALID_OPTIONS, format!("maxSyncs: at most {MAX_STEPS}")));
    }
    Ok(plan_rollout(&mut world, rollout))
}

/// The current time for hosts that have a clock (never called on wasm: the host passes it).
pub fn now_rfc3339_from_millis(ms: i64) -> String {
    format_rfc3339(ms)
}
