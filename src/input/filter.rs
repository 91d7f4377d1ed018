//! What a reader builds. A DaemonSet is built whole; a node list keeps only what placement reads
//! (`metadata.name`, `metadata.labels`, `spec.taints`, `spec.unschedulable`, the conditions'
//! `type` and `status`)
//! and skips the rest (images, managedFields, annotations: most of a node's bytes) unbuilt.

/// Where a reader stands in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Build everything below.
    All,
    /// A document or list item of a node list: a Node, a List, or a bare `items` list.
    NodeRoot,
    NodeMetadata,
    NodeSpec,
    NodeStatus,
    /// A node's status once a non-null `allocatable` has been read: `capacity` no longer counts.
    NodeStatusSized,
    /// An item of `status.conditions`: only its `type` and `status`.
    NodeCondition,
    /// A pod's container or init container: what the scheduler reads (resources, ports).
    PodContainer,
}

impl Filter {
    /// The filter for the value of `key` in a mapping, or `None` to skip the value.
    pub fn child(self, key: &str) -> Option<Filter> {
        match (self, key) {
            (Filter::All, _) => Some(Filter::All),
            (Filter::NodeRoot, "apiVersion" | "kind") => Some(Filter::All),
            (Filter::NodeRoot, "items") => Some(Filter::NodeRoot),
            (Filter::NodeRoot, "metadata") => Some(Filter::NodeMetadata),
            (Filter::NodeRoot, "spec") => Some(Filter::NodeSpec),
            (Filter::NodeRoot, "status") => Some(Filter::NodeStatus),
            // PriorityClass fields sit at the root.
            (Filter::NodeRoot, "value" | "globalDefault" | "preemptionPolicy") => Some(Filter::All),
            (Filter::NodeMetadata, "name" | "labels") => Some(Filter::All),
            // Pods (and PDBs) in the same cluster input: what the scheduler reads.
            (Filter::NodeMetadata, "namespace" | "ownerReferences" | "deletionTimestamp") => Some(Filter::All),
            (Filter::NodeSpec, "taints" | "unschedulable") => Some(Filter::All),
            (
                Filter::NodeSpec,
                "nodeName" | "priority" | "priorityClassName" | "preemptionPolicy" | "overhead" | "resources"
                | "hostNetwork" | "affinity" | "selector",
            ) => Some(Filter::All),
            (Filter::NodeSpec, "containers" | "initContainers") => Some(Filter::PodContainer),
            (Filter::PodContainer, "name" | "resources" | "restartPolicy" | "ports") => Some(Filter::All),
            (Filter::NodeStatus | Filter::NodeStatusSized, "conditions") => Some(Filter::NodeCondition),
            (Filter::NodeStatus | Filter::NodeStatusSized, "allocatable") => Some(Filter::All),
            (Filter::NodeStatus, "capacity") => Some(Filter::All),
            (
                Filter::NodeStatus | Filter::NodeStatusSized,
                "phase" | "startTime" | "disruptionsAllowed" | "disruptedPods",
            ) => Some(Filter::All),
            (Filter::NodeCondition, "type" | "status") => Some(Filter::All),
            _ => None,
        }
    }

    /// The filter for the rest of a mapping once `key` has been kept, its value null or not.
    /// Capacity stands in for allocatable only when allocatable is absent (`SetDefaults_NodeStatus`);
    /// kubectl prints keys sorted, so `allocatable` comes first and `capacity` goes unbuilt.
    pub fn after(self, key: &str, null: bool) -> Filter {
        match (self, key) {
            (Filter::NodeStatus, "allocatable") if !null => Filter::NodeStatusSized,
            _ => self,
        }
    }

    /// The filter for list items (a list's items are read as the list itself is).
    pub fn item(self) -> Filter {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn labels_are_kept_whatever_they_are_called() {
        let labels = Filter::NodeRoot.child("metadata").and_then(|m| m.child("labels")).unwrap();
        assert_eq!(labels.child("images"), Some(Filter::All));
        assert_eq!(Filter::NodeRoot.child("status").and_then(|s| s.child("images")), None);
        assert_eq!(Filter::NodeRoot.child("metadata").and_then(|m| m.child("annotations")), None);
    }

    #[test]
    fn capacity_is_read_only_while_no_allocatable_has_been() {
        let status = Filter::NodeRoot.child("status").unwrap();
        assert_eq!(status.child("capacity"), Some(Filter::All));
        assert_eq!(status.after("allocatable", true).child("capacity"), Some(Filter::All));
        let sized = status.after("allocatable", false);
        assert_eq!(sized.child("capacity"), None);
        assert_eq!(sized.child("conditions"), Some(Filter::NodeCondition));
        assert_eq!(sized.child("allocatable"), Some(Filter::All));
        assert_eq!(Filter::All.after("allocatable", false), Filter::All);
    }
}
