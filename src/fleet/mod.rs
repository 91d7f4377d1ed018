//! Many DaemonSets against one cluster: the findings across them (gaps, overlaps, selector
//! overlaps, coverage) and, per DaemonSet, the change that would place it where it is missing.

pub mod changes;
pub mod family;
pub mod findings;
pub mod suggest;

pub use findings::{Finding, Member};
pub use suggest::{suggest, Suggestion, Suggestions};
