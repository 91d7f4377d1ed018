//! Where the DaemonSet controller puts daemon pods: the per-node decision with its reasons, the
//! Pod it creates, and the FailedScheduling-style summary. Ported from kubernetes/kubernetes
//! `pkg/controller/daemon` (`daemon_controller.go`, `util/daemonset_util.go`).

pub mod decision;
pub mod label_set;
pub mod node;
pub mod pod;
pub mod stored_form;
pub mod summary;
pub mod tolerations;

pub use decision::{DaemonSetPlacement, Decision, Outcome, Reason};
pub use label_set::LabelSet;
pub use node::NodeInfo;
