//! The field checks of the less common volume sources: kubernetes/kubernetes
//! `pkg/apis/core/validation` `validateGitRepoVolumeSource`, `validateFCVolumeSource`,
//! `validateNFSVolumeSource`, `validateAzureDisk`, `validateCSIVolumeSource`,
//! `validateImageVolumeSource` and the others `validateVolumeSource` calls (iSCSI in `iscsi.rs`).

use super::claim_template::validate_persistent_volume_claim_template;
use super::iscsi::validate_iscsi;
use super::names::{is_dns1123_subdomain, name_is_dns_subdomain};
use super::volumes::validate_local_descending_path;
use super::{invalid_each, named, validate_dns1123_label, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::volume_sources::*;
use crate::model::{LocalObjectReference, Volume};
use crate::release::Release;

/// The sources `volumes.rs` does not check itself, at upstream's paths (the GCE disk's checks
/// name `persistentDisk`).
pub fn validate_other_source(v: &Volume, key: &str, p: &Path, opts: ValidationOptions) -> ErrorList {
    let sp = p.child(key);
    let errs = match key {
        "gitRepo" => v.git_repo.as_ref().map(|s| validate_git_repo(s, &sp)),
        "gcePersistentDisk" => v
            .gce_persistent_disk
            .as_ref()
            .map(|s| validate_persistent_disk(s.pd_name.as_deref(), "pdName", s.partition, &p.child("persistentDisk"))),
        "awsElasticBlockStore" => v
            .aws_elastic_block_store
            .as_ref()
            .map(|s| validate_persistent_disk(s.volume_id.as_deref(), "volumeID", s.partition, &sp)),
        "nfs" => v.nfs.as_ref().map(|s| validate_nfs(s, &sp)),
        "iscsi" => v.iscsi.as_ref().map(|s| validate_iscsi(s, &sp)),
        "glusterfs" => v
            .glusterfs
            .as_ref()
            .map(|s| required_all(&sp, &[("endpoints", s.endpoints.as_deref()), ("path", s.path.as_deref())])),
        "flocker" => v.flocker.as_ref().map(|s| validate_flocker(s, &sp)),
        "rbd" => v.rbd.as_ref().map(|s| {
            let mut errs = required_list(&sp.child("monitors"), s.monitors.as_deref());
            errs.extend(required_all(&sp, &[("image", s.image.as_deref())]));
            errs
        }),
        "cinder" => v.cinder.as_ref().map(|s| {
            let mut errs = required_all(&sp, &[("volumeID", s.volume_id.as_deref())]);
            errs.extend(validate_secret_ref_name(s.secret_ref.as_ref(), &sp.child("secretRef")));
            errs
        }),
        "cephfs" => v.cephfs.as_ref().map(|s| required_list(&sp.child("monitors"), s.monitors.as_deref())),
        "quobyte" => v.quobyte.as_ref().map(|s| validate_quobyte(s, &sp)),
        "fc" => v.fc.as_ref().map(|s| validate_fc(s, &sp)),
        "flexVolume" => v.flex_volume.as_ref().map(|s| validate_flex(s, &sp)),
        "azureFile" => v.azure_file.as_ref().map(|s| {
            required_all(&sp, &[("secretName", s.secret_name.as_deref()), ("shareName", s.share_name.as_deref())])
        }),
        "vsphereVolume" => {
            v.vsphere_volume.as_ref().map(|s| required_all(&sp, &[("volumePath", s.volume_path.as_deref())]))
        }
        "photonPersistentDisk" => {
            v.photon_persistent_disk.as_ref().map(|s| required_all(&sp, &[("pdID", s.pd_id.as_deref())]))
        }
        "portworxVolume" => {
            v.portworx_volume.as_ref().map(|s| required_all(&sp, &[("volumeID", s.volume_id.as_deref())]))
        }
        "azureDisk" => v.azure_disk.as_ref().map(|s| validate_azure_disk(s, &sp)),
        "storageos" => v.storageos.as_ref().map(|s| validate_storageos(s, &sp)),
        "scaleIO" => v.scale_io.as_ref().map(|s| {
            required_all(
                &sp,
                &[
                    ("gateway", s.gateway.as_deref()),
                    ("system", s.system.as_deref()),
                    ("volumeName", s.volume_name.as_deref()),
                ],
            )
        }),
        "csi" => v.csi.as_ref().map(|s| validate_csi(s, &sp)),
        "ephemeral" => v.ephemeral.as_ref().map(|s| validate_ephemeral(s, &sp)),
        "image" => v.image.as_ref().map(|s| validate_image(s, opts, &sp)),
        _ => None,
    };
    errs.unwrap_or_default()
}

/// `Required` for each empty string field, in the order given.
fn required_all(p: &Path, fields: &[(&str, Option<&str>)]) -> ErrorList {
    let mut errs = ErrorList::new();
    for (field, value) in fields {
        if value.unwrap_or("").is_empty() {
            errs.push(FieldError::required(&p.child(field), ""));
        }
    }
    errs
}

fn required_list(p: &Path, list: Option<&[String]>) -> ErrorList {
    let mut errs = ErrorList::new();
    if list.unwrap_or_default().is_empty() {
        errs.push(FieldError::required(p, ""));
    }
    errs
}

/// A set `secretRef` must name its secret (cinder, storageos).
fn validate_secret_ref_name(r: Option<&LocalObjectReference>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if r.is_some_and(|r| r.name.as_deref().unwrap_or("").is_empty()) {
        errs.push(FieldError::required(&p.child("name"), ""));
    }
    errs
}

/// Mirrors `validateGitRepoVolumeSource`.
fn validate_git_repo(s: &GitRepoVolumeSource, p: &Path) -> ErrorList {
    let mut errs = required_all(p, &[("repository", s.repository.as_deref())]);
    errs.extend(validate_local_descending_path(s.directory.as_deref().unwrap_or(""), &p.child("directory")));
    errs
}

/// `validateGCEPersistentDiskVolumeSource` and `validateAWSElasticBlockStoreVolumeSource`.
/// Upstream allows partition 0 but words the error as 1 to 255 (`pdPartitionErrorMsg`).
fn validate_persistent_disk(id: Option<&str>, id_field: &str, partition: Option<i32>, p: &Path) -> ErrorList {
    let mut errs = required_all(p, &[(id_field, id)]);
    let partition = partition.unwrap_or(0);
    if !(0..=255).contains(&partition) {
        errs.push(FieldError::invalid(
            &p.child("partition"),
            BadValue::Bare(partition.to_string()),
            "must be between 1 and 255, inclusive",
        ));
    }
    errs
}

/// Mirrors `validateNFSVolumeSource`.
fn validate_nfs(s: &NfsVolumeSource, p: &Path) -> ErrorList {
    let mut errs = required_all(p, &[("server", s.server.as_deref()), ("path", s.path.as_deref())]);
    let path = s.path.as_deref().unwrap_or("");
    if !path.starts_with('/') {
        errs.push(FieldError::invalid(&p.child("path"), BadValue::Str(path.into()), "must be an absolute path"));
    }
    errs
}

/// Mirrors `validateFlockerVolumeSource`.
fn validate_flocker(s: &FlockerVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (name, uuid) = (s.dataset_name.as_deref().unwrap_or(""), s.dataset_uuid.as_deref().unwrap_or(""));
    if name.is_empty() && uuid.is_empty() {
        errs.push(FieldError::required(p, "one of datasetName and datasetUUID is required"));
    }
    if !name.is_empty() && !uuid.is_empty() {
        errs.push(FieldError::invalid(
            p,
            BadValue::Str("resource".into()),
            "datasetName and datasetUUID can not be specified simultaneously",
        ));
    }
    if name.contains('/') {
        errs.push(FieldError::invalid(&p.child("datasetName"), BadValue::Str(name.into()), "must not contain '/'"));
    }
    errs
}

/// Mirrors `net.SplitHostPort`'s acceptance (only whether it fails matters here).
fn split_host_port_ok(hp: &str) -> bool {
    let Some(i) = hp.rfind(':') else { return false };
    let (j, k) = if hp.starts_with('[') {
        let Some(end) = hp.find(']') else { return false };
        if end + 1 != i {
            return false;
        }
        (1, end + 1)
    } else {
        if hp[..i].contains(':') {
            return false;
        }
        (0, 0)
    };
    !hp[j..].contains('[') && !hp[k..].contains(']')
}

/// Mirrors `validateQuobyteVolumeSource`.
fn validate_quobyte(s: &QuobyteVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let registry = s.registry.as_deref().unwrap_or("");
    const REGISTRY: &str = "must be a host:port pair or multiple pairs separated by commas";
    if registry.is_empty() {
        errs.push(FieldError::required(&p.child("registry"), REGISTRY));
    } else if s.tenant.as_deref().unwrap_or("").len() >= 65 {
        errs.push(FieldError::required(
            &p.child("tenant"),
            "must be a UUID and may not exceed a length of 64 characters",
        ));
    } else {
        for pair in registry.split(',') {
            if !split_host_port_ok(pair) {
                errs.push(FieldError::invalid(&p.child("registry"), BadValue::Str(registry.into()), REGISTRY));
            }
        }
    }
    errs.extend(required_all(p, &[("volume", s.volume.as_deref())]));
    errs
}

/// Mirrors `validateFCVolumeSource`.
fn validate_fc(s: &FcVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let wwns = s.target_wwns.as_deref().unwrap_or_default();
    let wwids = s.wwids.as_deref().unwrap_or_default();
    if wwns.is_empty() && wwids.is_empty() {
        errs.push(FieldError::required(
            &p.child("targetWWNs"),
            "must specify either targetWWNs or wwids, but not both",
        ));
    }
    if !wwns.is_empty() && !wwids.is_empty() {
        errs.push(FieldError::invalid(
            &p.child("targetWWNs"),
            BadValue::Json(serde_json::json!(wwns)),
            "targetWWNs and wwids can not be specified simultaneously",
        ));
    }
    if !wwns.is_empty() {
        match s.lun {
            None => errs.push(FieldError::required(&p.child("lun"), "lun is required if targetWWNs is specified")),
            Some(lun) if !(0..=255).contains(&lun) => errs.push(FieldError::invalid(
                &p.child("lun"),
                BadValue::Bare(lun.to_string()),
                "must be between 0 and 255, inclusive",
            )),
            Some(_) => {}
        }
    }
    errs
}

/// Mirrors `validateFlexVolumeSource`: option keys may not use the reserved namespaces.
fn validate_flex(s: &FlexVolumeSource, p: &Path) -> ErrorList {
    let mut errs = required_all(p, &[("driver", s.driver.as_deref())]);
    for k in s.options.iter().flat_map(|o| o.keys()) {
        let namespace = k.split_once('/').map_or(k.as_str(), |(ns, _)| ns);
        let normalized = format!(".{}", namespace.to_lowercase());
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            errs.push(FieldError::invalid(
                &p.child("options").key(k),
                BadValue::Str(k.clone()),
                "kubernetes.io and k8s.io namespaces are reserved",
            ));
        }
    }
    errs
}

/// Mirrors `validateAzureDisk`, after `SetDefaults`: caching mode `ReadWrite`, kind `Shared`.
fn validate_azure_disk(s: &AzureDiskVolumeSource, p: &Path) -> ErrorList {
    let mut errs = required_all(p, &[("diskName", s.disk_name.as_deref()), ("diskURI", s.disk_uri.as_deref())]);
    let caching = s.caching_mode.as_deref().unwrap_or("ReadWrite");
    if !["None", "ReadOnly", "ReadWrite"].contains(&caching) {
        errs.push(FieldError::not_supported(
            &p.child("cachingMode"),
            named(caching),
            &["None", "ReadOnly", "ReadWrite"],
        ));
    }
    let kind = s.kind.as_deref().unwrap_or("Shared");
    if !["Dedicated", "Managed", "Shared"].contains(&kind) {
        errs.push(FieldError::not_supported(&p.child("kind"), named(kind), &["Dedicated", "Managed", "Shared"]));
    }
    let uri = s.disk_uri.as_deref().unwrap_or("");
    if kind == "Managed" && !uri.starts_with("/subscriptions/") {
        errs.push(FieldError::not_supported(
            &p.child("diskURI"),
            BadValue::Str(uri.into()),
            &["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"],
        ));
    }
    if kind != "Managed" && !uri.starts_with("https://") {
        errs.push(FieldError::not_supported(
            &p.child("diskURI"),
            BadValue::Str(uri.into()),
            &["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"],
        ));
    }
    errs
}

/// Mirrors `validateStorageOSVolumeSource`.
fn validate_storageos(s: &StorageOsVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match s.volume_name.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("volumeName"), "")),
        name => errs.extend(validate_dns1123_label(name, &p.child("volumeName"))),
    }
    if let Some(ns) = s.volume_namespace.as_deref().filter(|n| !n.is_empty()) {
        errs.extend(validate_dns1123_label(ns, &p.child("volumeNamespace")));
    }
    errs.extend(validate_secret_ref_name(s.secret_ref.as_ref(), &p.child("secretRef")));
    errs
}

/// Mirrors `ValidateCSIDriverName`.
pub fn validate_csi_driver_name(driver: &str, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if driver.is_empty() {
        errs.push(FieldError::required(p, ""));
        return errs;
    }
    if driver.len() > 63 {
        errs.push(FieldError::too_long(p, 63));
    }
    errs.extend(invalid_each(p, driver, is_dns1123_subdomain(&driver.to_lowercase())));
    errs
}

/// Mirrors `validateCSIVolumeSource`. An invalid secret name is reported at `csi.name`, as
/// upstream does.
fn validate_csi(s: &CsiVolumeSource, p: &Path) -> ErrorList {
    let mut errs = validate_csi_driver_name(s.driver.as_deref().unwrap_or(""), &p.child("driver"));
    if let Some(r) = &s.node_publish_secret_ref {
        match r.name.as_deref().unwrap_or("") {
            "" => errs.push(FieldError::required(&p.child("nodePublishSecretRef.name"), "")),
            name => errs.extend(invalid_each(&p.child("name"), name, name_is_dns_subdomain(name, false))),
        }
    }
    errs
}

/// Mirrors `validateEphemeralVolumeSource`.
fn validate_ephemeral(s: &EphemeralVolumeSource, p: &Path) -> ErrorList {
    let at = p.child("volumeClaimTemplate");
    match &s.volume_claim_template {
        None => ErrorList(vec![FieldError::required(&at, "")]),
        Some(t) => validate_persistent_volume_claim_template(t, &at),
    }
}

/// Mirrors `validateImageVolumeSource`. The reference is required in templates from 1.37 (in
/// a Pod only before); an empty pull policy was defaulted.
fn validate_image(s: &ImageVolumeSource, opts: ValidationOptions, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if opts.release >= Release::V1_37 && s.reference.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("reference"), ""));
    }
    match s.pull_policy.as_deref().unwrap_or("") {
        "" | "Always" | "IfNotPresent" | "Never" => {}
        other => errs.push(FieldError::not_supported(
            &p.child("pullPolicy"),
            named(other),
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    errs
}
