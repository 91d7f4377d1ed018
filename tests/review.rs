#![cfg(not(target_arch = "wasm32"))]
//! Admission review and policy rules through the core.

use daemonset_planner::api::{Cluster, Source};
use daemonset_planner::policy::{review, ReviewOptions, Settings};
use serde_json::{json, Value};

fn ds() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "ops"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {
                "containers": [{"name": "agent", "image": "registry.k8s.io/agent:1.0", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "64Mi"}}}],
                "tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]
            }}
        }
    })
}

fn ar(operation: &str, object: Value, old: Option<Value>) -> String {
    json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "705ab4f5-6393-11e8-b7cc-42010a800002", "kind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
        "resource": {"group": "apps", "version": "v1", "resource": "daemonsets"}, "operation": operation,
        "namespace": "ops", "name": "agent", "object": object, "oldObject": old
    }})
    .to_string()
}

fn run(text: &str, settings: &str, nodes: Option<&Cluster>) -> Value {
    review(
        Source::Text(text),
        &ReviewOptions {
            settings: Settings::parse(settings).unwrap(),
            nodes,
            comparison_operators: false,
            feature_gates: Default::default(),
        },
    )
}

#[test]
fn a_valid_daemon_set_is_admitted_and_the_uid_echoed() {
    let answer = run(&ar("CREATE", ds(), None), "", None);
    assert_eq!(answer["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(answer["kind"], "AdmissionReview");
    assert_eq!(answer["response"], json!({"uid": "705ab4f5-6393-11e8-b7cc-42010a800002", "allowed": true}));
}

#[test]
fn an_invalid_daemon_set_is_denied_as_the_api_server_would() {
    let mut bad = ds();
    bad["spec"]["template"]["spec"]["restartPolicy"] = json!("Never");
    let answer = run(&ar("CREATE", bad, None), "", None);
    let r = &answer["response"];
    assert_eq!(r["allowed"], false);
    assert_eq!(r["status"]["code"], 422);
    assert_eq!(r["status"]["reason"], "Invalid");
    assert_eq!(r["status"]["message"], "DaemonSet.apps \"agent\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
    assert_eq!(r["status"]["details"]["causes"][0]["field"], "spec.template.spec.restartPolicy");
}

#[test]
fn an_update_is_checked_against_the_old_object() {
    let mut changed = ds();
    changed["spec"]["selector"]["matchLabels"]["tier"] = json!("x");
    changed["spec"]["template"]["metadata"]["labels"]["tier"] = json!("x");
    let mut old = ds();
    old["metadata"]["resourceVersion"] = json!("7");
    let answer = run(&ar("UPDATE", changed, Some(old)), "", None);
    assert_eq!(answer["response"]["allowed"], false);
    assert_eq!(
        answer["response"]["status"]["details"]["causes"][0]["message"],
        "Invalid value: {\"matchLabels\":{\"app\":\"agent\",\"tier\":\"x\"}}: field is immutable"
    );
}

#[test]
fn policy_rules_deny_with_one_line_each() {
    let settings = "mustTolerate:\n- {key: node.kubernetes.io/gpu, effect: NoSchedule}\nforbidTolerateAll: true\nallowedRegistries: [ghcr.io/acme]\nrequireResources: {limits: [cpu]}\nallowHostNetwork: false\n";
    let answer = run(&ar("CREATE", ds(), None), settings, None);
    let r = &answer["response"];
    assert_eq!(r["allowed"], false);
    assert_eq!(r["status"]["code"], 403);
    let messages: Vec<&str> =
        r["status"]["details"]["causes"].as_array().unwrap().iter().map(|c| c["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "mustTolerate: does not tolerate node.kubernetes.io/gpu:NoSchedule: add {key: node.kubernetes.io/gpu, operator: Exists, effect: NoSchedule} to the tolerations",
            "requireResources: containers[0] (agent) sets no cpu limit",
            "allowedRegistries: image registry.k8s.io/agent:1.0 is not from an allowed registry (ghcr.io/acme)",
        ]
    );
    assert!(r["status"]["message"]
        .as_str()
        .unwrap()
        .starts_with("DaemonSet.apps \"agent\" is denied by policy: mustTolerate: "));
    let ok = run(&ar("CREATE", ds(), None), "mustTolerate:\n- {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}\nallowedRegistries: [registry.k8s.io]\n", None);
    assert_eq!(ok["response"]["allowed"], true);
}

#[test]
fn coverage_and_rollout_budget_against_a_node_snapshot() {
    let nodes = Cluster::load(Source::Text("items:\n- metadata: {name: a}\n- metadata: {name: b}\n- metadata: {name: c}\n  spec: {taints: [{key: gpu, effect: NoSchedule}]}\n")).unwrap();
    let answer = run(&ar("CREATE", ds(), None), "minCoverage: {percent: 90}\nmaxUnavailable: 10%\n", Some(&nodes));
    let causes = &answer["response"]["status"]["details"]["causes"];
    assert_eq!(causes[0]["message"], "minCoverage: runs on 2 of 3 nodes (66.7%); at least 90% required");
    // 10% of the 2 nodes it runs on rounds up to 1, as the controller scales it: within budget.
    assert_eq!(causes.as_array().unwrap().len(), 1);
    let strict = run(&ar("CREATE", ds(), None), "maxUnavailable: 0\n", Some(&nodes));
    assert_eq!(
        strict["response"]["status"]["details"]["causes"][0]["message"],
        "maxUnavailable: maxUnavailable 1 exceeds the policy's 0"
    );
    let without = run(&ar("CREATE", ds(), None), "minCoverage: {percent: 90}\n", None);
    assert_eq!(without["response"]["allowed"], true);
    assert_eq!(
        without["response"]["warnings"][0],
        "minCoverage: not checked: no node snapshot was given with the review"
    );
}

#[test]
fn other_kinds_and_operations_pass_untouched() {
    let pod = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u1", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "operation": "CREATE", "object": {}}});
    assert_eq!(run(&pod.to_string(), "", None)["response"], json!({"uid": "u1", "allowed": true}));
    let delete = ar("DELETE", Value::Null, Some(ds()));
    assert_eq!(run(&delete, "forbidTolerateAll: true", None)["response"]["allowed"], true);
}

#[test]
fn malformed_reviews_fail_closed_or_open_as_configured() {
    for bad in ["", "{", "kind: AdmissionReview", "{\"request\": {}}", &ar("CREATE", Value::Null, None)] {
        let closed = run(bad, "", None);
        assert_eq!(closed["response"]["allowed"], false, "{bad}");
        assert_eq!(closed["response"]["status"]["code"], 400, "{bad}");
        assert!(closed["response"]["status"]["message"].as_str().unwrap().starts_with("malformed AdmissionReview: "));
        let open = run(bad, "failurePolicy: Ignore", None);
        assert_eq!(open["response"]["allowed"], true, "{bad}");
    }
    let not_a_ds = ar("CREATE", json!({"kind": "DaemonSet", "spec": {"template": "nope"}}), None);
    let answer = run(&not_a_ds, "", None);
    assert_eq!(answer["response"]["allowed"], false);
    // A template of the wrong type does not decode: the API server's 400, before validation.
    assert_eq!(answer["response"]["status"]["code"], 400);
    assert_eq!(answer["response"]["status"]["reason"], "BadRequest");
}

/// Two schedulable nodes of 1 CPU; `busy` pods of 950m fill the first ones.
fn small_cluster(busy: usize) -> Cluster {
    let node = |n: &str| json!({"kind": "Node", "metadata": {"name": n}, "status": {"allocatable": {"cpu": "1", "memory": "4Gi", "pods": "110"}}});
    let pod = |i: usize| {
        json!({"kind": "Pod", "metadata": {"name": format!("busy-{i}"), "namespace": "apps"},
        "spec": {"nodeName": format!("n{i}"), "containers": [{"name": "c", "resources": {"requests": {"cpu": "950m"}}}]},
        "status": {"phase": "Running"}})
    };
    let mut items = vec![node("n0"), node("n1")];
    items.extend((0..busy).map(pod));
    Cluster::load(Source::Text(&json!({"kind": "List", "items": items}).to_string())).unwrap()
}

#[test]
fn max_pending_percent_counts_the_nodes_where_the_pod_stays_pending() {
    let text = ar("CREATE", ds(), None);
    let half = small_cluster(1);
    let denied = run(&text, "maxPendingPercent: 40", Some(&half));
    assert_eq!(denied["response"]["status"]["code"], 403, "{denied}");
    let message = denied["response"]["status"]["message"].as_str().unwrap();
    assert!(
        message.ends_with("maxPendingPercent: stays Pending on 1 of 2 targeted nodes (50.0%); at most 40% allowed"),
        "{message}"
    );
    assert_eq!(run(&text, "maxPendingPercent: 50", Some(&half))["response"]["allowed"], true);
    assert_eq!(run(&text, "maxPendingPercent: 0", Some(&small_cluster(0)))["response"]["allowed"], true);
    assert_eq!(run(&text, "maxPendingPercent: 40", Some(&small_cluster(2)))["response"]["allowed"], false);
}

#[test]
fn max_pending_percent_without_the_cluster_is_a_warning() {
    let text = ar("CREATE", ds(), None);
    let answer = run(&text, "maxPendingPercent: 10", None);
    assert_eq!(answer["response"]["allowed"], true);
    assert_eq!(
        answer["response"]["warnings"][0],
        "maxPendingPercent: not checked: no node snapshot was given with the review"
    );
    let no_allocatable = Cluster::load(Source::Text(r#"{"kind": "Node", "metadata": {"name": "n0"}}"#)).unwrap();
    let answer = run(&text, "maxPendingPercent: 10", Some(&no_allocatable));
    assert_eq!(
        answer["response"]["warnings"][0],
        "maxPendingPercent: not checked: no node states status.allocatable, so the scheduler's phase cannot run"
    );
}
