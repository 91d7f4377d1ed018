#![cfg(not(target_arch = "wasm32"))]
//! `controller-revision-hash` against hashes a real Kubernetes v1.35 controller wrote: the pods
//! of three DaemonSets recorded from a minikube v1.35.0 cluster (tests/fixtures/recorded-hashes,
//! SOURCES.md), two of whose templates hold resource quantities and an emptyDir sizeLimit. Each
//! DaemonSet is synced over its node and its recorded pod: the hash the sync computes must be
//! the pod's label, so the pod counts as updated and nothing is replaced.

use std::fs;
use std::path::Path;

use daemonset_planner::api::Source;
use daemonset_planner::controller::{sync, SyncOptions, SyncResult};
use daemonset_planner::release::Release;

fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    fs::read_to_string(dir.join(name)).unwrap()
}

fn recorded_label(pod: &str) -> String {
    let line = pod.lines().find_map(|l| l.trim().strip_prefix("controller-revision-hash:")).unwrap();
    line.trim().trim_matches('\'').to_string()
}

fn run(name: &str, release: Release) -> (SyncResult, String) {
    let ds = fixture(&format!("recorded-hashes/{name}.daemonset.yaml"));
    let pod = fixture(&format!("recorded-hashes/{name}.pod.yaml"));
    let nodes = fixture("nodes/newrelic-nri-kind-arm64-v1.35-nodes.yaml");
    let cluster = format!("{nodes}\n---\n{pod}");
    let options = SyncOptions {
        now: Some("2026-06-26T11:00:00Z".into()),
        kubernetes_version: Some(release),
        ..Default::default()
    };
    (sync(Source::Text(&ds), Source::Text(&cluster), &options).unwrap(), recorded_label(&pod))
}

fn check(name: &str) {
    let (r, want) = run(name, Release::V1_35);
    assert_eq!(r.hash_approximate, None, "{name}");
    assert_eq!(r.syncs[0].revision_hash.as_deref(), Some(want.as_str()), "{name}");
    assert_eq!(r.current.status.updated_number_scheduled, 1, "{name}: the recorded pod is up to date");
    assert!(r.syncs[0].created.is_empty() && r.syncs[0].deleted.is_empty(), "{name}: nothing to replace");
}

#[test]
fn quantities_in_requests_and_limits_hash_as_kubernetes() {
    check("kindnet");
}

#[test]
fn quantities_and_an_empty_dir_size_limit_hash_as_kubernetes() {
    check("e2e-daemonset");
}

#[test]
fn a_template_without_quantities_hashes_as_kubernetes() {
    check("kube-proxy");
}

/// A timestamp in the template cannot be reproduced (its `time.Location` is the controller
/// process's local zone): no hash is printed as if Kubernetes had computed it.
#[test]
fn a_timestamp_in_the_template_is_not_hashed() {
    let ds = fixture("recorded-hashes/kube-proxy.daemonset.yaml")
        .replace("creationTimestamp: null", "creationTimestamp: '2026-06-26T10:12:19Z'");
    let nodes = fixture("nodes/newrelic-nri-kind-arm64-v1.35-nodes.yaml");
    let options = SyncOptions { now: Some("2026-06-26T11:00:00Z".into()), ..Default::default() };
    let r = sync(Source::Text(&ds), Source::Text(&nodes), &options).unwrap();
    assert!(r.hash_approximate.as_deref().is_some_and(|why| why.contains("timestamp")), "{:?}", r.hash_approximate);
    let hash = r.syncs[0].revision_hash.clone().unwrap();
    assert!(hash.starts_with("uncomputed-"), "{hash}");
    assert_eq!(r.syncs[0].created[0].labels["controller-revision-hash"], hash);
}

/// A 1.36 controller walks a PodSpec whose last field is `SchedulingGroup` where 1.35's is
/// `WorkloadRef` (and 1.37's adds fields under volumes and probes): spew prints field names,
/// so with no ControllerRevision to reuse it names the same template differently (the pod
/// still counts as updated through its `pod-template-generation` label).
#[test]
fn later_releases_hash_the_same_template_differently() {
    let (r35, recorded) = run("kindnet", Release::V1_35);
    let (r36, _) = run("kindnet", Release::V1_36);
    let (r37, _) = run("kindnet", Release::V1_37);
    let h = |r: &SyncResult| r.syncs[0].revision_hash.clone().unwrap();
    assert_eq!(h(&r35), recorded);
    assert_ne!(h(&r36), recorded);
    assert_ne!(h(&r37), h(&r36));
    assert_eq!(r36.current.status.updated_number_scheduled, 1);
}
