#![cfg(not(target_arch = "wasm32"))]
//! The last API-server parity gaps: pod-level resources, the tolerations annotation Go's JSON
//! decoder refuses, the update allowances derived from the stored template, and feature gates
//! reaching every gated check (create, update and review). Each expectation is restated from
//! the Kubernetes source named on the test (v1.35.4, and the 1.36 tree where the rule is new),
//! not copied from this implementation's output.

use daemonset_planner::api::{validate, Source, ValidateOptions, Validation};
use daemonset_planner::feature_gates::FeatureGates;
use daemonset_planner::policy::{review, ReviewOptions, Settings};
use daemonset_planner::release::Release;
use serde_json::{json, Value};

const T: &str = "spec.template.spec";

/// A DaemonSet whose pod spec gets `spec` merged in, and template metadata `template_meta`.
fn ds(spec: Value, template_meta: Value) -> Value {
    let mut pod = json!({"containers": [{"name": "app", "image": "nginx:1.27"}]});
    merge(&mut pod, spec);
    let mut tmd = json!({"labels": {"app": "x"}});
    merge(&mut tmd, template_meta);
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "example-ds", "namespace": "default", "resourceVersion": "1"},
        "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": {"metadata": tmd, "spec": pod}}
    })
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

fn gates(release: Release, set: &[(&str, bool)]) -> FeatureGates {
    let mut g = FeatureGates::default();
    for (name, on) in set {
        g.set(name, *on, release).unwrap();
    }
    g
}

fn run(release: Release, set: &[(&str, bool)], new: &Value, old: Option<&Value>) -> Validation {
    let old = old.map(Value::to_string);
    let options = ValidateOptions {
        kubernetes_version: release,
        feature_gates: gates(release, set),
        old_daemon_set: old.as_deref().map(Source::Text),
        ..Default::default()
    };
    validate(Source::Text(&new.to_string()), options)
}

fn messages(v: &Validation) -> Vec<String> {
    v.errors.iter().map(|e| e.message.clone()).collect()
}

fn create(release: Release, new: &Value) -> Vec<String> {
    messages(&run(release, &[], new, None))
}

fn update(release: Release, new: &Value, old: &Value) -> Vec<String> {
    messages(&run(release, &[], new, Some(old)))
}

fn containers(list: Value) -> Value {
    json!({"containers": list})
}

fn with_resources(c: Value, pod: Value) -> Value {
    json!({"containers": c, "resources": pod})
}

/// `validatePodResourceConsistency`: the pod's request must cover the containers' sum, which
/// prints as `Quantity.Add` leaves it (`500m` + `1` = `1500m`).
#[test]
fn pod_requests_cover_the_containers_sum() {
    let c = json!([
        {"name": "a", "image": "nginx", "resources": {"requests": {"cpu": "500m"}}},
        {"name": "b", "image": "nginx", "resources": {"requests": {"cpu": "1"}}}
    ]);
    let v = run(Release::V1_35, &[], &ds(with_resources(c, json!({"requests": {"cpu": "1"}})), json!({})), None);
    assert_eq!(
        messages(&v),
        [format!(
            "{T}.resources.requests[cpu]: Invalid value: \"1\": must be greater than or equal to aggregate container requests of 1500m"
        )]
    );
    assert_eq!(v.errors[0].field, format!("{T}.resources.requests[cpu]"));
    assert_eq!(v.errors[0].reason, "FieldValueInvalid");
}

/// `AggregateContainerRequests` (component-helpers resource): a plain init container counts
/// with the sidecars started before it, the sum is the larger of that and the containers'.
#[test]
fn init_containers_count_as_the_aggregate_does() {
    let spec = json!({
        "initContainers": [
            {"name": "side", "image": "nginx", "restartPolicy": "Always", "resources": {"requests": {"memory": "512Mi"}}},
            {"name": "init", "image": "nginx", "resources": {"requests": {"memory": "2Gi"}}}
        ],
        "containers": [{"name": "app", "image": "nginx", "resources": {"requests": {"memory": "1Gi"}}}],
        "resources": {"requests": {"memory": "2Gi"}}
    });
    // Running: max(512Mi + 1Gi, 2Gi + 512Mi) = 2560Mi.
    assert_eq!(
        create(Release::V1_35, &ds(spec, json!({}))),
        [format!(
            "{T}.resources.requests[memory]: Invalid value: \"2Gi\": must be greater than or equal to aggregate container requests of 2560Mi"
        )]
    );
}

/// `validatePodResourceConsistency`'s limit rules: hugepages against the containers' summed
/// limits, and each container's limit against the pod's (at upstream's odd path).
#[test]
fn pod_limits_bound_the_containers() {
    let c =
        json!([{"name": "a", "image": "nginx", "resources": {"limits": {"memory": "2Gi", "hugepages-2Mi": "4Mi"}}}]);
    let pod = json!({"limits": {"memory": "1Gi", "hugepages-2Mi": "2Mi"}});
    assert_eq!(
        create(Release::V1_35, &ds(with_resources(c, pod), json!({}))),
        [
            format!("{T}.resources.limits[hugepages-2Mi]: Invalid value: \"2Mi\": must be greater than or equal to aggregate container limits of 4Mi"),
            format!("{T}.resources.containers[0][hugepages-2Mi].limits: Invalid value: \"4Mi\": must be less than or equal to pod limits of 2Mi"),
            format!("{T}.resources.containers[0][memory].limits: Invalid value: \"2Gi\": must be less than or equal to pod limits of 1Gi"),
        ]
    );
}

/// `validatePodResources`: on a Windows pod the field alone is refused, before its values;
/// with `PodLevelResources` off the field is dropped and nothing is checked.
#[test]
fn pod_level_resources_on_windows_and_behind_the_gate() {
    let spec = json!({"os": {"name": "windows"}, "resources": {"requests": {"cpu": "-1"}, "claims": [{"name": "x"}]}});
    assert_eq!(
        create(Release::V1_35, &ds(spec.clone(), json!({}))),
        [format!("{T}.resources: Forbidden: may not be set for a windows pod")]
    );
    let c = json!([{"name": "a", "image": "nginx", "resources": {"requests": {"cpu": "2"}}}]);
    let linux = ds(with_resources(c, json!({"requests": {"cpu": "1"}})), json!({}));
    assert_eq!(create(Release::V1_37, &linux).len(), 1);
    assert!(run(Release::V1_37, &[("PodLevelResources", false)], &linux, None).valid);
}

const TOLERATIONS: &str = "scheduler.alpha.kubernetes.io/tolerations";

fn annotated(value: &str) -> Value {
    ds(json!({}), json!({"annotations": {TOLERATIONS: value}}))
}

/// `ValidateTolerationsInPodAnnotations`: `json.Unmarshal`'s error, as one Invalid at the
/// annotations with the annotation's key as the value (encoding/json scanner.go, decode.go).
#[test]
fn tolerations_annotation_go_cannot_decode() {
    let want = |detail: &str| [format!("spec.template.annotations: Invalid value: \"{TOLERATIONS}\": {detail}")];
    assert_eq!(
        create(Release::V1_35, &annotated("[{key: gpu, operator: Exists}]")),
        want("invalid character 'k' looking for beginning of object key string")
    );
    assert_eq!(
        create(Release::V1_35, &annotated(r#"[{"key": "gpu", "operator": "Exists"},]"#)),
        want("invalid character ']' looking for beginning of value")
    );
    assert_eq!(create(Release::V1_35, &annotated(r#"[{"key": "gpu""#)), want("unexpected end of JSON input"));
    assert_eq!(
        create(Release::V1_35, &annotated(r#"{"key": "gpu"}"#)),
        want("json: cannot unmarshal object into Go value of type []core.Toleration")
    );
    assert_eq!(
        create(Release::V1_35, &annotated(r#"[{"key": "gpu", "tolerationSeconds": "300"}]"#)),
        want("json: cannot unmarshal string into Go struct field Toleration.TolerationSeconds of type int64")
    );
    assert_eq!(
        create(Release::V1_35, &annotated(r#"[{"effect": 1}]"#)),
        want("json: cannot unmarshal number into Go struct field Toleration.Effect of type core.TaintEffect")
    );
}

/// The line of the error is the annotations' own (where the server's field path points).
#[test]
fn tolerations_annotation_error_has_its_line() {
    let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d, namespace: default}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata:\n      labels: {app: x}\n      annotations:\n        scheduler.alpha.kubernetes.io/tolerations: '[{key: a}]'\n    spec:\n      containers: [{name: app, image: nginx}]\n";
    let v = validate(Source::Text(yaml), ValidateOptions { kubernetes_version: Release::V1_35, ..Default::default() });
    assert_eq!(v.errors.len(), 1);
    assert_eq!(v.errors[0].field, "spec.template.annotations");
    assert_eq!(v.errors[0].line, Some(9));
}

/// 1.36 `validateInitContainers`: `RestartContainer` on a non-sidecar init container is refused
/// on create, kept on update when the stored object has it
/// (`AllowExistingRestartContainerForNonSidecarInitContainer`); 1.35 accepts it.
#[test]
fn restart_container_on_plain_init_containers_ratchets() {
    let init = |image: &str| {
        ds(
            json!({"initContainers": [{"name": "i", "image": image, "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "RestartContainer"}]}]}),
            json!({}),
        )
    };
    let msg = format!(
        "{T}.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: \"RestartContainer\": must not be set to 'RestartContainer' for non-sidecar initContainers"
    );
    assert_eq!(create(Release::V1_36, &init("busybox")), [msg.clone()]);
    assert_eq!(create(Release::V1_35, &init("busybox")), Vec::<String>::new());
    assert_eq!(update(Release::V1_36, &init("busybox:2"), &init("busybox")), Vec::<String>::new());
    assert_eq!(update(Release::V1_36, &init("busybox"), &ds(json!({}), json!({}))), [msg]);
}

/// `validateProjectionSources` with `AllowNonLocalProjectedTokenPath` (`hasNonLocalProjectedTokenPath`
/// on the stored spec). The error's path is upstream's: the projected volume's `path`.
#[test]
fn non_local_token_path_ratchets() {
    let token = |path: &str, image: &str| {
        ds(
            json!({
                "volumes": [{"name": "t", "projected": {"sources": [{"serviceAccountToken": {"path": path}}]}}],
                "containers": [{"name": "app", "image": image}]
            }),
            json!({}),
        )
    };
    assert_eq!(
        create(Release::V1_35, &token("/var/token", "nginx")),
        [format!("{T}.volumes[0].projected.path: Invalid value: \"/var/token\": must be a relative path")]
    );
    assert_eq!(
        update(Release::V1_35, &token("/var/token", "nginx:2"), &token("/etc/t", "nginx")),
        Vec::<String>::new()
    );
    assert_eq!(update(Release::V1_35, &token("/var/token", "nginx:2"), &token("t", "nginx")).len(), 1);
}

/// `validateHostUsers`: `volumeDevices` with `hostUsers: false` (`AllowUserNamespacesWithVolumeDevices`,
/// `hasUserNamespacesWithVolumeDevices`) and the host network (`useAllowUserNamespacesHostNetworkSupport`)
/// stay allowed when the stored pod already has them.
#[test]
fn user_namespace_rules_ratchet() {
    let devices = |image: &str| {
        ds(
            json!({
                "hostUsers": false,
                "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "c"}}],
                "containers": [{"name": "app", "image": image, "volumeDevices": [{"name": "d", "devicePath": "/dev/xvda"}]}]
            }),
            json!({}),
        )
    };
    let msg = format!("{T}.containers[0].volumeDevices: Forbidden: when `hostUsers` is false");
    assert_eq!(create(Release::V1_35, &devices("nginx")), [msg]);
    assert_eq!(update(Release::V1_35, &devices("nginx:2"), &devices("nginx")), Vec::<String>::new());
    let host_net = |image: &str| {
        ds(json!({"hostUsers": false, "hostNetwork": true, "containers": [{"name": "app", "image": image}]}), json!({}))
    };
    assert_eq!(
        create(Release::V1_35, &host_net("nginx")),
        [format!("{T}.hostNetwork: Forbidden: when `hostUsers` is false")]
    );
    assert_eq!(update(Release::V1_35, &host_net("nginx:2"), &host_net("nginx")), Vec::<String>::new());
}

const COST: &str = "controller.kubernetes.io/pod-deletion-cost";

/// `ValidatePodSpecificAnnotations` / `GetDeletionCostFromPodAnnotations`: no `+` nor leading
/// zero; an update keeps an invalid cost when the stored one was already invalid.
#[test]
fn pod_deletion_cost_is_read_as_go_reads_it_and_ratchets() {
    let cost = |v: &str| ds(json!({}), json!({"annotations": {COST: v}}));
    let msg = |v: &str| format!("spec.template.annotations[{COST}]: Invalid value: \"{v}\": must be a 32bit integer");
    assert_eq!(create(Release::V1_35, &cost("+10")), [msg("+10")]);
    assert_eq!(create(Release::V1_35, &cost("008")), [msg("008")]);
    assert_eq!(create(Release::V1_35, &cost("2147483648")), [msg("2147483648")]);
    assert_eq!(create(Release::V1_35, &cost("-08")), Vec::<String>::new());
    assert_eq!(update(Release::V1_35, &cost("x"), &cost("+1")), Vec::<String>::new());
    assert_eq!(update(Release::V1_35, &cost("x"), &cost("1")), [msg("x")]);
}

/// `validateResourceQuantityHugePageValue` under `AllowIndivisibleHugePagesValues`
/// (`usesIndivisibleHugePagesValues` on the stored spec).
#[test]
fn indivisible_hugepages_ratchet() {
    let hp = |v: &str| {
        containers(
            json!([{"name": "app", "image": "nginx", "resources": {"limits": {"memory": "1Gi", "hugepages-2Mi": v}}}]),
        )
    };
    let msg = format!("{T}.containers[0].resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi");
    assert_eq!(create(Release::V1_35, &ds(hp("3Mi"), json!({}))), [msg]);
    assert_eq!(update(Release::V1_35, &ds(hp("3Mi"), json!({})), &ds(hp("5Mi"), json!({}))), Vec::<String>::new());
}

/// `validateInitContainerRestartPolicy` with `AllowContainerRestartPolicyRules` off (the gate set
/// off, `containerRestartRulesInUse` false): only `Always`; on again when the stored object uses it.
#[test]
fn container_restart_rules_gate_and_its_ratchet() {
    let init = |policy: &str, image: &str| {
        ds(json!({"initContainers": [{"name": "i", "image": image, "restartPolicy": policy}]}), json!({}))
    };
    let off = [("ContainerRestartRules", false)];
    assert_eq!(
        messages(&run(Release::V1_35, &off, &init("Never", "busybox"), None)),
        [format!("{T}.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")]
    );
    assert!(run(Release::V1_35, &[], &init("Never", "busybox"), None).valid);
    assert!(run(Release::V1_35, &off, &init("Never", "busybox:2"), Some(&init("OnFailure", "busybox"))).valid);
}

/// `validateContainerRestartPolicy`: `RestartAllContainers` needs `AllowRestartAllContainers`
/// (the gate, on from 1.36, or the stored object using it). 1.35 lists only "Restart".
#[test]
fn restart_all_containers_gate_and_its_ratchet() {
    let rule = |image: &str| {
        containers(json!([{"name": "app", "image": image, "restartPolicy": "Never",
            "restartPolicyRules": [{"action": "RestartAllContainers", "exitCodes": {"operator": "In", "values": [42]}}]}]))
    };
    let msg = format!("{T}.containers[0].restartPolicyRules[0].action: Unsupported value: \"RestartAllContainers\": supported values: \"Restart\"");
    assert_eq!(create(Release::V1_35, &ds(rule("nginx"), json!({}))), [msg.clone()]);
    let on = [("RestartAllContainersOnContainerExits", true)];
    assert!(run(Release::V1_35, &on, &ds(rule("nginx"), json!({})), None).valid);
    assert!(update(Release::V1_35, &ds(rule("nginx:2"), json!({})), &ds(rule("nginx"), json!({}))).is_empty());
    let off = [("RestartAllContainersOnContainerExits", false)];
    assert_eq!(
        messages(&run(Release::V1_36, &off, &ds(rule("nginx"), json!({})), None)),
        [format!("{T}.containers[0].restartPolicyRules[0].action: Unsupported value: \"RestartAllContainers\": supported values: \"Restart\"")]
    );
}

fn host_alias(image: &str) -> Value {
    ds(
        json!({"hostAliases": [{"ip": "010.000.000.005", "hostnames": ["foo.example"]}], "containers": [{"name": "app", "image": image}]}),
        json!({}),
    )
}

/// `IsValidIPForLegacyField` with the `StrictIPCIDRValidation` gate as set, on create and on
/// update (the update path gets the gates too).
#[test]
fn strict_ip_follows_the_gate_on_create_and_update() {
    let msg = format!("{T}.hostAliases[0].ip: Invalid value: \"010.000.000.005\": must not have leading 0s");
    assert_eq!(create(Release::V1_37, &host_alias("nginx")), [msg.clone()]);
    let off = [("StrictIPCIDRValidation", false)];
    assert!(run(Release::V1_37, &off, &host_alias("nginx"), None).valid);
    assert!(run(Release::V1_37, &off, &host_alias("nginx:2"), Some(&host_alias("nginx"))).valid);
    let on = [("StrictIPCIDRValidation", true)];
    assert_eq!(messages(&run(Release::V1_35, &on, &host_alias("nginx"), None)), [msg]);
}

/// `validateSELinuxChangePolicy` under `useOnlyRecursiveSELinuxChangePolicy` (the SELinuxMount
/// gate), and `ClusterTrustBundleProjection` deciding whether the projection is validated.
#[test]
fn selinux_mount_and_trust_bundle_gates() {
    let mount = ds(json!({"securityContext": {"seLinuxChangePolicy": "MountOption"}}), json!({}));
    assert!(run(Release::V1_35, &[("SELinuxMount", true)], &mount, None).valid);
    assert_eq!(
        messages(&run(Release::V1_37, &[("SELinuxMount", false)], &mount, None)),
        [format!("{T}.securityContext.seLinuxChangePolicy: Unsupported value: \"MountOption\": supported values: \"Recursive\"")]
    );
    let bundle = ds(
        json!({"volumes": [{"name": "b", "projected": {"sources": [{"clusterTrustBundle": {"name": "ca", "path": ""}}]}}]}),
        json!({}),
    );
    assert!(run(Release::V1_35, &[], &bundle, None).valid);
    let required = [format!("{T}.volumes[0].projected.sources[0].clusterTrustBundle.path: Required value")];
    assert_eq!(messages(&run(Release::V1_35, &[("ClusterTrustBundleProjection", true)], &bundle, None)), required);
    // `dropDisabledClusterTrustBundleProjection`: kept, so checked, when the stored object uses it.
    assert_eq!(update(Release::V1_35, &bundle, &bundle), required);
    assert!(update(Release::V1_35, &bundle, &ds(json!({}), json!({}))).is_empty());
}

/// `review()` hands every gate to validation, for the settings' release.
#[test]
fn review_passes_every_gate() {
    let object = ds(json!({"securityContext": {"seLinuxChangePolicy": "MountOption"}}), json!({}));
    let ar = json!({
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {"uid": "u1", "kind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
                    "operation": "CREATE", "object": object}
    })
    .to_string();
    let settings = Settings::parse("kubernetesVersion: '1.35'").unwrap();
    let answer = |set: &[(&str, bool)]| {
        let options = ReviewOptions {
            settings: settings.clone(),
            nodes: None,
            comparison_operators: false,
            feature_gates: gates(Release::V1_35, set),
        };
        review(Source::Text(&ar), &options)["response"]["allowed"].clone()
    };
    assert_eq!(answer(&[]), json!(false));
    assert_eq!(answer(&[("SELinuxMount", true)]), json!(true));
}

/// `validateStopSignal` (v1.35.4), reached only with `ContainerStopSignals` on or a stored
/// object using it (`dropContainerStopSignals`); with the gate off a lifecycle holding only a
/// stop signal is dropped whole, so a plain init container may carry it.
#[test]
fn stop_signal_behind_its_gate() {
    let signal = |os: Value, signal: &str| {
        let mut spec = json!({"containers": [{"name": "app", "image": "nginx", "lifecycle": {"stopSignal": signal}}]});
        merge(&mut spec, os);
        ds(spec, json!({}))
    };
    let on = [("ContainerStopSignals", true)];
    let at = format!("{T}.containers[0].lifecycle.stopSignal");
    assert!(run(Release::V1_35, &[], &signal(json!({}), "SIGUSR1"), None).valid);
    assert_eq!(
        messages(&run(Release::V1_35, &on, &signal(json!({}), "SIGUSR1"), None)),
        [format!("{at}: Forbidden: may not be set for containers with empty `spec.os.name`")]
    );
    assert_eq!(
        messages(&run(Release::V1_35, &on, &signal(json!({"os": {"name": "windows"}}), "SIGUSR1"), None)),
        [format!("{at}: Unsupported value: \"SIGUSR1\": supported values: \"SIGKILL\", \"SIGTERM\"")]
    );
    assert!(run(Release::V1_35, &on, &signal(json!({"os": {"name": "linux"}}), "SIGRTMAX-3"), None).valid);
    let linux_bad = messages(&run(Release::V1_35, &on, &signal(json!({"os": {"name": "linux"}}), "SIGFOO"), None));
    assert_eq!(linux_bad.len(), 1);
    assert!(linux_bad[0]
        .starts_with(&format!("{at}: Unsupported value: \"SIGFOO\": supported values: \"SIGABRT\", \"SIGALRM\"")));
    assert!(linux_bad[0].ends_with("\"SIGXCPU\", \"SIGXFSZ\""));
    let stored = signal(json!({}), "SIGUSR1");
    assert_eq!(update(Release::V1_35, &signal(json!({}), "SIGUSR2"), &stored).len(), 1);
    let init = ds(
        json!({"initContainers": [{"name": "i", "image": "busybox", "lifecycle": {"stopSignal": "SIGTERM"}}]}),
        json!({}),
    );
    assert!(run(Release::V1_35, &[], &init, None).valid);
    assert_eq!(
        messages(&run(Release::V1_35, &on, &init, None)),
        [
            format!("{T}.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always"),
        ]
    );
}

/// `dropDisabledFields` (pkg/api/pod/util.go): with `UserNamespacesSupport`, `HostnameOverride`
/// or `ImageVolume` set off (possible in 1.35; the three image/userns gates lock on in 1.36), the field is gone before validation unless the stored template
/// uses it; `ProcMountType` off forces `procMount` to `Default`.
#[test]
fn fields_of_a_disabled_gate_are_dropped_unless_stored() {
    let userns = ds(json!({"hostUsers": false, "hostNetwork": true}), json!({}));
    let host_net = [format!("{T}.hostNetwork: Forbidden: when `hostUsers` is false")];
    assert_eq!(create(Release::V1_35, &userns), host_net);
    let off = [("UserNamespacesSupport", false)];
    assert!(run(Release::V1_35, &off, &userns, None).valid);
    let stored = ds(json!({"hostUsers": true}), json!({}));
    assert_eq!(messages(&run(Release::V1_35, &off, &userns, Some(&stored))), host_net);

    let unmasked = containers(json!([{"name": "app", "image": "nginx", "securityContext": {"procMount": "Unmasked"}}]));
    let unmasked = ds(unmasked, json!({}));
    let needs_userns = [format!("{T}.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`")];
    assert_eq!(create(Release::V1_35, &unmasked), needs_userns);
    assert!(run(Release::V1_35, &[("ProcMountType", false)], &unmasked, None).valid);

    let image = ds(
        json!({"volumes": [{"name": "img", "image": {"reference": "", "pullPolicy": "IfNotPresent"}}],
               "containers": [{"name": "app", "image": "nginx", "volumeMounts": [{"name": "img", "mountPath": "/img"}]}]}),
        json!({}),
    );
    // `ValidateVolumes` keeps only valid volumes, so the mount of the bad one is not found.
    assert_eq!(
        create(Release::V1_37, &image),
        [
            format!("{T}.volumes[0].image.reference: Required value"),
            format!("{T}.containers[0].volumeMounts[0].name: Not found: \"img\""),
        ]
    );
    // `ImageVolume` is locked on from 1.36, so dropping is seen in 1.35, where it is a beta.
    let bad_policy = ds(
        json!({"volumes": [{"name": "img", "image": {"reference": "busybox", "pullPolicy": "Sometimes"}}],
               "containers": [{"name": "app", "image": "nginx", "volumeMounts": [{"name": "img", "mountPath": "/img"}]}]}),
        json!({}),
    );
    let errors = run(Release::V1_35, &[], &bad_policy, None).errors;
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, [format!("{T}.volumes[0].image.pullPolicy"), format!("{T}.containers[0].volumeMounts[0].name")]);
    assert!(run(Release::V1_35, &[("ImageVolume", false)], &bad_policy, None).valid);

    let hostname = ds(json!({"hostnameOverride": "Not_Valid"}), json!({}));
    assert_eq!(create(Release::V1_35, &hostname).len(), 1);
    assert!(run(Release::V1_35, &[("HostnameOverride", false)], &hostname, None).valid);
}

/// The strategy's `ValidateUpdate`: `AllowInvalidLabelValueInSelector` also holds when the stored
/// DaemonSet selector has an invalid `matchExpressions` value (`LabelSelectorHasInvalidLabelValue`),
/// and only then: a stored selector wrong in another way relaxes nothing.
#[test]
fn stored_selector_relaxes_only_for_invalid_values() {
    let with_selector = |expr: Value, affinity_value: &str| {
        let mut d = ds(
            json!({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "kubernetes.io/hostname",
                 "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": [affinity_value]}]}}]}}}),
            json!({}),
        );
        d["spec"]["selector"] = json!({"matchExpressions": [expr]});
        d
    };
    let bad_value = json!({"key": "app", "operator": "NotIn", "values": ["a b"]});
    let exists_with_values = json!({"key": "app", "operator": "Exists", "values": ["x"]});
    let affinity = format!("{T}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values[0]: Invalid value: \"c d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    let old = with_selector(bad_value.clone(), "x");
    assert_eq!(update(Release::V1_35, &with_selector(bad_value, "c d"), &old), Vec::<String>::new());
    let old = with_selector(exists_with_values.clone(), "x");
    let causes = update(Release::V1_35, &with_selector(exists_with_values, "c d"), &old);
    assert_eq!(
        causes,
        [
            "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".to_string(),
            affinity,
        ]
    );
}

/// `validateWorkloadReference` (v1.35.4) and `validateSchedulingGroup` (1.36 tree), reached only
/// with `GenericWorkload` on (or the stored template using them); each field only in its releases.
#[test]
fn workload_fields_behind_generic_workload() {
    let subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    let label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    let on = [("GenericWorkload", true)];
    let workload =
        ds(json!({"workloadRef": {"name": "Bad_Name", "podGroup": "g.1", "podGroupReplicaKey": "K"}}), json!({}));
    assert!(run(Release::V1_35, &[], &workload, None).valid);
    assert_eq!(
        messages(&run(Release::V1_35, &on, &workload, None)),
        [
            format!("{T}.workloadRef.name: Invalid value: \"Bad_Name\": {subdomain}"),
            // `IsDNS1123Label`: a valid subdomain that is no label "must not contain dots".
            format!("{T}.workloadRef.podGroup: Invalid value: \"g.1\": must not contain dots"),
            format!("{T}.workloadRef.podGroupReplicaKey: Invalid value: \"K\": {label}"),
        ]
    );
    let group = ds(json!({"schedulingGroup": {}}), json!({}));
    let v = run(Release::V1_36, &on, &group, None);
    assert_eq!(
        messages(&v),
        [format!("{T}.schedulingGroup.podGroupName: Invalid value: null: must specify one of: `podGroupName`")]
    );
    // 1.36 names a pod group as a subdomain: dots are fine.
    assert!(run(Release::V1_36, &on, &ds(json!({"schedulingGroup": {"podGroupName": "g.1"}}), json!({})), None).valid);
    assert!(run(Release::V1_36, &[], &group, None).valid);
}
