//! The scheduler's phase: what kube-scheduler (default profile, DefaultPreemption) does with
//! the pod the DaemonSet controller creates on a node. Layout mirrors pkg/scheduler:
//! `framework` (statuses, Filter order, FitError), `plugins` (one Filter each), `preemption`,
//! plus `resource` (component-helpers `PodRequests`), `priority` (admission) and `objects`
//! (the lean reading of Pods, PriorityClasses, PodDisruptionBudgets and node allocatable).

pub mod cluster_state;
pub mod framework;
pub mod objects;
pub mod plugins;
pub mod preemption;
pub mod priority;
pub mod report;
pub mod resource;
pub mod time;

pub use cluster_state::ClusterState;
pub use report::{DaemonScheduler, NodeScheduling, SchedulingSummary};
