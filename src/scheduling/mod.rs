//! Scheduling predicates the DaemonSet controller evaluates: taints and tolerations, label
//! requirements, and node affinity. Ported from kubernetes/component-helpers
//! `scheduling/corev1` and kubernetes/apimachinery `pkg/labels`.

pub mod label_parse;
pub mod labels;
pub mod node_affinity;
pub mod taints;

/// A node's labels: a small list, scanned (nodes carry 5 to 90 labels).
pub trait Labels {
    fn label_value(&self, key: &str) -> Option<&str>;
}

impl Labels for [(String, String)] {
    fn label_value(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

impl Labels for crate::model::StringMap {
    fn label_value(&self, key: &str) -> Option<&str> {
        crate::model::StringMap::get(self, key).map(String::as_str)
    }
}
