#![cfg(not(target_arch = "wasm32"))]
//! Releases, feature gates, strict field validation and the scheduler's words, through the
//! Rust API. Expected texts are restated from the Kubernetes sources each test names.

use daemonset_planner::api::{plan, validate, FieldValidation, PlanOptions, Source, ValidateOptions, Validation};
use daemonset_planner::feature_gates::{Feature, FeatureGates};
use daemonset_planner::release::Release;

const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: default}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      tolerations:
      - {key: dedicated, operator: Exists, efect: NoSchedule}
      containers:
      - name: a
        image: x
        image: z
";

fn run(text: &str, field_validation: FieldValidation, release: Release) -> Validation {
    validate(
        Source::Text(text),
        ValidateOptions { field_validation, kubernetes_version: release, ..Default::default() },
    )
}

/// apiserver `createHandler`: a strict decoding error goes through `transformDecodeError`
/// (`"%s in version %q cannot be handled as a %s: %v"`) into a 400 BadRequest; the error joins
/// the decoder's violations with ", " after `strict decoding error: ` (apimachinery
/// `strictDecodingError.Error`), each `unknown field "<path>"` or `duplicate field "<path>"`
/// (sigs.k8s.io/json `strictError.Error`).
#[test]
fn strict_is_the_default_and_fails_as_the_server_does() {
    let v = validate(Source::Text(DS), ValidateOptions::default());
    assert!(!v.valid);
    let status = v.status.as_ref().expect("a Status");
    assert_eq!((status.code, status.reason), (400, "BadRequest"));
    assert_eq!(
        status.message,
        "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.template.spec.tolerations[0].efect\", duplicate field \"spec.template.spec.containers[0].image\""
    );
    let got: Vec<(&str, &str, Option<u32>, Option<u32>)> =
        v.errors.iter().map(|e| (e.field.as_str(), e.message.as_str(), e.line, e.column)).collect();
    assert_eq!(
        got,
        [
            (
                "spec.template.spec.tolerations[0].efect",
                "unknown field \"spec.template.spec.tolerations[0].efect\"",
                Some(10),
                Some(44)
            ),
            (
                "spec.template.spec.containers[0].image",
                "duplicate field \"spec.template.spec.containers[0].image\"",
                Some(14),
                Some(9)
            ),
        ]
    );
    assert!(v.errors.iter().all(|e| e.reason == "BadRequest"));
    // A 400 carries no details.
    let json = serde_json::to_value(status).unwrap();
    assert!(json.get("details").is_none(), "{json}");
}

/// `addStrictDecodingWarnings`: under Warn each violation is a warning and the object is
/// validated without the field; under Ignore nothing is said.
#[test]
fn warn_keeps_the_warnings_and_ignore_drops_them() {
    let warn = run(DS, FieldValidation::Warn, Release::V1_35);
    assert!(warn.valid, "{:?}", warn.errors);
    let messages: Vec<&str> = warn.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown field \"spec.template.spec.tolerations[0].efect\"",
            "duplicate field \"spec.template.spec.containers[0].image\""
        ]
    );
    let ignore = run(DS, FieldValidation::Ignore, Release::V1_35);
    assert!(ignore.valid);
    assert!(ignore.warnings.is_empty(), "{:?}", ignore.warnings);
}

/// A map with free keys (labels) names the key after a dot, as the decoder's field stack does.
#[test]
fn duplicate_map_keys_are_named_by_their_path() {
    let text = DS.replace("{labels: {app: x}}", "{labels: {app: x, app: x}}").replace("efect", "effect");
    let text = text.replace("        image: z\n", "");
    let v = validate(Source::Text(&text), ValidateOptions::default());
    assert_eq!(v.errors.len(), 1, "{:?}", v.errors);
    assert_eq!(v.errors[0].message, "duplicate field \"spec.template.metadata.labels.app\"");
}

/// k8s.io/api: `workloadRef` was removed in 1.36 and `schedulingGroup` added; the 1.37 code
/// freeze added `volumeMounts[].bindMountOptions` (VolumeBindMountOptions) among others.
#[test]
fn the_known_fields_follow_the_release() {
    let with =
        |spec_field: &str| DS.replace("      tolerations:\n", &format!("      {spec_field}\n      tolerations:\n"));
    let fixed = |t: String| t.replace("efect", "effect").replace("        image: z\n", "");
    let unknown = |text: &str, release: Release| -> Vec<String> {
        run(text, FieldValidation::Strict, release).errors.into_iter().map(|e| e.message).collect()
    };
    let workload = fixed(with("workloadRef: {name: w, podGroup: g}"));
    assert!(unknown(&workload, Release::V1_35).is_empty());
    assert_eq!(unknown(&workload, Release::V1_36), ["unknown field \"spec.template.spec.workloadRef\""]);
    let group = fixed(with("schedulingGroup: {podGroupName: g}"));
    assert_eq!(unknown(&group, Release::V1_35), ["unknown field \"spec.template.spec.schedulingGroup\""]);
    assert!(unknown(&group, Release::V1_36).is_empty());
    let mounts = fixed(DS.to_string()).replace(
        "        image: x\n",
        "        image: x\n        volumeMounts: [{name: v, mountPath: /v, bindMountOptions: [noexec]}]\n",
    );
    assert_eq!(
        unknown(&mounts, Release::V1_36),
        ["unknown field \"spec.template.spec.containers[0].volumeMounts[0].bindMountOptions\""]
    );
    assert!(unknown(&mounts, Release::V1_37).iter().all(|m| !m.contains("bindMountOptions")));
}

/// `plan` reports the same answer in its `validation`, and still places the DaemonSet as the
/// controller would place what it decoded (the typo'd toleration does not tolerate anything).
#[test]
fn plan_shows_strict_failures_too() {
    // Without its operator the toleration is `Equal` with an empty value: gpu is not tolerated.
    let ds = DS.replace("{key: dedicated, operator: Exists, efect: NoSchedule}", "{key: dedicated, opertor: Exists}");
    let ds = ds.replace("        image: z\n", "");
    let nodes = "[{metadata: {name: n}, spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}}]";
    let p = plan(Source::Text(&ds), Source::Text(nodes), &PlanOptions::default()).unwrap();
    assert!(!p.validation.valid);
    assert_eq!(p.validation.errors[0].message, "unknown field \"spec.template.spec.tolerations[0].opertor\"");
    assert_eq!(p.validation.status.as_ref().map(|s| s.code), Some(400));
    assert!(!p.nodes[0].should_run);
    let warn = PlanOptions { field_validation: FieldValidation::Warn, ..Default::default() };
    assert!(plan(Source::Text(&ds), Source::Text(nodes), &warn).unwrap().validation.valid);
}

/// tainttoleration `Filter` (1.35, #134740): `node(s) had untolerated taint(s)`, without the
/// key, in every supported release; the taint stays in `detail` and `taint`.
#[test]
fn the_scheduler_words_of_each_release() {
    let ds = DS.replace("efect", "effect").replace("        image: z\n", "");
    let nodes = "[{metadata: {name: a}, spec: {taints: [{key: gpu, value: 'yes', effect: NoSchedule}]}},
                 {metadata: {name: b}, spec: {taints: [{key: spot, effect: NoExecute}]}},
                 {metadata: {name: c}}]";
    for release in Release::ALL {
        let options = PlanOptions { kubernetes_version: release, ..Default::default() };
        let p = plan(Source::Text(&ds), Source::Text(nodes), &options).unwrap();
        let reason = &p.nodes[0].reasons[0];
        assert_eq!(reason.message, "node(s) had untolerated taint(s)");
        assert!(reason.detail.starts_with("taint gpu=yes:NoSchedule is not tolerated"), "{}", reason.detail);
        assert_eq!(reason.taint.as_ref().map(|t| t.key.as_str()), Some("gpu"));
        assert_eq!(p.summary.message, "1/3 nodes are available: 2 node(s) had untolerated taint(s).");
    }
}

/// kube_features per release (kubernetes-versions.md, "Gate defaults") and featuregate's
/// `SetFromMap` refusals.
#[test]
fn gate_defaults_per_release_and_overrides() {
    let on = |f: Feature, r: Release| FeatureGates::default().enabled(f, r);
    assert_eq!(Release::ALL.map(|r| on(Feature::StrictIPCIDRValidation, r)), [false, true, true]);
    assert_eq!(Release::ALL.map(|r| on(Feature::RestartAllContainersOnContainerExits, r)), [false, true, true]);
    assert_eq!(Release::ALL.map(|r| on(Feature::SELinuxMount, r)), [false, false, true]);
    assert_eq!(Release::ALL.map(|r| on(Feature::ClusterTrustBundleProjection, r)), [false, false, true]);
    assert_eq!(Release::ALL.map(|r| on(Feature::TaintTolerationComparisonOperators, r)), [false, false, false]);
    let mut gates = FeatureGates::default();
    gates.set("SELinuxMount", true, Release::V1_35).unwrap();
    assert!(gates.enabled(Feature::SELinuxMount, Release::V1_35));
    assert_eq!(
        gates.set("NodeDeclaredFeatures", false, Release::V1_37),
        Err("cannot set feature gate NodeDeclaredFeatures to false, feature is locked to true".to_string())
    );
    assert_eq!(
        gates.set("SidecarContainers", true, Release::V1_37),
        Err("unrecognized feature gate: SidecarContainers".to_string())
    );
}

#[test]
fn releases_are_read_as_users_write_them() {
    assert_eq!(Release::parse("v1.36.2"), Some(Release::V1_36));
    assert_eq!(Release::default(), Release::V1_37);
    assert_eq!(
        Release::unsupported("1.34"),
        "unsupported Kubernetes release \"1.34\": supported releases are 1.35, 1.36, 1.37"
    );
}

/// `GetWarningsForIP` (apimachinery ip.go): with StrictIPCIDRValidation off (1.35's default, or
/// set off later) a non-standard address is accepted with a warning, worded per release.
#[test]
fn non_standard_ips_warn_in_the_words_of_the_release() {
    let ds = DS.replace("efect", "effect").replace("        image: z\n", "").replace(
        "      tolerations:\n",
        "      hostAliases: [{ip: 010.000.000.005, hostnames: [foo.example]}]\n      tolerations:\n",
    );
    let warnings = |release: Release, strict_off: bool| -> Vec<String> {
        let mut gates = FeatureGates::default();
        if strict_off {
            gates.set("StrictIPCIDRValidation", false, release).unwrap();
        }
        let options = ValidateOptions { kubernetes_version: release, feature_gates: gates, ..Default::default() };
        validate(Source::Text(&ds), options).warnings.into_iter().map(|w| w.message).collect()
    };
    assert_eq!(
        warnings(Release::V1_35, false),
        ["spec.template.spec.hostAliases[0].ip: non-standard IP address \"010.000.000.005\" will be considered invalid in a future Kubernetes release: use \"10.0.0.5\""]
    );
    assert_eq!(
        warnings(Release::V1_36, true),
        ["spec.template.spec.hostAliases[0].ip: non-standard IP address \"010.000.000.005\" is invalid: use \"10.0.0.5\""]
    );
    assert!(warnings(Release::V1_36, false).is_empty(), "strict: an error, not a warning");
}

/// Policy settings choose the API server release the review validates as.
#[test]
fn policy_settings_choose_the_release() {
    use daemonset_planner::policy::Settings;
    assert_eq!(Settings::parse("kubernetesVersion: \"1.35\"\n").unwrap().kubernetes_version, Release::V1_35);
    assert_eq!(Settings::parse("validation: true\n").unwrap().kubernetes_version, Release::V1_37);
    let err = Settings::parse("kubernetesVersion: \"1.30\"\n").unwrap_err();
    assert!(
        err.message.contains("unsupported Kubernetes release \"1.30\": supported releases are 1.35, 1.36, 1.37"),
        "{}",
        err.message
    );
    assert_eq!(err.line, Some(1));
}
