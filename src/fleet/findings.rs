//! What goes wrong between DaemonSets: nodes a family misses, two of a family on one node,
//! selectors that fight over pods, and coverage of the nodes the user cares about.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::DaemonSet;
use crate::placement::{DaemonSetPlacement, NodeInfo, Outcome};
use crate::scheduler::objects::PodInfo;
use crate::scheduler::plugins::node_ports::HostPortInfo;
use crate::scheduling::labels::{label_selector_as_selector, Selector};

/// One DaemonSet's part in the findings.
pub struct Member<'a> {
    /// `namespace/name`.
    pub name: String,
    pub namespace: String,
    pub ds: &'a DaemonSet,
    pub placement: &'a DaemonSetPlacement,
    pub outcomes: &'a [Outcome],
    pub family: Option<String>,
    /// The pod the controller creates, as the scheduler reads it.
    pub pod: Option<PodInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `Gap`, `Overlap`, `SelectorOverlap`, `HostPortClash`, `NotCovered`.
    pub code: &'static str,
    pub message: String,
    pub daemon_sets: Vec<String>,
    pub nodes: Vec<String>,
}

/// Node names for a message: the first few, then how many more.
fn some_nodes(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 node".into()
    } else {
        format!("{n} nodes")
    }
}

/// Families of two or more DaemonSets, in input order of their first member.
fn families<'m, 'a>(members: &'m [Member<'a>]) -> Vec<(&'m str, Vec<&'m Member<'a>>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&Member>> = HashMap::new();
    for m in members {
        if let Some(f) = m.family.as_deref() {
            let group = groups.entry(f).or_default();
            if group.is_empty() {
                order.push(f);
            }
            group.push(m);
        }
    }
    order.into_iter().filter_map(|f| groups.remove(f).filter(|g| g.len() > 1).map(|g| (f, g))).collect()
}

/// Gaps: nodes where no DaemonSet of a family runs although one of them targets the node by
/// its selectors (a taint keeps it off). Nodes every member's selectors rule out are left
/// alone: the family does not mean to run there.
pub fn gaps(members: &[Member], nodes: &[NodeInfo]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (family, group) in families(members) {
        let missed: Vec<usize> = (0..nodes.len())
            .filter(|&i| {
                group.iter().all(|m| m.outcomes[i] != Outcome::Run)
                    && group.iter().any(|m| m.outcomes[i] != Outcome::Exclude)
            })
            .collect();
        if missed.is_empty() {
            continue;
        }
        let names: Vec<String> = missed.iter().map(|&i| nodes[i].name.clone()).collect();
        let first = &nodes[missed[0]];
        let why = group
            .iter()
            .find(|m| m.outcomes[missed[0]] != Outcome::Exclude)
            .and_then(|m| m.placement.reasons(first).into_iter().next().map(|r| format!("{}: {}", m.name, r.detail)))
            .unwrap_or_default();
        out.push(Finding {
            code: "Gap",
            message: format!(
                "no DaemonSet of family {family:?} runs on {}: {} (on {}, {why})",
                count(names.len()),
                some_nodes(&names),
                first.name
            ),
            daemon_sets: group.iter().map(|m| m.name.clone()).collect(),
            nodes: names,
        });
    }
    out
}

/// The nodes both DaemonSets run on.
fn both_run(first: &Member, second: &Member, nodes: &[NodeInfo]) -> Vec<String> {
    (0..nodes.len())
        .filter(|&i| first.outcomes[i] == Outcome::Run && second.outcomes[i] == Outcome::Run)
        .map(|i| nodes[i].name.clone())
        .collect()
}

/// Overlaps: two DaemonSets of one family that both run on the same nodes.
pub fn overlaps(members: &[Member], nodes: &[NodeInfo]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (family, group) in families(members) {
        for (a, first) in group.iter().enumerate() {
            for second in &group[a + 1..] {
                let both = both_run(first, second, nodes);
                if both.is_empty() {
                    continue;
                }
                out.push(Finding {
                    code: "Overlap",
                    message: format!(
                        "{} and {} (family {family:?}) both run on {}: {}",
                        first.name,
                        second.name,
                        count(both.len()),
                        some_nodes(&both)
                    ),
                    daemon_sets: vec![first.name.clone(), second.name.clone()],
                    nodes: both,
                });
            }
        }
    }
    out
}

fn template_labels(ds: &DaemonSet) -> BTreeMap<String, String> {
    (|| ds.spec.as_ref()?.template.as_ref()?.metadata.as_ref()?.labels.clone())().unwrap_or_default()
}

fn selector(ds: &DaemonSet) -> Selector {
    label_selector_as_selector(ds.spec.as_ref().and_then(|s| s.selector.as_ref())).unwrap_or(Selector(None))
}

/// Selector overlaps: two DaemonSets of one namespace where one's selector matches the other's
/// pod labels. Their controllers then both list each other's pods; the DaemonSet docs warn
/// against it ("you must not create any Pods whose labels match this selector").
pub fn selector_overlaps(members: &[Member]) -> Vec<Finding> {
    let mut by_namespace: BTreeMap<&str, Vec<&Member>> = BTreeMap::new();
    for m in members {
        by_namespace.entry(m.namespace.as_str()).or_default().push(m);
    }
    let mut out = Vec::new();
    for group in by_namespace.values() {
        let compiled: Vec<(Selector, BTreeMap<String, String>)> =
            group.iter().map(|m| (selector(m.ds), template_labels(m.ds))).collect();
        for a in 0..group.len() {
            for b in a + 1..group.len() {
                let (sel_a, labels_a) = &compiled[a];
                let (sel_b, labels_b) = &compiled[b];
                let (first, second) = (group[a], group[b]);
                let how = match (sel_a.matches(labels_b), sel_b.matches(labels_a)) {
                    (true, true) => "select each other's pods".to_string(),
                    (true, false) => format!("{}'s selector matches {}'s pod labels", first.name, second.name),
                    (false, true) => format!("{}'s selector matches {}'s pod labels", second.name, first.name),
                    (false, false) => continue,
                };
                out.push(Finding {
                    code: "SelectorOverlap",
                    message: format!(
                        "{} and {} {how}: give each DaemonSet a selector only its own pods match",
                        first.name, second.name
                    ),
                    daemon_sets: vec![first.name.clone(), second.name.clone()],
                    nodes: Vec::new(),
                });
            }
        }
    }
    out
}

/// Host-port clashes: two DaemonSets that both run on a node and ask for the same host port
/// (`HostPortInfo.CheckConflict`: same protocol and port, and the same IP or 0.0.0.0 on either
/// side). The scheduler's NodePorts filter then keeps the second pod Pending there.
pub fn host_port_clashes(members: &[Member], nodes: &[NodeInfo]) -> Vec<Finding> {
    let with_ports: Vec<(&Member, HostPortInfo)> = members
        .iter()
        .filter_map(|m| {
            let ports = &m.pod.as_ref()?.host_ports;
            (!ports.is_empty()).then(|| {
                let mut info = HostPortInfo::default();
                ports.iter().for_each(|p| info.add(p));
                (m, info)
            })
        })
        .collect();
    let mut out = Vec::new();
    for (a, (first, first_ports)) in with_ports.iter().enumerate() {
        for (second, _) in &with_ports[a + 1..] {
            let Some(clash) =
                second.pod.as_ref().and_then(|p| p.host_ports.iter().find(|p| first_ports.check_conflict(p)))
            else {
                continue;
            };
            let both = both_run(first, second, nodes);
            if both.is_empty() {
                continue;
            }
            out.push(Finding {
                code: "HostPortClash",
                message: format!(
                    "{} and {} both ask for host port {}/{} ({}) on {}: {}; one stays Pending there (NodePorts: node(s) didn't have free ports for the requested pod ports)",
                    first.name,
                    second.name,
                    clash.port,
                    clash.protocol,
                    clash.ip,
                    count(both.len()),
                    some_nodes(&both)
                ),
                daemon_sets: vec![first.name.clone(), second.name.clone()],
                nodes: both,
            });
        }
    }
    out
}

/// Coverage: for each DaemonSet, the selected nodes it does not run on, and why.
pub fn not_covered(members: &[Member], nodes: &[NodeInfo], selected: &[bool], selector_text: &str) -> Vec<Finding> {
    let total = selected.iter().filter(|s| **s).count();
    let mut out = Vec::new();
    for m in members {
        let missed: Vec<usize> = (0..nodes.len()).filter(|&i| selected[i] && m.outcomes[i] != Outcome::Run).collect();
        let Some(&first) = missed.first() else {
            continue;
        };
        let names: Vec<String> = missed.iter().map(|&i| nodes[i].name.clone()).collect();
        let why = m.placement.reasons(&nodes[first]).into_iter().next().map(|r| r.detail).unwrap_or_default();
        out.push(Finding {
            code: "NotCovered",
            message: format!(
                "{} does not run on {} of the {} selected by {selector_text:?}: {} (on {}: {why})",
                m.name,
                names.len(),
                count(total),
                some_nodes(&names),
                nodes[first].name
            ),
            daemon_sets: vec![m.name.clone()],
            nodes: names,
        });
    }
    out
}
