//! Victim selection on one node: `SelectVictimsOnNode`, `MoreImportantPod`,
//! `filterPodsWithPDBViolation`.

use std::cmp::Ordering;

use crate::scheduler::framework::{run_filter_plugins, Code, IncomingPod, NodeView, Status};
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
    for (i, pod) in pods.iter().enumerate() {
        let mut violated = false;
        if !pod.labels.is_empty() {
            for (j, pdb) in pdbs.iter().enumerate() {
                let empty = matches!(&pdb.selector.0, None) || matches!(&pdb.selector.0, Some(r) if r.is_empty());
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
    let mut view = node.clone();
    for &i in &potential {
        view.remove_pod(pod.pod, pods[i]);
    }
    if let Some(status) = run_filter_plugins(pod, &view) {
        return Err(status);
    }
    // Upstream sorts with an unstable sort; equal keys here keep input order.
    potential.sort_by(|&a, &b| importance(pods[a], pods[b]));
    let ordered: Vec<&PodInfo> = potential.iter().map(|&i| pods[i]).collect();
    let (violating, non_violating) = filter_pods_with_pdb_violation(&ordered, pdbs);
    let mut victims = Vec::new();
    for &k in violating.iter().chain(&non_violating) {
        let p = ordered[k];
        view.add_pod(pod.pod, p);
        if run_filter_plugins(pod, &view).is_some() {
            view.remove_pod(pod.pod, p);
            victims.push(potential[k]);
        }
    }
    if !violating.is_empty() && !non_violating.is_empty() {
        victims.sort_by(|&a, &b| importance(pods[a], pods[b]));
    }
    Ok(victims)
}
