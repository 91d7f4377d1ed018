//! Victim selection on one node: `SelectVictimsOnNode`, `MoreImportantPod`,
//! `filterPodsWithPDBViolation`.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::scheduler::framework::{run_filter_plugins, Code, IncomingPod, NodeCopy, NodeView, Status};
use crate::scheduler::objects::{PodDisruptionBudget, PodInfo};

/// Mirrors `corev1helpers.PodPriority`: the admitted priority, 0 when none.
pub fn pod_priority(pod: &PodInfo) -> i32 {
    pod.priority.unwrap_or(0)
}

/// Mirrors `util.MoreImportantPod`: higher priority, then the earlier start time; a pod not
/// started counts as started now, after every real start time.
pub fn more_important_pod(a: &PodInfo, b: &PodInfo) -> bool {
    importance(a, b) == Ordering::Less
}

fn importance(a: &PodInfo, b: &PodInfo) -> Ordering {
    let (pa, pb) = (pod_priority(a), pod_priority(b));
    if pa != pb {
        return pb.cmp(&pa);
    }
    match (a.start_time, b.start_time) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Mirrors `filterPodsWithPDBViolation`: walking the pods in the given order, each matching
/// budget (same namespace, non-empty selector, pod not already in `disruptedPods`) loses one
/// allowed disruption; a pod that takes a budget below zero is violating. Order is kept.
pub fn filter_pods_with_pdb_violation(pods: &[&PodInfo], pdbs: &[&PodDisruptionBudget]) -> (Vec<usize>, Vec<usize>) {
    let mut allowed: Vec<i64> = pdbs.iter().map(|p| i64::from(p.disruptions_allowed)).collect();
    let (mut violating, mut non_violating) = (Vec::new(), Vec::new());
    // Budgets by namespace: only a pod's own namespace's budgets can match it.
    let mut by_namespace: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, pdb) in pdbs.iter().enumerate() {
        by_namespace.entry(pdb.namespace.as_str()).or_default().push(j);
    }
    for (i, pod) in pods.iter().enumerate() {
        let mut violated = false;
        if !pod.labels.is_empty() {
            let same_namespace = by_namespace.get(pod.namespace.as_str()).map_or(&[][..], Vec::as_slice);
            for (j, pdb) in same_namespace.iter().filter_map(|&j| Some((j, *pdbs.get(j)?))) {
                let empty = pdb.selector.0.is_none() || matches!(&pdb.selector.0, Some(r) if r.is_empty());
                if pdb.namespace != pod.namespace || empty || !pdb.selector.matches(&pod.labels) {
                    continue;
                }
                if pdb.disrupted_pods.contains(&pod.name) {
                    continue;
                }
                if let Some(a) = allowed.get_mut(j) {
                    *a -= 1;
                    if *a < 0 {
                        violated = true;
                    }
                }
            }
        }
        if violated {
            violating.push(i);
        } else {
            non_violating.push(i);
        }
    }
    (violating, non_violating)
}

/// Mirrors `DefaultPreemption.SelectVictimsOnNode`: remove every pod of strictly lower
/// priority; if the pod then fits, add them back in importance order (PDB-violating ones
/// first), keeping each that still lets it fit. Returns indexes into `pods`, in the order
/// the scheduler lists the victims, or the status that says why there are none.
pub fn select_victims_on_node(
    pod: &IncomingPod<'_>,
    node: &NodeView<'_>,
    pods: &[&PodInfo],
    pdbs: &[&PodDisruptionBudget],
) -> Result<Vec<usize>, Status> {
    let preemptor = pod_priority(pod.pod);
    let mut potential: Vec<usize> = (0..pods.len()).filter(|&i| pod_priority(pods[i]) < preemptor).collect();
    if potential.is_empty() {
        return Err(Status::new(Code::UnschedulableAndUnresolvable, "No preemption victims found for incoming pod"));
    }
    let mut copy = NodeCopy::of(node);
    for &i in &potential {
        copy.remove_pod(pod.pod, pods[i]);
    }
    if let Some(status) = run_filter_plugins(pod, &copy.view()) {
        return Err(status);
    }
    // Upstream sorts with an unstable sort; equal keys here keep input order.
    crate::sort::sort_by(&mut potential, |&a, &b| importance(pods[a], pods[b]));
    let ordered: Vec<&PodInfo> = potential.iter().map(|&i| pods[i]).collect();
    let (violating, non_violating) = filter_pods_with_pdb_violation(&ordered, pdbs);
    let mut victims = Vec::new();
    for &k in violating.iter().chain(&non_violating) {
        let p = ordered[k];
        copy.add_pod(pod.pod, p);
        if run_filter_plugins(pod, &copy.view()).is_some() {
            copy.remove_pod(pod.pod, p);
            victims.push(potential[k]);
        }
    }
    if !violating.is_empty() && !non_violating.is_empty() {
        crate::sort::sort_by(&mut victims, |&a, &b| importance(pods[a], pods[b]));
    }
    Ok(victims)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::placement::{LabelSet, NodeInfo};
    use crate::scheduler::resource::Resource;
    use crate::scheduling::labels::label_selector_as_selector;

    fn pod(name: &str, priority: i32, start: Option<i128>, milli_cpu: i64, labels: &[(&str, &str)]) -> PodInfo {
        PodInfo {
            namespace: "default".into(),
            name: name.into(),
            labels: LabelSet::from_pairs(labels.iter().copied()),
            priority: Some(priority),
            start_time: start,
            resource: Resource { milli_cpu, ..Default::default() },
            ..Default::default()
        }
    }

    fn pdb(app: &str, allowed: i32) -> PodDisruptionBudget {
        let selector = crate::model::LabelSelector {
            match_labels: Some([("app".to_string(), app.to_string())].into_iter().collect()),
            match_expressions: None,
        };
        PodDisruptionBudget {
            namespace: "default".into(),
            selector: label_selector_as_selector(Some(&selector)).unwrap(),
            disruptions_allowed: allowed,
            disrupted_pods: HashSet::new(),
        }
    }

    /// `MoreImportantPod`: priority first, then the earlier start; no start time is "now".
    #[test]
    fn more_important_pod_order() {
        assert!(more_important_pod(&pod("a", 10, Some(5), 0, &[]), &pod("b", 5, Some(1), 0, &[])));
        assert!(more_important_pod(&pod("a", 5, Some(1), 0, &[]), &pod("b", 5, Some(2), 0, &[])));
        assert!(more_important_pod(&pod("a", 5, Some(9), 0, &[]), &pod("b", 5, None, 0, &[])));
        assert!(!more_important_pod(&pod("a", 5, None, 0, &[]), &pod("b", 5, None, 0, &[])));
    }

    /// `filterPodsWithPDBViolation`: the most important match uses the allowance; pods
    /// without labels never violate; order is kept.
    #[test]
    fn pdb_split() {
        let (a, b, c) = (
            pod("a", 0, Some(1), 0, &[("app", "web")]),
            pod("b", 0, Some(2), 0, &[("app", "web")]),
            pod("c", 0, Some(3), 0, &[]),
        );
        let budget = pdb("web", 1);
        let (violating, non_violating) = filter_pods_with_pdb_violation(&[&a, &b, &c], &[&budget]);
        assert_eq!((violating, non_violating), (vec![1], vec![0, 2]));
        let mut disrupted = pdb("web", 0);
        disrupted.disrupted_pods.insert("a".into());
        assert_eq!(filter_pods_with_pdb_violation(&[&a], &[&disrupted]), (vec![], vec![0]));
    }

    /// `SelectVictimsOnNode`: strictly lower priority only; greedy reprieve in importance
    /// order (a more important big pod can go while a smaller one stays); PDB-violating pods
    /// are reprieved first, so they are evicted last.
    #[test]
    fn greedy_reprieve() {
        let node = NodeInfo { name: "n".into(), ..Default::default() };
        let allocatable = Resource { milli_cpu: 2000, allowed_pod_number: 110, ..Default::default() };
        let daemon = pod("ds", 100, None, 1000, &[]);
        let incoming = IncomingPod {
            pod: &daemon,
            tolerations: &[],
            node_selector: None,
            node_name: "",
            comparison_operators: false,
        };
        let pods = [
            pod("big", 10, Some(1), 1500, &[]),
            pod("small", 5, Some(2), 200, &[]),
            pod("peer", 100, Some(3), 100, &[]),
        ];
        let refs: Vec<&PodInfo> = pods.iter().collect();
        let (requested, ports) = (Resource::default(), Default::default());
        let empty = NodeView {
            node: &node,
            allocatable: &allocatable,
            requested: &requested,
            pod_count: 0,
            used_ports: &ports,
            affinity: None,
        };
        let mut copy = NodeCopy::of(&empty);
        for p in &pods {
            copy.add_pod(&daemon, p);
        }
        let view = copy.view();
        // Removing big and small frees 1.7 cpu: big (more important) is tried first and must go.
        assert_eq!(select_victims_on_node(&incoming, &view, &refs, &[]), Ok(vec![0]));
        let equal = pod("ds", 5, None, 1000, &[]);
        let only_equal = IncomingPod { pod: &equal, ..incoming };
        let err = select_victims_on_node(&only_equal, &view, &refs[1..], &[]).unwrap_err();
        assert_eq!(err.reasons, vec!["No preemption victims found for incoming pod".to_string()]);
    }
}
