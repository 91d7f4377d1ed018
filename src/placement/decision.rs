//! `NodeShouldRunDaemonPod` and the reasons behind each "no".

use serde::Serialize;

use super::node::NodeInfo;
use super::tolerations::add_or_update_daemon_pod_tolerations;
use crate::model::{DaemonSet, Taint, Toleration};
use crate::release::Release;
use crate::scheduling::node_affinity::RequiredNodeAffinity;
use crate::scheduling::taints::{
    find_matching_untolerated_taint, is_no_execute, is_no_schedule_or_no_execute, tolerations_tolerate_taint,
    EFFECT_NO_EXECUTE,
};

/// The scheduler's words for each failing filter (kube-scheduler plugins' `ErrReason*`).
pub const REASON_NODE_NAME: &str = "node(s) didn't match the requested node name";
pub const REASON_NODE_AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";

/// The two answers of `NodeShouldRunDaemonPod`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// A node without a daemon pod gets one.
    pub should_run: bool,
    /// A daemon pod already running on the node may stay.
    pub should_continue_running: bool,
}

/// The decision in one word, for filters and tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The daemon pod runs here.
    Run,
    /// No new pod (an untolerated NoSchedule taint), but a running one stays.
    KeepRunning,
    /// Targeted, but an untolerated NoExecute taint keeps it off and evicts a running one.
    Evict,
    /// Not targeted: nodeName, nodeSelector or node affinity rule the node out.
    Exclude,
}

impl Decision {
    pub fn outcome(&self, excluded: bool) -> Outcome {
        match (self.should_run, self.should_continue_running) {
            (true, _) => Outcome::Run,
            (false, true) => Outcome::KeepRunning,
            (false, false) if excluded => Outcome::Exclude,
            (false, false) => Outcome::Evict,
        }
    }
}

/// Why a node gets no daemon pod, in the scheduler's words plus what to change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable: `NodeNameMismatch`, `NodeSelectorMismatch`, `NodeAffinityMismatch`, `UntoleratedTaint`.
    pub code: &'static str,
    /// As the selected release's kube-scheduler prints it: `node(s) had untolerated taint(s)`
    /// (the taint itself is in `detail` and `taint`).
    pub message: String,
    /// What decided it: the selector entry, term or taint, and what the node has instead.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taint: Option<Taint>,
}

/// The first failing filter, as a key to count by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FirstReason<'n> {
    NodeName,
    Taint(&'n str, &'n str),
    NodeAffinity,
}

impl FirstReason<'_> {
    /// The scheduler's words for it in `release`.
    pub fn message(&self, release: Release) -> String {
        match self {
            FirstReason::NodeName => REASON_NODE_NAME.to_string(),
            FirstReason::Taint(..) => release.untolerated_taint_reason().to_string(),
            FirstReason::NodeAffinity => REASON_NODE_AFFINITY.to_string(),
        }
    }
}

/// A DaemonSet compiled for placement: parsed once, then asked about each node.
#[derive(Clone, Debug)]
pub struct DaemonSetPlacement {
    template_node_name: String,
    affinity: RequiredNodeAffinity,
    /// The template's tolerations plus the controller's own, as on the simulated pod.
    tolerations: Vec<Toleration>,
    comparison_operators: bool,
    /// Whose scheduler words the reasons use.
    release: Release,
}

impl DaemonSetPlacement {
    /// `comparison_operators` is the controller manager's `TaintTolerationComparisonOperators`
    /// feature gate (alpha, off by default in 1.35 and 1.36).
    pub fn new(ds: &DaemonSet, comparison_operators: bool) -> DaemonSetPlacement {
        let spec = ds.pod_spec();
        let template_tolerations = spec.and_then(|s| s.tolerations.as_deref()).unwrap_or_default();
        let host_network = spec.is_some_and(|s| s.host_network());
        DaemonSetPlacement {
            template_node_name: spec.and_then(|s| s.node_name.clone()).unwrap_or_default(),
            affinity: RequiredNodeAffinity::from_pod_spec(spec),
            tolerations: add_or_update_daemon_pod_tolerations(template_tolerations, host_network),
            comparison_operators,
            release: Release::default(),
        }
    }

    /// Words the reasons as `release`'s scheduler does.
    pub fn with_release(self, release: Release) -> DaemonSetPlacement {
        DaemonSetPlacement { release, ..self }
    }

    /// The tolerations of the simulated (and created) pod.
    pub fn tolerations(&self) -> &[Toleration] {
        &self.tolerations
    }

    /// The node's first taint of those `include` picks that the pod does not tolerate
    /// (generic, not a `fn` pointer: the check inlines, as it runs for every taint of every node).
    fn untolerated<'n>(&self, node: &'n NodeInfo, include: impl Fn(&Taint) -> bool) -> Option<&'n Taint> {
        find_matching_untolerated_taint(&node.taints, &self.tolerations, include, self.comparison_operators)
    }

    /// Whether the `TaintTolerationComparisonOperators` gate was on when compiled.
    pub fn comparison_operators(&self) -> bool {
        self.comparison_operators
    }

    /// Mirrors `NodeShouldRunDaemonPod`:
    /// 1. a template `nodeName` naming another node rules the node out;
    /// 2. so does a nodeSelector or required node affinity the node does not match;
    /// 3. an untolerated NoSchedule or NoExecute taint stops new pods; a running pod stays
    ///    unless one of those taints is NoExecute.
    pub fn decide(&self, node: &NodeInfo) -> Decision {
        self.decide_explained(node).0
    }

    /// The decision and its outcome in one call.
    pub fn decide_with_outcome(&self, node: &NodeInfo) -> (Decision, Outcome) {
        let (decision, outcome, _) = self.decide_explained(node);
        (decision, outcome)
    }

    /// `decide`'s answer, its outcome and, for a node without a new pod, the filter
    /// kube-scheduler would stop at (what the summary counts, no text built): one pass over the
    /// node, which a plan makes for every node.
    pub fn decide_explained<'n>(&self, node: &'n NodeInfo) -> (Decision, Outcome, Option<FirstReason<'n>>) {
        const EXCLUDED: Decision = Decision { should_run: false, should_continue_running: false };
        if !self.template_node_name.is_empty() && self.template_node_name != node.name {
            (EXCLUDED, Outcome::Exclude, Some(FirstReason::NodeName))
        } else {
            let taint = self.untolerated(node, is_no_schedule_or_no_execute);
            let reason = taint.map(|t| FirstReason::Taint(&t.key, &t.value));
            match taint {
                _ if !self.affinity.matches(&node.name, &node.labels) => {
                    (EXCLUDED, Outcome::Exclude, reason.or(Some(FirstReason::NodeAffinity)))
                }
                None => (Decision { should_run: true, should_continue_running: true }, Outcome::Run, None),
                Some(t) => {
                    let stays = t.effect != EFFECT_NO_EXECUTE && self.untolerated(node, is_no_execute).is_none();
                    let decision = Decision { should_run: false, should_continue_running: stays };
                    (decision, decision.outcome(false), reason)
                }
            }
        }
    }

    /// Every reason the node gets no new pod, in the order `predicates` (pkg/controller/daemon)
    /// checks them: nodeName, then nodeSelector / node affinity, then taints; empty when the
    /// pod runs.
    pub fn reasons(&self, node: &NodeInfo) -> Vec<Reason> {
        let mut reasons = Vec::new();
        if !self.template_node_name.is_empty() && self.template_node_name != node.name {
            reasons.push(Reason {
                code: "NodeNameMismatch",
                message: REASON_NODE_NAME.into(),
                detail: format!("the pod template sets nodeName {:?}", self.template_node_name),
                taint: None,
            });
        }
        if let Some((code, detail)) = self.affinity.explain(&node.name, &node.labels) {
            reasons.push(Reason { code, message: REASON_NODE_AFFINITY.into(), detail, taint: None });
        }
        // An excluded node keeps no daemon pod, whatever its taints say.
        let excluded = !reasons.is_empty();
        for taint in node.taints.iter().filter(|t| is_no_schedule_or_no_execute(t)) {
            if tolerations_tolerate_taint(&self.tolerations, taint, self.comparison_operators) {
                continue;
            }
            reasons.push(Reason {
                code: "UntoleratedTaint",
                message: self.release.untolerated_taint_reason().to_string(),
                detail: taint_detail(taint, excluded),
                taint: Some(taint.clone()),
            });
        }
        reasons
    }
}

fn taint_detail(t: &Taint, excluded: bool) -> String {
    let written = if t.value.is_empty() {
        format!("{}:{}", t.key, t.effect)
    } else {
        format!("{}={}:{}", t.key, t.value, t.effect)
    };
    if excluded {
        format!("taint {written} is not tolerated either")
    } else if t.effect == "NoExecute" {
        format!("taint {written} is not tolerated: no new pod, and a running daemon pod is evicted")
    } else {
        format!("taint {written} is not tolerated: no new pod, but a running daemon pod stays")
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{plan, PlanOptions, Source};

    const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      nodeSelector: {pool: gpu}\n      containers: [{name: c, image: i}]\n";

    #[test]
    fn reasons_follow_the_controllers_order_and_exclusion_keeps_no_pod() {
        let nodes = "kind: Node\nmetadata: {name: n1, labels: {pool: cpu}}\nspec:\n  taints: [{key: k, value: v, effect: NoSchedule}]\n";
        let p = plan(Source::Text(DS), Source::Text(nodes), &PlanOptions::default()).unwrap();
        let codes: Vec<&str> = p.nodes[0].reasons.iter().map(|r| r.code).collect();
        assert_eq!(codes, ["NodeSelectorMismatch", "UntoleratedTaint"]);
        assert!(p.nodes[0].reasons.iter().all(|r| !r.detail.contains("stays")), "{:?}", p.nodes[0].reasons);
    }

    #[test]
    fn a_targeted_node_with_a_no_schedule_taint_keeps_its_pod() {
        let nodes = "kind: Node\nmetadata: {name: n1, labels: {pool: gpu}}\nspec:\n  taints: [{key: k, value: v, effect: NoSchedule}]\n";
        let p = plan(Source::Text(DS), Source::Text(nodes), &PlanOptions::default()).unwrap();
        assert_eq!(
            p.nodes[0].reasons[0].detail,
            "taint k=v:NoSchedule is not tolerated: no new pod, but a running daemon pod stays"
        );
    }
}
