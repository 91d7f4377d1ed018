//! A rollout, wave by wave: syncs repeated until every pod runs the current template, with new
//! pods Ready a caller-set start-up time after creation and available `minReadySeconds` later.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::pod_util::{is_pod_available, is_pod_updated};
use super::record::SyncRecord;
use super::sync::sync_daemon_set;
use super::time::format_rfc3339;
use super::world::World;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Wave {
    pub number: usize,
    /// Which sync (0-based) started it, and when.
    pub sync: usize,
    pub at: String,
    /// Nodes whose old pod this wave replaces, in order.
    pub nodes: Vec<String>,
    /// `deleteFirst` (maxSurge 0: old pod deleted, new one created next sync) or `surge`
    /// (new pod created next to the old one, old deleted once the new one is available).
    pub mode: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutPlan {
    pub strategy: String,
    pub max_unavailable: i64,
    pub max_surge: i64,
    pub waves: Vec<Wave>,
    pub syncs: Vec<SyncRecord>,
    /// Every desired node runs an updated, available pod (false: stalled or cut off).
    pub complete: bool,
    /// From the first sync to the last change, in seconds.
    pub seconds: i64,
    /// OnDelete: the pods still on an old template (nothing replaces them).
    pub outdated: Vec<String>,
    pub warnings: Vec<String>,
}

/// Syncs run when the caller sets no bound: each sync walks every pod, so a rollout of
/// thousands of nodes one at a time is cut off here (and says so) rather than run for minutes.
pub const DEFAULT_MAX_SYNCS: usize = 2_000;

/// What a new pod does between syncs: Ready `startup_seconds` after creation.
#[derive(Clone, Copy, Debug, Default)]
pub struct RolloutOptions {
    pub startup_seconds: i64,
    /// Upper bound on syncs (default: 4 per desired node plus 8, at most `DEFAULT_MAX_SYNCS`).
    pub max_syncs: Option<usize>,
}

/// Runs the controller until the rollout converges or stalls.
pub fn plan_rollout(world: &mut World, options: RolloutOptions) -> RolloutPlan {
    let desired = world.nodes_decided().filter(|(_, d, _)| d.should_run).count();
    let budget = world.ds.rollout(desired);
    let surge = !world.ds.on_delete() && budget.max_surge > 0;
    let mut warnings = Vec::new();
    if surge && world.ds.uses_host_port {
        warnings.push(
            "maxSurge needs two pods on a node at once, but the template uses a hostPort: the new pod cannot be scheduled \
             next to the old one (NodePorts), so it stays Pending and the rollout stalls; use maxUnavailable instead"
                .to_string(),
        );
    }
    let limit = options.max_syncs.unwrap_or((desired * 4 + 8).min(DEFAULT_MAX_SYNCS));
    let start = world.now;
    let mut ready_at: BTreeMap<String, i64> = BTreeMap::new();
    let (mut syncs, mut waves) = (Vec::new(), Vec::<Wave>::new());
    let mut last_change = start;
    let mut complete = false;
    for i in 0..limit {
        let rec = sync_daemon_set(world);
        let touched: BTreeSet<String> = crate::sort::set_from(
            rec.created.iter().filter(|c| c.by == "rollingUpdate").map(|c| c.node.clone()).chain(
                rec.deleted
                    .iter()
                    .filter(|d| rec.delete_reasons.get(*d).is_some_and(|r| r.starts_with("rolling update")))
                    .filter_map(|d| rec.deleted_from.get(d).cloned()),
            ),
        );
        if !touched.is_empty() {
            waves.push(Wave {
                number: waves.len() + 1,
                sync: i,
                at: format_rfc3339(world.now),
                nodes: touched.into_iter().collect(),
                mode: if surge { "surge" } else { "deleteFirst" },
            });
        }
        let acted = !rec.created.is_empty() || !rec.deleted.is_empty() || rec.status_written;
        if acted {
            last_change = world.now;
        }
        // With surge and a hostPort, a new pod beside another daemon pod never schedules.
        let mut pods_per_node: HashMap<&str, usize> = HashMap::new();
        if surge && world.ds.uses_host_port {
            for n in rec.pods_after.values() {
                *pods_per_node.entry(n.as_str()).or_default() += 1;
            }
        }
        for c in &rec.created {
            let blocked = pods_per_node.get(c.node.as_str()).is_some_and(|&n| n > 1);
            if !blocked {
                ready_at
                    .insert(format!("{}/{}", world.ds.namespace, c.name), world.now + options.startup_seconds * 1000);
            }
        }
        // The plan keeps what each sync did; the pod-to-node map would grow with syncs × pods.
        syncs.push(SyncRecord { pods_after: Default::default(), ..rec });
        if converged(world) {
            complete = true;
            break;
        }
        // The next moment something changes: a pod turns Ready, or one becomes available.
        let min_ready = world.ds.min_ready_seconds * 1000;
        let next_ready = ready_at.values().copied().filter(|t| *t > world.now).min();
        let next_available = world
            .pods
            .values()
            .filter_map(|p| match p.ready {
                Some((true, Some(since))) if since + min_ready > world.now => Some(since + min_ready),
                _ => None,
            })
            .min();
        // A create or delete is an informer event: the controller syncs again at once.
        let wrote_pods = !syncs.last().is_some_and(|r: &SyncRecord| r.created.is_empty() && r.deleted.is_empty());
        match (next_ready, next_available) {
            _ if wrote_pods => {}
            (None, None) if !acted => break,
            (a, b) => world.now = a.into_iter().chain(b).min().unwrap_or(world.now),
        }
        let now = world.now;
        for (key, at) in ready_at.iter().filter(|(_, at)| **at <= now) {
            if let Some(p) = world.pods.get_mut(key).filter(|p| p.phase != "Running").map(std::rc::Rc::make_mut) {
                p.phase = "Running".into();
                p.ready = Some((true, Some(*at)));
            }
        }
    }
    RolloutPlan {
        strategy: budget.strategy,
        max_unavailable: budget.max_unavailable,
        max_surge: budget.max_surge,
        outdated: outdated(world),
        complete,
        seconds: (last_change - start) / 1000,
        waves,
        syncs,
        warnings,
    }
}

/// Every desired node has exactly one pod, updated and available; no pod elsewhere.
fn converged(world: &World) -> bool {
    let ds = &world.ds;
    let hash =
        world.revisions.values().find(|r| r.data == ds.patch).and_then(|r| r.labels.get("controller-revision-hash"));
    let mut per_node: BTreeMap<&str, Vec<&super::cluster::Pod>> = BTreeMap::new();
    for p in
        world.pods.values().filter(|p| p.controller_ref().is_some_and(|r| r.uid.as_deref() == Some(ds.uid.as_str())))
    {
        if let Some(n) = super::pod_util::get_target_node_name(p) {
            per_node.entry(n).or_default().push(p);
        }
    }
    world.nodes_decided().all(|(n, decision, _)| {
        let pods = per_node.get(n.name.as_str()).map_or(&[][..], Vec::as_slice);
        if !decision.should_run {
            return pods.is_empty() || ds.on_delete();
        }
        pods.len() == 1
            && pods.iter().all(|p| {
                is_pod_available(p, ds.min_ready_seconds, world.now)
                    && (ds.on_delete() || is_pod_updated(p, hash.map_or("", String::as_str), ds.template_generation))
            })
    })
}

/// Pods of the DaemonSet that do not run the current template.
fn outdated(world: &World) -> Vec<String> {
    let ds = &world.ds;
    let hash =
        world.revisions.values().find(|r| r.data == ds.patch).and_then(|r| r.labels.get("controller-revision-hash"));
    world
        .pods
        .values()
        .filter(|p| p.controller_ref().is_some_and(|r| r.uid.as_deref() == Some(ds.uid.as_str())))
        .filter(|p| !is_pod_updated(p, hash.map_or("", String::as_str), ds.template_generation))
        .map(|p| p.key())
        .collect()
}
