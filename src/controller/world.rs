//! The modelled cluster between and during syncs: the stored DaemonSet (as the controller
//! reads it), the nodes, the pods and revisions, the failed-pod backoff and the clock.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value as Json;

use super::cluster::{ClusterObjects, Pod, Revision};
use super::hash::compute_hash;
use super::template::{defaulted_template, get_patch};
use crate::api::DaemonSetInput;
use crate::model::{DaemonSet, StringMap};
use crate::placement::{DaemonSetPlacement, Decision, NodeInfo, Outcome};
use crate::registry::prepare_stored;
use crate::release::Release;
use crate::rollout::{scaled_value, updated_desired_node_counts, Rollout};
use crate::scheduling::labels::{label_selector_as_selector, Selector};

/// `apps/v1 DaemonSetStatus`, the numbers `updateDaemonSetStatus` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetStatus {
    pub desired_number_scheduled: i64,
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub number_ready: i64,
    pub updated_number_scheduled: i64,
    pub number_available: i64,
    pub number_unavailable: i64,
    pub observed_generation: i64,
}

/// The DaemonSet as the controller's lister holds it (after API defaulting).
#[derive(Clone, Debug)]
pub struct Ds {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub generation: i64,
    pub deleting: bool,
    /// `util.GetTemplateGeneration`: the parsed deprecated.daemonset.template.generation annotation.
    pub template_generation: Option<i64>,
    pub selector: Selector,
    pub selects_everything: bool,
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
    pub typed: DaemonSet,
    pub placement: DaemonSetPlacement,
    /// The defaulted template as JSON, its labels, `getPatch` and whether it uses hostPort.
    pub template: Json,
    pub template_labels: StringMap,
    pub patch: String,
    pub uses_host_port: bool,
    pub status: DaemonSetStatus,
    pub collision_count: Option<i64>,
    /// `ComputeHash` could not be reproduced (see `hash::Unsupported`): why.
    pub hash_unsupported: Option<String>,
    /// Whose Go struct layouts the hash walks.
    pub release: Release,
}

impl Ds {
    pub fn new(input: &DaemonSetInput, comparison_operators: bool, release: Release) -> Ds {
        let mut typed = input.ds.clone();
        prepare_stored(&mut typed);
        let json = input.tree.to_json();
        let meta = typed.metadata.clone().unwrap_or_default();
        let spec = typed.spec.clone().unwrap_or_default();
        let template = defaulted_template(json.get("spec").and_then(|s| s.get("template")));
        let template_labels =
            template.get("metadata").and_then(|m| m.get("labels")).and_then(string_map).unwrap_or_default();
        let status_json = json.get("status");
        let num = |k: &str| status_json.and_then(|s| s.get(k)).and_then(Json::as_i64).unwrap_or(0);
        let status = DaemonSetStatus {
            desired_number_scheduled: num("desiredNumberScheduled"),
            current_number_scheduled: num("currentNumberScheduled"),
            number_misscheduled: num("numberMisscheduled"),
            number_ready: num("numberReady"),
            updated_number_scheduled: num("updatedNumberScheduled"),
            number_available: num("numberAvailable"),
            number_unavailable: num("numberUnavailable"),
            observed_generation: num("observedGeneration"),
        };
        // `reflect.DeepEqual(selector, &metav1.LabelSelector{})`: an empty but present map differs.
        let selects_everything =
            spec.selector.as_ref().is_some_and(|s| s.match_labels.is_none() && s.match_expressions.is_none());
        let uses_host_port = typed.pod_spec().is_some_and(|p| {
            p.containers
                .iter()
                .flatten()
                .flat_map(|c| c.ports.iter().flatten())
                .any(|port| port.host_port.unwrap_or(0) > 0)
        });
        Ds {
            name: typed.name().to_string(),
            namespace: typed.namespace().to_string(),
            uid: meta.uid.clone().unwrap_or_default(),
            generation: meta.generation.unwrap_or(0),
            deleting: json.get("metadata").and_then(|m| m.get("deletionTimestamp")).is_some_and(|t| !t.is_null()),
            template_generation: meta
                .annotations
                .as_ref()
                .and_then(|a| a.get("deprecated.daemonset.template.generation"))
                .and_then(|g| g.parse().ok()),
            selector: label_selector_as_selector(spec.selector.as_ref()).unwrap_or(Selector(None)),
            selects_everything,
            min_ready_seconds: i64::from(spec.min_ready_seconds.unwrap_or(0)),
            revision_history_limit: i64::from(spec.revision_history_limit.unwrap_or(10)),
            placement: DaemonSetPlacement::new(&typed, comparison_operators),
            patch: get_patch(&template),
            template,
            template_labels,
            uses_host_port,
            status,
            collision_count: status_json.and_then(|s| s.get("collisionCount")).and_then(Json::as_i64),
            hash_unsupported: None,
            release,
            typed,
        }
    }

    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    pub fn on_delete(&self) -> bool {
        self.rollout(0).strategy == "OnDelete"
    }

    /// The budgets scaled against `desired` (`updatedDesiredNodeCounts`).
    pub fn rollout(&self, desired: usize) -> Rollout {
        updated_desired_node_counts(&self.typed, desired)
    }

    /// Mirrors `util.AllowsSurge`: `SurgeCount(ds, 1) > 0` without error.
    pub fn allows_surge(&self) -> bool {
        let strategy = self.typed.spec.as_ref().and_then(|s| s.update_strategy.as_ref());
        if strategy.and_then(|s| s.type_.as_deref()) != Some("RollingUpdate") {
            return false;
        }
        let surge = strategy.and_then(|s| s.rolling_update.as_ref()).and_then(|r| r.max_surge.as_ref());
        surge.is_some_and(|v| scaled_value(v, 1).is_ok_and(|s| s > 0))
    }

    /// `controller.ComputeHash` of the template with the current collision count. When the
    /// template holds what cannot be reproduced, the hash is not computed: a stand-in named
    /// `uncomputed-…` (a label value no Kubernetes hash can be) keeps the syncs running, and
    /// `hash_unsupported` says why.
    pub fn compute_hash(&mut self) -> String {
        match compute_hash(&self.template, self.collision_count, self.release) {
            Ok(h) => h,
            Err(e) => {
                self.hash_unsupported = Some(e.0);
                let stand_in = serde_json::json!({"metadata": {"name": self.patch}});
                format!(
                    "uncomputed-{}",
                    compute_hash(&stand_in, self.collision_count, self.release).unwrap_or_default()
                )
            }
        }
    }
}

/// Failed-pod backoff entry (`flowcontrol.Backoff`, 1s initial, doubling, 15m max).
#[derive(Clone, Copy, Debug)]
pub struct BackoffEntry {
    pub backoff: i64,
    pub last_update: i64,
}

pub const BACKOFF_INITIAL_MS: i64 = 1_000;
pub const BACKOFF_MAX_MS: i64 = 15 * 60 * 1_000;

/// The cluster as the fake API server holds it.
#[derive(Clone, Debug)]
pub struct World {
    pub ds: Ds,
    pub nodes: Vec<NodeInfo>,
    /// Pods by `namespace/name`, shared (copied on write) so syncs can hold them cheaply.
    pub pods: BTreeMap<String, Rc<Pod>>,
    pub revisions: BTreeMap<String, Revision>,
    pub backoff: HashMap<String, BackoffEntry>,
    pub now: i64,
    names_made: u64,
    node_index: HashMap<String, usize>,
    /// Each node's `NodeShouldRunDaemonPod`, computed once: nodes do not change during a run.
    decisions: Vec<(Decision, Outcome)>,
}

impl World {
    pub fn new(ds: Ds, mut cluster: ClusterObjects, now: i64) -> World {
        // The informer's store is keyed by name: a node listed twice is the later object.
        let mut last: HashMap<String, usize> = HashMap::new();
        for (i, n) in cluster.nodes.iter().enumerate() {
            last.insert(n.name.clone(), i);
        }
        let mut i = 0;
        cluster.nodes.retain(|n| {
            i += 1;
            last.get(&n.name) == Some(&(i - 1))
        });
        let node_index = cluster.nodes.iter().enumerate().map(|(i, n)| (n.name.clone(), i)).collect();
        let decisions = cluster.nodes.iter().map(|n| ds.placement.decide_with_outcome(n)).collect();
        World {
            decisions,
            ds,
            node_index,
            nodes: cluster.nodes,
            pods: crate::sort::map_from(cluster.pods.into_iter().map(|p| (p.key(), Rc::new(p)))),
            revisions: crate::sort::map_from(
                cluster.revisions.into_iter().map(|r| (format!("{}/{}", r.namespace, r.name), r)),
            ),
            backoff: HashMap::new(),
            now,
            names_made: 0,
        }
    }

    /// The nodes with their decisions, in list order.
    pub fn nodes_decided(&self) -> impl Iterator<Item = (&NodeInfo, Decision, Outcome)> {
        self.nodes.iter().zip(&self.decisions).map(|(n, (d, o))| (n, *d, *o))
    }

    /// A listed node's decision and outcome.
    pub fn decision(&self, name: &str) -> Option<(Decision, Outcome)> {
        self.node_index.get(name).and_then(|&i| self.decisions.get(i)).copied()
    }

    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        self.node_index.get(name).and_then(|&i| self.nodes.get(i))
    }

    /// A free `<prefix><5 chars>` name (random in Kubernetes; a fixed sequence here).
    pub fn generate_name(&mut self, prefix: &str) -> String {
        const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        loop {
            self.names_made += 1;
            let mut x = self.names_made.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
            let suffix: String = (0..5)
                .map(|_| {
                    let c = ALPHANUMS[(x % ALPHANUMS.len() as u64) as usize];
                    x /= ALPHANUMS.len() as u64;
                    char::from(c)
                })
                .collect();
            let name = format!("{prefix}{suffix}");
            if !self.pods.contains_key(&format!("{}/{name}", self.ds.namespace)) {
                return name;
            }
        }
    }
}

/// A JSON object of strings as a map, or `None` where anything in it is not a string.
fn string_map(labels: &Json) -> Option<StringMap> {
    let mut out = StringMap::new();
    for (k, v) in labels.as_object()? {
        out.insert(k.clone(), v.as_str()?.to_string());
    }
    Some(out)
}
