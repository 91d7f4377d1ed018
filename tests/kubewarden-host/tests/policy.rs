//! The Kubewarden policy under wasmtime with WASI, its cluster served by the host.

use kubewarden_host::cluster::{node_fixture, pod, session_cluster};
use kubewarden_host::{admission_request, read_yaml, root, session, Capability, Host, Served};
use serde_json::{json, Value};

/// A DaemonSet without tolerations or node selection, requesting `cpu`.
fn daemon_set(cpu: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "monitoring"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "agent", "image": "registry.k8s.io/agent:1.0",
                    "resources": {"requests": {"cpu": cpu}}}]},
            },
        },
    })
}

fn create(ds: &Value) -> Value {
    admission_request("CREATE", ds, None)
}

fn served() -> Host {
    Host::new(Capability::Served(Served::new()))
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or("")
}

fn warnings(answer: &Value) -> Vec<String> {
    answer["warnings"].as_array().into_iter().flatten().map(|w| w.as_str().unwrap().to_string()).collect()
}

/// Whether the DaemonSet controller places a pod that tolerates nothing of its own on `node`:
/// no NoSchedule or NoExecute taint but those it always tolerates.
fn runs_untolerating(node: &Value) -> bool {
    const TOLERATED: [(&str, &str); 6] = [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    node["spec"]["taints"].as_array().into_iter().flatten().all(|t| {
        let (key, effect) = (t["key"].as_str().unwrap_or(""), t["effect"].as_str().unwrap_or(""));
        effect == "PreferNoSchedule" || TOLERATED.contains(&(key, effect))
    })
}

const DUMPS: [&str; 3] = [
    "openshift-insights-aws-6node-nodelist.json",
    "sonobuoy-kind-v1.20-nodelist-one-notready.json",
    "cluster-autoscaler-kwok-kind-v1.26-3node-list.yaml",
];

#[test]
fn protocol_version() {
    assert_eq!(served().call("protocol_version", &json!(null)).unwrap(), json!("v1"));
}

#[test]
fn validate_settings_good_and_bad() {
    let host = served();
    let good = json!({"minCoverage": {"percent": 90}, "maxPendingPercent": 10, "failurePolicy": "Ignore"});
    let answer = host.call("validate_settings", &good).unwrap();
    assert_eq!((&answer["valid"], &answer["message"]), (&json!(true), &Value::Null), "{answer}");
    for (bad, says) in [
        (json!({"maxPendingPercent": 150}), "settings.maxPendingPercent: must be between 0 and 100, got 150"),
        (json!({"maxPendingPercent": "10%"}), "settings.maxPendingPercent: expected"),
        (json!({"minCoverage": {"percent": -5}}), "settings.minCoverage.percent: must be between 0 and 100"),
        (json!({"maxPendingShare": 0.1}), "unknown field `maxPendingShare`"),
    ] {
        let answer = host.call("validate_settings", &bad).unwrap();
        assert_eq!(answer["valid"], json!(false), "{bad}");
        assert!(message(&answer).contains(says), "{bad}: {answer}");
    }
}

#[test]
fn accepts_a_valid_daemon_set_without_asking_the_cluster() {
    let host = served();
    let answer = host.validate(&create(&daemon_set("100m")), &json!({"forbidTolerateAll": true}));
    assert_eq!(answer["accepted"], json!(true), "{answer}");
    assert!(host.calls().is_empty(), "no rule needs the cluster: {:?}", host.calls());
}

#[test]
fn denies_what_the_api_server_rejects_with_422() {
    let mut ds = daemon_set("100m");
    ds["spec"]["template"]["metadata"]["labels"]["app"] = json!("other");
    let answer = served().validate(&create(&ds), &json!({}));
    assert_eq!((answer["accepted"].clone(), answer["code"].clone()), (json!(false), json!(422)), "{answer}");
    assert!(message(&answer).contains("`selector` does not match template `labels`"), "{answer}");
}

#[test]
fn denies_what_the_settings_forbid_with_403() {
    let mut ds = daemon_set("100m");
    ds["spec"]["template"]["spec"]["tolerations"] = json!([{"operator": "Exists"}]);
    let answer = served().validate(&create(&ds), &json!({"forbidTolerateAll": true}));
    assert_eq!((answer["accepted"].clone(), answer["code"].clone()), (json!(false), json!(403)), "{answer}");
    assert!(message(&answer).contains("forbidTolerateAll: tolerations[0] tolerates every taint"), "{answer}");
}

#[test]
fn an_update_that_changes_the_selector_is_denied() {
    let old = daemon_set("100m");
    let mut new = old.clone();
    new["spec"]["selector"]["matchLabels"]["app"] = json!("agent2");
    new["spec"]["template"]["metadata"]["labels"]["app"] = json!("agent2");
    let answer = served().validate(&admission_request("UPDATE", &new, Some(&old)), &json!({}));
    assert_eq!((answer["accepted"].clone(), answer["code"].clone()), (json!(false), json!(422)), "{answer}");
    assert!(message(&answer).contains("spec.selector: Invalid value"), "{answer}");
    assert!(message(&answer).contains("field is immutable"), "{answer}");
    // The same object as a CREATE is fine: the denial is the update's.
    assert_eq!(served().validate(&create(&new), &json!({}))["accepted"], json!(true));
}

#[test]
fn min_coverage_against_real_node_dumps() {
    let nodes: Vec<Value> = DUMPS.iter().flat_map(|f| node_fixture(f)).collect();
    let runs = nodes.iter().filter(|n| runs_untolerating(n)).count();
    assert!(runs > 0 && runs < nodes.len(), "the dumps have tainted and untainted nodes");
    let share = 100.0 * runs as f64 / nodes.len() as f64;
    for prune in [false, true] {
        let serve = || Capability::Served(Served::new().with_node_fixtures(&DUMPS).pruning(prune));
        let host = Host::new(serve());
        let met = host.validate(&create(&daemon_set("100m")), &json!({"minCoverage": {"percent": share.floor()}}));
        assert_eq!(met["accepted"], json!(true), "{met}");
        let calls = host.calls();
        assert_eq!(calls.len(), 1, "nodes only: {calls:?}");
        assert_eq!(calls[0].operation, "kubewarden/kubernetes/list_resources_all");
        assert_eq!((&calls[0].payload["api_version"], &calls[0].payload["kind"]), (&json!("v1"), &json!("Node")));
        let masks = calls[0].payload["field_masks"].as_array().expect("field masks");
        assert!(masks.contains(&json!("metadata.labels")) && masks.contains(&json!("spec.taints")), "{masks:?}");

        let missed =
            Host::new(serve()).validate(&create(&daemon_set("100m")), &json!({"minCoverage": {"percent": 100}}));
        assert_eq!((missed["accepted"].clone(), missed["code"].clone()), (json!(false), json!(403)), "{missed}");
        let says =
            format!("minCoverage: runs on {runs} of {} nodes ({share:.1}%); at least 100% required", nodes.len());
        assert!(message(&missed).contains(&says), "{missed}");
    }
}

#[test]
fn min_coverage_counts_only_the_selected_nodes() {
    let nodes = node_fixture(DUMPS[0]);
    let workers = nodes.iter().filter(|n| runs_untolerating(n)).count();
    let settings = json!({"minCoverage": {"percent": 100,
        "nodeSelector": {"matchExpressions": [{"key": "node-role.kubernetes.io/master", "operator": "DoesNotExist"}]}}});
    let answer = Host::new(Capability::Served(Served::new().with_node_fixtures(&DUMPS[..1])))
        .validate(&create(&daemon_set("100m")), &settings);
    assert_eq!(answer["accepted"], json!(true), "{answer}");
    assert!(warnings(&answer).is_empty(), "{answer}");
    assert_eq!(workers, 3);
}

/// The 6-node dump with its first worker full: the agent's pod stays Pending there.
fn pending_cluster(prune: bool) -> Served {
    session_cluster().pruning(prune)
}

#[test]
fn max_pending_percent_denies_pods_that_would_stay_pending() {
    for prune in [false, true] {
        let host = Host::new(Capability::Served(pending_cluster(prune)));
        let denied = host.validate(&create(&daemon_set("500m")), &json!({"maxPendingPercent": 30}));
        assert_eq!((denied["accepted"].clone(), denied["code"].clone()), (json!(false), json!(403)), "{denied}");
        assert!(
            message(&denied)
                .contains("maxPendingPercent: stays Pending on 1 of 3 targeted nodes (33.3%); at most 30% allowed"),
            "{denied}"
        );
        let kinds: Vec<String> = host.calls().iter().map(|c| c.payload["kind"].as_str().unwrap().to_string()).collect();
        assert_eq!(kinds, ["Node", "Pod", "PriorityClass", "PodDisruptionBudget"]);

        let allowed = Host::new(Capability::Served(pending_cluster(prune)))
            .validate(&create(&daemon_set("500m")), &json!({"maxPendingPercent": 34}));
        assert_eq!(allowed["accepted"], json!(true), "{allowed}");
    }
    // A pod small enough for the rest of the full worker's CPU is not Pending anywhere.
    let fits = Host::new(Capability::Served(pending_cluster(true)))
        .validate(&create(&daemon_set("0")), &json!({"maxPendingPercent": 0}));
    assert_eq!(fits["accepted"], json!(true), "{fits}");
}

#[test]
fn max_pending_percent_counts_preemption_as_room() {
    let cluster = pending_cluster(true).with(
        "scheduling.k8s.io/v1",
        "PriorityClass",
        vec![json!({"apiVersion": "scheduling.k8s.io/v1",
            "kind": "PriorityClass", "metadata": {"name": "node-critical"}, "value": 1000000})],
    );
    let mut ds = daemon_set("500m");
    ds["spec"]["template"]["spec"]["priorityClassName"] = json!("node-critical");
    let answer = Host::new(Capability::Served(cluster)).validate(&create(&ds), &json!({"maxPendingPercent": 0}));
    assert_eq!(answer["accepted"], json!(true), "{answer}");
    // Not a warning: the rule ran and passed.
    assert!(warnings(&answer).iter().all(|w| !w.contains("maxPendingPercent")), "{answer}");
}

#[test]
fn a_host_that_refuses_the_capability() {
    let refusal = "Policy has not been granted access to Kubernetes v1/Node resources";
    let refused = || Host::new(Capability::Refused(refusal.into()));
    let fail = refused().validate(&create(&daemon_set("100m")), &json!({"minCoverage": {"percent": 50}}));
    assert_eq!((fail["accepted"].clone(), fail["code"].clone()), (json!(false), json!(500)), "{fail}");
    assert!(message(&fail).contains("the cluster context is not available: listing v1/Node failed"), "{fail}");
    assert!(message(&fail).contains(refusal), "{fail}");

    let settings = json!({"minCoverage": {"percent": 50}, "failurePolicy": "Ignore"});
    let ignore = refused().validate(&create(&daemon_set("100m")), &settings);
    assert_eq!(ignore["accepted"], json!(true), "{ignore}");
    let w = warnings(&ignore);
    assert!(w[0].contains(refusal) && w[0].contains("failurePolicy Ignore"), "{ignore}");
    // Under Ignore the other rules still run: an invalid object is still denied.
    let mut bad = daemon_set("100m");
    bad["spec"]["template"]["metadata"]["labels"]["app"] = json!("other");
    let invalid = refused().validate(&create(&bad), &settings);
    assert_eq!(invalid["code"], json!(422), "{invalid}");
}

#[test]
fn a_resource_the_metadata_does_not_grant_is_refused() {
    // Only nodes granted: maxPendingPercent also needs pods.
    let nodes = node_fixture(DUMPS[0]);
    let host_grants_nodes_only = Served::default().granting("v1", "Node").with("v1", "Node", nodes);
    let answer = Host::new(Capability::Served(host_grants_nodes_only))
        .validate(&create(&daemon_set("100m")), &json!({"maxPendingPercent": 10}));
    assert_eq!(answer["code"], json!(500), "{answer}");
    assert!(message(&answer).contains("listing v1/Pod failed"), "{answer}");
    assert!(message(&answer).contains("not been granted access to v1/Pod"), "{answer}");
}

#[test]
fn malformed_requests_under_both_failure_policies() {
    let host = served();
    let not_json = host.validate_raw(b"{not json");
    assert_eq!((not_json["accepted"].clone(), not_json["code"].clone()), (json!(false), json!(400)), "{not_json}");
    assert!(message(&not_json).starts_with("malformed validation request"), "{not_json}");

    let mut no_uid = create(&daemon_set("100m"));
    no_uid.as_object_mut().unwrap().remove("uid");
    let mut no_object = create(&daemon_set("100m"));
    no_object["object"] = Value::Null;
    for request in [no_uid, no_object] {
        let fail = host.validate(&request, &json!({"failurePolicy": "Fail"}));
        assert_eq!((fail["accepted"].clone(), fail["code"].clone()), (json!(false), json!(400)), "{fail}");
        assert!(message(&fail).starts_with("malformed AdmissionReview"), "{fail}");
        let ignore = host.validate(&request, &json!({"failurePolicy": "Ignore"}));
        assert_eq!(ignore["accepted"], json!(true), "{ignore}");
        assert!(warnings(&ignore)[0].contains("admitted: failurePolicy Ignore"), "{ignore}");
    }
    // Broken settings: denied under Fail (500), admitted with a warning under Ignore.
    let fail = host.validate(&create(&daemon_set("100m")), &json!({"maxPendingPercent": 101}));
    assert_eq!(fail["code"], json!(500), "{fail}");
    let ignore =
        host.validate(&create(&daemon_set("100m")), &json!({"maxPendingPercent": 101, "failurePolicy": "Ignore"}));
    assert_eq!(ignore["accepted"], json!(true), "{ignore}");
    assert!(host.calls().is_empty(), "{:?}", host.calls());
}

#[test]
fn the_recorded_kwctl_session_replays() {
    let exchanges = session::load(&root().join("examples/kubewarden/session.yml"));
    assert_eq!(exchanges.len(), 4);
    let review = read_yaml("examples/kubewarden/request.json");
    let settings = read_yaml("examples/kubewarden/settings.json");
    let replayed = Host::new(Capability::Replay(exchanges)).validate(&review["request"], &settings);
    // The session answers as the cluster it was recorded from does.
    let live = Host::new(Capability::Served(session_cluster())).validate(&review["request"], &settings);
    assert_eq!(replayed, live);
    assert_eq!(replayed["accepted"], json!(false), "{replayed}");
    assert!(message(&replayed).contains("minCoverage: runs on 3 of 6 nodes (50.0%)"), "{replayed}");
    assert!(message(&replayed).contains("maxPendingPercent: stays Pending on 1 of 3 targeted nodes"), "{replayed}");
    // A session that expects other requests is refused as kwctl refuses it.
    let other = vec![session::Exchange {
        request:
            "!KubernetesListResourceAll\napi_version: v1\nkind: Namespace\nlabel_selector: null\nfield_selector: null\n"
                .into(),
        response: session::Response::Success { payload: "{}".into() },
    }];
    let wrong = Host::new(Capability::Replay(other)).validate(&review["request"], &settings);
    assert_eq!(wrong["code"], json!(500), "{wrong}");
    assert!(message(&wrong).contains("Replay error: unexpected request"), "{wrong}");
}

#[test]
fn pod_lists_are_read_into_the_scheduler() {
    // The same full worker, its pod seen only when served: without it nothing is Pending.
    let nodes = node_fixture(DUMPS[0]);
    let empty = Served::new().with("v1", "Node", nodes.clone());
    let answer =
        Host::new(Capability::Served(empty)).validate(&create(&daemon_set("500m")), &json!({"maxPendingPercent": 0}));
    assert_eq!(answer["accepted"], json!(true), "{answer}");
    let worker = nodes.iter().find(|n| runs_untolerating(n)).unwrap()["metadata"]["name"].as_str().unwrap();
    let full = Served::new().with("v1", "Node", nodes.clone()).with("v1", "Pod", vec![pod("x", worker, "3200m")]);
    let answer =
        Host::new(Capability::Served(full)).validate(&create(&daemon_set("500m")), &json!({"maxPendingPercent": 0}));
    assert_eq!(answer["accepted"], json!(false), "{answer}");
}
