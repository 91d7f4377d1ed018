//! core/v1 container fields checked by the container-level validation: `envFrom`,
//! `volumeDevices`, `resizePolicy`, `restartPolicyRules`, `fileKeyRef`, the sleep hook, HTTP
//! headers and resource claims.

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EnvFromSource {
    pub prefix: Option<String>,
    pub config_map_ref: Option<EnvSourceRef>,
    pub secret_ref: Option<EnvSourceRef>,
}

/// A `configMapRef` or `secretRef` of `envFrom`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct EnvSourceRef {
    pub name: Option<String>,
    pub optional: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileKeySelector {
    pub volume_name: Option<String>,
    pub path: Option<String>,
    pub key: Option<String>,
    pub optional: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VolumeDevice {
    pub name: Option<String>,
    pub device_path: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerResizePolicy {
    pub resource_name: Option<String>,
    pub restart_policy: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRestartRule {
    pub action: Option<String>,
    pub exit_codes: Option<ContainerRestartRuleOnExitCodes>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ContainerRestartRuleOnExitCodes {
    pub operator: Option<String>,
    pub values: Option<Vec<i32>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct SleepAction {
    pub seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct HttpHeader {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// A container's `resources.claims[i]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ResourceClaim {
    pub name: Option<String>,
    pub request: Option<String>,
}

/// The name of a pod-level `resourceClaims[i]`, which container claims refer to.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PodResourceClaimName {
    pub name: Option<String>,
}
