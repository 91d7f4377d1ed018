//! plan: the input split at its first `\0` into the DaemonSet and the node list (a seed with
//! none plans itself against a small cluster).
#![no_main]
use daemonset_planner::api::{plan, PlanOptions, Source};
use libfuzzer_sys::fuzz_target;

const NODES: &[u8] = b"kind: NodeList\nitems:\n- metadata: {name: a, labels: {kubernetes.io/os: linux}}\n  spec: {taints: [{key: k, effect: NoSchedule}]}\n";

fuzz_target!(|data: &[u8]| {
    let (ds, nodes) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, NODES),
    };
    let options = PlanOptions { pods: true, ..Default::default() };
    let _ = plan(Source::Bytes(ds), Source::Bytes(nodes), &options);
});
