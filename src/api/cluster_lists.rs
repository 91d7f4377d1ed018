//! A cluster read from one list per kind, as a policy host serves them (Kubewarden's
//! `list_resources_all`): each item is handed over as its own JSON text, and its kind is the
//! list's, whether or not the item states it.

use super::cluster_input::ClusterBuilder;
use super::Cluster;
use crate::input::{parse_bytes, Filter, InputError};

/// A kind the cluster reader reads, and the fields it keeps of it (`Filter::NodeRoot`), as
/// dotted paths a host may prune the rest by (Kubewarden's `field_masks`; paths go through lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterKind {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub fields: &'static [&'static str],
}

pub const NODES: ClusterKind = ClusterKind {
    api_version: "v1",
    kind: "Node",
    fields: &[
        "metadata.name",
        "metadata.labels",
        "spec.taints",
        "spec.unschedulable",
        "status.conditions.type",
        "status.conditions.status",
        "status.allocatable",
        "status.capacity",
    ],
};

pub const PODS: ClusterKind = ClusterKind {
    api_version: "v1",
    kind: "Pod",
    fields: &[
        "metadata.name",
        "metadata.namespace",
        "metadata.labels",
        "metadata.ownerReferences",
        "metadata.deletionTimestamp",
        "spec.nodeName",
        "spec.priority",
        "spec.priorityClassName",
        "spec.preemptionPolicy",
        "spec.overhead",
        "spec.resources",
        "spec.hostNetwork",
        "spec.affinity",
        "spec.containers.name",
        "spec.containers.resources",
        "spec.containers.restartPolicy",
        "spec.containers.ports",
        "spec.initContainers.name",
        "spec.initContainers.resources",
        "spec.initContainers.restartPolicy",
        "spec.initContainers.ports",
        "status.phase",
        "status.startTime",
    ],
};

pub const PRIORITY_CLASSES: ClusterKind = ClusterKind {
    api_version: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    fields: &["metadata.name", "value", "globalDefault", "preemptionPolicy"],
};

pub const PODDISRUPTION_BUDGETS: ClusterKind = ClusterKind {
    api_version: "policy/v1",
    kind: "PodDisruptionBudget",
    fields: &[
        "metadata.name",
        "metadata.namespace",
        "spec.selector",
        "status.disruptionsAllowed",
        "status.disruptedPods",
    ],
};

/// What the scheduler's phase reads besides the nodes.
pub const SCHEDULER_KINDS: [ClusterKind; 3] = [PODS, PRIORITY_CLASSES, PODDISRUPTION_BUDGETS];

/// Collects list items kind by kind into a cluster.
#[derive(Default)]
pub struct ClusterLists {
    builder: ClusterBuilder,
}

impl ClusterLists {
    pub fn new() -> ClusterLists {
        ClusterLists::default()
    }

    /// Reads item `index` of the `kind` list from its JSON text; errors name the item.
    pub fn add_item(&mut self, kind: &ClusterKind, index: usize, json: &[u8]) -> Result<(), InputError> {
        let name = |e: InputError| {
            let message = format!("{}/{} list, item {index}: {}", kind.api_version, kind.kind, e.message);
            e.with_message(message)
        };
        let mut docs = parse_bytes(json, Filter::NodeRoot).map_err(name)?.docs;
        if docs.len() != 1 {
            return Err(name(InputError::new(
                crate::input::codes::WRONG_KIND,
                format!("expected one object, got {} documents", docs.len()),
            )));
        }
        self.builder.add_as(Some(kind.kind), docs.swap_remove(0)).map_err(name)
    }

    pub fn finish(self) -> Result<Cluster, InputError> {
        let (nodes, scheduler) = self.builder.finish()?;
        Ok(Cluster::from_parts(nodes, scheduler))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Filter;

    /// Every field named for the host is one the reader keeps (the masks never ask for less
    /// than the reader reads is checked by the Kubewarden host test, which prunes by them).
    #[test]
    fn masked_fields_are_read() {
        for kind in [NODES, PODS, PRIORITY_CLASSES, PODDISRUPTION_BUDGETS] {
            for path in kind.fields {
                let mut filter = Some(Filter::NodeRoot);
                for key in path.split('.') {
                    filter = filter.and_then(|f| f.child(key));
                }
                assert!(filter.is_some(), "{}: {path} is not read", kind.kind);
            }
        }
    }

    #[test]
    fn items_take_the_lists_kind() {
        let mut lists = ClusterLists::new();
        lists.add_item(&NODES, 0, br#"{"metadata":{"name":"a","labels":{"x":"1"}}}"#).unwrap();
        lists.add_item(&PODS, 0, br#"{"metadata":{"name":"p","namespace":"n"},"spec":{"nodeName":"a"}}"#).unwrap();
        lists.add_item(&PRIORITY_CLASSES, 0, br#"{"metadata":{"name":"high"},"value":1000}"#).unwrap();
        let cluster = lists.finish().unwrap();
        assert_eq!(cluster.nodes().len(), 1);
        assert_eq!(cluster.nodes()[0].name, "a");
        assert_eq!(cluster.scheduler_state().pods.len(), 1);
        assert_eq!(cluster.scheduler_state().priority_classes.len(), 1);
    }

    #[test]
    fn a_bad_item_is_named() {
        let mut lists = ClusterLists::new();
        let e = lists.add_item(&NODES, 3, br#"{"metadata":{"labels":{}}}"#).unwrap_err();
        assert!(e.message.starts_with("v1/Node list, item 3: "), "{}", e.message);
        let e = lists.add_item(&NODES, 4, b"{\"metadata\": ").unwrap_err();
        assert!(e.message.starts_with("v1/Node list, item 4: "), "{}", e.message);
        assert!(e.line.is_some());
    }
}
