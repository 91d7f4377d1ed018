#![cfg(not(target_arch = "wasm32"))]
//! The update path, decode errors, the created Pod's stored shape, rollout error values and the
//! quantity canonical form, each with the API server's (or controller's) exact words, restated
//! from the Kubernetes sources named on each test.

use daemonset_planner::api::{plan, validate, PlanOptions, Source, ValidateOptions, Validation};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "example-ds", "namespace": "default", "resourceVersion": "1"},
        "spec": {
            "selector": {"matchLabels": {"app": "x"}},
            "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
        }
    })
}

/// `base()` with JSON-pointer `path` set to `value`.
fn with(mut ds: Value, path: &str, value: Value) -> Value {
    let (parent, key) = path.rsplit_once('/').unwrap();
    ds.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.to_string(), value);
    ds
}

fn update(new: &Value, old: &Value) -> Validation {
    let (new, old) = (new.to_string(), old.to_string());
    validate(Source::Text(&new), ValidateOptions { old_daemon_set: Some(Source::Text(&old)), ..Default::default() })
}

fn create(ds: &Value) -> Validation {
    validate(Source::Text(&ds.to_string()), ValidateOptions::default())
}

fn messages(v: &Validation) -> Vec<String> {
    v.errors.iter().map(|e| e.message.clone()).collect()
}

/// `ValidateDaemonSetUpdate` (pkg/apis/apps/validation): `ValidateDaemonSetSpecUpdate`'s
/// immutable selector comes before the spec, which is validated once.
#[test]
fn selector_immutability_first_then_the_spec_once() {
    let new = with(base(), "/spec/selector/matchLabels", json!({"app": "x", "extra": "y"}));
    let new = with(new, "/spec/template/metadata/labels", json!({"app": "x", "extra": "y"}));
    let new = with(new, "/spec/template/spec/restartPolicy", json!("Never"));
    assert_eq!(
        messages(&update(&new, &base())),
        [
            r#"spec.selector: Invalid value: {"matchLabels":{"app":"x","extra":"y"}}: field is immutable"#,
            r#"spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always""#,
        ]
    );
}

/// The registry's `validateCommonFields` (apiserver rest/update.go) checks labels through
/// `ValidateObjectMetaAccessor` and `ValidateObjectMetaAccessorUpdate`, then the strategy's
/// `ValidateObjectMetaUpdate` once more: three causes for one bad label.
#[test]
fn metadata_update_errors_as_the_server_lists_them() {
    let new = with(base(), "/metadata/labels", json!({"tier": "-infra"}));
    let v = update(&new, &base());
    assert_eq!(v.errors.len(), 3, "{:?}", messages(&v));
    assert!(v.errors.iter().all(|e| e.field == "metadata.labels"));
}

/// `ValidateObjectMetaAccessorUpdate`: the name is immutable (reported by it and again by
/// core's `ValidateObjectMetaUpdate`), but its format is not re-checked.
#[test]
fn name_immutable_but_not_revalidated() {
    let old = with(base(), "/metadata/name", json!("-a"));
    assert!(update(&old, &old).valid, "{:?}", messages(&update(&old, &old)));
    let renamed = with(base(), "/metadata/name", json!("other"));
    let immutable = r#"metadata.name: Invalid value: "other": field is immutable"#;
    assert_eq!(messages(&update(&renamed, &base())), [immutable, immutable]);
}

/// `validatePathSegment` (apiserver rest/create.go) is the only name check on update.
#[test]
fn names_on_update_are_path_segments() {
    let old = with(base(), "/metadata/name", json!("a%b"));
    assert_eq!(messages(&update(&old, &old)), [r#"metadata.name: Invalid value: "a%b": may not contain '%'"#]);
}

/// `Store.Update` (apiserver registry/generic/registry/store.go): a resourceVersion other than
/// the stored one is `NewConflict`, before validation.
#[test]
fn resource_version_mismatch_is_a_conflict() {
    let new = with(base(), "/metadata/resourceVersion", json!("2"));
    let new = with(new, "/spec/template/spec/restartPolicy", json!("Never"));
    let v = update(&new, &base());
    assert!(!v.valid);
    assert!(v.errors.is_empty());
    let status = v.status.unwrap();
    assert_eq!((status.code, status.reason), (409, "Conflict"));
    assert_eq!(
        status.message,
        r#"Operation cannot be fulfilled on daemonsets.apps "example-ds": the object has been modified; please apply your changes to the latest version and try again"#
    );
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["details"], json!({"name": "example-ds", "group": "apps", "kind": "daemonsets"}));
}

/// `rest.BeforeUpdate` takes the generation from the stored object and the strategy's
/// `PrepareForUpdate` the templateGeneration: neither -1 is an error.
#[test]
fn generations_come_from_the_stored_object() {
    let new = with(base(), "/metadata/generation", json!(-1));
    assert!(update(&new, &base()).valid);
    let new = with(base(), "/metadata/annotations", json!({"deprecated.daemonset.template.generation": "-1"}));
    assert!(update(&new, &base()).valid);
    // On create, `PrepareForCreate` sets generation 1 and templateGeneration at least 1.
    assert!(create(&new).valid);
}

/// `Convert_v1_DaemonSet_To_apps_DaemonSet` parses the templateGeneration annotation with
/// `strconv.ParseInt`; `transformDecodeError` (apiserver handlers/rest.go) makes it a 400.
#[test]
fn template_generation_annotation_that_does_not_parse_is_a_decode_error() {
    let ds = with(base(), "/metadata/annotations", json!({"deprecated.daemonset.template.generation": "abc"}));
    let status = create(&ds).status.unwrap();
    assert_eq!((status.code, status.reason), (400, "BadRequest"));
    assert_eq!(
        status.message,
        r#"DaemonSet in version "v1" cannot be handled as a DaemonSet: strconv.ParseInt: parsing "abc": invalid syntax"#
    );
}

/// `Quantity.UnmarshalJSON` (apimachinery api/resource) fails the decode for any quantity
/// field, modelled here or not.
#[test]
fn bad_quantity_anywhere_is_a_decode_error() {
    let ds = with(base(), "/spec/template/spec/overhead", json!({"cpu": "abc"}));
    let v = create(&ds);
    assert!(!v.valid);
    assert!(v.errors.is_empty());
    let status = v.status.unwrap();
    assert_eq!((status.code, status.reason), (400, "BadRequest"));
    assert_eq!(
        status.message,
        r#"DaemonSet in version "v1" cannot be handled as a DaemonSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"#
    );
    let ds = with(base(), "/spec/template/spec/volumes", json!([{"name": "v", "emptyDir": {"sizeLimit": "1kk"}}]));
    assert!(create(&ds).status.unwrap().message.ends_with(": unable to parse quantity's suffix"));
}

/// `validateTopologySpreadConstraints` with `AllowInvalidTopologySpreadConstraintLabelSelector`
/// (pkg/api/pod `GetValidationOptionsFromPodTemplate`): a stored invalid expression value is
/// tolerated (matchLabels are always checked).
#[test]
fn stored_invalid_topology_spread_selector_is_tolerated() {
    let constraint = json!([{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["bad value"]}]}}]);
    let old = with(base(), "/spec/template/spec/topologySpreadConstraints", constraint);
    assert!(!create(&old).valid);
    assert!(update(&old, &old).valid, "{:?}", messages(&update(&old, &old)));
}

/// `Quantity.String()`: the decoded quantity prints canonically in messages.
#[test]
fn quantities_print_canonically() {
    let ds = with(
        base(),
        "/spec/template/spec/containers/0/resources",
        json!({"requests": {"example.com/foo": "1.5"}, "limits": {"example.com/foo": "2"}}),
    );
    assert_eq!(
        messages(&create(&ds)),
        [
            r#"spec.template.spec.containers[0].resources.requests[example.com/foo]: Invalid value: "1500m": must be an integer"#,
            r#"spec.template.spec.containers[0].resources.requests: Invalid value: "1500m": must be equal to example.com/foo limit of 2"#,
        ]
    );
}

fn plan_for(ds: &Value, pods: bool) -> daemonset_planner::Plan {
    let nodes = json!([{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-0"}}]).to_string();
    plan(Source::Text(&ds.to_string()), Source::Text(&nodes), &PlanOptions { pods, ..Default::default() }).unwrap()
}

/// `updatedDesiredNodeCounts` (pkg/controller/daemon/update.go) returns -1, -1, -1 with its
/// error when `GetScaledValueFromIntOrPercent` fails.
#[test]
fn rollout_error_values() {
    let ds = with(base(), "/spec/updateStrategy", json!({"rollingUpdate": {"maxSurge": "1"}}));
    let r = plan_for(&ds, false).rollout;
    assert_eq!((r.desired_number_scheduled, r.max_unavailable, r.max_surge), (-1, -1, -1));
    assert_eq!(
        r.error.as_deref(),
        Some("invalid value for MaxSurge: invalid value for IntOrString: invalid type: string is not a percentage")
    );
    let ds = with(base(), "/spec/updateStrategy", json!({"rollingUpdate": {"maxUnavailable": "x%"}}));
    assert_eq!(
        plan_for(&ds, false).rollout.error.as_deref(),
        Some(
            r#"invalid value for MaxUnavailable: invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax"#
        )
    );
}

/// The created Pod as stored: the typed `Affinity` re-encoded (`weight` has no omitempty,
/// empty `omitempty` lists vanish), and an int64 tolerationSeconds kept exact.
#[test]
fn created_pod_as_stored() {
    let ds = with(
        base(),
        "/spec/template/spec/affinity",
        json!({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{}]}, "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": []}}),
    );
    let p = plan_for(&ds, true);
    let affinity = &p.nodes[0].pod.as_ref().unwrap()["spec"]["affinity"];
    assert_eq!(
        affinity["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"],
        json!([{"weight": 0, "preference": {}}])
    );
    assert_eq!(affinity["podAffinity"], json!({}));
    let text = base().to_string().replace(
        r#""containers""#,
        r#""tolerations":[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":9223372036854775807}],"containers""#,
    );
    let nodes = json!([{"metadata": {"name": "node-0"}}]).to_string();
    let p = plan(Source::Text(&text), Source::Text(&nodes), &PlanOptions { pods: true, ..Default::default() }).unwrap();
    let out = serde_json::to_string(&p.nodes[0].pod).unwrap();
    assert!(out.contains(r#""tolerationSeconds":9223372036854775807"#), "{out}");
}

/// A value of the wrong type is `UnmarshalTypeError` (Go `encoding/json`, as sigs.k8s.io/json
/// forks it): the declaring struct, the JSON field path without indices, the Go type.
#[test]
fn wrong_types_in_the_decoders_words() {
    let cases = [
        (
            "/spec/template/spec/terminationGracePeriodSeconds",
            json!("30"),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64",
        ),
        (
            "/spec/template/spec/tolerations",
            json!([5]),
            "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.tolerations of type v1.Toleration",
        ),
        (
            "/spec/template/spec/containers/0/ports",
            json!([{"containerPort": 1.5}]),
            "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        ),
        (
            "/spec/template/spec/containers/0/env",
            json!([{"name": "A", "valueFrom": {"secretKeyRef": {"key": "k", "optional": "yes"}}}]),
            "json: cannot unmarshal string into Go struct field SecretKeySelector.spec.template.spec.containers.env.valueFrom.secretKeyRef.optional of type bool",
        ),
        (
            "/spec/template/spec/hostNetwork",
            json!(1),
            "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.hostNetwork of type bool",
        ),
    ];
    let cases = cases.into_iter().chain([
        // `IntOrString.UnmarshalJSON` decodes a non-string into its int32.
        (
            "/spec/updateStrategy",
            json!({"rollingUpdate": {"maxUnavailable": 1.5}}),
            "json: cannot unmarshal number 1.5 into Go struct field RollingUpdateDaemonSet.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32",
        ),
        (
            "/spec/updateStrategy",
            json!({"rollingUpdate": {"maxSurge": true}}),
            "json: cannot unmarshal bool into Go struct field RollingUpdateDaemonSet.spec.updateStrategy.rollingUpdate.maxSurge of type int32",
        ),
    ]);
    for (path, value, want) in cases {
        let v = create(&with(base(), path, value));
        let status = v.status.unwrap();
        assert_eq!(status.code, 400, "{path}");
        assert_eq!(status.message, format!(r#"DaemonSet in version "v1" cannot be handled as a DaemonSet: {want}"#));
    }
}
