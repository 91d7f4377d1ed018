//! Policy engines: an admission review entry point and the organisation's rules for DaemonSets.

pub mod failsafe;
pub mod pending;
pub mod review;
pub mod rules;
pub mod settings;

pub use failsafe::review_unconfigured;
pub use review::{review, ReviewOptions};
pub use rules::{evaluate, RuleResult};
pub use settings::{FailurePolicy, Settings};
