//! core/v1 volume sources beyond the common ones (`core.rs` has emptyDir, hostPath, secret,
//! configMap and persistentVolumeClaim): the fields their validation reads.

use serde::Deserialize;

use super::{KeyToPath, LabelSelector, LocalObjectReference, ObjectFieldSelector, ResourceFieldSelector, StringMap};

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct GitRepoVolumeSource {
    pub repository: Option<String>,
    pub revision: Option<String>,
    pub directory: Option<String>,
}

/// `gcePersistentDisk` (`pdName`) and `awsElasticBlockStore` (`volumeID`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PersistentDiskVolumeSource {
    #[serde(rename = "pdName")]
    pub pd_name: Option<String>,
    #[serde(rename = "volumeID")]
    pub volume_id: Option<String>,
    pub fs_type: Option<String>,
    pub partition: Option<i32>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NfsVolumeSource {
    pub server: Option<String>,
    pub path: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IscsiVolumeSource {
    pub target_portal: Option<String>,
    pub iqn: Option<String>,
    pub lun: Option<i32>,
    pub iscsi_interface: Option<String>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
    pub portals: Option<Vec<String>>,
    pub chap_auth_discovery: Option<bool>,
    pub chap_auth_session: Option<bool>,
    pub secret_ref: Option<LocalObjectReference>,
    pub initiator_name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GlusterfsVolumeSource {
    pub endpoints: Option<String>,
    pub path: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FlockerVolumeSource {
    pub dataset_name: Option<String>,
    #[serde(rename = "datasetUUID")]
    pub dataset_uuid: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RbdVolumeSource {
    pub monitors: Option<Vec<String>>,
    pub image: Option<String>,
    pub fs_type: Option<String>,
    pub pool: Option<String>,
    pub user: Option<String>,
    pub keyring: Option<String>,
    pub secret_ref: Option<LocalObjectReference>,
    pub read_only: Option<bool>,
}

/// `cinder`, `storageos` and the other sources with a volume ID or name and a secret.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CinderVolumeSource {
    #[serde(rename = "volumeID")]
    pub volume_id: Option<String>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
    pub secret_ref: Option<LocalObjectReference>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CephFsVolumeSource {
    pub monitors: Option<Vec<String>>,
    pub path: Option<String>,
    pub user: Option<String>,
    pub secret_file: Option<String>,
    pub secret_ref: Option<LocalObjectReference>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QuobyteVolumeSource {
    pub registry: Option<String>,
    pub volume: Option<String>,
    pub read_only: Option<bool>,
    pub user: Option<String>,
    pub group: Option<String>,
    pub tenant: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DownwardApiVolumeSource {
    pub items: Option<Vec<DownwardApiVolumeFile>>,
    pub default_mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DownwardApiVolumeFile {
    pub path: Option<String>,
    pub field_ref: Option<ObjectFieldSelector>,
    pub resource_field_ref: Option<ResourceFieldSelector>,
    pub mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FcVolumeSource {
    #[serde(rename = "targetWWNs")]
    pub target_wwns: Option<Vec<String>>,
    pub lun: Option<i32>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
    pub wwids: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FlexVolumeSource {
    pub driver: Option<String>,
    pub fs_type: Option<String>,
    pub secret_ref: Option<LocalObjectReference>,
    pub read_only: Option<bool>,
    pub options: Option<StringMap>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AzureFileVolumeSource {
    pub secret_name: Option<String>,
    pub share_name: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VsphereVolumeSource {
    pub volume_path: Option<String>,
    pub fs_type: Option<String>,
    pub storage_policy_name: Option<String>,
    #[serde(rename = "storagePolicyID")]
    pub storage_policy_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotonPersistentDiskVolumeSource {
    #[serde(rename = "pdID")]
    pub pd_id: Option<String>,
    pub fs_type: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AzureDiskVolumeSource {
    pub disk_name: Option<String>,
    #[serde(rename = "diskURI")]
    pub disk_uri: Option<String>,
    pub caching_mode: Option<String>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StorageOsVolumeSource {
    pub volume_name: Option<String>,
    pub volume_namespace: Option<String>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
    pub secret_ref: Option<LocalObjectReference>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScaleIoVolumeSource {
    pub gateway: Option<String>,
    pub system: Option<String>,
    pub secret_ref: Option<LocalObjectReference>,
    pub ssl_enabled: Option<bool>,
    pub protection_domain: Option<String>,
    pub storage_pool: Option<String>,
    pub storage_mode: Option<String>,
    pub volume_name: Option<String>,
    pub fs_type: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CsiVolumeSource {
    pub driver: Option<String>,
    pub read_only: Option<bool>,
    pub fs_type: Option<String>,
    pub volume_attributes: Option<StringMap>,
    pub node_publish_secret_ref: Option<LocalObjectReference>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImageVolumeSource {
    pub reference: Option<String>,
    pub pull_policy: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EphemeralVolumeSource {
    pub volume_claim_template: Option<PersistentVolumeClaimTemplate>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PersistentVolumeClaimTemplate {
    pub metadata: Option<TemplateObjectMeta>,
    pub spec: Option<PersistentVolumeClaimSpec>,
}

/// A claim template's metadata: labels and annotations, and whether each other field is set
/// (`null` counts as unset, as Go's zero value).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TemplateObjectMeta {
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    pub self_link: Option<String>,
    pub uid: Option<String>,
    pub resource_version: Option<String>,
    pub generation: Option<i64>,
    pub creation_timestamp: Option<serde_json::Value>,
    pub deletion_timestamp: Option<serde_json::Value>,
    pub deletion_grace_period_seconds: Option<i64>,
    pub labels: Option<StringMap>,
    pub annotations: Option<StringMap>,
    pub owner_references: Option<Vec<serde::de::IgnoredAny>>,
    pub finalizers: Option<Vec<String>>,
    pub managed_fields: Option<Vec<serde::de::IgnoredAny>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PersistentVolumeClaimSpec {
    pub access_modes: Option<Vec<String>>,
    pub selector: Option<LabelSelector>,
    pub resources: Option<super::ResourceRequirements>,
    pub volume_name: Option<String>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
    pub data_source: Option<TypedObjectReference>,
    pub data_source_ref: Option<TypedObjectReference>,
    pub volume_attributes_class_name: Option<String>,
}

/// `dataSource` (no namespace) and `dataSourceRef`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TypedObjectReference {
    pub api_group: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProjectedVolumeSource {
    pub sources: Option<Vec<VolumeProjection>>,
    pub default_mode: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VolumeProjection {
    pub secret: Option<KeyProjection>,
    pub config_map: Option<KeyProjection>,
    #[serde(rename = "downwardAPI")]
    pub downward_api: Option<DownwardApiVolumeSource>,
    pub service_account_token: Option<ServiceAccountTokenProjection>,
    pub cluster_trust_bundle: Option<ClusterTrustBundleProjection>,
    pub pod_certificate: Option<PodCertificateProjection>,
}

/// A projected `secret` or `configMap`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct KeyProjection {
    pub name: Option<String>,
    pub items: Option<Vec<KeyToPath>>,
    pub optional: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountTokenProjection {
    pub audience: Option<String>,
    pub expiration_seconds: Option<i64>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClusterTrustBundleProjection {
    pub name: Option<String>,
    pub signer_name: Option<String>,
    pub label_selector: Option<LabelSelector>,
    pub optional: Option<bool>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodCertificateProjection {
    pub signer_name: Option<String>,
    pub key_type: Option<String>,
    pub max_expiration_seconds: Option<i32>,
    pub credential_bundle_path: Option<String>,
    pub key_path: Option<String>,
    pub certificate_chain_path: Option<String>,
    pub user_annotations: Option<StringMap>,
}
