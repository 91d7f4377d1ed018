//! NodePorts (plugins/nodeports/node_ports.go).

use std::collections::HashSet;

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};
use crate::scheduler::objects::HostPort;

pub const ERR_REASON: &str = "node(s) didn't have free ports for the requested pod ports";

/// Mirrors `HostPortInfo.CheckConflict`: 0.0.0.0 conflicts with every IP on the same
/// protocol and port; a specific IP conflicts with itself and with 0.0.0.0.
pub fn check_conflict(used: &HashSet<HostPort>, want: &HostPort) -> bool {
    if want.port <= 0 {
        return false;
    }
    if want.ip == "0.0.0.0" {
        return used.iter().any(|u| u.protocol == want.protocol && u.port == want.port);
    }
    let any = HostPort { ip: "0.0.0.0".into(), protocol: want.protocol.clone(), port: want.port };
    used.contains(&any) || used.contains(want)
}

/// Mirrors `NodePorts.Filter` (`fitsPorts`).
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    pod.pod
        .host_ports
        .iter()
        .any(|p| check_conflict(&node.used_ports, p))
        .then(|| Status::new(Code::Unschedulable, ERR_REASON))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::objects::sanitize;

    /// `HostPortInfo.CheckConflict` and `sanitize`: empty IP is 0.0.0.0, empty protocol TCP.
    #[test]
    fn conflict_rules() {
        let used: HashSet<HostPort> = [sanitize("", "", 80), sanitize("10.0.0.1", "UDP", 53)].into_iter().collect();
        assert!(check_conflict(&used, &sanitize("", "TCP", 80)));
        assert!(check_conflict(&used, &sanitize("10.0.0.9", "", 80)), "0.0.0.0 holds every IP");
        assert!(!check_conflict(&used, &sanitize("", "UDP", 80)), "other protocol");
        assert!(!check_conflict(&used, &sanitize("", "SCTP", 80)));
        assert!(check_conflict(&used, &sanitize("", "UDP", 53)), "0.0.0.0 wants every IP");
        assert!(check_conflict(&used, &sanitize("10.0.0.1", "UDP", 53)));
        assert!(!check_conflict(&used, &sanitize("10.0.0.2", "UDP", 53)), "two specific IPs");
        assert!(!check_conflict(&used, &sanitize("::1", "UDP", 53)));
        assert!(!check_conflict(&used, &sanitize("", "", 0)));
    }
}
