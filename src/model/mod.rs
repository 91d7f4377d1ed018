//! Wire types for the fields that matter, decoded from the document tree.
//!
//! Every field is an `Option`, because presence matters to validation (a nil selector is not an
//! empty one). Fields not modelled here are read past; they stay in the tree for the created Pod.

pub mod apps;
pub mod container_fields;
pub mod core;
pub mod intstr;
pub mod meta;
pub mod pod_fields;
pub mod quantity;
pub mod strconv;
pub mod volume_sources;

pub use apps::{DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
pub use core::*;
pub use intstr::IntOrString;
pub use meta::{LabelSelector, LabelSelectorRequirement, ObjectMeta, OwnerReference};
pub use quantity::Quantity;

/// Labels, annotations, nodeSelector: sorted, so errors come in a stable order (Go walks maps
/// in random order).
pub type StringMap = std::collections::BTreeMap<String, String>;
