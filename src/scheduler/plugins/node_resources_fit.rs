//! NodeResourcesFit (plugins/noderesources/fit.go).

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};

/// Mirrors `fitsRequest`: pod count, cpu, memory, ephemeral storage, then scalar resources;
/// `request > allocatable - requested` fails, and more than the whole node is unresolvable.
/// Each shortfall (`InsufficientResource`: the resource, `None` for the pod count, and
/// whether it is unresolvable) goes to `insufficient` in that order, so a fit builds nothing.
#[inline(always)]
fn fits_request(pod: &IncomingPod<'_>, node: &NodeView<'_>, mut insufficient: impl FnMut(Option<&str>, bool)) {
    let (req, alloc, used) = (&pod.pod.resource, node.allocatable, node.requested);
    if node.pod_count as i64 + 1 > alloc.allowed_pod_number {
        insufficient(None, false);
    }
    if req.milli_cpu == 0 && req.memory == 0 && req.ephemeral_storage == 0 && req.scalar_resources.is_empty() {
        return;
    }
    let mut check = |name: &str, want: i64, have: i64, taken: i64, skip_zero: bool| {
        if (!skip_zero || want > 0) && want > have.saturating_sub(taken) {
            insufficient(Some(name), want > have);
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
}

/// Mirrors `Fit.Filter`: every shortfall is a reason; any unresolvable one makes the whole
/// status UnschedulableAndUnresolvable.
#[inline(always)]
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    let mut status = None;
    fits_request(pod, node, |resource, unresolvable| add_reason(&mut status, resource, unresolvable));
    status
}

/// One shortfall into the status: `Too many pods` or `Insufficient <resource>`. Out of line:
/// a re-plan calls `filter` on thousands of nodes that fit.
#[cold]
#[inline(never)]
fn add_reason(status: &mut Option<Status>, resource: Option<&str>, unresolvable: bool) {
    let reason = match resource {
        None => "Too many pods".to_string(),
        Some(name) => format!("Insufficient {name}"),
    };
    let status = status.get_or_insert_with(|| Status { code: Code::Unschedulable, reasons: Vec::new() });
    status.reasons.push(reason);
    if unresolvable {
        status.code = Code::UnschedulableAndUnresolvable;
    }
}
