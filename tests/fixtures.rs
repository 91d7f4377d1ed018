#![cfg(not(target_arch = "wasm32"))]
//! Real manifests and real node dumps (tests/fixtures, see SOURCES.md there).

use std::fs;
use std::path::{Path, PathBuf};

use daemonset_planner::api::{plan, validate, FieldValidation, PlanOptions, Source, ValidateOptions};
use daemonset_planner::input::codes;

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind)
}

fn files(kind: &str) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir(kind))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| !f.ends_with(".md"))
        .collect();
    v.sort();
    v
}

fn read(kind: &str, name: &str) -> String {
    fs::read_to_string(dir(kind).join(name)).unwrap()
}

fn outcomes(ds: &str, nodes: &str) -> Vec<(String, &'static str)> {
    let p = plan(Source::Text(&read("daemonsets", ds)), Source::Text(&read("nodes", nodes)), &PlanOptions::default())
        .unwrap();
    p.nodes
        .iter()
        .map(|n| {
            let word = match (n.should_run, n.should_continue_running) {
                (true, _) => "run",
                (false, true) => "keep",
                (false, false) => "off",
            };
            (n.name.clone(), word)
        })
        .collect()
}

fn names_of(err_message: &str) -> Vec<String> {
    err_message.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn every_daemon_set_against_every_node_dump() {
    let (mut planned, mut refused) = (0, 0);
    for n in files("nodes") {
        let nodes = read("nodes", &n);
        for d in files("daemonsets") {
            let ds = read("daemonsets", &d);
            match plan(Source::Text(&ds), Source::Text(&nodes), &PlanOptions::default()) {
                Ok(p) => {
                    planned += 1;
                    assert!(!p.nodes.is_empty(), "{d} × {n}: no nodes read");
                    for node in &p.nodes {
                        assert_eq!(node.should_run, node.reasons.is_empty(), "{d} × {n}: {}", node.name);
                    }
                }
                Err(e) if e.code == codes::SEVERAL_DAEMONSETS => {
                    for name in names_of(&e.message).iter().take(2) {
                        plan(
                            Source::Text(&ds),
                            Source::Text(&nodes),
                            &PlanOptions { name: Some(name.clone()), ..Default::default() },
                        )
                        .unwrap();
                        planned += 1;
                    }
                }
                Err(e) if e.code == codes::UNSUPPORTED_API_VERSION => refused += 1,
                Err(e) => panic!("{d} × {n}: {e:?}"),
            }
        }
    }
    println!("planned {planned}, refused {refused} old-API manifests");
    assert_eq!(refused, 4 * files("nodes").len(), "the four extensions/v1beta1 files are refused, nothing else");
}

#[test]
fn control_plane_taints() {
    // kubeadm 1.25+ taints only node-role.kubernetes.io/control-plane: the docs' older example
    // tolerates only the legacy master taint and stays off it; the current one runs there.
    let kind = "cluster-autoscaler-kwok-kind-v1.26-3node-list.yaml";
    let want_old = [("kind-control-plane", "keep"), ("kind-worker", "run"), ("kind-worker2", "run")];
    assert_eq!(outcomes("k8s-website-daemonset.yaml", kind), want_old.map(|(n, o)| (n.to_string(), o)));
    assert!(outcomes("k8s-website-fluentd-daemonset.yaml", kind).iter().all(|(_, o)| *o == "run"));
    // OpenShift masters carry the legacy taint: an untolerating amd64 plugin keeps off them.
    let masters_off: Vec<&str> = outcomes("intel-gpu-plugin.yaml", "openshift-insights-aws-6node-nodelist.json")
        .iter()
        .map(|(_, o)| *o)
        .collect();
    assert_eq!(masters_off, ["keep", "run", "keep", "run", "keep", "run"]);
}

#[test]
fn windows_only_daemon_sets_skip_linux_nodes() {
    for ds in [
        "aws-ebs-csi-driver-node-windows.yaml",
        "secrets-store-csi-driver-windows.yaml",
        "sig-windows-tools-kube-proxy-windows-hostprocess.yaml",
    ] {
        for nodes in [
            "openshift-insights-aws-6node-nodelist.json",
            "cluster-autoscaler-kwok-kind-v1.26-3node-list.yaml",
            "newrelic-nri-kind-arm64-v1.35-nodes.yaml",
        ] {
            assert!(outcomes(ds, nodes).iter().all(|(_, o)| *o == "off"), "{ds} on {nodes}");
        }
    }
}

#[test]
fn gpu_only_selectors() {
    // Three ORed terms: NFD's PCI vendor label, the CPU vendor, or nvidia.com/gpu.present.
    assert_eq!(
        outcomes("nvidia-gpu-feature-discovery.yaml", "runai-gpu-node-2xgpu-nfd-labels.yaml"),
        vec![("qa-mig-worker-gpu-1".to_string(), "run")]
    );
    assert_eq!(
        outcomes("nvidia-gpu-feature-discovery.yaml", "runai-gpu-node-a100-mig.yaml"),
        vec![("qa-mig-worker-gpu-a100".to_string(), "run")]
    );
    assert!(outcomes("nvidia-gpu-feature-discovery.yaml", "cluster-autoscaler-kwok-kind-v1.26-3node-list.yaml")
        .iter()
        .all(|(_, o)| *o == "off"));
}

#[test]
fn not_ready_and_stale_taints() {
    // The controller reads taints, not conditions: a NotReady node without taints gets the pod.
    let sonobuoy = outcomes("k8s-website-daemonset.yaml", "sonobuoy-kind-v1.20-nodelist-one-notready.json");
    assert!(sonobuoy.iter().all(|(_, o)| *o == "run"), "{sonobuoy:?}");
    // A stale unreachable:NoSchedule taint is not among the automatic (NoExecute) tolerations.
    let gitcd = "gitcd-kind-control-plane-unreachable-taint-with-managedfields.yaml";
    assert_eq!(outcomes("kured-kured-ds.yaml", gitcd), vec![("trishanku-control-plane".to_string(), "keep")]);
    assert_eq!(outcomes("node-problem-detector.yaml", gitcd), vec![("trishanku-control-plane".to_string(), "run")]);
    // popeye's n2 carries a key-only custom taint t2:NoSchedule; n4 is cordoned and NotReady.
    let popeye: Vec<&str> =
        outcomes("kured-kured-ds.yaml", "popeye-lint-node-list-handedited.yaml").iter().map(|(_, o)| *o).collect();
    assert_eq!(popeye, ["run", "keep", "run", "run", "run"]);
}

#[test]
fn real_apps_v1_manifests_validate() {
    let old_api = [
        "flannel-minikube-extensions-v1beta1.yaml",
        "fluentd-daemonset-elasticsearch-rbac-2019-extensions-v1beta1.yaml",
        "jaeger-production-template-list-extensions-v1beta1.yaml",
        "weave-net-daemonset-k8s-1.8-list-extensions-v1beta1.yaml",
    ];
    let invalid =
        ["intel-gpu-plugin-kustomize-patch-partial.yaml", "k8s-api-testdata-apps.v1.DaemonSet-allfields.yaml"];
    let strict_unknown = ["k9s-live-gke-fluentd-gcp-ds.json"];
    for d in files("daemonsets") {
        let text = read("daemonsets", &d);
        let names = match plan(Source::Text(&text), Source::Text("[]"), &PlanOptions::default()) {
            Err(e) if e.code == codes::SEVERAL_DAEMONSETS => names_of(&e.message),
            _ => vec![String::new()],
        };
        for name in names {
            let v = validate(
                Source::Text(&text),
                ValidateOptions { name: Some(name.clone()).filter(|n| !n.is_empty()), ..Default::default() },
            );
            if old_api.contains(&d.as_str()) {
                assert_eq!(v.errors[0].reason, codes::UNSUPPORTED_API_VERSION, "{d}");
                assert!(v.errors[0].line.is_some(), "{d}: the error points at apiVersion");
            } else if strict_unknown.contains(&d.as_str()) {
                // Live output of an old cluster: `kubectl apply`'s strict decoding refuses the
                // field apps/v1 no longer has; the server's own default (Warn) only warns.
                assert!(v.errors.iter().all(|e| e.reason == "BadRequest"), "{d}: {:#?}", v.errors);
                let warn = ValidateOptions {
                    name: Some(name.clone()).filter(|n| !n.is_empty()),
                    field_validation: FieldValidation::Warn,
                    ..Default::default()
                };
                assert!(validate(Source::Text(&text), warn).valid, "{d}");
            } else if !invalid.contains(&d.as_str()) {
                assert!(v.valid, "{d}: {:#?}", v.errors);
            }
        }
    }
}

#[test]
fn the_partial_and_placeholder_files_fail_as_documented() {
    let v = validate(
        Source::Text(&read("daemonsets", "intel-gpu-plugin-kustomize-patch-partial.yaml")),
        ValidateOptions::default(),
    );
    let got: Vec<(&str, &str, Option<u32>)> =
        v.errors.iter().map(|e| (e.field.as_str(), e.reason.as_str(), e.line)).collect();
    assert_eq!(
        got,
        [
            ("spec.template.metadata.labels", "FieldValueInvalid", Some(6)),
            ("spec.template.spec.containers", "FieldValueRequired", Some(7))
        ]
    );
    let v = validate(
        Source::Text(&read("daemonsets", "k8s-api-testdata-apps.v1.DaemonSet-allfields.yaml")),
        ValidateOptions::default(),
    );
    let first: Vec<&str> = v.errors.iter().take(3).map(|e| e.message.as_str()).collect();
    assert!(
        first[0]
            .starts_with("metadata.generateName: Invalid value: \"generateNameValue\": a lowercase RFC 1123 subdomain"),
        "{first:?}"
    );
    assert!(v.errors.iter().any(|e| e.message == "spec.updateStrategy: Unsupported value: {\"Type\":\"typeValue\",\"RollingUpdate\":{\"MaxUnavailable\":\"maxUnavailableValue\",\"MaxSurge\":\"maxSurgeValue\"}}: supported values: \"RollingUpdate\", \"OnDelete\""));
    assert!(v.errors.iter().all(|e| e.line.is_some()), "every error points at a line");
}

/// Live DaemonSets whose recorded `status.desiredNumberScheduled` can be checked against the
/// nodes of the same cluster. These files have no license, so they are read from the shared
/// fixtures folder beside the checkout (as in CI) and never copied into the project.
#[test]
fn live_clusters_recorded_status() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    if !shared.is_dir() {
        eprintln!("live_clusters_recorded_status: ../shared/fixtures is not beside this checkout; nothing to compare");
        return;
    }
    let nodes = |names: &[&str]| {
        names
            .iter()
            .map(|n| fs::read_to_string(shared.join("nodes").join(n)).unwrap())
            .collect::<Vec<_>>()
            .join("\n---\n")
    };
    let gke = nodes(&["kubevious-gke-pool-2-a7xj.yaml", "kubevious-gke-pool-2-mb9q.yaml"]);
    let kind = nodes(&["kubevious-kind-control-plane-v1.24.yaml"]);
    let cases = [
        ("kubevious-gke-live-calico-node.yaml", &gke),
        ("kubevious-gke-live-ip-masq-agent.yaml", &gke),
        ("kubevious-gke-live-kube-proxy.yaml", &gke),
        ("kubevious-gke-live-metadata-proxy-v0.1.yaml", &gke),
        ("kubevious-gke-live-nvidia-gpu-device-plugin.yaml", &gke),
        ("kubevious-kind-live-kindnet.yaml", &kind),
        ("kubevious-kind-live-kube-proxy.yaml", &kind),
    ];
    for (ds, nodes) in cases {
        let text = fs::read_to_string(shared.join("daemonsets").join(ds)).unwrap();
        let recorded = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("desiredNumberScheduled:"))
            .map(|v| v.trim().parse::<usize>().unwrap())
            .expect("recorded status");
        let p = plan(Source::Text(&text), Source::Text(nodes), &PlanOptions::default()).unwrap();
        assert_eq!(p.summary.desired_number_scheduled, recorded, "{ds}");
        // The controller's own count (updateDaemonSetStatus over the same nodes) agrees.
        let options = daemonset_planner::controller::SyncOptions {
            steps: Some(0),
            now: Some("2026-01-01T01:00:00Z".into()),
            ..Default::default()
        };
        let r = daemonset_planner::controller::sync(Source::Text(&text), Source::Text(nodes), &options).unwrap();
        assert_eq!(r.current.status.desired_number_scheduled, recorded as i64, "{ds}: the controller's status");
    }
}

/// Every node dump, and the playground's sample cluster.
fn node_texts() -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = files("nodes").into_iter().map(|n| (n.clone(), read("nodes", &n))).collect();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/examples/sample-cluster.yaml");
    texts.push(("sample-cluster".into(), fs::read_to_string(sample).unwrap()));
    texts
}

/// Reading a node list keeps only what placement needs; what it reads must equal what a full
/// read of the same text gives (the JSON skipper and the YAML line view against the parsers).
#[test]
fn the_lean_node_reader_reads_what_a_full_read_reads() {
    use daemonset_planner::api::read_nodes;
    use daemonset_planner::input::{parse_text, Filter};
    for (name, text) in &node_texts() {
        let full = parse_text(text, Filter::All).unwrap().docs;
        let want = read_nodes(Source::Docs(full)).unwrap();
        let got = read_nodes(Source::Text(text)).unwrap();
        assert_eq!(got, want, "{name}");
        assert!(!got.is_empty(), "{name}");
    }
}

/// Fed in chunks of any size, the streaming loader reads the same nodes as a whole read.
#[test]
fn the_streaming_loader_reads_what_a_whole_read_reads() {
    use daemonset_planner::api::{read_nodes, Cluster, ClusterLoader};
    for (name, text) in &node_texts() {
        let want = read_nodes(Source::Text(text)).unwrap();
        for chunk in [1, 7, 64, 65, 4096] {
            let mut loader = ClusterLoader::new();
            for c in text.as_bytes().chunks(chunk) {
                loader.push(c).unwrap();
            }
            let got: Cluster = loader.finish().unwrap();
            assert_eq!(got.nodes(), want.as_slice(), "{name}, chunks of {chunk}");
        }
    }
}
