#![cfg(not(target_arch = "wasm32"))]
//! The seed page's "Updating a DaemonSet" worked by hand: relabelled nodes, `--cascade=orphan`
//! and re-create, and 10-node rolling updates under maxUnavailable 2 and maxSurge 1.

use daemonset_planner::api::Source;
use daemonset_planner::controller::{diff, rollout, sync, DiffOptions, RolloutOptions, SyncOptions};
use serde_json::{json, Value};

const NOW: &str = "2026-01-01T01:00:00Z";

fn ds(image: &str, strategy: Value, node_selector: Option<Value>) -> Value {
    let mut spec = json!({"containers": [{"name": "agent", "image": image}]});
    if let Some(sel) = node_selector {
        spec["nodeSelector"] = sel;
    }
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "default", "uid": "uid-agent", "generation": 1,
                     "creationTimestamp": "2026-01-01T00:00:00Z",
                     "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {"selector": {"matchLabels": {"app": "agent"}}, "updateStrategy": strategy,
                 "template": {"metadata": {"labels": {"app": "agent"}}, "spec": spec}},
        "status": {"observedGeneration": 1}
    })
}

fn node(name: &str, labels: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels}})
}

/// A Ready pod of `agent` on `node`, from template generation 1 with `hash`.
fn pod(node: &str, hash: &str, owned: bool) -> Value {
    pod_of_generation(node, hash, owned, "1")
}

fn pod_of_generation(node: &str, hash: &str, owned: bool, generation: &str) -> Value {
    let mut p = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": format!("agent-{node}"), "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z",
                     "labels": {"app": "agent", "controller-revision-hash": hash, "pod-template-generation": generation}},
        "spec": {"nodeName": node, "containers": [{"name": "agent", "image": "x"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
    });
    if owned {
        p["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "agent", "uid": "uid-agent", "controller": true}]);
    }
    p
}

fn options() -> SyncOptions {
    SyncOptions { now: Some(NOW.into()), ..Default::default() }
}

/// The hash the controller gives the v1 template (what its pods carry).
fn current_hash(ds: &Value, nodes: &[Value]) -> String {
    let r = sync(Source::Text(&ds.to_string()), Source::Text(&json!(nodes).to_string()), &options()).unwrap();
    r.syncs[0].revision_hash.clone().unwrap()
}

fn rolling(max_unavailable: Value, max_surge: Value) -> Value {
    json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": max_unavailable, "maxSurge": max_surge}})
}

#[test]
fn relabelling_a_node_moves_the_pod() {
    let d = ds("agent:1", rolling(json!(1), json!(0)), Some(json!({"role": "worker"})));
    let nodes = [node("n1", json!({"role": "worker"})), node("n2", json!({"role": "worker"}))];
    let hash = current_hash(&d, &nodes);
    // n1 loses the label, n2 gains it; the pod sits on n1.
    let cluster = json!([node("n1", json!({})), node("n2", json!({"role": "worker"})), pod("n1", &hash, true)]);
    let r = sync(Source::Text(&d.to_string()), Source::Text(&cluster.to_string()), &options()).unwrap();
    let s = &r.syncs[0];
    assert_eq!(s.deleted, vec!["default/agent-n1"]);
    assert_eq!(s.delete_reasons["default/agent-n1"], "node should not run it (shouldContinueRunning=false)");
    assert_eq!(s.created.iter().map(|c| c.node.as_str()).collect::<Vec<_>>(), vec!["n2"]);
    assert_eq!((s.status.desired_number_scheduled, s.status.current_number_scheduled), (1, 1));
}

/// Pods of an old DaemonSet (their pod-template-generation `generation`) orphaned by
/// `kubectl delete --cascade=orphan`, then a DaemonSet with the same selector created.
fn orphan_story(new_image: &str, strategy: Value, generation: &str) -> daemonset_planner::controller::DiffResult {
    let old = ds("agent:1", rolling(json!(1), json!(0)), None);
    let nodes = [node("n1", json!({})), node("n2", json!({})), node("n3", json!({}))];
    let hash = current_hash(&old, &nodes);
    let mut cluster: Vec<Value> = nodes.to_vec();
    cluster.extend(["n1", "n2", "n3"].map(|n| pod_of_generation(n, &hash, true, generation)));
    let new = ds(new_image, strategy, None);
    let opts = DiffOptions { sync: options(), orphan: true, ..Default::default() };
    diff(
        Source::Text(&old.to_string()),
        Source::Text(&json!(cluster).to_string()),
        Some(Source::Text(&new.to_string())),
        None,
        &opts,
    )
    .unwrap()
}

#[test]
fn orphaned_pods_are_adopted_by_a_new_daemon_set_with_the_same_template() {
    let d = orphan_story("agent:1", rolling(json!(1), json!(0)), "1");
    assert_eq!(d.adopted, vec!["default/agent-n1", "default/agent-n2", "default/agent-n3"]);
    assert!(!d.template_changed);
    assert!(d.replaced.is_empty() && d.rollout.complete);
    assert_eq!(d.keep.len(), 3);
}

#[test]
fn orphaned_pods_with_another_template_are_replaced_under_rolling_update() {
    let d = orphan_story("agent:2", rolling(json!(1), json!(0)), "4");
    assert_eq!(d.adopted.len(), 3);
    assert!(d.template_changed);
    assert_eq!(d.replaced, vec!["n1", "n2", "n3"]);
    assert_eq!(d.rollout.waves.len(), 3);
    assert!(d.rollout.complete);
}

#[test]
fn orphans_from_generation_one_look_updated_to_a_new_generation_one() {
    let d = orphan_story("agent:2", rolling(json!(1), json!(0)), "1");
    assert_eq!(d.adopted.len(), 3);
    assert!(d.template_changed);
    // Adopted at generation 1, the new object is generation 1 too: pod-template-generation
    // still says "updated" (the generation-collision footgun), so nothing is replaced.
    assert!(d.replaced.is_empty(), "{:?}", d.replaced);
}

#[test]
fn orphaned_pods_are_kept_under_on_delete() {
    let d = orphan_story("agent:2", json!({"type": "OnDelete"}), "4");
    assert_eq!(d.adopted.len(), 3);
    assert!(d.replaced.is_empty());
    assert_eq!(d.rollout.outdated.len(), 3);
    assert!(d.rollout.waves.is_empty());
}

fn ten_node_rollout(strategy: Value) -> daemonset_planner::controller::RolloutPlan {
    let old = ds("agent:1", rolling(json!(1), json!(0)), None);
    let names: Vec<String> = (1..=10).map(|i| format!("n{i:02}")).collect();
    let nodes: Vec<Value> = names.iter().map(|n| node(n, json!({}))).collect();
    let hash = current_hash(&old, &nodes);
    let mut cluster = nodes.clone();
    cluster.extend(names.iter().map(|n| pod(n, &hash, true)));
    // The new template at generation 2.
    let mut new = ds("agent:2", strategy, None);
    new["metadata"]["generation"] = json!(2);
    new["metadata"]["annotations"]["deprecated.daemonset.template.generation"] = json!("2");
    rollout(
        Source::Text(&new.to_string()),
        Source::Text(&json!(cluster).to_string()),
        &options(),
        RolloutOptions { startup_seconds: 10, max_syncs: None },
    )
    .unwrap()
}

#[test]
fn ten_nodes_max_unavailable_two_roll_in_five_waves() {
    let r = ten_node_rollout(rolling(json!(2), json!(0)));
    assert!(r.complete, "{r:?}");
    assert_eq!(r.waves.len(), 5);
    assert!(r.waves.iter().all(|w| w.nodes.len() == 2 && w.mode == "deleteFirst"));
    // Each wave: delete, create next sync, Ready 10s later.
    assert_eq!(r.seconds, 50);
}

#[test]
fn ten_nodes_max_surge_one_roll_in_ten_waves() {
    let r = ten_node_rollout(rolling(json!(0), json!(1)));
    assert!(r.complete, "{r:?}");
    assert_eq!(r.waves.len(), 10);
    assert!(r.waves.iter().all(|w| w.nodes.len() == 1 && w.mode == "surge"));
    assert_eq!(r.seconds, 100);
}

#[test]
fn a_changed_node_list_gains_loses_and_keeps() {
    let d = ds("agent:1", rolling(json!(1), json!(0)), None);
    let nodes = [node("n1", json!({})), node("n2", json!({})), node("n3", json!({}))];
    let hash = current_hash(&d, &nodes);
    let mut cluster: Vec<Value> = nodes.to_vec();
    cluster.extend(["n1", "n2", "n3"].map(|n| pod(n, &hash, true)));
    // n1 tainted NoExecute (evicted), n2 NoSchedule (its pod stays), n3 removed, n4 added.
    let mut n1 = node("n1", json!({}));
    n1["spec"] = json!({"taints": [{"key": "maintenance", "effect": "NoExecute"}]});
    let mut n2 = node("n2", json!({}));
    n2["spec"] = json!({"taints": [{"key": "dedicated", "effect": "NoSchedule"}]});
    let after = json!([n1, n2, node("n4", json!({}))]);
    let opts = DiffOptions { sync: options(), ..Default::default() };
    let r = diff(
        Source::Text(&d.to_string()),
        Source::Text(&json!(cluster).to_string()),
        None,
        Some(Source::Text(&after.to_string())),
        &opts,
    )
    .unwrap();
    assert_eq!(
        (r.gain, r.lose, r.keep),
        (vec!["n4".to_string()], vec!["n1".to_string(), "n3".to_string()], vec!["n2".to_string()])
    );
    let first = &r.rollout.syncs[0];
    assert_eq!(first.deleted, vec!["default/agent-n1"], "n3's bound pod is left to PodGC");
    assert_eq!(first.created.iter().map(|c| c.node.as_str()).collect::<Vec<_>>(), vec!["n4"]);
    assert!(!r.template_changed);
}

#[test]
fn surge_with_a_host_port_is_named_and_stalls() {
    let names = ["n1", "n2"];
    let nodes: Vec<Value> = names.iter().map(|n| node(n, json!({}))).collect();
    let old = ds("agent:1", rolling(json!(0), json!(1)), None);
    let hash = current_hash(&old, &nodes);
    let mut cluster = nodes.clone();
    cluster.extend(names.iter().map(|n| pod(n, &hash, true)));
    let mut new = ds("agent:2", rolling(json!(0), json!(1)), None);
    new["metadata"]["generation"] = json!(2);
    new["metadata"]["annotations"]["deprecated.daemonset.template.generation"] = json!("2");
    new["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([{"containerPort": 9100, "hostPort": 9100}]);
    let r = rollout(
        Source::Text(&new.to_string()),
        Source::Text(&json!(cluster).to_string()),
        &options(),
        RolloutOptions::default(),
    )
    .unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("hostPort")), "{:?}", r.warnings);
    assert!(!r.complete);
    assert_eq!(r.waves.len(), 1, "the first surge pod never starts");
}

/// `settled`: a node list without pods stands for the DaemonSet as its controller leaves it
/// (a pod on every node it should run on), so a new image replaces those pods in waves, and
/// a node relabelled off the selector loses its pod in the first sync.
#[test]
fn settled_baseline_without_pods_rolls_out_the_new_image() {
    let names: Vec<String> = (1..=10).map(|i| format!("n{i}")).collect();
    let nodes: Vec<Value> = names.iter().map(|n| node(n, json!({"pool": "a"}))).collect();
    let old = ds("agent:1", rolling(json!(2), json!(0)), Some(json!({"pool": "a"})));
    let new = ds("agent:2", rolling(json!(2), json!(0)), Some(json!({"pool": "a"})));
    let opts = DiffOptions { sync: options(), settled: true, ..Default::default() };
    let r = diff(
        Source::Text(&old.to_string()),
        Source::Text(&json!(nodes).to_string()),
        Some(Source::Text(&new.to_string())),
        None,
        &opts,
    )
    .unwrap();
    assert!(r.template_changed);
    assert_eq!(r.keep.len(), 10);
    let mut replaced = r.replaced.clone();
    replaced.sort();
    let mut want = names.clone();
    want.sort();
    assert_eq!(replaced, want);
    assert_eq!(r.rollout.waves.len(), 5, "maxUnavailable 2 over 10 nodes");
    assert!(r.rollout.complete);

    let mut relabelled = nodes.clone();
    relabelled[2] = node("n3", json!({"pool": "b"}));
    let r = diff(
        Source::Text(&old.to_string()),
        Source::Text(&json!(nodes).to_string()),
        None,
        Some(Source::Text(&json!(relabelled).to_string())),
        &opts,
    )
    .unwrap();
    assert_eq!(r.lose, vec!["n3".to_string()]);
    assert!(r.rollout.syncs[0].deleted.iter().any(|p| r.rollout.syncs[0].delete_reasons.contains_key(p)));
    assert!(r.replaced.is_empty() && !r.template_changed);
}
