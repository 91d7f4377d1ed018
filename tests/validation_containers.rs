#![cfg(not(target_arch = "wasm32"))]
//! Container-level checks and volume sources, each with the API server's exact message. The
//! expected messages are restated from the Go function each test names
//! (kubernetes/kubernetes `pkg/apis/core/validation/validation.go`, v1.35.4 unless a release
//! is given), not copied from this implementation's output.

use daemonset_planner::api::{validate, Source, ValidateOptions};
use daemonset_planner::release::Release;
use serde_json::{json, Value};

const C: &str = "spec.template.spec.containers[0]";
const V: &str = "spec.template.spec.volumes[0]";

/// The error lines for a DaemonSet whose pod spec is a valid one with `spec` merged in
/// (`containers[0]` merged field by field).
fn errors_at(release: Release, spec: Value) -> Vec<String> {
    let mut pod = json!({"containers": [{"name": "app", "image": "nginx:1.27"}]});
    for (k, v) in spec.as_object().unwrap() {
        if k == "container" {
            for (ck, cv) in v.as_object().unwrap() {
                pod["containers"][0][ck] = cv.clone();
            }
        } else {
            pod[k] = v.clone();
        }
    }
    let ds = json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "example-ds", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "x"}},
            "template": {"metadata": {"labels": {"app": "x"}}, "spec": pod}
        }
    });
    let options = ValidateOptions { kubernetes_version: release, ..Default::default() };
    validate(Source::Text(&ds.to_string()), options).errors.into_iter().map(|e| e.message).collect()
}

fn errors(spec: Value) -> Vec<String> {
    errors_at(Release::V1_35, spec)
}

fn rules(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({"action": "Restart", "exitCodes": {"operator": "In", "values": [i]}})).collect())
}

#[test]
fn validate_container_restart_policy() {
    assert_eq!(
        errors(json!({"container": {"restartPolicyRules": [{}]}})),
        [
            format!("{C}.restartPolicy: Required value: must specify restartPolicy when restart rules are used"),
            format!("{C}.restartPolicyRules[0].action: Unsupported value: \"\": supported values: \"Restart\""),
            format!("{C}.restartPolicyRules[0].exitCodes: Required value: must be specified"),
        ]
    );
    let all = json!({"container": {"restartPolicy": "Never", "restartPolicyRules": [
        {"action": "RestartAllContainers", "exitCodes": {"operator": "Above", "values": [1]}}]}});
    assert_eq!(
        errors(all.clone()),
        [
            format!("{C}.restartPolicyRules[0].action: Unsupported value: \"RestartAllContainers\": supported values: \"Restart\""),
            format!("{C}.restartPolicyRules[0].exitCodes.operator: Unsupported value: \"Above\": supported values: \"In\", \"NotIn\""),
        ]
    );
    // RestartAllContainersOnContainerExits is on from 1.36.
    assert_eq!(
        errors_at(Release::V1_36, all),
        [format!("{C}.restartPolicyRules[0].exitCodes.operator: Unsupported value: \"Above\": supported values: \"In\", \"NotIn\"")]
    );
    assert_eq!(
        errors(json!({"container": {"restartPolicy": "Sometimes"}})),
        [format!("{C}.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"")]
    );
    // 1.35 says TooLong, 1.36 TooMany (#137136).
    let many = json!({"container": {"restartPolicy": "Never", "restartPolicyRules": rules(21)}});
    assert_eq!(errors(many.clone()), [format!("{C}.restartPolicyRules: Too long: may not be more than 20 bytes")]);
    assert_eq!(
        errors_at(Release::V1_37, many),
        [format!("{C}.restartPolicyRules: Too many: 21: must have at most 20 items")]
    );
    let codes: Vec<u32> = (0..256).collect();
    let values = json!({"container": {"restartPolicy": "Never", "restartPolicyRules": [
        {"action": "Restart", "exitCodes": {"operator": "In", "values": codes}}]}});
    assert_eq!(
        errors_at(Release::V1_36, values),
        [format!("{C}.restartPolicyRules[0].exitCodes.values: Too many: 256: must have at most 255 items")]
    );
}

#[test]
fn validate_init_container_restart_policy() {
    let init = |c: Value| json!({"initContainers": [c]});
    let sidecar =
        json!({"name": "side", "image": "busybox", "restartPolicy": "Always", "restartPolicyRules": rules(1)});
    assert_eq!(
        errors(init(sidecar.clone())),
        ["spec.template.spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always"]
    );
    assert_eq!(errors_at(Release::V1_36, init(sidecar)), Vec::<String>::new());
    assert_eq!(
        errors(init(json!({"name": "i", "image": "busybox", "restartPolicy": "Bogus"}))),
        ["spec.template.spec.initContainers[0].restartPolicy: Unsupported value: \"Bogus\": supported values: \"Always\", \"Never\", \"OnFailure\""]
    );
    assert_eq!(
        errors(init(json!({"name": "i", "image": "busybox", "restartPolicyRules": rules(1)}))),
        ["spec.template.spec.initContainers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used"]
    );
}

#[test]
fn validate_env_from() {
    const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    assert_eq!(
        errors(json!({"container": {"envFrom": [{}]}})),
        [format!("{C}.envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`")]
    );
    assert_eq!(
        errors(json!({"container": {"envFrom": [{"prefix": "A=", "configMapRef": {"name": "cm"}, "secretRef": {"name": "Bad"}}]}})),
        [
            format!("{C}.envFrom[0].prefix: Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
            format!("{C}.envFrom[0].secretRef.name: Invalid value: \"Bad\": {SUBDOMAIN}"),
            format!("{C}.envFrom: Invalid value: \"\": may not have more than one field specified at a time"),
        ]
    );
    // ValidateSecretName with prefix: a trailing dash is allowed.
    assert_eq!(errors(json!({"container": {"envFrom": [{"secretRef": {"name": "creds-"}}]}})), Vec::<String>::new());
}

#[test]
fn validate_file_key_selector_and_volumes() {
    let env = |r: Value, volumes: Value| {
        errors(json!({"container": {"env": [{"name": "X", "valueFrom": {"fileKeyRef": r}}]}, "volumes": volumes}))
    };
    let at = format!("{C}.env[0].valueFrom.fileKeyRef");
    assert_eq!(
        env(json!({"volumeName": "scratch", "path": "env", "key": "A"}), json!([{"name": "scratch", "emptyDir": {}}])),
        Vec::<String>::new()
    );
    // validateFileKeyRefVolumes: the volume must be an emptyDir of the pod.
    assert_eq!(
        env(
            json!({"volumeName": "conf", "path": "env", "key": "A"}),
            json!([{"name": "conf", "configMap": {"name": "c"}}])
        ),
        [format!("{at}.volumeName: Invalid value: \"conf\": referenced volume must be of type emptyDir")]
    );
    assert_eq!(
        env(json!({"volumeName": "scratch", "path": "../env", "key": "A=B"}), json!([{"name": "scratch"}])),
        [
            format!("{at}.key: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
            format!("{at}.path: Invalid value: \"../env\": must not contain '..'"),
        ]
    );
    assert_eq!(
        errors(json!({"container": {"env": [{"name": "X", "valueFrom": {}}]}})),
        [format!("{C}.env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`")]
    );
}

#[test]
fn validate_sleep_action() {
    let sleep = |s: i64| errors(json!({"container": {"lifecycle": {"preStop": {"sleep": {"seconds": s}}}}}));
    assert_eq!(sleep(0), Vec::<String>::new());
    assert_eq!(sleep(30), Vec::<String>::new());
    assert_eq!(
        sleep(31),
        [format!("{C}.lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)")]
    );
    assert_eq!(
        errors(json!({"terminationGracePeriodSeconds": 5, "container": {"lifecycle": {"postStart": {"sleep": {"seconds": -1}}}}})),
        [format!("{C}.lifecycle.postStart.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (5)")]
    );
}

#[test]
fn validate_http_get_action_headers() {
    assert_eq!(
        errors(json!({"container": {"livenessProbe": {"httpGet": {"port": 80, "httpHeaders": [{"name": "X-Ok", "value": "1"}, {"name": "X_Bad"}]}}}})),
        [format!("{C}.livenessProbe.httpGet.httpHeaders: Invalid value: \"X_Bad\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')")]
    );
}

#[test]
fn validate_resize_policy() {
    let policy = json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"}, {"resourceName": "cpu", "restartPolicy": "Later"}]);
    assert_eq!(
        errors(json!({"container": {"resizePolicy": policy}})),
        [
            format!("{C}.resizePolicy[1]: Duplicate value: \"cpu\""),
            format!("{C}.resizePolicy: Unsupported value: \"Later\": supported values: \"NotRequired\", \"RestartContainer\""),
        ]
    );
    // validateInitContainers from 1.36 (#137458): not on a plain init container.
    let init = json!({"initContainers": [{"name": "i", "image": "busybox", "resizePolicy": [{"resourceName": "memory", "restartPolicy": "RestartContainer"}]}]});
    assert_eq!(errors(init.clone()), Vec::<String>::new());
    assert_eq!(
        errors_at(Release::V1_36, init),
        ["spec.template.spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: \"RestartContainer\": must not be set to 'RestartContainer' for non-sidecar initContainers"]
    );
}

#[test]
fn validate_resource_requirements() {
    let res = |r: Value| errors(json!({"container": {"resources": r}}));
    assert_eq!(
        res(json!({"limits": {"gpu": "1"}})),
        [
            format!("{C}.resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified"),
            format!("{C}.resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"),
        ]
    );
    // validateContainerResourceName: a prefixed name must be an extended resource name.
    assert_eq!(
        res(json!({"limits": {"requests.example.com/x": "1"}})),
        [format!("{C}.resources.limits[requests.example.com/x]: Invalid value: \"requests.example.com/x\": doesn't follow extended resource name standard")]
    );
    // validateResourceQuantityHugePageValue and the cpu-or-memory rule.
    assert_eq!(
        res(json!({"limits": {"hugepages-2Mi": "3Mi"}})),
        [
            format!("{C}.resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi"),
            format!("{C}.resources: Forbidden: HugePages require cpu or memory"),
        ]
    );
    assert_eq!(res(json!({"limits": {"hugepages-2Mi": "4Mi", "memory": "1Gi"}})), Vec::<String>::new());
    assert_eq!(
        res(json!({"limits": {"memory": "-1"}})),
        [format!("{C}.resources.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0")]
    );
}

#[test]
fn validate_resource_claim_names() {
    let spec = json!({"resourceClaims": [{"name": "gpu", "resourceClaimName": "gpu-claim"}],
        "container": {"resources": {"claims": [{"name": "gpu"}, {"name": "tpu"}, {"name": "gpu"}]}}});
    assert_eq!(
        errors(spec),
        [
            format!(
                "{C}.resources.claims[1]: Not found: \"tpu\": must be one of the names in pod.spec.resourceClaims: gpu"
            ),
            format!("{C}.resources.claims[2]: Duplicate value: \"gpu\""),
        ]
    );
}

#[test]
fn validate_pod_resources() {
    assert_eq!(
        errors(json!({"resources": {"limits": {"ephemeral-storage": "1Gi"}, "claims": []}})),
        [
            "spec.template.spec.resources.claims: Forbidden: claims may not be set for Resources at pod-level",
            "spec.template.spec.resources.limits[ephemeral-storage]: Unsupported value: \"ephemeral-storage\": supported values: \"cpu\", \"hugepages-\", \"memory\"",
        ]
    );
}

#[test]
fn validate_empty_dir_size_limit() {
    assert_eq!(
        errors(json!({"volumes": [{"name": "v", "emptyDir": {"sizeLimit": "-1Gi"}}]})),
        [format!("{V}.emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity")]
    );
}

#[test]
fn validate_volume_mounts() {
    let mount =
        |m: Value| errors(json!({"volumes": [{"name": "v", "emptyDir": {}}], "container": {"volumeMounts": [m]}}));
    let at = format!("{C}.volumeMounts");
    assert_eq!(
        mount(json!({"name": "v", "mountPath": "/v", "mountPropagation": "Bidirectional"})),
        [format!("{at}.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers")]
    );
    assert_eq!(
        mount(json!({"name": "v", "mountPath": "/v", "recursiveReadOnly": "Enabled", "mountPropagation": "HostToContainer"})),
        [
            format!("{at}.recursiveReadOnly: Forbidden: may only be specified when readOnly is true"),
            format!("{at}.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified"),
        ]
    );
    assert_eq!(
        mount(json!({"name": "v", "mountPath": "/v", "subPathExpr": "/abs/$(POD)"})),
        [format!("{at}.subPathExpr: Invalid value: \"/abs/$(POD)\": must be a relative path")]
    );
}

#[test]
fn validate_volume_devices() {
    let spec = json!({"volumes": [{"name": "v", "hostPath": {"path": "/dev/x"}}],
        "container": {"volumeDevices": [{"name": "v", "devicePath": "/dev/../x"}, {"name": "v", "devicePath": "/dev/y"}]}});
    let at = format!("{C}.volumeDevices");
    assert_eq!(
        errors(spec),
        [
            format!("{at}[0].name: Invalid value: \"v\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"),
            format!("{at}[0].devicePath: Invalid value: \"/dev/../x\": can not contain backsteps ('..')"),
            format!("{at}[1].name: Invalid value: \"v\": must be unique"),
            format!("{at}[1].name: Invalid value: \"v\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"),
        ]
    );
}

#[test]
fn validate_ephemeral_containers() {
    let ec = |c: Value| errors(json!({"ephemeralContainers": [c]}));
    let at = "spec.template.spec.ephemeralContainers";
    assert_eq!(
        ec(json!({"name": "app", "image": " busybox", "targetContainerName": "nope", "ports": [], "lifecycle": {}})),
        [
            format!("{at}[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace"),
            format!("{at}[0].name: Duplicate value: \"app\""),
            format!("{at}[0].targetContainerName: Not found: \"nope\""),
            format!("{at}[0].ports: Forbidden: cannot be set for an Ephemeral Container"),
            format!("{at}[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container"),
            format!("{at}: Forbidden: ephemeral containers not allowed in pod template"),
        ]
    );
    // validateFieldAllowList: resources are allowed only at their zero value.
    assert_eq!(
        ec(json!({"name": "debug", "image": "busybox", "resources": {}})),
        [format!("{at}: Forbidden: ephemeral containers not allowed in pod template")]
    );
}

#[test]
fn validate_network_and_block_sources() {
    let vol = |src: Value| errors(json!({"volumes": [src]}));
    assert_eq!(
        vol(json!({"name": "v", "nfs": {"server": "nfs.local", "path": "exports"}})),
        [format!("{V}.nfs.path: Invalid value: \"exports\": must be an absolute path")]
    );
    assert_eq!(
        vol(
            json!({"name": "v", "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example", "lun": 256}})
        ),
        [
            format!("{V}.iscsi.iqn: Invalid value: \"iqn.2001-04.com.example\": must be valid format"),
            format!("{V}.iscsi.lun: Invalid value: 256: must be between 0 and 255, inclusive"),
        ]
    );
    assert_eq!(
        vol(
            json!({"name": "v", "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:storage", "chapAuthSession": true}})
        ),
        [format!("{V}.iscsi.secretRef: Required value")]
    );
    assert_eq!(
        vol(json!({"name": "v", "fc": {"targetWWNs": ["500a0982991b8dc5"], "wwids": ["x"]}})),
        [
            format!("{V}.fc.targetWWNs: Invalid value: [\"500a0982991b8dc5\"]: targetWWNs and wwids can not be specified simultaneously"),
            format!("{V}.fc.lun: Required value: lun is required if targetWWNs is specified"),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "rbd": {"monitors": []}, "cephfs": {"monitors": ["m"]}})),
        [
            format!("{V}.rbd.monitors: Required value"),
            format!("{V}.rbd.image: Required value"),
            format!("{V}.cephFS: Forbidden: may not specify more than 1 volume type"),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "quobyte": {"registry": "registry:7861,bad", "volume": "q"}})),
        [format!("{V}.quobyte.registry: Invalid value: \"registry:7861,bad\": must be a host:port pair or multiple pairs separated by commas")]
    );
    assert_eq!(
        vol(json!({"name": "v", "flocker": {"datasetName": "a/b", "datasetUUID": "u"}})),
        [
            format!("{V}.flocker: Invalid value: \"resource\": datasetName and datasetUUID can not be specified simultaneously"),
            format!("{V}.flocker.datasetName: Invalid value: \"a/b\": must not contain '/'"),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "gcePersistentDisk": {"partition": 300}})),
        [
            format!("{V}.persistentDisk.pdName: Required value"),
            format!("{V}.persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive"),
        ]
    );
}

#[test]
fn validate_cloud_and_driver_sources() {
    let vol = |src: Value| errors(json!({"volumes": [src]}));
    assert_eq!(
        vol(json!({"name": "v", "azureDisk": {"diskName": "d", "diskURI": "disk.vhd", "cachingMode": "Sometimes"}})),
        [
            format!("{V}.azureDisk.cachingMode: Unsupported value: \"Sometimes\": supported values: \"None\", \"ReadOnly\", \"ReadWrite\""),
            format!("{V}.azureDisk.diskURI: Unsupported value: \"disk.vhd\": supported values: \"https://{{account-name}}.blob.core.windows.net/{{container-name}}/{{disk-name}}.vhd\""),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "csi": {"driver": "Bad_Driver", "nodePublishSecretRef": {}}})),
        [
            format!("{V}.csi.driver: Invalid value: \"Bad_Driver\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
            format!("{V}.csi.nodePublishSecretRef.name: Required value"),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "flexVolume": {"driver": "x/y", "options": {"kubernetes.io/secret": "s"}}})),
        [format!("{V}.flexVolume.options[kubernetes.io/secret]: Invalid value: \"kubernetes.io/secret\": kubernetes.io and k8s.io namespaces are reserved")]
    );
    assert_eq!(
        vol(json!({"name": "v", "storageos": {"volumeNamespace": "NS", "secretRef": {}}})),
        [
            format!("{V}.storageos.volumeName: Required value"),
            format!("{V}.storageos.volumeNamespace: Invalid value: \"NS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
            format!("{V}.storageos.secretRef.name: Required value"),
        ]
    );
    // validateVolumeSource checks azureFile before scaleIO: the later one is the extra.
    assert_eq!(
        vol(json!({"name": "v", "scaleIO": {"system": "s"}, "azureFile": {}})),
        [
            format!("{V}.azureFile.secretName: Required value"),
            format!("{V}.azureFile.shareName: Required value"),
            format!("{V}.scaleIO: Forbidden: may not specify more than 1 volume type"),
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "scaleIO": {"system": "s"}})),
        [format!("{V}.scaleIO.gateway: Required value"), format!("{V}.scaleIO.volumeName: Required value")]
    );
    assert_eq!(
        vol(json!({"name": "v", "gitRepo": {"repository": "", "directory": "../x"}})),
        [
            format!("{V}.gitRepo.repository: Required value"),
            format!("{V}.gitRepo.directory: Invalid value: \"../x\": must not contain '..'")
        ]
    );
    assert_eq!(
        vol(json!({"name": "v", "ephemeral": {}})),
        [format!("{V}.ephemeral.volumeClaimTemplate: Required value")]
    );
}

#[test]
fn validate_image_volume_source() {
    let image = json!({"volumes": [{"name": "v", "image": {"reference": ""}}]});
    // Required in templates from 1.37 (#135989); in a Pod only before.
    assert_eq!(errors_at(Release::V1_36, image.clone()), Vec::<String>::new());
    assert_eq!(errors_at(Release::V1_37, image), [format!("{V}.image.reference: Required value")]);
    assert_eq!(
        errors(json!({"volumes": [{"name": "v", "image": {"reference": "r", "pullPolicy": "Sometimes"}}]})),
        [format!("{V}.image.pullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    );
}

#[test]
fn validate_downward_api_and_projected_sources() {
    let vol = |src: Value| errors(json!({"volumes": [src]}));
    assert_eq!(
        vol(json!({"name": "v", "downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "spec.nodeName"}}, {"path": "c", "resourceFieldRef": {"resource": "limits.cpu"}}]}})),
        [
            format!("{V}.downwardAPI.fieldRef.fieldPath: Unsupported value: \"spec.nodeName\": supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", \"metadata.namespace\", \"metadata.uid\""),
            format!("{V}.downwardAPI.resourceFieldRef.containerName: Required value"),
        ]
    );
    let token = json!({"name": "v", "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 60}},
        {"configMap": {"name": "a", "items": [{"key": "k", "path": "p"}]}, "secret": {"name": "b", "items": [{"key": "k", "path": "p"}]}}
    ]}});
    assert_eq!(
        vol(token),
        [
            format!("{V}.projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes"),
            format!("{V}.projected.path: Required value"),
            format!("{V}.projected: Invalid value: \"a\": conflicting duplicate paths"),
            format!("{V}.projected.sources[1]: Forbidden: may not specify more than 1 volume type per source"),
        ]
    );
    // clusterTrustBundle is dropped while its gate is off (before 1.37).
    let ctb = json!({"volumes": [{"name": "v", "projected": {"sources": [{"clusterTrustBundle": {"name": "b", "signerName": "example.com/s"}}]}}]});
    assert_eq!(errors_at(Release::V1_36, ctb.clone()), Vec::<String>::new());
    assert_eq!(
        errors_at(Release::V1_37, ctb),
        [
            format!("{V}.projected.sources[0].clusterTrustBundle: Invalid value: {{\"LabelSelector\":null,\"Name\":\"b\",\"Optional\":null,\"Path\":\"\",\"SignerName\":\"example.com/s\"}}: only one of name and signerName may be used"),
            format!("{V}.projected.sources[0].clusterTrustBundle.path: Required value"),
        ]
    );
}

#[test]
fn validate_persistent_volume_claim_template() {
    let eph = |t: Value| errors(json!({"volumes": [{"name": "v", "ephemeral": {"volumeClaimTemplate": t}}]}));
    let at = format!("{V}.ephemeral.volumeClaimTemplate");
    let ok = json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
    assert_eq!(eph(ok), Vec::<String>::new());
    assert_eq!(
        eph(json!({"metadata": {"name": "x", "labels": {"a": "b"}}, "spec": {"accessModes": ["ReadWriteOncePod", "ReadWriteOnce", "Sometimes"], "resources": {"requests": {"storage": "0"}}, "volumeMode": "Raw"}})),
        [
            format!("{at}.metadata.name: Forbidden: cannot be set"),
            format!("{at}.spec.accessModes: Unsupported value: \"Sometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""),
            format!("{at}.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"),
            format!("{at}.spec.resources[storage]: Invalid value: \"0\": must be greater than zero"),
            format!("{at}.spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\""),
        ]
    );
    assert_eq!(
        eph(json!({"spec": {"dataSource": {"kind": "Snapshot", "name": "s"}, "dataSourceRef": {"kind": "Snapshot", "name": "t"}}})),
        [
            format!("{at}.spec.accessModes: Required value: at least 1 access mode is required"),
            format!("{at}.spec.resources[storage]: Required value"),
            format!("{at}.spec.dataSource: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
            format!("{at}.spec.dataSourceRef: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
            format!("{at}.spec: Invalid value: {{}}: must match dataSourceRef"),
        ]
    );
}

#[test]
fn validate_container_resource_divisor() {
    let env = |resource: &str, divisor: &str| {
        errors(
            json!({"container": {"env": [{"name": "X", "valueFrom": {"resourceFieldRef": {"resource": resource, "divisor": divisor}}}]}}),
        )
    };
    let at = format!("{C}.env[0].valueFrom.resourceFieldRef.divisor");
    assert_eq!(env("limits.cpu", "1m"), Vec::<String>::new());
    assert_eq!(env("limits.memory", "1Mi"), Vec::<String>::new());
    // 1000 prints as 1k (`Quantity.String()`), which is allowed; 1024 is not.
    assert_eq!(env("requests.memory", "1000"), Vec::<String>::new());
    assert_eq!(
        env("requests.memory", "1024"),
        [format!("{at}: Invalid value: \"requests.memory\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource")]
    );
    assert_eq!(
        env("limits.cpu", "2"),
        [format!(
            "{at}: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource"
        )]
    );
    assert_eq!(
        env("limits.ephemeral-storage", "1e3"),
        [format!("{at}: Invalid value: \"limits.ephemeral-storage\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource")]
    );
}

#[test]
fn validate_projection_signer_names() {
    let at = format!("{V}.projected.sources[0]");
    let source =
        |s: Value| errors_at(Release::V1_37, json!({"volumes": [{"name": "v", "projected": {"sources": [s]}}]}));
    // ValidateClusterTrustBundleName: a name with a signer prefix must repeat the signer.
    assert_eq!(
        source(json!({"clusterTrustBundle": {"name": "example.com:signer:Bundle", "path": "ca.pem"}})),
        [format!("{at}.clusterTrustBundle.name: Invalid value: \"example.com:signer:Bundle\": not a valid clustertrustbundlename: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    );
    // ValidateSignerName.
    assert_eq!(
        source(json!({"clusterTrustBundle": {"signerName": "example", "path": "ca.pem"}})),
        [format!("{at}.clusterTrustBundle.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    );
    assert_eq!(
        source(json!({"clusterTrustBundle": {"signerName": "example/signer", "path": "ca.pem"}})),
        [format!("{at}.clusterTrustBundle.signerName: Invalid value: \"example\": should be a domain with at least two segments separated by dots")]
    );
    // The podCertificate projection (PodCertificateRequest, on in 1.37).
    assert_eq!(
        source(json!({"podCertificate": {"signerName": "kubernetes.io/kube-apiserver-client-pod", "keyType": "DSA", "maxExpirationSeconds": 172800, "userAnnotations": {"plain": "x"}}})),
        [
            format!("{at}.podCertificate.userAnnotations: Invalid value: \"plain\": must be a domain-prefixed key (such as \"acme.io/foo\")"),
            format!("{at}.podCertificate.keyType: Unsupported value: \"DSA\": supported values: \"RSA3072\", \"RSA4096\", \"ECDSAP256\", \"ECDSAP384\", \"ECDSAP521\", \"ED25519\""),
            format!("{at}.podCertificate.maxExpirationSeconds: Invalid value: 172800: if provided, maxExpirationSeconds must be <= 86400"),
            format!("{at}.podCertificate: Required value: specify at least one of credentialBundlePath, keyPath, and certificateChainPath"),
        ]
    );
    let pod_cert = json!({"podCertificate": {"signerName": "example.com/s", "keyType": "ED25519", "keyPath": "k"}});
    assert_eq!(source(pod_cert.clone()), Vec::<String>::new());
    assert_eq!(
        errors_at(
            Release::V1_36,
            json!({"volumes": [{"name": "v", "projected": {"sources": [{"podCertificate": {}}]}}]})
        ),
        Vec::<String>::new()
    );
}
