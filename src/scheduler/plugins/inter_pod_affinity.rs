//! InterPodAffinity's Filter (plugins/interpodaffinity/filtering.go): required pod affinity
//! and anti-affinity of the incoming pod, and existing pods' required anti-affinity.
//! Not modelled: `namespaceSelector` other than `{}` (Namespace labels are not an input),
//! `matchLabelKeys`/`mismatchLabelKeys`.

use std::collections::HashMap;

use crate::input::{InputError, Node, Value};
use crate::model::LabelSelector;
use crate::placement::{LabelSet, NodeInfo};
use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};
use crate::scheduler::objects::PodInfo;
use crate::scheduling::labels::{label_selector_as_selector, Selector};

pub const ERR_REASON_AFFINITY: &str = "node(s) didn't match pod affinity rules";
pub const ERR_REASON_ANTI_AFFINITY: &str = "node(s) didn't match pod anti-affinity rules";
pub const ERR_REASON_EXISTING_ANTI_AFFINITY: &str = "node(s) didn't satisfy existing pods anti-affinity rules";

/// Mirrors `fwk.AffinityTerm`.
#[derive(Clone, Debug)]
pub struct AffinityTerm {
    pub namespaces: Vec<String>,
    /// `namespaceSelector: {}`: every namespace.
    pub all_namespaces: bool,
    pub selector: Selector,
    pub topology_key: String,
}

impl AffinityTerm {
    /// Mirrors `AffinityTerm.Matches`.
    pub fn matches(&self, pod: &PodInfo) -> bool {
        (self.all_namespaces || self.namespaces.contains(&pod.namespace)) && self.selector.matches(&pod.labels)
    }
}

/// A pod's required terms (`PodInfo.RequiredAffinityTerms`, `RequiredAntiAffinityTerms`).
#[derive(Clone, Debug, Default)]
pub struct PodAffinityTerms {
    pub affinity: Vec<AffinityTerm>,
    pub anti_affinity: Vec<AffinityTerm>,
}

fn read_terms(list: Option<&Node>, own_namespace: &str, who: &str) -> Result<Vec<AffinityTerm>, InputError> {
    let Some(Value::Seq(items)) = list.map(|l| &l.value) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for t in items {
        let selector = match t.get("labelSelector").filter(|s| !s.is_null()) {
            Some(s) => {
                let ls: LabelSelector = crate::input::de::decode(s, "labelSelector")
                    .map_err(|e| InputError::new(crate::input::codes::WRONG_TYPE, format!("{who}: {e}")).at(e.pos))?;
                label_selector_as_selector(Some(&ls)).unwrap_or(Selector(None))
            }
            None => Selector(None),
        };
        let mut namespaces: Vec<String> = match t.get("namespaces").map(|n| &n.value) {
            Some(Value::Seq(ns)) => ns.iter().filter_map(|n| n.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        };
        let ns_selector = t.get("namespaceSelector").filter(|s| !s.is_null());
        let all_namespaces = matches!(ns_selector.map(|s| &s.value), Some(Value::Map(e)) if e.is_empty());
        if namespaces.is_empty() && ns_selector.is_none() {
            namespaces.push(own_namespace.to_string());
        }
        out.push(AffinityTerm {
            namespaces,
            all_namespaces,
            selector,
            topology_key: t.str_at("topologyKey").unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

/// Reads `spec.affinity.podAffinity` / `podAntiAffinity` required terms; `None` when none.
pub fn read_pod_affinity(spec: &Node, namespace: &str, who: &str) -> Result<Option<Box<PodAffinityTerms>>, InputError> {
    let Some(affinity) = spec.get("affinity") else { return Ok(None) };
    let required = |k: &str| affinity.get(k).and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"));
    let terms = PodAffinityTerms {
        affinity: read_terms(required("podAffinity"), namespace, who)?,
        anti_affinity: read_terms(required("podAntiAffinity"), namespace, who)?,
    };
    Ok((!terms.affinity.is_empty() || !terms.anti_affinity.is_empty()).then(|| Box::new(terms)))
}

type TopologyCounts = HashMap<(String, String), i64>;

/// Mirrors the plugin's `preFilterState`: matched-term counts by topology pair.
#[derive(Clone, Debug, Default)]
pub struct PreFilterState {
    existing_anti_affinity: TopologyCounts,
    affinity: TopologyCounts,
    anti_affinity: TopologyCounts,
}

/// Mirrors `topologyToMatchedTermCount.update`: zero entries are dropped.
fn update(m: &mut TopologyCounts, labels: &LabelSet, key: &str, value: i64) {
    if let Some(v) = labels.get(key) {
        let pair = (key.to_string(), v.to_string());
        let e = m.entry(pair.clone()).or_default();
        *e += value;
        if *e == 0 {
            m.remove(&pair);
        }
    }
}

/// Mirrors `podMatchesAllAffinityTerms`.
fn matches_all(terms: &[AffinityTerm], pod: &PodInfo) -> bool {
    !terms.is_empty() && terms.iter().all(|t| t.matches(pod))
}

impl PreFilterState {
    /// Mirrors `preFilterState.updateWithPod` (PreFilterExtensions AddPod/RemovePod).
    pub fn update_with_pod(&mut self, incoming: &PodInfo, existing: &PodInfo, node: &NodeInfo, value: i64) {
        if let Some(terms) = &existing.affinity {
            for t in terms.anti_affinity.iter().filter(|t| t.matches(incoming)) {
                update(&mut self.existing_anti_affinity, &node.labels, &t.topology_key, value);
            }
        }
        if let Some(terms) = &incoming.affinity {
            if matches_all(&terms.affinity, existing) {
                for t in &terms.affinity {
                    update(&mut self.affinity, &node.labels, &t.topology_key, value);
                }
            }
            for t in terms.anti_affinity.iter().filter(|t| t.matches(existing)) {
                update(&mut self.anti_affinity, &node.labels, &t.topology_key, value);
            }
        }
    }
}

/// Mirrors `InterPodAffinity.PreFilter`: the counts over every bound pod; `None` (Skip) when
/// neither the pod nor any existing pod has required terms.
pub fn pre_filter<'a>(
    incoming: &PodInfo,
    bound: impl Iterator<Item = (&'a PodInfo, &'a NodeInfo)>,
) -> Option<PreFilterState> {
    let mut state = PreFilterState::default();
    let mut any = incoming.affinity.is_some();
    for (pod, node) in bound {
        if pod.affinity.is_some() || incoming.affinity.is_some() {
            any = true;
            state.update_with_pod(incoming, pod, node, 1);
        }
    }
    any.then_some(state)
}

/// Mirrors `InterPodAffinity.Filter`; without PreFilter state (no terms anywhere) it passes
/// at once, as it does on most nodes of a re-plan.
#[inline(always)]
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    filter_with_state(pod, node, node.affinity?)
}

/// The Filter's checks, out of line so that the wrapper above stays small where it inlines.
#[inline(never)]
fn filter_with_state(pod: &IncomingPod<'_>, node: &NodeView<'_>, state: &PreFilterState) -> Option<Status> {
    let labels = &node.node.labels;
    let empty = PodAffinityTerms::default();
    let terms = pod.pod.affinity.as_deref().unwrap_or(&empty);
    // satisfyPodAffinity
    let mut pods_exist = true;
    for t in &terms.affinity {
        match labels.get(&t.topology_key) {
            Some(v) => {
                if state.affinity.get(&(t.topology_key.clone(), v.to_string())).copied().unwrap_or(0) <= 0 {
                    pods_exist = false;
                }
            }
            None => return Some(Status::new(Code::UnschedulableAndUnresolvable, ERR_REASON_AFFINITY)),
        }
    }
    if !pods_exist && !(state.affinity.is_empty() && matches_all(&terms.affinity, pod.pod)) {
        return Some(Status::new(Code::UnschedulableAndUnresolvable, ERR_REASON_AFFINITY));
    }
    // satisfyPodAntiAffinity
    for t in &terms.anti_affinity {
        if let Some(v) = labels.get(&t.topology_key) {
            if state.anti_affinity.get(&(t.topology_key.clone(), v.to_string())).copied().unwrap_or(0) > 0 {
                return Some(Status::new(Code::Unschedulable, ERR_REASON_ANTI_AFFINITY));
            }
        }
    }
    // satisfyExistingPodsAntiAffinity
    if !state.existing_anti_affinity.is_empty()
        && labels
            .iter()
            .any(|(k, v)| state.existing_anti_affinity.get(&(k.to_string(), v.to_string())).copied().unwrap_or(0) > 0)
    {
        return Some(Status::new(Code::Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY));
    }
    None
}
