//! daemonset-planner: where will this DaemonSet run, and why not on that node?
//!
//! Given a DaemonSet and a node list, it answers as Kubernetes does: per node whether the
//! DaemonSet controller creates a daemon pod (`NodeShouldRunDaemonPod`) and why not, the Pod it
//! creates, the rollout budget, and what the API server says about the DaemonSet.
//!
//! The core (everything but `wasm`) never touches wasm or JavaScript types; `api` is the
//! host-neutral entry point.

pub mod api;
pub mod controller;
pub mod defaults;
pub mod feature_gates;
pub mod field;
pub mod fleet;
pub mod input;
pub mod model;
pub mod placement;
pub mod policy;
pub mod registry;
pub mod release;
pub mod rollout;
pub mod scheduler;
pub mod scheduling;
pub(crate) mod sort;
pub mod validation;
pub mod warnings;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod wasm;

#[cfg(target_os = "wasi")]
pub mod kubewarden;

pub use api::{plan, validate, Plan, PlanOptions, Source, ValidateOptions, Validation};
