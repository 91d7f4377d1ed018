#![cfg(not(target_arch = "wasm32"))]
//! The pod-level checks of `ValidatePodTemplateSpec` / `ValidatePodSpec` and the object-meta
//! checks of apimachinery, each with the API server's exact message. Messages are restated from
//! the Kubernetes v1.35 sources (the Go function is named on each test), not copied from this
//! implementation's output.

use daemonset_planner::api::{validate, Source, ValidateOptions};
use daemonset_planner::release::Release;
use serde_json::{json, Value};

const T: &str = "spec.template.spec";
const DNS_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const BAD_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const WINDOWS: &str = "Forbidden: cannot be set for a windows pod";

/// A DaemonSet whose pod template spec gets `spec` merged in (and metadata `meta`).
fn ds(spec: Value, meta: Value, template_meta: Value) -> Value {
    let mut pod = json!({"containers": [{"name": "app", "image": "nginx:1.27"}]});
    merge(&mut pod, spec);
    let mut md = json!({"name": "example-ds", "namespace": "default"});
    merge(&mut md, meta);
    let mut tmd = json!({"labels": {"app": "x"}});
    merge(&mut tmd, template_meta);
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": md,
        "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": {"metadata": tmd, "spec": pod}}
    })
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

/// Every cause as `field: message`, at a release.
fn causes_at(release: Release, ds: &Value) -> Vec<String> {
    let opts = ValidateOptions { kubernetes_version: release, ..Default::default() };
    validate(Source::Text(&ds.to_string()), opts).errors.into_iter().map(|e| e.message).collect()
}

fn spec_causes(spec: Value) -> Vec<String> {
    causes_at(Release::V1_35, &ds(spec, json!({}), json!({})))
}

fn container(sc: Value) -> Value {
    json!({"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]})
}

fn at(field: &str, message: &str) -> String {
    format!("{T}.{field}: {message}")
}

#[test]
fn validate_security_context() {
    // ValidateSecurityContext + ValidateProcMountType.
    assert_eq!(
        spec_causes(container(json!({"procMount": "bogus"}))),
        [at(
            "containers[0].securityContext.procMount",
            "Unsupported value: \"bogus\": supported values: \"Default\", \"Unmasked\""
        )]
    );
    assert_eq!(
        spec_causes(container(json!({"procMount": "Unmasked"}))),
        [at(
            "containers[0].securityContext.procMount",
            "Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`"
        )]
    );
    let mut unmasked = container(json!({"procMount": "Unmasked"}));
    merge(&mut unmasked, json!({"hostUsers": false}));
    assert_eq!(spec_causes(unmasked), Vec::<String>::new());
    assert_eq!(
        spec_causes(container(json!({"runAsUser": -1}))),
        [at(
            "containers[0].securityContext.runAsUser",
            "Invalid value: -1: must be between 0 and 2147483647, inclusive"
        )]
    );
    // The whole internal SecurityContext is the value, in Go field order.
    let value = r#"{"Capabilities":{"Add":["CAP_SYS_ADMIN"],"Drop":[]},"Privileged":true,"SELinuxOptions":{"User":"u","Role":"","Type":"","Level":""},"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":true,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}"#;
    assert_eq!(
        spec_causes(container(json!({
            "privileged": true, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
            "seLinuxOptions": {"user": "u"}, "capabilities": {"add": ["CAP_SYS_ADMIN"], "drop": []}
        }))),
        [
            at("containers[0].securityContext", &format!("Invalid value: {value}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true")),
            at("containers[0].securityContext", &format!("Invalid value: {value}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN")),
        ]
    );
}

#[test]
fn seccomp_and_app_armor_profile_fields() {
    // validateSeccompProfileField, validateLocalDescendingPath.
    let sc = |p: Value| spec_causes(json!({"securityContext": {"seccompProfile": p}}));
    assert_eq!(
        sc(json!({})),
        [at("securityContext.seccompProfile.type", "Required value: type is required when seccompProfile is set")]
    );
    assert_eq!(
        sc(json!({"type": "Localhost"})),
        [at(
            "securityContext.seccompProfile.localhostProfile",
            "Required value: must be set when seccomp type is Localhost"
        )]
    );
    assert_eq!(
        sc(json!({"type": "Localhost", "localhostProfile": "/abs/../p"})),
        [
            at(
                "securityContext.seccompProfile.localhostProfile",
                "Invalid value: \"/abs/../p\": must be a relative path"
            ),
            at(
                "securityContext.seccompProfile.localhostProfile",
                "Invalid value: \"/abs/../p\": must not contain '..'"
            ),
        ]
    );
    assert_eq!(
        sc(json!({"type": "Unconfined", "localhostProfile": "p"})),
        [at(
            "securityContext.seccompProfile.localhostProfile",
            "Invalid value: {\"Type\":\"Unconfined\",\"LocalhostProfile\":\"p\"}: can only be set when seccomp type is Localhost"
        )]
    );
    // ValidateAppArmorProfileField.
    let aa = |p: Value| spec_causes(container(json!({"appArmorProfile": p})));
    let path = "containers[0].securityContext.appArmorProfile";
    assert_eq!(
        aa(json!({})),
        [at(&format!("{path}.type"), "Required value: type is required when appArmorProfile is set")]
    );
    assert_eq!(
        aa(json!({"type": "Localhost", "localhostProfile": " p"})),
        [at(&format!("{path}.localhostProfile"), "Invalid value: \" p\": must not be padded with whitespace")]
    );
    assert_eq!(
        aa(json!({"type": "Localhost", "localhostProfile": ""})),
        [at(&format!("{path}.localhostProfile"), "Required value: must be set when AppArmor type is Localhost")]
    );
    assert_eq!(
        aa(json!({"type": "RuntimeDefault", "localhostProfile": "p"})),
        [at(
            &format!("{path}.localhostProfile"),
            "Invalid value: \"p\": can only be set when AppArmor type is Localhost"
        )]
    );
}

#[test]
fn profile_annotations() {
    let with_annotations =
        |spec: Value, a: Value| causes_at(Release::V1_35, &ds(spec, json!({}), json!({"annotations": a})));
    // ValidateSeccompPodAnnotations / ValidateSeccompProfile.
    assert_eq!(
        with_annotations(json!({}), json!({"seccomp.security.alpha.kubernetes.io/pod": "bogus"})),
        ["spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: \"bogus\": must be a valid seccomp profile"]
    );
    // ValidateAppArmorPodAnnotations.
    assert_eq!(
        with_annotations(json!({}), json!({"container.apparmor.security.beta.kubernetes.io/other": "bogus"})),
        [
            "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/other]: Invalid value: \"other\": container not found",
            "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/other]: Invalid value: \"bogus\": invalid AppArmor profile name: \"bogus\"",
        ]
    );
    // validateSeccompAnnotationsAndFields.
    assert_eq!(
        with_annotations(
            container(json!({"seccompProfile": {"type": "Localhost", "localhostProfile": "a"}})),
            json!({"container.seccomp.security.alpha.kubernetes.io/app": "localhost/b"})
        ),
        [at(
            "containers[0].securityContext.seccompProfile.localhostProfile",
            "Forbidden: seccomp profile in annotation and field must match"
        )]
    );
    // validateAppArmorAnnotationsAndFieldsMatchOnCreate: the pod's profile applies to containers.
    assert_eq!(
        with_annotations(
            json!({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}}),
            json!({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"})
        ),
        [at(
            "containers[0].securityContext.appArmorProfile.type",
            "Forbidden: apparmor type in annotation and field must match"
        )]
    );
}

#[test]
fn validate_pod_spec_security_context() {
    let sc = |v: Value| spec_causes(json!({"securityContext": v}));
    // validateSupplementalGroupsPolicy, validateFSGroupChangePolicy.
    assert_eq!(
        sc(json!({"supplementalGroupsPolicy": "x", "fsGroupChangePolicy": "y"})),
        [
            at(
                "securityContext.fsGroupChangePolicy",
                "Unsupported value: \"y\": supported values: \"Always\", \"OnRootMismatch\""
            ),
            at(
                "securityContext.supplementalGroupsPolicy",
                "Unsupported value: \"x\": supported values: \"Merge\", \"Strict\""
            ),
        ]
    );
    // shareProcessNamespace lives in the internal pod security context.
    assert_eq!(
        spec_causes(json!({"shareProcessNamespace": true, "hostPID": true})),
        [at(
            "securityContext.shareProcessNamespace",
            "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"
        )]
    );
    // validateSysctls + ValidateHostSysctl.
    assert_eq!(
        spec_causes(json!({"hostNetwork": true, "securityContext": {"sysctls": [
            {"name": "net.core.somaxconn"}, {"name": "net.core.somaxconn"}, {"name": "Bad"}, {"name": ""}
        ]}})),
        [
            at("securityContext.sysctls[0].name", "Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true"),
            at("securityContext.sysctls[1].name", "Duplicate value: \"net.core.somaxconn\""),
            at("securityContext.sysctls[1].name", "Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true"),
            at("securityContext.sysctls[2].name", "Invalid value: \"Bad\": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"),
            at("securityContext.sysctls[3].name", "Required value"),
        ]
    );
    assert_eq!(
        spec_causes(json!({"hostIPC": true, "securityContext": {"sysctls": [{"name": "kernel/shm_rmid_forced"}]}})),
        [at(
            "securityContext.sysctls[0].name",
            "Invalid value: \"kernel/shm_rmid_forced\": may not be specified when 'hostIPC' is true"
        )]
    );
}

#[test]
fn se_linux_change_policy_per_release() {
    // validateSELinuxChangePolicy with useOnlyRecursiveSELinuxChangePolicy (SELinuxMount GA in 1.37).
    let d = ds(json!({"securityContext": {"seLinuxChangePolicy": "MountOption"}}), json!({}), json!({}));
    let only_recursive = [at(
        "securityContext.seLinuxChangePolicy",
        "Unsupported value: \"MountOption\": supported values: \"Recursive\"",
    )];
    assert_eq!(causes_at(Release::V1_35, &d), only_recursive);
    assert_eq!(causes_at(Release::V1_36, &d), only_recursive);
    assert_eq!(causes_at(Release::V1_37, &d), Vec::<String>::new());
    let bogus = ds(json!({"securityContext": {"seLinuxChangePolicy": "x"}}), json!({}), json!({}));
    assert_eq!(
        causes_at(Release::V1_37, &bogus),
        [at(
            "securityContext.seLinuxChangePolicy",
            "Unsupported value: \"x\": supported values: \"MountOption\", \"Recursive\""
        )]
    );
}

#[test]
fn windows_security_context_options() {
    // validateWindowsSecurityContextOptions.
    let w = |o: Value| spec_causes(json!({"securityContext": {"windowsOptions": o}}));
    let p = "securityContext.windowsOptions";
    assert_eq!(
        w(json!({"gmsaCredentialSpecName": "Bad", "gmsaCredentialSpec": ""})),
        [
            at(&format!("{p}.gmsaCredentialSpecName"), &format!("Invalid value: \"Bad\": {DNS_SUBDOMAIN}")),
            at(&format!("{p}.gmsaCredentialSpec"), "Invalid value: \"\": gmsaCredentialSpec cannot be an empty string"),
        ]
    );
    let user = |name: &str| w(json!({"runAsUserName": name}));
    let run_as = format!("{p}.runAsUserName");
    assert_eq!(
        user("a\\b\\c"),
        [at(&run_as, "Invalid value: \"a\\\\b\\\\c\": runAsUserName cannot contain more than one backslash")]
    );
    assert_eq!(user("dom\\"), [at(&run_as, "Invalid value: \"dom\\\\\": runAsUserName's User cannot be empty")]);
    assert_eq!(
        user(".. "),
        [at(&run_as, "Invalid value: \".. \": runAsUserName's User cannot contain only periods or spaces")]
    );
    assert_eq!(
        user("a@b"),
        [at(
            &run_as,
            "Invalid value: \"a@b\": runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]"
        )]
    );
    assert_eq!(user("good.domain\\user"), Vec::<String>::new());
    // validateWindowsHostProcessPod.
    assert_eq!(
        spec_causes(json!({"securityContext": {"windowsOptions": {"hostProcess": true}}, "initContainers": [
            {"name": "i", "image": "x", "securityContext": {"windowsOptions": {"hostProcess": false}}}
        ]})),
        [
            at("initContainers[0].securityContext.windowsOptions.hostProcess", "Invalid value: false: pod hostProcess value must be identical if both are specified, was true"),
            format!("{T}: Invalid value: \"\": If pod contains any hostProcess containers then all containers must be HostProcess containers"),
            at("hostNetwork", "Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers"),
        ]
    );
}

#[test]
fn pod_os_and_host_users() {
    // validateOS.
    assert_eq!(spec_causes(json!({"os": {}})), [at("os.name", "Required value")]);
    assert_eq!(
        spec_causes(json!({"os": {"name": "plan9"}})),
        [at("os", "Unsupported value: \"plan9\": supported values: \"linux\", \"windows\"")]
    );
    // validateLinux.
    assert_eq!(
        spec_causes(json!({"os": {"name": "linux"}, "securityContext": {"windowsOptions": {}}})),
        [at("securityContext.windowsOptions", "Forbidden: windows options cannot be set for a linux pod")]
    );
    // validateWindows, in upstream's order.
    let mut spec = container(json!({"readOnlyRootFilesystem": false, "procMount": "Default"}));
    merge(
        &mut spec,
        json!({"os": {"name": "windows"}, "hostUsers": true, "hostIPC": true, "shareProcessNamespace": false,
        "securityContext": {"fsGroup": 1, "supplementalGroups": []}}),
    );
    assert_eq!(
        spec_causes(spec),
        [
            at("hostUsers", WINDOWS),
            at("hostIPC", WINDOWS),
            at("securityContext.fsGroup", WINDOWS),
            at("shareProcessNamespace", WINDOWS),
            at("securityContext.supplementalGroups", WINDOWS),
            at("containers[0].securityContext.readOnlyRootFilesystem", WINDOWS),
            at("containers[0].securityContext.procMount", WINDOWS),
        ]
    );
    // validateHostUsers: paths as upstream writes them.
    assert_eq!(
        spec_causes(json!({"hostUsers": false, "hostNetwork": true, "hostPID": true, "hostIPC": true})),
        [
            at("hostNetwork", "Forbidden: when `hostUsers` is false"),
            at("HostPID", "Forbidden: when `hostUsers` is false"),
            at("HostIPC", "Forbidden: when `hostUsers` is false"),
        ]
    );
}

#[test]
fn pod_affinity_terms() {
    // validatePodAffinityTerm / validateWeightedPodAffinityTerms / ValidateMatchLabelKeysAndMismatchLabelKeys.
    let p = "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
    assert_eq!(
        spec_causes(json!({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
            "topologyKey": "zone", "namespaces": ["Bad"], "matchLabelKeys": ["k"]
        }]}}})),
        [
            at(&format!("{p}.namespace"), &format!("Invalid value: \"Bad\": {DNS_LABEL}")),
            at(&format!("{p}.matchLabelKeys"), "Forbidden: must not be specified when labelSelector is not set"),
        ]
    );
    assert_eq!(
        spec_causes(json!({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
            "topologyKey": "zone", "labelSelector": {"matchLabels": {"k": "v"}, "matchExpressions": [{"key": "k", "operator": "Exists"}]},
            "matchLabelKeys": ["k"], "mismatchLabelKeys": ["k"]
        }]}}})),
        [
            at(&format!("{p}[0]"), "Invalid value: \"k\": exists in both matchLabelKeys and labelSelector"),
            at(
                &format!("{p}.matchLabelKeys[0]"),
                "Invalid value: \"k\": exists in both matchLabelKeys and mismatchLabelKeys"
            ),
        ]
    );
    let w = "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]";
    assert_eq!(
        spec_causes(json!({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
            "weight": 101, "podAffinityTerm": {"topologyKey": "Bad Key"}
        }]}}})),
        [
            at(&format!("{w}.weight"), "Invalid value: 101: must be in the range 1-100"),
            at(&format!("{w}.podAffinityTerm.topologyKey"), &format!("Invalid value: \"Bad Key\": {NAME_PART}")),
        ]
    );
}

#[test]
fn dns_config_and_host_aliases() {
    // validatePodDNSConfig: dnsPolicy None stops at the first missing piece.
    assert_eq!(
        spec_causes(json!({"dnsPolicy": "None", "dnsConfig": {"searches": ["Bad"]}})),
        [at(
            "dnsConfig.nameservers",
            "Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"
        )]
    );
    assert_eq!(
        spec_causes(json!({"dnsConfig": {"nameservers": ["1.1.1.1", "2.2.2.2", "3.3.3.3", "bad"], "searches": ["_srv.example.com.", ".", "a_"]}})),
        [
            at("dnsConfig.nameservers", "Invalid value: [\"1.1.1.1\",\"2.2.2.2\",\"3.3.3.3\",\"bad\"]: must not have more than 3 nameservers"),
            at("dnsConfig.nameservers[3]", &format!("Invalid value: \"bad\": {BAD_IP}")),
            at("dnsConfig.searches[2]", "Invalid value: \"a_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')"),
        ]
    );
    // ValidateHostAliases.
    assert_eq!(
        spec_causes(json!({"hostAliases": [{"ip": "fe80::1%eth0", "hostnames": ["ok.example", "Bad"]}]})),
        [
            at("hostAliases[0].ip", &format!("Invalid value: \"fe80::1%eth0\": {BAD_IP}")),
            at("hostAliases[0].hostnames[1]", &format!("Invalid value: \"Bad\": {DNS_SUBDOMAIN}")),
        ]
    );
}

#[test]
fn strict_ip_validation_from_1_36() {
    // IsValidIPForLegacyField with StrictIPCIDRValidation (Beta, on, from 1.36).
    let d = ds(
        json!({"hostAliases": [{"ip": "010.000.000.005"}], "dnsConfig": {"nameservers": ["::ffff:10.0.0.10"]}}),
        json!({}),
        json!({}),
    );
    assert_eq!(causes_at(Release::V1_35, &d), Vec::<String>::new());
    assert_eq!(
        causes_at(Release::V1_36, &d),
        [
            at(
                "dnsConfig.nameservers[0]",
                "Invalid value: \"::ffff:10.0.0.10\": must not be an IPv4-mapped IPv6 address"
            ),
            at("hostAliases[0].ip", "Invalid value: \"010.000.000.005\": must not have leading 0s"),
        ]
    );
}

#[test]
fn single_pod_spec_fields() {
    // validateReadinessGates, validateSchedulingGates.
    assert_eq!(
        spec_causes(json!({"readinessGates": [{"conditionType": "example.com/Ready"}, {"conditionType": "a b"}],
            "schedulingGates": [{"name": "g"}, {"name": "g"}]})),
        [
            at("readinessGates[1].conditionType", &format!("Invalid value: \"a b\": {NAME_PART}")),
            at("schedulingGates[1]", "Duplicate value: \"g\""),
        ]
    );
    // ValidatePreemptionPolicy.
    assert_eq!(spec_causes(json!({"preemptionPolicy": ""})), [at("preemptionPolicy", "Required value")]);
    // validatePodHostName.
    let long = "a".repeat(65);
    assert_eq!(
        spec_causes(json!({"hostnameOverride": long, "setHostnameAsFQDN": true})),
        [
            at("hostnameOverride", "Forbidden: may not be specified when setHostnameAsFQDN is true"),
            at("hostnameOverride", "Too long: may not be more than 64 bytes"),
        ]
    );
    // Convert_v1_PodSpec_To_core_PodSpec: the deprecated serviceAccount stands in.
    assert_eq!(
        spec_causes(json!({"serviceAccount": "Bad"})),
        [at("serviceAccountName", &format!("Invalid value: \"Bad\": {DNS_SUBDOMAIN}"))]
    );
    assert_eq!(spec_causes(json!({"serviceAccount": "Bad", "serviceAccountName": "good"})), Vec::<String>::new());
}

#[test]
fn validate_pod_resource_claims() {
    // validatePodResourceClaim.
    assert_eq!(
        spec_causes(json!({"resourceClaims": [
            {"name": "a", "resourceClaimName": "c"}, {"name": "a", "resourceClaimName": "c"}, {"name": "B"}
        ]})),
        [
            at("resourceClaims[1].name", "Duplicate value: \"a\""),
            at("resourceClaims[2].name", &format!("Invalid value: \"B\": {DNS_LABEL}")),
            at(
                "resourceClaims[2]",
                "Invalid value: {\"Name\":\"B\",\"ResourceClaimName\":null,\"ResourceClaimTemplateName\":null}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
            ),
        ]
    );
}

#[test]
fn topology_spread_match_label_keys() {
    // ValidateMatchLabelKeysAndMismatchLabelKeys (MatchLabelKeysInPodTopologySpreadSelectorMerge on).
    assert_eq!(
        spec_causes(
            json!({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app": "x"}}, "matchLabelKeys": ["app", "Bad Key"]}]})
        ),
        [at("topologySpreadConstraints[0].matchLabelKeys[1]", &format!("Invalid value: \"Bad Key\": {NAME_PART}"))]
    );
}

#[test]
fn owner_references_per_release() {
    let refs = json!({"ownerReferences": [
        {"apiVersion": "a/b/c", "kind": "ConfigMap", "name": "cm", "uid": "1", "controller": true},
        {"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "2", "controller": true},
        {"name": "x"}
    ]});
    let d = ds(json!({}), refs, json!({}));
    // ValidateOwnerReferences / validateOwnerReference (1.35: unindexed, Invalid).
    let list = r#"[{"apiVersion":"a/b/c","kind":"ConfigMap","name":"cm","uid":"1","controller":true},{"apiVersion":"v1","kind":"Event","name":"e","uid":"2","controller":true},{"apiVersion":"","kind":"","name":"x","uid":""}]"#;
    let event = r#"{"apiVersion":"v1","kind":"Event","name":"e","uid":"2","controller":true}"#;
    let controllers = format!("metadata.ownerReferences: Invalid value: {list}: Only one reference can have Controller set to true. Found \"true\" in references for ConfigMap/cm and Event/e");
    assert_eq!(
        causes_at(Release::V1_35, &d),
        [
            "metadata.ownerReferences.apiVersion: Invalid value: \"a/b/c\": version must not be empty".to_string(),
            format!(
                "metadata.ownerReferences: Invalid value: {event}: /v1, Kind=Event is disallowed from being an owner"
            ),
            controllers.clone(),
            "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty".to_string(),
            "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty".to_string(),
            "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty".to_string(),
        ]
    );
    // apimachinery v0.37: indexed paths, Required for empty fields.
    assert_eq!(
        causes_at(Release::V1_37, &d),
        [
            "metadata.ownerReferences[0].apiVersion: Invalid value: \"a/b/c\": must be <group>/<version> or <version>".to_string(),
            format!("metadata.ownerReferences[1]: Invalid value: {event}: /v1, Kind=Event is disallowed from being an owner"),
            controllers,
            "metadata.ownerReferences[2].apiVersion: Required value: must not be empty".to_string(),
            "metadata.ownerReferences[2].kind: Required value: must not be empty".to_string(),
            "metadata.ownerReferences[2].uid: Required value: must not be empty".to_string(),
        ]
    );
}

#[test]
fn managed_fields_per_release() {
    let d = ds(
        json!({}),
        json!({"managedFields": [{"operation": "Apply", "manager": "a\u{7}b"}, {"operation": "Patch", "fieldsType": "FieldsV2"}, {}]}),
        json!({}),
    );
    // ValidateManagedFields / ValidateFieldManager.
    assert_eq!(
        causes_at(Release::V1_35, &d),
        [
            "metadata.managedFields[0].manager: Invalid value: \"a\\ab\": invalid character U+0007 (at position 1)",
            "metadata.managedFields[1].operation: Invalid value: \"Patch\": must be `Apply` or `Update`",
            "metadata.managedFields[1].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`",
            "metadata.managedFields[2].operation: Invalid value: \"\": must be `Apply` or `Update`",
        ]
    );
    assert_eq!(
        causes_at(Release::V1_37, &d)[1..],
        [
            "metadata.managedFields[1].operation: Unsupported value: \"Patch\": supported values: \"Apply\", \"Update\"",
            "metadata.managedFields[1].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`",
            "metadata.managedFields[2].operation: Required value: must not be empty",
        ]
    );
}

/// Causes of an update from `old` to `new` (pod template specs), at a release.
fn update_causes(release: Release, old: Value, new: Value) -> Vec<String> {
    let (old, new) = (ds(old, json!({}), json!({})), ds(new, json!({}), json!({})));
    let opts = ValidateOptions {
        kubernetes_version: release,
        old_daemon_set: Some(Source::Text(&old.to_string())),
        ..Default::default()
    };
    validate(Source::Text(&new.to_string()), opts).errors.into_iter().map(|e| e.message).collect()
}

#[test]
fn update_ratchets_from_the_stored_template() {
    // GetValidationOptionsFromPodSpecAndMeta: what the stored object already uses stays allowed.
    // useOnlyRecursiveSELinuxChangePolicy: any stored policy allows every valid one.
    let stored = json!({"securityContext": {"seLinuxChangePolicy": "Recursive"}});
    let new = json!({"securityContext": {"seLinuxChangePolicy": "MountOption"}});
    assert_eq!(update_causes(Release::V1_36, stored, new.clone()), Vec::<String>::new());
    fires(
        update_causes(Release::V1_36, json!({}), new),
        &at(
            "securityContext.seLinuxChangePolicy",
            "Unsupported value: \"MountOption\": supported values: \"Recursive\"",
        ),
    );
    // AllowNamespacedSysctlsForHostNetAndHostIPC.
    let sysctl = json!({"hostNetwork": true, "securityContext": {"sysctls": [{"name": "net.core.somaxconn"}]}});
    assert_eq!(update_causes(Release::V1_35, sysctl.clone(), sysctl), Vec::<String>::new());
    // OldPodViolatesMatchLabelKeysValidation: the legacy ValidateMatchLabelKeysInTopologySpread.
    let tsc = |keys: Value| {
        json!({"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app": "x"}, "matchExpressions": [{"key": "app", "operator": "Exists"}]},
            "matchLabelKeys": keys}]})
    };
    let in_both = "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector";
    fires(
        update_causes(Release::V1_35, tsc(json!(["app"])), tsc(json!(["app"]))),
        &at("topologySpreadConstraints[0].matchLabelKeys[0]", in_both),
    );
    fires(
        update_causes(Release::V1_35, json!({}), tsc(json!(["app"]))),
        &at("topologySpreadConstraints[0][0]", in_both),
    );
}

/// The rule fires, and nothing else does (how often the update path reports a spec error is the
/// update path's matter, not this rule's).
fn fires(causes: Vec<String>, want: &str) {
    assert!(!causes.is_empty() && causes.iter().all(|c| c == want), "{causes:?}");
}

#[test]
fn tolerations_annotation() {
    // ValidateTolerationsInPodAnnotations: json.Unmarshal into []core.Toleration (Go matches
    // field names ignoring case), then ValidateTolerations under the annotation's path.
    let a = json!({"scheduler.alpha.kubernetes.io/tolerations": r#"[{"KEY": "a b", "operator": "Exists"}, {"tolerationSeconds": 5, "operator": "Exists"}]"#});
    let p = "spec.template.annotations.scheduler.alpha.kubernetes.io/tolerations";
    assert_eq!(
        causes_at(Release::V1_35, &ds(json!({}), json!({}), json!({"annotations": a}))),
        [
            format!("{p}[0].key: Invalid value: \"a b\": {NAME_PART}"),
            format!("{p}[1].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
        ]
    );
}
