//! The cluster input: Nodes plus, in any mix, the cluster's Pods, PriorityClasses and
//! PodDisruptionBudgets (`kubectl get nodes,pods,priorityclasses,pdb -A -o json`). Other kinds
//! (ControllerRevisions, DaemonSets) are skipped here.

use crate::input::{codes, InputError, Node};
use crate::placement::{node::read_node, NodeInfo};
use crate::scheduler::objects::{read_allocatable, read_pdb, read_pod, read_priority_class};
use crate::scheduler::ClusterState;

/// Collects a cluster's objects one by one (from whole documents or from a stream).
#[derive(Default)]
pub struct ClusterBuilder {
    pub nodes: Vec<NodeInfo>,
    pub state: ClusterState,
    /// Pods read (terminal ones included), for messages.
    pods_seen: usize,
    /// Objects of any kind, to tell "no Node at all" apart from an empty input.
    kinds: Vec<String>,
}

impl ClusterBuilder {
    /// Reads one object by its kind; a kindless object is a Node (as Go clients dump them).
    pub fn add(&mut self, object: Node) -> Result<(), InputError> {
        let kind = object.str_at("kind").map(str::to_string);
        self.add_as(kind.as_deref(), object)
    }

    /// Reads one object as `kind` (a list's items may leave their own kind out).
    pub fn add_as(&mut self, kind: Option<&str>, object: Node) -> Result<(), InputError> {
        match kind {
            None | Some("Node") => {
                let index = self.nodes.len();
                let name = object.get("metadata").and_then(|m| m.str_at("name")).unwrap_or("").to_string();
                let allocatable = read_allocatable(&object, &name)?;
                self.nodes.push(read_node(object, index)?);
                self.state.allocatable.push(allocatable);
            }
            Some("Pod") => {
                self.pods_seen += 1;
                if let Some(pod) = read_pod(&object, self.pods_seen - 1)? {
                    self.state.pods.push(pod);
                }
            }
            Some("PriorityClass") => self.state.priority_classes.push(read_priority_class(&object)?),
            Some("PodDisruptionBudget") => self.state.pdbs.push(read_pdb(&object)?),
            Some(other) => {
                if self.kinds.len() < 8 && !self.kinds.iter().any(|k| k == other) {
                    self.kinds.push(other.to_string());
                }
            }
        }
        Ok(())
    }

    /// Indexes the pods by node; a cluster of other kinds only is refused as before.
    pub fn finish(mut self) -> Result<(Vec<NodeInfo>, ClusterState), InputError> {
        if self.nodes.is_empty() && (!self.kinds.is_empty() || self.pods_seen > 0) {
            let mut kinds = self.kinds.clone();
            if self.pods_seen > 0 {
                kinds.insert(0, "Pod".into());
            }
            return Err(InputError::new(
                codes::WRONG_KIND,
                format!("the node list holds no Node (found: {}); paste `kubectl get nodes -o yaml`", kinds.join(", ")),
            ));
        }
        self.state.finish(&self.nodes);
        Ok((self.nodes, self.state))
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{Cluster, Source};
    use crate::input::codes;

    const NODE: &str = r#"{"kind":"Node","metadata":{"name":"n1"},"status":{"capacity":{"cpu":"2","pods":"10"}}}"#;

    fn load(objects: &[&str]) -> Result<Cluster, crate::input::InputError> {
        let text = format!("[{}]", objects.join(","));
        Cluster::load(Source::Text(&text))
    }

    #[test]
    fn bad_objects_are_coded_errors() {
        let e = load(&[NODE, r#"{"kind":"Pod","metadata":{"namespace":"a"}}"#]).unwrap_err();
        assert_eq!(e.code, codes::INVALID_POD);
        let neg =
            r#"{"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"resources":{"requests":{"cpu":"-1"}}}]}}"#;
        assert_eq!(load(&[NODE, neg]).unwrap_err().code, codes::INVALID_QUANTITY);
        let bad = r#"{"kind":"Pod","metadata":{"name":"p"},"spec":{"overhead":{"memory":"1Qi"}}}"#;
        assert_eq!(load(&[NODE, bad]).unwrap_err().code, codes::INVALID_QUANTITY);
        let only_pods = r#"{"kind":"Pod","metadata":{"name":"p"}}"#;
        assert_eq!(load(&[only_pods]).unwrap_err().code, codes::WRONG_KIND);
    }

    #[test]
    fn documented_defaults() {
        let pdb =
            r#"{"kind":"PodDisruptionBudget","metadata":{"name":"b"},"spec":{"selector":{"matchLabels":{"a":"b"}}}}"#;
        let pc = r#"{"kind":"PriorityClass","metadata":{"name":"x"}}"#;
        let done = r#"{"kind":"Pod","metadata":{"name":"d"},"spec":{"nodeName":"n1"},"status":{"phase":"Succeeded"}}"#;
        let c = load(&[NODE, pdb, pc, done]).unwrap();
        let s = c.scheduler_state();
        assert_eq!(s.pdbs[0].disruptions_allowed, 0, "a PDB without status allows nothing");
        assert_eq!(s.priority_classes[0].value, 0, "a PriorityClass without value is 0");
        assert!(s.pods.is_empty(), "terminal pods are not kept");
        // Capacity stands in for allocatable only when allocatable is absent.
        assert_eq!(s.allocatable[0].as_ref().map(|r| r.milli_cpu), Some(2000));
        let bare = load(&[r#"{"kind":"Node","metadata":{"name":"n1"}}"#]).unwrap();
        assert!(!bare.scheduler_state().has_allocatable());
    }
}
