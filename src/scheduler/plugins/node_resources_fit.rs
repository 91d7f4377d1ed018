//! NodeResourcesFit (plugins/noderesources/fit.go).

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};

/// One shortfall (`InsufficientResource`).
struct Insufficient {
    reason: String,
    unresolvable: bool,
}

/// Mirrors `fitsRequest`: pod count, cpu, memory, ephemeral storage, then scalar resources;
/// `request > allocatable - requested` fails, and more than the whole node is unresolvable.
fn fits_request(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Vec<Insufficient> {
    let mut out = Vec::new();
    let (req, alloc, used) = (&pod.pod.resource, node.allocatable, &node.requested);
    if node.pod_count as i64 + 1 > alloc.allowed_pod_number {
        out.push(Insufficient { reason: "Too many pods".into(), unresolvable: false });
    }
    if req.milli_cpu == 0 && req.memory == 0 && req.ephemeral_storage == 0 && req.scalar_resources.is_empty() {
        return out;
    }
    let mut check = |name: &str, want: i64, have: i64, taken: i64, skip_zero: bool| {
        if (!skip_zero || want > 0) && want > have.saturating_sub(taken) {
            out.push(Insufficient { reason: format!("Insufficient {name}"), unresolvable: want > have });
        }
    };
    check("cpu", req.milli_cpu, alloc.milli_cpu, used.milli_cpu, true);
    check("memory", req.memory, alloc.memory, used.memory, true);
    check("ephemeral-storage", req.ephemeral_storage, alloc.ephemeral_storage, used.ephemeral_storage, true);
    for (name, &want) in &req.scalar_resources {
        if want == 0 {
            continue;
        }
        check(name, want, alloc.scalar(name), used.scalar(name), false);
    }
    out
}

/// Mirrors `Fit.Filter`: every shortfall is a reason; any unresolvable one makes the whole
/// status UnschedulableAndUnresolvable.
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    let insufficient = fits_request(pod, node);
    if insufficient.is_empty() {
        return None;
    }
    let code = if insufficient.iter().any(|i| i.unresolvable) {
        Code::UnschedulableAndUnresolvable
    } else {
        Code::Unschedulable
    };
    Some(Status { code, reasons: insufficient.into_iter().map(|i| i.reason).collect() })
}
