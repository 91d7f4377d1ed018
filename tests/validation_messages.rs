#![cfg(not(target_arch = "wasm32"))]
//! Each validation check with the API server's exact message, positions in YAML and JSON, and
//! the warnings. Messages are restated from the Kubernetes sources (see the semantics notes in
//! README), not copied from this implementation's output.

use daemonset_planner::api::{validate, FieldValidation, Source, ValidateOptions, Validation};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "example-ds", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "x"}},
            "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
        }
    })
}

fn with(changes: &[(&str, Value)]) -> Value {
    let mut ds = base();
    for (pointer, value) in changes {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = ds.pointer_mut(parent).unwrap_or_else(|| panic!("{parent}"));
        match target {
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = value.clone(),
            Value::Object(map) if value.is_null() => {
                map.remove(key);
            }
            Value::Object(map) => {
                map.insert(key.to_string(), value.clone());
            }
            _ => panic!("{pointer}"),
        }
    }
    ds
}

fn messages(ds: &Value) -> Vec<String> {
    run(ds).errors.into_iter().map(|e| e.message).collect()
}

fn run(ds: &Value) -> Validation {
    validate(Source::Text(&ds.to_string()), ValidateOptions::default())
}

const DNS_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PERCENT: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const T: &str = "/spec/template/spec";

fn check(changes: &[(&str, Value)], want: &[String]) {
    let ds = with(changes);
    assert_eq!(messages(&ds), want, "{changes:?}");
}

#[test]
fn object_meta() {
    check(
        &[("/metadata/name", json!("Example"))],
        &[format!("metadata.name: Invalid value: \"Example\": {DNS_SUBDOMAIN}")],
    );
    check(
        &[("/metadata/name", json!(""))],
        &["metadata.name: Required value: name or generateName is required".into()],
    );
    check(
        &[("/metadata/namespace", json!("a.b"))],
        &["metadata.namespace: Invalid value: \"a.b\": must not contain dots".into()],
    );
    check(&[("/metadata/labels", json!({"a/b/c": "x"}))], &["metadata.labels: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".into()]);
    check(
        &[("/metadata/labels", json!({"k": "-x"}))],
        &[format!("metadata.labels: Invalid value: \"-x\": {LABEL_VALUE}")],
    );
    check(
        &[("/metadata/labels", json!({"k": "a".repeat(64)}))],
        &[format!("metadata.labels: Invalid value: \"{}\": must be no more than 63 bytes", "a".repeat(64))],
    );
    check(
        &[("/metadata/annotations", json!({"Bad Key": "x"}))],
        &[format!("metadata.annotations: Invalid value: \"Bad Key\": {NAME_PART}")],
    );
    check(
        &[("/metadata/annotations", json!({"a": "b".repeat(262_144)}))],
        &["metadata.annotations: Too long: may not be more than 262144 bytes".into()],
    );
    check(&[("/metadata/finalizers", json!(["cleanup"]))], &["metadata.finalizers[0]: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified".into()]);
    check(
        &[("/metadata/name", Value::Null), ("/metadata/generateName", json!("Agent-"))],
        &[
            format!("metadata.generateName: Invalid value: \"Agent-\": {DNS_SUBDOMAIN}"),
            format!("metadata.name: Invalid value: \"Agent-b2c4d\": {DNS_SUBDOMAIN}"),
        ],
    );
}

#[test]
fn selector() {
    check(
        &[("/spec/selector", Value::Null)],
        &["spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template `labels`"
            .into()],
    );
    check(
        &[("/spec/selector", json!({}))],
        &["spec.selector: Invalid value: {}: empty selector is invalid for daemonset".into()],
    );
    check(&[("/spec/selector/matchExpressions", json!([{"key": "app", "operator": "In"}]))], &["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into()]);
    check(&[("/spec/selector/matchExpressions", json!([{"key": "app", "operator": "Exists", "values": ["x"]}]))], &["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into()]);
    check(
        &[("/spec/selector/matchExpressions", json!([{"key": "app", "operator": "Gt", "values": ["1"]}]))],
        &["spec.selector.matchExpressions[0].operator: Invalid value: \"Gt\": not a valid selector operator".into()],
    );
    check(
        &[("/spec/selector/matchExpressions", json!([{"key": "app", "operator": "In", "values": ["x", "a b"]}]))],
        &[format!("spec.selector.matchExpressions[0].values[1]: Invalid value: \"a b\": {LABEL_VALUE}")],
    );
    check(
        &[("/spec/selector/matchLabels", json!({"app": "y"}))],
        &["spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template `labels`"
            .into()],
    );
}

#[test]
fn daemon_set_rules() {
    check(&[(&format!("{T}/restartPolicy"), json!("Foo"))], &[
        "spec.template.spec.restartPolicy: Unsupported value: \"Foo\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_string(),
        "spec.template.spec.restartPolicy: Unsupported value: \"Foo\": supported values: \"Always\"".into(),
    ]);
    check(
        &[(&format!("{T}/activeDeadlineSeconds"), json!(0))],
        &[
            "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"
                .into(),
            "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"
                .into(),
        ],
    );
    check(
        &[("/spec/minReadySeconds", json!(-1))],
        &["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0".into()],
    );
    check(
        &[("/spec/revisionHistoryLimit", json!(-1))],
        &["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0".into()],
    );
}

#[test]
fn update_strategy() {
    let ru = |v: Value| [("/spec/updateStrategy", json!({"type": "RollingUpdate", "rollingUpdate": v}))];
    check(&[("/spec/updateStrategy", json!({"type": "Recreate"}))], &["spec.updateStrategy: Unsupported value: {\"Type\":\"Recreate\",\"RollingUpdate\":null}: supported values: \"RollingUpdate\", \"OnDelete\"".into()]);
    check(
        &ru(json!({"maxUnavailable": 0})),
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0".into()],
    );
    check(&ru(json!({"maxSurge": 1})), &["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero".into()]);
    check(
        &ru(json!({"maxUnavailable": "101%"})),
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"101%\": must not be greater than 100%"
            .into()],
    );
    check(
        &ru(json!({"maxUnavailable": "5"})),
        &[format!("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"5\": {PERCENT}")],
    );
    check(
        &ru(json!({"maxUnavailable": -1})),
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"
            .into()],
    );
    check(&ru(json!({"maxUnavailable": 0, "maxSurge": "10%"})), &[]);
    check(&[("/spec/updateStrategy", json!({"type": "OnDelete", "rollingUpdate": {"maxUnavailable": "bad"}}))], &[]);
}

#[test]
fn tolerations() {
    let tol = |t: Value| [(&*format!("{T}/tolerations"), json!([t]))].map(|(p, v)| (p.to_string(), v));
    let run_tol = |t: Value, want: &[String]| {
        let [(p, v)] = tol(t);
        check(&[(&p, v)], want);
    };
    let at = "spec.template.spec.tolerations[0]";
    run_tol(json!({"operator": "Equal", "value": "x"}), &[format!("{at}.operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")]);
    run_tol(
        json!({"key": "k", "operator": "Exists", "value": "x"}),
        &[format!("{at}.operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'")],
    );
    run_tol(
        json!({"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 5}),
        &[format!(
            "{at}.effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"
        )],
    );
    run_tol(json!({"key": "k", "operator": "Exists", "effect": "noschedule"}), &[format!("{at}.effect: Unsupported value: \"noschedule\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")]);
    run_tol(
        json!({"key": "k", "operator": "exists"}),
        &[format!("{at}.operator: Unsupported value: \"exists\": supported values: \"Equal\", \"Exists\"")],
    );
    run_tol(
        json!({"key": "k", "operator": "Gt", "value": "5"}),
        &[format!("{at}.operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\", \"Lt\", \"Gt\"")],
    );
    run_tol(json!({"key": "k", "value": "a b"}), &[format!("{at}.operator: Invalid value: \"a b\": {LABEL_VALUE}")]);
    run_tol(
        json!({"key": "k/", "operator": "Exists"}),
        &[
            format!("{at}.key: Invalid value: \"k/\": name part must be non-empty"),
            format!("{at}.key: Invalid value: \"k/\": {NAME_PART}"),
        ],
    );
}

#[test]
fn node_affinity_and_selector() {
    let req = |term: Value| {
        (
            format!("{T}/affinity"),
            json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}}),
        )
    };
    let p =
        "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
    let cases = [
        (json!({"matchExpressions": [{"key": "k", "operator": "In"}]}), format!("{p}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")),
        (json!({"matchExpressions": [{"key": "k", "operator": "Gt", "values": ["1", "2"]}]}), format!("{p}.matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'")),
        (json!({"matchExpressions": [{"key": "k", "operator": "Equals", "values": ["1"]}]}), format!("{p}.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator")),
        (json!({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a", "b"]}]}), format!("{p}.matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector")),
        (json!({"matchFields": [{"key": "metadata.labels", "operator": "In", "values": ["a"]}]}), format!("{p}.matchFields[0].key: Invalid value: \"metadata.labels\": not a valid field selector key")),
        (json!({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["A"]}]}), format!("{p}.matchFields[0].values[0]: Invalid value: \"A\": {DNS_SUBDOMAIN}")),
    ];
    for (term, want) in cases {
        let (ptr, v) = req(term);
        check(&[(&ptr, v)], &[want]);
    }
    check(&[(&format!("{T}/affinity"), json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}))], &["spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term".into()]);
    check(&[(&format!("{T}/affinity"), json!({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 0, "preference": {}}]}}))], &["spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100".into()]);
    check(
        &[(&format!("{T}/nodeSelector"), json!({"-k": "v"}))],
        &[format!("spec.template.spec.nodeSelector: Invalid value: \"-k\": {NAME_PART}")],
    );
}

#[test]
fn containers_and_ports() {
    let c = "spec.template.spec.containers";
    check(&[(&format!("{T}/containers"), json!([]))], &[format!("{c}: Required value")]);
    check(
        &[(&format!("{T}/containers/0"), json!({"name": "App", "image": "x"}))],
        &[format!("{c}[0].name: Invalid value: \"App\": {DNS_LABEL}")],
    );
    check(
        &[(&format!("{T}/containers"), json!([{"name": "a", "image": "x"}, {"name": "a", "image": "y"}]))],
        &[format!("{c}[1].name: Duplicate value: \"a\"")],
    );
    check(&[(&format!("{T}/containers/0"), json!({"name": "a"}))], &[format!("{c}[0].image: Required value")]);
    check(&[(&format!("{T}/containers/0"), json!({"name": "a", "image": "x", "imagePullPolicy": "Sometimes"}))], &[format!("{c}[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]);
    let ports = |p: Value| (format!("{T}/containers/0"), json!({"name": "a", "image": "x", "ports": p}));
    let port_cases = [
        (json!([{"containerPort": 0}]), vec![format!("{c}[0].ports[0].containerPort: Required value")]),
        (
            json!([{"containerPort": 70000}]),
            vec![format!(
                "{c}[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
            )],
        ),
        (
            json!([{"containerPort": 80, "protocol": "HTTP"}]),
            vec![format!(
                "{c}[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""
            )],
        ),
        (
            json!([{"containerPort": 80, "name": "web--ui"}]),
            vec![format!("{c}[0].ports[0].name: Invalid value: \"web--ui\": must not contain consecutive hyphens")],
        ),
        (
            json!([{"containerPort": 80, "hostPort": 80}, {"containerPort": 81, "hostPort": 80}]),
            vec![format!("{c}[0].ports[1].hostPort: Duplicate value: \"TCP//80\"")],
        ),
    ];
    for (p, want) in port_cases {
        let (ptr, v) = ports(p);
        check(&[(&ptr, v)], &want);
    }
    check(
        &[
            (&format!("{T}/hostNetwork"), json!(true)),
            (
                &format!("{T}/containers/0"),
                json!({"name": "a", "image": "x", "ports": [{"containerPort": 9100, "hostPort": 9090}]}),
            ),
        ],
        &[format!(
            "{c}[0].ports[0].hostPort: Invalid value: 9090: must match `containerPort` when `hostNetwork` is true"
        )],
    );
    check(
        &[(
            &format!("{T}/containers/0"),
            json!({"name": "a", "image": "x", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}),
        )],
        &[format!("{c}[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")],
    );
    check(
        &[(
            &format!("{T}/containers/0"),
            json!({"name": "a", "image": "x", "livenessProbe": {"tcpSocket": {"port": 80}, "successThreshold": 2}}),
        )],
        &[format!("{c}[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")],
    );
    check(
        &[(&format!("{T}/containers/0"), json!({"name": "a", "image": "x", "readinessProbe": {"periodSeconds": 5}}))],
        &[format!("{c}[0].readinessProbe: Required value: must specify a handler type")],
    );
}

#[test]
fn pod_spec_fields() {
    check(
        &[(&format!("{T}/dnsPolicy"), json!("None"))],
        &["spec.template.spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None".into()],
    );
    check(
        &[(&format!("{T}/serviceAccountName"), json!("Bad_SA"))],
        &[format!("spec.template.spec.serviceAccountName: Invalid value: \"Bad_SA\": {DNS_SUBDOMAIN}")],
    );
    check(&[(&format!("{T}/securityContext"), json!({"runAsUser": -1}))], &["spec.template.spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive".into()]);
    check(
        &[(&format!("{T}/volumes"), json!([{"name": "v", "hostPath": {"path": ""}}]))],
        &["spec.template.spec.volumes[0].hostPath.path: Required value".into()],
    );
    check(
        &[(&format!("{T}/ephemeralContainers"), json!([{"name": "debug", "image": "busybox"}]))],
        &["spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template".into()],
    );
}

#[test]
fn volume_sources() {
    const MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";
    let check_volume = |volume: Value, want: &[String]| check(&[(&format!("{T}/volumes"), json!([volume]))], want);
    check_volume(
        json!({"name": "s", "secret": {"defaultMode": 1000}}),
        &[
            "spec.template.spec.volumes[0].secret.secretName: Required value".into(),
            format!("spec.template.spec.volumes[0].secret.defaultMode: Invalid value: 1000: {MODE}"),
        ],
    );
    check_volume(
        json!({"name": "c", "configMap": {"name": "cfg", "items": [{"key": "", "path": "/etc/x", "mode": -1}]}}),
        &[
            "spec.template.spec.volumes[0].configMap.items[0].key: Required value".into(),
            "spec.template.spec.volumes[0].configMap.items[0].path: Invalid value: \"/etc/x\": must be a relative path"
                .into(),
            format!("spec.template.spec.volumes[0].configMap.items[0].mode: Invalid value: -1: {MODE}"),
        ],
    );
    check_volume(
        json!({"name": "c", "configMap": {"name": "cfg", "items": [{"key": "k", "path": "..data"}]}}),
        &["spec.template.spec.volumes[0].configMap.items[0].path: Invalid value: \"..data\": must not start with '..'"
            .into()],
    );
    check_volume(
        json!({"name": "p", "persistentVolumeClaim": {"readOnly": true}}),
        &["spec.template.spec.volumes[0].persistentVolumeClaim.claimName: Required value".into()],
    );
    // The first source in upstream's order is validated; every later one is Forbidden, under
    // upstream's own spelling of its path.
    check_volume(
        json!({"name": "two", "downwardAPI": {}, "hostPath": {"path": "/x"}, "emptyDir": {}}),
        &[
            "spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type".into(),
            "spec.template.spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type".into(),
        ],
    );
    // A volume with errors is not mountable: its mounts are NotFound.
    check(
        &[
            (&format!("{T}/volumes"), json!([{"name": "s", "secret": {}}])),
            (&format!("{T}/containers/0/volumeMounts"), json!([{"name": "s", "mountPath": "/s"}])),
        ],
        &[
            "spec.template.spec.volumes[0].secret.secretName: Required value".into(),
            "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"s\"".into(),
        ],
    );
}

#[test]
fn env_value_from() {
    let env = |vars: Value| messages(&with(&[(&format!("{T}/containers/0/env"), vars)]));
    let at = "spec.template.spec.containers[0].env[0].valueFrom";
    assert_eq!(
        env(json!([{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}])),
        Vec::<String>::new()
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {}}])),
        [format!("{at}: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`")]
    );
    assert_eq!(
        env(json!([{"name": "A", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}])),
        [format!("{at}: Invalid value: \"\": may not be specified when `value` is not empty")]
    );
    assert_eq!(
        env(
            json!([{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}, "secretKeyRef": {"name": "s", "key": "k"}}}])
        ),
        [format!("{at}: Invalid value: \"\": may not have more than one field specified at a time")]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "status.phase"}}}])),
        [format!("{at}.fieldRef.fieldPath: Unsupported value: \"status.phase\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"")]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodename"}}}])),
        [format!("{at}.fieldRef.fieldPath: Invalid value: \"spec.nodename\": error converting fieldPath: field label not supported: spec.nodename")]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['a b']"}}}])),
        [format!("{at}.fieldRef: Invalid value: \"a b\": {NAME_PART}")]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"resourceFieldRef": {"resource": "limits.gpu"}}}])),
        [format!("{at}.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"")]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "Cfg", "key": "a/b"}}}])),
        [
            format!("{at}.configMapKeyRef.name: Invalid value: \"Cfg\": {DNS_SUBDOMAIN}"),
            format!("{at}.configMapKeyRef.key: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
        ]
    );
    assert_eq!(
        env(json!([{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s"}}}])),
        [format!("{at}.secretKeyRef.key: Required value")]
    );
}

#[test]
fn topology_spread_constraints_and_dns_options() {
    let at = "spec.template.spec.topologySpreadConstraints";
    check(
        &[(&format!("{T}/topologySpreadConstraints"), json!([{"maxSkew": 0, "whenUnsatisfiable": "Sometimes", "minDomains": 0}]))],
        &[
            format!("{at}[0].maxSkew: Invalid value: 0: must be greater than zero"),
            format!("{at}[0].topologyKey: Required value: can not be empty"),
            format!("{at}[0].whenUnsatisfiable: Unsupported value: \"Sometimes\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
            format!("{at}[0].minDomains: Invalid value: 0: must be greater than zero"),
            format!("{at}[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not Sometimes"),
        ],
    );
    let zone = json!({"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"});
    check(
        &[(&format!("{T}/topologySpreadConstraints"), json!([zone, zone]))],
        &[format!("{at}[0].{{topologyKey, whenUnsatisfiable}}: Duplicate value: \"{{zone, DoNotSchedule}}\"")],
    );
    check(
        &[(
            &format!("{T}/topologySpreadConstraints"),
            json!([{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway", "nodeTaintsPolicy": "Always",
                    "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In"}]}}]),
        )],
        &[
            format!("{at}[0].nodeTaintsPolicy: Unsupported value: \"Always\": supported values: \"Honor\", \"Ignore\""),
            format!("{at}[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
        ],
    );
    check(
        &[(&format!("{T}/dnsConfig"), json!({"options": [{"value": "2"}]}))],
        &["spec.template.spec.dnsConfig.options[0]: Required value: must not be empty".into()],
    );
}

#[test]
fn lifecycle_hooks() {
    let at = "spec.template.spec.containers[0].lifecycle";
    check(
        &[(
            &format!("{T}/containers/0/lifecycle"),
            json!({"postStart": {}, "preStop": {"exec": {"command": ["sh"]}, "sleep": {"seconds": 5}}}),
        )],
        &[
            format!("{at}.postStart: Required value: must specify a handler type"),
            format!("{at}.preStop.sleep: Forbidden: may not specify more than 1 handler type"),
        ],
    );
    // The httpGet path is defaulted to "/" first, as for probes; the port is not.
    check(
        &[(&format!("{T}/containers/0/lifecycle"), json!({"preStop": {"httpGet": {"port": 0}}}))],
        &[format!("{at}.preStop.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive")],
    );
    check(&[(&format!("{T}/containers/0/lifecycle"), json!({"preStop": {"sleep": {"seconds": 5}}}))], &[]);
    let init = json!([
        {"name": "setup", "image": "busybox", "lifecycle": {"preStop": {"exec": {"command": ["true"]}}}},
        {"name": "side", "image": "busybox", "restartPolicy": "Bogus", "readinessProbe": {"exec": {"command": ["true"]}}},
    ]);
    check(
        &[(&format!("{T}/initContainers"), init)],
        &[
            "spec.template.spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always".into(),
            "spec.template.spec.initContainers[1].restartPolicy: Unsupported value: \"Bogus\": supported values: \"Always\", \"Never\", \"OnFailure\"".into(),
            "spec.template.spec.initContainers[1].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always".into(),
        ],
    );
}

#[test]
fn update_validates_the_spec_once_after_selector_immutability() {
    let old = base();
    let new =
        with(&[("/spec/minReadySeconds", json!(-1)), ("/spec/selector/matchLabels", json!({"app": "x", "tier": "a"}))]);
    let v = validate(
        Source::Text(&new.to_string()),
        ValidateOptions { old_daemon_set: Some(Source::Text(&old.to_string())), ..Default::default() },
    );
    let got: Vec<String> = v.errors.into_iter().map(|e| e.message).collect();
    let min = "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0".to_string();
    let labels =
        "spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template `labels`"
            .to_string();
    let immutable =
        "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"x\",\"tier\":\"a\"}}: field is immutable"
            .to_string();
    // ValidateDaemonSetUpdate (v1.35): ValidateDaemonSetSpecUpdate, then the spec once.
    assert_eq!(got, [immutable, labels, min]);
    let status = v.status.unwrap();
    assert_eq!(status.details.causes.len(), 3);
}

#[test]
fn positions_in_yaml_json_and_multi_document_input() {
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n      - name: a\n        image: x\n        ports:\n        - containerPort: 70000\n";
    let v = validate(Source::Text(yaml), ValidateOptions::default());
    assert_eq!((v.errors[0].line, v.errors[0].column), (Some(20), Some(26)), "{:?}", v.errors);
    let json_text = serde_json::to_string_pretty(&with(&[(&format!("{T}/restartPolicy"), json!("Never"))])).unwrap();
    let v = validate(Source::Text(&json_text), ValidateOptions::default());
    let line = json_text.lines().position(|l| l.contains("\"restartPolicy\"")).unwrap() as u32 + 1;
    assert_eq!(v.errors[0].line, Some(line));
    assert_eq!(
        v.errors[0].column,
        Some(json_text.lines().nth(line as usize - 1).unwrap().find("\"Never\"").unwrap() as u32 + 1)
    );
    // A missing field points at its nearest present parent.
    let v = validate(Source::Text(yaml.replace("      containers:\n      - name: a\n        image: x\n        ports:\n        - containerPort: 70000\n", "      hostNetwork: true\n").as_str()), ValidateOptions::default());
    assert_eq!(v.errors[0].field, "spec.template.spec.containers");
    assert_eq!(v.errors[0].line, Some(15));
}

#[test]
fn warnings() {
    let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: default}\nspec:\n  selector: {matchLabels: {app: x}}\n  updateStrategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      tolerations:\n      - operator: Exists\n      - {key: node-role.kubernetes.io/master, efect: NoSchedule}\n      containers:\n      - name: a\n        image: x\n        image: z\n        ports: [{containerPort: 80, hostPort: 80}]\n";
    // Under Warn (the server's default without kubectl) unknown and duplicate fields are
    // warnings, in document order, with the strict decoder's words.
    let warn = || ValidateOptions { field_validation: FieldValidation::Warn, ..Default::default() };
    let v = validate(Source::Text(yaml), warn());
    assert!(v.valid, "{:?}", v.errors);
    let got: Vec<(String, Option<u32>)> = v.warnings.iter().map(|w| (w.message.clone(), w.line)).collect();
    assert_eq!(got[0], ("unknown field \"spec.template.spec.tolerations[1].efect\"".into(), Some(12)));
    assert_eq!(got[1], ("duplicate field \"spec.template.spec.containers[0].image\"".into(), Some(16)));
    assert!(got[2].0.starts_with("this toleration tolerates every taint, NoExecute included"), "{got:?}");
    assert_eq!(got[2].1, Some(11));
    assert!(got[3].0.starts_with("maxSurge > 0 starts the new pod beside the old one"), "{got:?}");
    assert_eq!(got.len(), 4, "{got:?}");
    let legacy = validate(Source::Text(&yaml.replace("      - operator: Exists\n", "")), ValidateOptions::default());
    assert!(legacy
        .warnings
        .iter()
        .any(|w| w.message.starts_with("tolerates the legacy node-role.kubernetes.io/master taint")));
    let json_dup = validate(
        Source::Text(r#"{"apiVersion":"apps/v1","kind":"DaemonSet","kind":"DaemonSet","metadata":{"name":"x"}}"#),
        warn(),
    );
    assert_eq!(json_dup.warnings[0].message, "duplicate field \"kind\"");
}

#[test]
fn removed_api_versions_of_other_objects() {
    let text = "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: r}\n---\n"
        .to_string()
        + &serde_json::to_string(&base()).unwrap();
    let v = validate(Source::Text(&text), ValidateOptions::default());
    assert!(v.valid);
    assert_eq!(v.warnings.len(), 1);
    assert_eq!(
        v.warnings[0].message,
        "rbac.authorization.k8s.io/v1beta1 ClusterRole is unavailable in v1.22+; use rbac.authorization.k8s.io/v1"
    );
    assert_eq!(v.warnings[0].line, Some(1));
}
