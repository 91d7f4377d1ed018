#![cfg(not(target_arch = "wasm32"))]
//! Many DaemonSets at once: families, findings, and suggestions that are applied and planned
//! again here, so each promise is checked independently of the code that made it.

use daemonset_planner::api::{list_daemon_sets, plan, plan_all, PlanAllOptions, PlanOptions, Source};
use serde_json::{json, Value};

fn node(name: &str, labels: Value, taints: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
           "spec": {"taints": taints}})
}

fn daemon_set(namespace: &str, name: &str, labels: Value, pod_spec: Value) -> Value {
    let mut spec = json!({"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]});
    for (k, v) in pod_spec.as_object().unwrap() {
        spec[k] = v.clone();
    }
    json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
           "metadata": {"name": name, "namespace": namespace, "labels": labels},
           "spec": {"selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}})
}

fn list(items: Vec<Value>) -> String {
    json!({"apiVersion": "v1", "kind": "List", "items": items}).to_string()
}

fn family(name: &str) -> Value {
    json!({"app.kubernetes.io/name": name})
}

fn all(daemon_sets: Vec<Value>, nodes: Vec<Value>, options: PlanAllOptions) -> daemonset_planner::api::PlanAll {
    plan_all(vec![Source::Text(&list(daemon_sets))], Source::Text(&list(nodes)), &options).expect("planned")
}

fn codes(result: &daemonset_planner::api::PlanAll) -> Vec<&'static str> {
    result.findings.iter().map(|f| f.code).collect()
}

#[test]
fn linux_and_windows_halves_of_one_daemon_leave_no_gap_and_do_not_overlap() {
    let nodes = vec![
        node("linux-1", json!({"kubernetes.io/os": "linux"}), json!([])),
        node("linux-2", json!({"kubernetes.io/os": "linux"}), json!([])),
        node("win-1", json!({"kubernetes.io/os": "windows"}), json!([])),
    ];
    let result = all(
        vec![
            daemon_set(
                "monitoring",
                "node-exporter",
                family("node-exporter"),
                json!({"nodeSelector": {"kubernetes.io/os": "linux"}}),
            ),
            daemon_set(
                "monitoring",
                "node-exporter-windows",
                family("node-exporter"),
                json!({"nodeSelector": {"kubernetes.io/os": "windows"}}),
            ),
        ],
        nodes,
        PlanAllOptions::default(),
    );
    assert_eq!(result.plans.len(), 2);
    assert!(result.findings.is_empty(), "{:#?}", result.findings);
    let win = &result.nodes[2];
    assert_eq!(win.name, "win-1");
    let outcomes: Vec<(&str, String)> =
        win.daemon_sets.iter().map(|d| (d.name.as_str(), format!("{:?}", d.outcome))).collect();
    assert_eq!(
        outcomes,
        [("monitoring/node-exporter", "Exclude".to_string()), ("monitoring/node-exporter-windows", "Run".to_string())]
    );
}

#[test]
fn two_log_agents_on_the_same_nodes_overlap() {
    let nodes = vec![node("a", json!({}), json!([])), node("b", json!({}), json!([]))];
    let result = all(
        vec![
            daemon_set("logging", "fluentd", json!({}), json!({})),
            daemon_set("logging", "fluent-bit", json!({}), json!({})),
        ],
        nodes,
        PlanAllOptions {
            families: [("log-agent".to_string(), vec!["fluentd".to_string(), "logging/fluent-bit".to_string()])].into(),
            ..Default::default()
        },
    );
    assert_eq!(codes(&result), ["Overlap"]);
    let f = &result.findings[0];
    assert_eq!(f.daemon_sets, ["logging/fluentd", "logging/fluent-bit"]);
    assert_eq!(f.nodes, ["a", "b"]);
    assert_eq!(f.message, "logging/fluentd and logging/fluent-bit (family \"log-agent\") both run on 2 nodes: a, b");
}

#[test]
fn selectors_that_match_each_others_pods_are_found_within_a_namespace_only() {
    let mut wide = daemon_set("kube-system", "agent", json!({}), json!({}));
    wide["spec"]["selector"] = json!({"matchLabels": {"tier": "node"}});
    wide["spec"]["template"]["metadata"]["labels"] = json!({"tier": "node", "app": "agent"});
    let mut other = daemon_set("kube-system", "proxy", json!({}), json!({}));
    other["spec"]["template"]["metadata"]["labels"] = json!({"tier": "node", "app": "proxy"});
    let mut elsewhere = other.clone();
    elsewhere["metadata"]["namespace"] = json!("monitoring");
    let result = all(vec![wide, other, elsewhere], vec![node("a", json!({}), json!([]))], PlanAllOptions::default());
    assert_eq!(codes(&result), ["SelectorOverlap"]);
    assert_eq!(
        result.findings[0].message,
        "kube-system/agent and kube-system/proxy kube-system/agent's selector matches kube-system/proxy's pod labels: give each DaemonSet a selector only its own pods match"
    );
}

#[test]
fn a_gpu_plugin_family_split_by_accelerator_has_a_gap_only_where_a_taint_keeps_it_off() {
    let nodes = vec![
        node("nvidia-1", json!({"accelerator": "nvidia"}), json!([])),
        node("intel-1", json!({"accelerator": "intel"}), json!([])),
        node("cpu-1", json!({}), json!([])),
        node(
            "nvidia-2",
            json!({"accelerator": "nvidia"}),
            json!([{"key": "gpu", "value": "true", "effect": "NoSchedule"}]),
        ),
    ];
    let result = all(
        vec![
            daemon_set(
                "kube-system",
                "nvidia-plugin",
                family("gpu-plugin"),
                json!({"nodeSelector": {"accelerator": "nvidia"}}),
            ),
            daemon_set(
                "kube-system",
                "intel-plugin",
                family("gpu-plugin"),
                json!({"nodeSelector": {"accelerator": "intel"}}),
            ),
        ],
        nodes,
        PlanAllOptions::default(),
    );
    assert_eq!(codes(&result), ["Gap"]);
    let gap = &result.findings[0];
    assert_eq!(gap.nodes, ["nvidia-2"]);
    assert_eq!(
        gap.message,
        "no DaemonSet of family \"gpu-plugin\" runs on 1 node: nvidia-2 (on nvidia-2, kube-system/nvidia-plugin: taint gpu=true:NoSchedule is not tolerated: no new pod, but a running daemon pod stays)"
    );
}

#[test]
fn coverage_names_the_selected_nodes_a_daemon_set_misses() {
    let nodes = vec![
        node("linux-1", json!({"kubernetes.io/os": "linux"}), json!([])),
        node("linux-2", json!({"kubernetes.io/os": "linux"}), json!([{"key": "spot", "effect": "NoSchedule"}])),
        node("win-1", json!({"kubernetes.io/os": "windows"}), json!([])),
    ];
    let result = all(
        vec![daemon_set("kube-system", "agent", json!({}), json!({}))],
        nodes,
        PlanAllOptions { coverage: Some("kubernetes.io/os=linux".into()), ..Default::default() },
    );
    assert_eq!(codes(&result), ["NotCovered"]);
    assert_eq!(result.findings[0].nodes, ["linux-2"]);
    let bad = plan_all(
        vec![Source::Text(&list(vec![daemon_set("a", "b", json!({}), json!({}))]))],
        Source::Text(&list(vec![node("n", json!({}), json!([]))])),
        &PlanAllOptions { coverage: Some("os in linux".into()), ..Default::default() },
    );
    assert_eq!(bad.unwrap_err().code, "INVALID_OPTIONS");
}

#[test]
fn names_pick_by_namespace_and_a_shared_bare_name_is_ambiguous() {
    let text = list(vec![
        daemon_set("kube-system", "agent", json!({}), json!({})),
        daemon_set("monitoring", "agent", json!({}), json!({})),
    ]);
    let listed = list_daemon_sets(Source::Text(&text)).unwrap();
    let names: Vec<String> = listed.iter().map(|d| format!("{}/{}", d.namespace, d.name)).collect();
    assert_eq!(names, ["kube-system/agent", "monitoring/agent"]);
    let nodes = list(vec![node("n", json!({}), json!([]))]);
    let picked = plan(
        Source::Text(&text),
        Source::Text(&nodes),
        &PlanOptions { name: Some("monitoring/agent".into()), ..Default::default() },
    );
    assert_eq!(picked.unwrap().daemon_set.namespace, "monitoring");
    let err = plan(
        Source::Text(&text),
        Source::Text(&nodes),
        &PlanOptions { name: Some("agent".into()), ..Default::default() },
    )
    .unwrap_err();
    assert_eq!(err.code, "SEVERAL_DAEMONSETS");
    assert_eq!(
        err.message,
        "2 DaemonSets are named \"agent\" (\"kube-system/agent\", \"monitoring/agent\"): name one as namespace/name"
    );
}

#[test]
fn every_fixture_daemon_set_planned_together_agrees_with_planning_each_alone() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("daemonsets")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "json")) {
        let text = std::fs::read_to_string(f).unwrap();
        // Removed API versions are refused by plan and planAll alike.
        if list_daemon_sets(Source::Text(&text)).is_ok_and(|l| !l.is_empty()) && !text.contains("extensions/v1beta1") {
            texts.push(text);
        }
    }
    // Two fixture files hold a DaemonSet of the same name: each is planned from its own file.
    let expected: Vec<(usize, String)> = texts
        .iter()
        .enumerate()
        .flat_map(|(t, text)| {
            list_daemon_sets(Source::Text(text))
                .unwrap()
                .into_iter()
                .map(move |d| (t, format!("{}/{}", d.namespace, d.name)))
        })
        .collect();
    assert!(expected.len() >= 30, "{} DaemonSets", expected.len());
    let mut dumps: Vec<_> = std::fs::read_dir(dir.join("nodes")).unwrap().map(|e| e.unwrap().path()).collect();
    dumps.sort();
    for dump in dumps.iter().filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "json")) {
        let nodes = std::fs::read_to_string(dump).unwrap();
        let sources = texts.iter().map(|t| Source::Text(t)).collect();
        let result = plan_all(sources, Source::Text(&nodes), &PlanAllOptions::default()).unwrap();
        assert_eq!(result.plans.len(), expected.len(), "{}", dump.display());
        let sources: Vec<(usize, String)> =
            result.daemon_sets.iter().map(|d| (d.source, format!("{}/{}", d.namespace, d.name))).collect();
        assert_eq!(sources, expected);
        for (p, (t, name)) in result.plans.iter().zip(&expected) {
            let options = PlanOptions { name: Some(name.clone()), ..Default::default() };
            let alone = plan(Source::Text(&texts[*t]), Source::Text(&nodes), &options)
                .unwrap_or_else(|e| panic!("{name} plans alone: {e}"));
            assert_eq!(p.nodes, alone.nodes, "{name} on {}", dump.display());
            assert_eq!(p.summary, alone.summary, "{name} on {}", dump.display());
        }
    }
}

#[test]
fn linux_and_windows_halves_of_real_csi_drivers_share_a_selector() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/daemonsets");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let nodes = read("../nodes/openshift-insights-aws-6node-nodelist.json");
    for (linux, windows, family) in [
        ("aws-ebs-csi-driver-node.yaml", "aws-ebs-csi-driver-node-windows.yaml", Some("aws-ebs-csi-driver")),
        ("secrets-store-csi-driver.yaml", "secrets-store-csi-driver-windows.yaml", None),
    ] {
        let (first, second) = (read(linux), read(windows));
        let sources = vec![Source::Text(&first), Source::Text(&second)];
        let result = plan_all(sources, Source::Text(&nodes), &PlanAllOptions::default()).unwrap();
        // The OS split keeps them off each other's nodes; one selector serves both.
        let found = codes(&result);
        assert!(found.contains(&"SelectorOverlap"), "{linux}: {found:?}");
        assert!(!found.contains(&"Overlap"), "{linux}: {found:?}");
        assert_eq!(result.plans[0].summary.desired_number_scheduled, 6, "{linux}");
        if family.is_some() {
            assert!(!found.contains(&"Gap"), "{linux}: {found:?}");
        }
    }
}

/// RFC 7386 JSON merge patch, written here independently of the code under test.
fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(fields) => {
            if !target.is_object() {
                *target = json!({});
            }
            for (k, v) in fields {
                if v.is_null() {
                    target.as_object_mut().unwrap().remove(k);
                } else {
                    merge(target.as_object_mut().unwrap().entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

fn running(ds: &Value, nodes: &str) -> Vec<String> {
    let p = plan(Source::Text(&ds.to_string()), Source::Text(nodes), &PlanOptions::default()).unwrap();
    p.nodes.into_iter().filter(|n| n.should_run).map(|n| n.name).collect()
}

/// Plans with suggestions; for the suggestions on `node`, applies each patch and checks that it
/// places the daemon on exactly `gains` more nodes, `node` among them. Returns the messages.
fn checked_suggestions(ds: &Value, nodes: &[Value], at: &str) -> Vec<String> {
    let nodes = list(nodes.to_vec());
    let options = PlanOptions { suggestions: true, ..Default::default() };
    let planned = plan(Source::Text(&ds.to_string()), Source::Text(&nodes), &options).unwrap();
    let before = running(ds, &nodes);
    let blocked = planned.nodes.iter().find(|n| n.name == at).unwrap();
    let suggestions = blocked.suggestions.clone().unwrap_or_default();
    for s in &suggestions {
        let mut patched = ds.clone();
        merge(&mut patched, &serde_json::from_str(&s.patch).unwrap());
        let after = running(&patched, &nodes);
        assert!(before.iter().all(|n| after.contains(n)), "{}: loses nodes", s.message);
        let gained: Vec<&String> = after.iter().filter(|n| !before.contains(n)).collect();
        assert_eq!(gained.len(), s.gains, "{}: {gained:?}", s.message);
        assert!(gained.iter().any(|n| *n == at), "{}: does not place {at}", s.message);
        assert!(s.message.ends_with(&format!(
            "→ runs on {} more node{}",
            s.gains,
            if s.gains == 1 { "" } else { "s" }
        )));
    }
    suggestions.into_iter().map(|s| s.message).collect()
}

fn taint(key: &str, value: &str, effect: &str) -> Value {
    json!({"key": key, "value": value, "effect": effect})
}

#[test]
fn suggestions_tolerate_exactly_the_taints_in_the_way() {
    let ds = daemon_set("kube-system", "agent", json!({}), json!({}));
    let spot = json!([taint("spot", "true", "NoSchedule")]);
    let nodes = vec![
        node("plain", json!({}), json!([])),
        node("spot-1", json!({}), spot.clone()),
        node("spot-2", json!({}), spot.clone()),
        node(
            "spot-gpu",
            json!({}),
            json!([taint("spot", "true", "NoSchedule"), taint("nvidia.com/gpu", "", "NoExecute")]),
        ),
        node("cp", json!({}), json!([taint("node-role.kubernetes.io/control-plane", "", "NoSchedule")])),
    ];
    assert_eq!(
        checked_suggestions(&ds, &nodes, "spot-1"),
        ["add toleration {key: spot, operator: Equal, value: \"true\", effect: NoSchedule} → runs on 2 more nodes"]
    );
    assert_eq!(
        checked_suggestions(&ds, &nodes, "spot-gpu"),
        ["add toleration {key: nvidia.com/gpu, operator: Exists, effect: NoExecute}; add toleration {key: spot, operator: Equal, value: \"true\", effect: NoSchedule} → runs on 3 more nodes"]
    );
    assert_eq!(
        checked_suggestions(&ds, &nodes, "cp"),
        ["add toleration {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule} → runs on 1 more node"]
    );
    // A toleration the DaemonSet already has stays in the patch: lists are replaced whole.
    let mut tolerant = ds.clone();
    tolerant["spec"]["template"]["spec"]["tolerations"] = json!([{"key": "a", "operator": "Exists"}]);
    assert_eq!(checked_suggestions(&tolerant, &nodes, "cp").len(), 1);
}

#[test]
fn suggestions_widen_a_node_selector_and_say_so_but_never_across_os_or_arch() {
    let ssd = daemon_set("kube-system", "agent", json!({}), json!({"nodeSelector": {"disktype": "ssd"}}));
    let nodes = vec![
        node("ssd", json!({"disktype": "ssd"}), json!([])),
        node("nvme-1", json!({"disktype": "nvme"}), json!([])),
        node("nvme-2", json!({"disktype": "nvme"}), json!([])),
        node("none", json!({}), json!([])),
    ];
    assert_eq!(
        checked_suggestions(&ssd, &nodes, "nvme-1"),
        ["accept disktype=nvme beside disktype=ssd (nodeSelector disktype: ssd → node affinity disktype In [ssd, nvme]) → runs on 2 more nodes"]
    );
    // A node without the label: nothing on the DaemonSet's side would place it.
    assert!(checked_suggestions(&ssd, &nodes, "none").is_empty());
    let planned = plan(
        Source::Text(&ssd.to_string()),
        Source::Text(&list(nodes.clone())),
        &PlanOptions { suggestions: true, ..Default::default() },
    )
    .unwrap();
    let s = planned.nodes[1].suggestions.as_ref().unwrap();
    assert_eq!(s[0].widens, "also places the daemon on nodes labelled disktype=nvme");

    let windows = daemon_set("kube-system", "win", json!({}), json!({"nodeSelector": {"kubernetes.io/os": "windows"}}));
    let linux = vec![node("linux", json!({"kubernetes.io/os": "linux"}), json!([]))];
    assert!(checked_suggestions(&windows, &linux, "linux").is_empty());
    let amd64 = daemon_set(
        "kube-system",
        "amd",
        json!({}),
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"]}]}]}}}}),
    );
    let arm = vec![node("arm", json!({"kubernetes.io/arch": "arm64"}), json!([]))];
    assert!(checked_suggestions(&amd64, &arm, "arm").is_empty());
}

fn with_terms(terms: Value) -> Value {
    daemon_set(
        "kube-system",
        "agent",
        json!({}),
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}}),
    )
}

#[test]
fn suggestions_correct_the_node_affinity_term_that_needs_least() {
    let zones = vec![
        node("a-1", json!({"zone": "a"}), json!([])),
        node("b-1", json!({"zone": "b", "pool": "edge"}), json!([])),
        node("c-1", json!({"zone": "c", "spot": "yes"}), json!([])),
    ];
    let only_a = with_terms(json!([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]));
    assert_eq!(
        checked_suggestions(&only_a, &zones, "b-1"),
        ["add \"b\" to node affinity term 0: zone In [a] → runs on 1 more node"]
    );
    let not_b = with_terms(json!([{"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["b", "x"]}]}]));
    assert_eq!(
        checked_suggestions(&not_b, &zones, "b-1"),
        ["remove \"b\" from node affinity term 0: zone NotIn [b, x] → runs on 1 more node"]
    );
    let no_spot = with_terms(json!([{"matchExpressions": [{"key": "spot", "operator": "DoesNotExist"}]}]));
    assert_eq!(
        checked_suggestions(&no_spot, &zones, "c-1"),
        ["drop spot DoesNotExist from node affinity term 0 → runs on 1 more node"]
    );
    // Term 1 needs one change, term 0 two: term 1 is corrected.
    let two_terms = with_terms(json!([
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}, {"key": "pool", "operator": "In", "values": ["core"]}]},
        {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["gpu"]}]},
    ]));
    assert_eq!(
        checked_suggestions(&two_terms, &zones, "b-1"),
        ["add \"edge\" to node affinity term 1: pool In [gpu] → runs on 1 more node"]
    );
}

#[test]
fn suggestions_combine_a_selector_and_a_taint_and_respect_a_node_name_pin() {
    let ds = with_terms(json!([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]));
    let nodes = vec![
        node("a-1", json!({"zone": "a"}), json!([])),
        node("b-spot", json!({"zone": "b"}), json!([taint("spot", "", "NoSchedule")])),
    ];
    assert_eq!(
        checked_suggestions(&ds, &nodes, "b-spot"),
        ["add toleration {key: spot, operator: Exists, effect: NoSchedule}; add \"b\" to node affinity term 0: zone In [a] → runs on 1 more node"]
    );
    let pinned = daemon_set("kube-system", "pinned", json!({}), json!({"nodeName": "a-1"}));
    assert!(checked_suggestions(&pinned, &nodes, "b-spot").is_empty());
    // Without the option, plans carry no suggestions.
    let plain = plan(Source::Text(&ds.to_string()), Source::Text(&list(nodes)), &PlanOptions::default()).unwrap();
    assert!(plain.nodes.iter().all(|n| n.suggestions.is_none()));
}

fn with_container(ds: &mut Value, container: Value) {
    ds["spec"]["template"]["spec"]["containers"] = json!([container]);
}

#[test]
fn two_daemon_sets_on_one_host_port_clash_where_both_run() {
    let nodes = vec![node("a", json!({"pool": "x"}), json!([])), node("b", json!({"pool": "y"}), json!([]))];
    let mut exporter = daemon_set("monitoring", "node-exporter", json!({}), json!({}));
    with_container(
        &mut exporter,
        json!({"name": "c", "image": "i", "ports": [{"containerPort": 9100, "hostPort": 9100}]}),
    );
    // hostNetwork: the container port is the host port (SetDefaults_Pod), TCP on 0.0.0.0.
    let mut other =
        daemon_set("ops", "other-exporter", json!({}), json!({"hostNetwork": true, "nodeSelector": {"pool": "x"}}));
    with_container(&mut other, json!({"name": "c", "image": "i", "ports": [{"containerPort": 9100}]}));
    // Another IP on the same port, or UDP, does not clash.
    let mut udp = daemon_set("ops", "udp", json!({}), json!({}));
    with_container(
        &mut udp,
        json!({"name": "c", "image": "i", "ports": [{"containerPort": 1, "hostPort": 9100, "protocol": "UDP"}]}),
    );
    let result = all(vec![exporter, other, udp], nodes, PlanAllOptions::default());
    assert_eq!(codes(&result), ["HostPortClash"]);
    let f = &result.findings[0];
    assert_eq!(f.daemon_sets, ["monitoring/node-exporter", "ops/other-exporter"]);
    assert_eq!(f.nodes, ["a"]);
    assert_eq!(
        f.message,
        "monitoring/node-exporter and ops/other-exporter both ask for host port 9100/TCP (0.0.0.0) on 1 node: a; one stays Pending there (NodePorts: node(s) didn't have free ports for the requested pod ports)"
    );
}

#[test]
fn the_overhead_of_a_node_sums_the_daemon_pods_that_run_there() {
    let nodes = vec![node("a", json!({"pool": "x"}), json!([])), node("b", json!({}), json!([]))];
    let mut logs = daemon_set("logging", "logs", json!({}), json!({}));
    with_container(
        &mut logs,
        json!({"name": "c", "image": "i", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}),
    );
    // Limits only: the request defaults to the limit (SetDefaults_Pod); an init container's
    // peak counts where it is larger (PodRequests).
    let mut metrics = daemon_set(
        "monitoring",
        "metrics",
        json!({}),
        json!({"nodeSelector": {"pool": "x"},
        "initContainers": [{"name": "init", "image": "i", "resources": {"requests": {"cpu": "1"}}}]}),
    );
    with_container(
        &mut metrics,
        json!({"name": "c", "image": "i", "resources": {"limits": {"cpu": "250m", "memory": "128Mi"}}}),
    );
    let result = all(vec![logs, metrics], nodes, PlanAllOptions::default());
    let overhead =
        |i: usize| result.nodes[i].overhead.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
    assert_eq!(overhead(0), "cpu=1100m,memory=192Mi");
    assert_eq!(overhead(1), "cpu=100m,memory=64Mi");
}

/// Plans with node-side changes; applies the change to node `at` here (labels set or removed,
/// taints removed) and checks that the daemon then runs there and nowhere else is lost.
fn checked_node_change(ds: &Value, nodes: &[Value], at: &str) -> Option<String> {
    let text = list(nodes.to_vec());
    let options = PlanOptions { node_changes: true, ..Default::default() };
    let planned = plan(Source::Text(&ds.to_string()), Source::Text(&text), &options).unwrap();
    let change = planned.nodes.iter().find(|n| n.name == at).unwrap().node_change.clone()?;
    let before = running(ds, &text);
    let changed: Vec<Value> = nodes
        .iter()
        .map(|n| {
            let mut n = n.clone();
            if n["metadata"]["name"] == at {
                for (k, v) in &change.labels {
                    match v {
                        Some(v) => n["metadata"]["labels"][k] = json!(v),
                        None => drop(n["metadata"]["labels"].as_object_mut().unwrap().remove(k)),
                    }
                }
                let kept: Vec<Value> = n["spec"]["taints"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|t| {
                        let (k, v, e) = (
                            t["key"].as_str().unwrap(),
                            t["value"].as_str().unwrap_or(""),
                            t["effect"].as_str().unwrap(),
                        );
                        let shown = if v.is_empty() { format!("{k}:{e}") } else { format!("{k}={v}:{e}") };
                        !change.remove_taints.contains(&shown)
                    })
                    .cloned()
                    .collect();
                n["spec"]["taints"] = json!(kept);
            }
            n
        })
        .collect();
    let after = running(ds, &list(changed));
    assert!(after.iter().any(|n| n == at), "{}: does not place {at}", change.message);
    assert!(before.iter().all(|n| after.contains(n)), "{}: loses nodes", change.message);
    assert!(change.message.ends_with("→ runs there"), "{}", change.message);
    Some(format!("{} | {}", change.message, change.command))
}

#[test]
fn node_changes_label_the_node_or_remove_its_taint_and_never_relabel_os_or_arch() {
    let by_pool = daemon_set("kube-system", "agent", json!({}), json!({"nodeSelector": {"pool": "gpu"}}));
    let nodes = vec![
        node("gpu-1", json!({"pool": "gpu"}), json!([])),
        node("cpu-1", json!({"pool": "cpu"}), json!([])),
        node("tainted", json!({"pool": "gpu"}), json!([taint("dedicated", "ml", "NoSchedule")])),
    ];
    assert_eq!(
        checked_node_change(&by_pool, &nodes, "cpu-1").unwrap(),
        "label the node pool=gpu → runs there | kubectl label node cpu-1 pool=gpu --overwrite"
    );
    assert_eq!(
        checked_node_change(&by_pool, &nodes, "tainted").unwrap(),
        "remove taint dedicated=ml:NoSchedule (other pods may then schedule there too) → runs there | kubectl taint node tainted dedicated=ml:NoSchedule-"
    );
    // A taint its controller owns comes back: the node's condition is what to fix.
    let not_ready =
        vec![node("nr-1", json!({"pool": "gpu"}), json!([taint("node.kubernetes.io/not-ready", "", "NoSchedule")]))];
    assert_eq!(checked_node_change(&by_pool, &not_ready, "nr-1"), None);
    // A node the daemon runs on has nothing to change.
    assert_eq!(checked_node_change(&by_pool, &nodes, "gpu-1"), None);
    // The OS the DaemonSet selects is its intent: a Windows node is not relabelled Linux.
    let linux = daemon_set("kube-system", "agent", json!({}), json!({"nodeSelector": {"kubernetes.io/os": "linux"}}));
    let win = vec![node("win-1", json!({"kubernetes.io/os": "windows"}), json!([]))];
    assert_eq!(checked_node_change(&linux, &win, "win-1"), None);
    // Without the option, plans carry no node changes.
    let plain = plan(Source::Text(&by_pool.to_string()), Source::Text(&list(nodes)), &PlanOptions::default()).unwrap();
    assert!(plain.nodes.iter().all(|n| n.node_change.is_none()));
}

#[test]
fn node_changes_satisfy_the_affinity_term_that_needs_fewest_labels() {
    let nodes = vec![
        node("a-1", json!({"zone": "a"}), json!([])),
        node("b-1", json!({"zone": "b", "spot": "yes", "gen": "3"}), json!([])),
    ];
    let two_terms = with_terms(json!([
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}, {"key": "tier", "operator": "Exists"}]},
        {"matchExpressions": [{"key": "spot", "operator": "DoesNotExist"}, {"key": "gen", "operator": "Gt", "values": ["4"]}]},
    ]));
    // Term 0 needs zone=a and tier; term 1 needs spot removed and gen above 4: both two, the first wins.
    assert_eq!(
        checked_node_change(&two_terms, &nodes, "b-1").unwrap(),
        "label the node tier= zone=a → runs there | kubectl label node b-1 tier= zone=a --overwrite"
    );
    let no_spot = with_terms(
        json!([{"matchExpressions": [{"key": "spot", "operator": "DoesNotExist"}, {"key": "gen", "operator": "Lt", "values": ["3"]}]}]),
    );
    assert_eq!(
        checked_node_change(&no_spot, &nodes, "b-1").unwrap(),
        "label the node gen=2 spot- → runs there | kubectl label node b-1 gen=2 spot- --overwrite"
    );
    // A term on the node's name cannot be met by labels.
    let by_name = with_terms(json!([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a-1"]}]}]));
    assert_eq!(checked_node_change(&by_name, &nodes, "b-1"), None);
}
