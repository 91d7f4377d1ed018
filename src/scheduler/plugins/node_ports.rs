//! NodePorts (plugins/nodeports/node_ports.go).

use std::collections::{HashMap, HashSet};

use crate::scheduler::framework::{Code, IncomingPod, NodeView, Status};
use crate::scheduler::objects::HostPort;

pub const ERR_REASON: &str = "node(s) didn't have free ports for the requested pod ports";

/// Mirrors `HostPortInfo` (`map[ip]map[ProtocolPort]`), keyed the other way round so that a
/// 0.0.0.0 check is one look-up: (protocol, port) → the IPs bound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostPortInfo(HashMap<(String, i32), HashSet<String>>);

impl HostPortInfo {
    /// Mirrors `HostPortInfo.Add` (a set: adding twice keeps one entry).
    pub fn add(&mut self, p: &HostPort) {
        self.0.entry((p.protocol.clone(), p.port)).or_default().insert(p.ip.clone());
    }

    /// Mirrors `HostPortInfo.Remove`.
    pub fn remove(&mut self, p: &HostPort) {
        let key = (p.protocol.clone(), p.port);
        if let Some(ips) = self.0.get_mut(&key) {
            ips.remove(&p.ip);
            if ips.is_empty() {
                self.0.remove(&key);
            }
        }
    }

    /// Mirrors `HostPortInfo.CheckConflict`: 0.0.0.0 conflicts with every IP on the same
    /// protocol and port; a specific IP conflicts with itself and with 0.0.0.0.
    pub fn check_conflict(&self, want: &HostPort) -> bool {
        if want.port <= 0 {
            return false;
        }
        let Some(ips) = self.0.get(&(want.protocol.clone(), want.port)) else { return false };
        want.ip == "0.0.0.0" || ips.contains("0.0.0.0") || ips.contains(&want.ip)
    }
}

/// Mirrors `NodePorts.Filter` (`fitsPorts`).
#[inline(always)]
pub fn filter(pod: &IncomingPod<'_>, node: &NodeView<'_>) -> Option<Status> {
    pod.pod
        .host_ports
        .iter()
        .any(|p| node.used_ports.check_conflict(p))
        .then(|| Status::new(Code::Unschedulable, ERR_REASON))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::objects::sanitize;

    /// `HostPortInfo.CheckConflict` and `sanitize`: empty IP is 0.0.0.0, empty protocol TCP.
    #[test]
    fn conflict_rules() {
        let mut used = HostPortInfo::default();
        for p in [sanitize("", "", 80), sanitize("10.0.0.1", "UDP", 53), sanitize("10.0.0.3", "UDP", 54)] {
            used.add(&p);
        }
        let check_conflict = |u: &HostPortInfo, w: &HostPort| u.check_conflict(w);
        assert!(check_conflict(&used, &sanitize("", "TCP", 80)));
        assert!(check_conflict(&used, &sanitize("10.0.0.9", "", 80)), "0.0.0.0 holds every IP");
        assert!(!check_conflict(&used, &sanitize("", "UDP", 80)), "other protocol");
        assert!(!check_conflict(&used, &sanitize("", "SCTP", 80)));
        assert!(check_conflict(&used, &sanitize("", "UDP", 53)), "0.0.0.0 wants every IP");
        assert!(check_conflict(&used, &sanitize("10.0.0.1", "UDP", 53)));
        assert!(!check_conflict(&used, &sanitize("10.0.0.2", "UDP", 53)), "two specific IPs");
        assert!(!check_conflict(&used, &sanitize("::1", "UDP", 53)));
        assert!(!check_conflict(&used, &sanitize("", "", 0)));
        // HostPortInfo.Remove: the key goes, even when another pod had added it too.
        used.add(&sanitize("10.0.0.3", "UDP", 54));
        used.remove(&sanitize("10.0.0.3", "UDP", 54));
        assert!(!check_conflict(&used, &sanitize("", "UDP", 54)));
    }
}
