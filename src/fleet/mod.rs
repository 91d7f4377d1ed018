//! Many DaemonSets against one cluster: the findings across them (gaps, overlaps, selector
//! overlaps, coverage) and, per DaemonSet, the change that would place it where it is missing.

pub mod changes;
pub mod family;
pub mod findings;
pub mod node_side;
pub mod suggest;

pub use findings::{Finding, Member};
pub use node_side::{node_change, NodeChange};
pub use suggest::{suggest, Suggestion, Suggestions};
