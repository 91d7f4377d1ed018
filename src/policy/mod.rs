//! Policy engines: an admission review entry point and the organisation's rules for DaemonSets.

pub mod review;
pub mod rules;
pub mod settings;

pub use review::{review, ReviewOptions};
pub use rules::{evaluate, RuleResult};
pub use settings::{FailurePolicy, Settings};
