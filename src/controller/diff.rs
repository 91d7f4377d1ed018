//! What-if: a changed DaemonSet (what `kubectl apply` sends, against the stored one) or a
//! changed node list, against the loaded state — nodes that gain, lose or keep a daemon pod,
//! pods replaced by the update, and the `--cascade=orphan` then re-create story (adoption).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::{json, Value as Json};

use super::api::SyncOptions;
use super::cluster::{read_cluster, ClusterObjects};
use super::sync::{advance, sync_daemon_set, Between};
use super::template::defaulted_template;
use super::time::parse_rfc3339;
use super::waves::{plan_rollout, RolloutOptions, RolloutPlan};
use super::world::{Ds, World};
use crate::api::{read_daemon_set, Source};
use crate::input::{codes, InputError, Node};
use crate::placement::Outcome;

#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    pub sync: SyncOptions,
    pub rollout: RolloutOptions,
    /// The stored DaemonSet was deleted with `--cascade=orphan` and `after` is created anew:
    /// its pods lose their controller reference and the new object has a new UID.
    pub orphan: bool,
    /// When `before`'s cluster lists no pods: take those its controller leaves once settled
    /// (synced until it has nothing to do, created pods Ready), as the loaded state runs.
    pub settled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeChange {
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Outcome>,
    /// `gain`, `lose`, `keep`, or `none` (no daemon pod either way).
    pub change: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffResult {
    pub nodes: Vec<NodeChange>,
    pub gain: Vec<String>,
    pub lose: Vec<String>,
    pub keep: Vec<String>,
    /// The pod template differs (a new ControllerRevision, pods outdated).
    pub template_changed: bool,
    /// Pods the first sync adopts (orphans matching the selector).
    pub adopted: Vec<String>,
    /// Nodes whose pod the update replaces, wave by wave, under the new strategy.
    pub replaced: Vec<String>,
    pub rollout: RolloutPlan,
}

fn runs(o: Outcome) -> bool {
    matches!(o, Outcome::Run)
}

/// `after` applied to the stored `before` as the API server would: identity, status and
/// generations carried over; generation (and the template generation annotation when the
/// template changed) bumped on a spec change (pkg/registry/apps/daemonset `PrepareForUpdate`).
fn updated_object(before: &Json, after: &Json, orphan: bool) -> Json {
    let mut out = after.clone();
    let meta = |v: &Json, k: &str| v.get("metadata").and_then(|m| m.get(k)).cloned();
    let generation = meta(before, "generation").and_then(|g| g.as_i64()).unwrap_or(1);
    let template_generation = meta(before, "annotations")
        .and_then(|a| {
            a.get("deprecated.daemonset.template.generation").and_then(Json::as_str).and_then(|g| g.parse::<i64>().ok())
        })
        .unwrap_or(1);
    // Templates compare as stored (defaulted); the rest of the spec as written.
    let template = |v: &Json| defaulted_template(v.get("spec").and_then(|s| s.get("template")));
    let template_changed = template(before) != template(after);
    let rest = |v: &Json| {
        v.get("spec").and_then(Json::as_object).map(|s| {
            crate::sort::map_from(s.iter().filter(|(k, _)| *k != "template").map(|(k, v)| (k.clone(), v.clone())))
        })
    };
    let spec_same = !template_changed && rest(before) == rest(after);
    let Some(obj) = out.as_object_mut() else { return out };
    let m = obj.entry("metadata").or_insert_with(|| json!({}));
    if !m.is_object() {
        *m = json!({});
    }
    let uid = meta(before, "uid").and_then(|u| u.as_str().map(str::to_string)).unwrap_or_default();
    let (new_generation, new_template_generation) = match (orphan, spec_same, template_changed) {
        (true, _, _) => (1, 1),
        (false, true, _) => (generation, template_generation),
        (false, false, changed) => (generation + 1, template_generation + i64::from(changed)),
    };
    m["uid"] = json!(if orphan { format!("{uid}-recreated") } else { uid });
    m["generation"] = json!(new_generation);
    if !m.get("annotations").is_some_and(Json::is_object) {
        m["annotations"] = json!({});
    }
    m["annotations"]["deprecated.daemonset.template.generation"] = json!(new_template_generation.to_string());
    for k in ["namespace", "creationTimestamp"] {
        if m.get(k).is_none() {
            if let Some(v) = meta(before, k) {
                m[k] = v;
            }
        }
    }
    obj.insert(
        "status".into(),
        if orphan {
            json!({"observedGeneration": 0})
        } else {
            before.get("status").cloned().unwrap_or_else(|| json!({}))
        },
    );
    out
}

/// Compares `after` (a DaemonSet and/or node list; absent parts are `before`'s) with `before`.
pub fn diff(
    before_ds: Source<'_>,
    before_cluster: Source<'_>,
    after_ds: Option<Source<'_>>,
    after_cluster: Option<Source<'_>>,
    options: &DiffOptions,
) -> Result<DiffResult, InputError> {
    let name = options.sync.name.as_deref();
    let before = read_daemon_set(before_ds, name)?;
    let before_json = before.tree.to_json();
    let after_json = match after_ds {
        Some(s) => read_daemon_set(s, name)?.tree.to_json(),
        None => before_json.clone(),
    };
    let after_input = read_daemon_set(
        Source::Docs(vec![Node::from_json(&updated_object(&before_json, &after_json, options.orphan))]),
        None,
    )?;
    let mut cluster_before = read_cluster(before_cluster)?;
    let mut cluster_after = match after_cluster {
        Some(c) => read_cluster(c)?,
        None => cluster_before.clone(),
    };
    let (ds_before, mut ds_after) = (
        Ds::new(&before, options.sync.comparison_operators, options.sync.hash_release()),
        Ds::new(&after_input, options.sync.comparison_operators, options.sync.hash_release()),
    );
    let now = options
        .sync
        .now
        .as_deref()
        .and_then(parse_rfc3339)
        .ok_or_else(|| InputError::new(codes::INVALID_OPTIONS, "options.now is required"))?;
    if options.settled && cluster_before.pods.is_empty() {
        settle(&ds_before, &mut cluster_before, now);
    }
    // Pods the after cluster does not list are the stored ones (a node list alone was given).
    if cluster_after.pods.is_empty() && cluster_after.revisions.is_empty() {
        cluster_after.pods = cluster_before.pods.clone();
        cluster_after.revisions = cluster_before.revisions.clone();
    }
    if options.orphan {
        let old_uid = ds_before.uid.clone();
        for p in &mut cluster_after.pods {
            p.owner_references.retain(|r| !(r.controller == Some(true) && r.uid.as_deref() == Some(old_uid.as_str())));
        }
        for r in &mut cluster_after.revisions {
            r.owner_references.retain(|o| !(o.controller == Some(true) && o.uid.as_deref() == Some(old_uid.as_str())));
        }
    }
    let template_changed = ds_before.patch != ds_after.patch;
    let before_outcomes: BTreeMap<&str, Outcome> = crate::sort::map_from(
        cluster_before.nodes.iter().map(|n| (n.name.as_str(), ds_before.placement.decide_with_outcome(n).1)),
    );
    let mut nodes = Vec::new();
    let mut seen = HashSet::new();
    for n in &cluster_after.nodes {
        seen.insert(n.name.as_str());
        let after = ds_after.placement.decide_with_outcome(n).1;
        let before = before_outcomes.get(n.name.as_str()).copied();
        nodes.push(change(&n.name, before, Some(after)));
    }
    for n in cluster_before.nodes.iter().filter(|n| !seen.contains(n.name.as_str())) {
        nodes.push(change(&n.name, before_outcomes.get(n.name.as_str()).copied(), None));
    }
    let pick = |c: &str| nodes.iter().filter(|n| n.change == c).map(|n| n.node.clone()).collect::<Vec<_>>();
    let (gain, lose, keep) = (pick("gain"), pick("lose"), pick("keep"));
    ds_after.hash_unsupported = None;
    let mut world = World::new(ds_after, cluster_after, now);
    let rollout = plan_rollout(&mut world, options.rollout);
    let adopted = rollout.syncs.first().map(|s| s.adopted.clone()).unwrap_or_default();
    let replaced = rollout.waves.iter().flat_map(|w| w.nodes.clone()).collect();
    Ok(DiffResult { nodes, gain, lose, keep, template_changed, adopted, replaced, rollout })
}

/// The pods and revisions `ds`'s controller leaves on `cluster`: syncs (the world between them
/// as the conformance cases assume, created pods Ready) until one has nothing to create or
/// delete; bounded, since a sync that keeps failing never settles.
fn settle(ds: &Ds, cluster: &mut ClusterObjects, now: i64) {
    let mut world = World::new(ds.clone(), cluster.clone(), now);
    let mut previous = sync_daemon_set(&mut world);
    for _ in 0..8 {
        advance(&mut world, &previous, Between::default());
        if previous.created.is_empty() && previous.deleted.is_empty() {
            break;
        }
        previous = sync_daemon_set(&mut world);
    }
    cluster.pods = world.pods.values().map(|p| (**p).clone()).collect();
    cluster.revisions = world.revisions.into_values().collect();
}

fn change(node: &str, before: Option<Outcome>, after: Option<Outcome>) -> NodeChange {
    let (b, a) = (before.is_some_and(runs), after.is_some_and(runs));
    let change = match (b, a) {
        (false, true) => "gain",
        (true, false) if after == Some(Outcome::KeepRunning) => "keep",
        (true, false) => "lose",
        (true, true) => "keep",
        (false, false) => "none",
    };
    NodeChange { node: node.to_string(), before, after, change }
}
