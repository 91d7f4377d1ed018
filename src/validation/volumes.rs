//! Volume validation: kubernetes/kubernetes `pkg/apis/core/validation` `ValidateVolumes`,
//! `validateVolumeSource` and the checks of the sources DaemonSets use most.

use super::{named, projected, validate_dns1123_label, volume_sources as sources, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use std::collections::HashMap;

use crate::model::{HostPathVolumeSource, KeyToPath, PersistentVolumeClaimVolumeSource, Quantity, Volume};

/// The volume source keys in the order `validateVolumeSource` checks them, each with the path
/// its "more than 1 volume type" error names (upstream spells two of them differently).
const VOLUME_SOURCES: [(&str, &str); 30] = [
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

const FILE_MODE_ERROR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// The valid volumes by name, as `ValidateVolumes` returns them for the containers' mounts.
pub type VolumeMap<'a> = HashMap<&'a str, &'a Volume>;

impl Volume {
    /// A source a block device may come from (`isMatchedDevice`'s PVC case).
    pub fn is_claim(&self) -> bool {
        self.persistent_volume_claim.is_some() || self.ephemeral.is_some()
    }

    /// An `emptyDir`, given or defaulted (`SetDefaults_Volume` gives a sourceless volume one).
    pub fn is_empty_dir(&self) -> bool {
        self.empty_dir.is_some() || !VOLUME_SOURCES.iter().any(|(key, _)| self.has_source(key))
    }

    fn has_source(&self, key: &str) -> bool {
        match key {
            "emptyDir" => self.empty_dir.is_some(),
            "hostPath" => self.host_path.is_some(),
            "gitRepo" => self.git_repo.is_some(),
            "gcePersistentDisk" => self.gce_persistent_disk.is_some(),
            "awsElasticBlockStore" => self.aws_elastic_block_store.is_some(),
            "secret" => self.secret.is_some(),
            "nfs" => self.nfs.is_some(),
            "iscsi" => self.iscsi.is_some(),
            "glusterfs" => self.glusterfs.is_some(),
            "flocker" => self.flocker.is_some(),
            "persistentVolumeClaim" => self.persistent_volume_claim.is_some(),
            "rbd" => self.rbd.is_some(),
            "cinder" => self.cinder.is_some(),
            "cephfs" => self.cephfs.is_some(),
            "quobyte" => self.quobyte.is_some(),
            "downwardAPI" => self.downward_api.is_some(),
            "fc" => self.fc.is_some(),
            "flexVolume" => self.flex_volume.is_some(),
            "configMap" => self.config_map.is_some(),
            "azureFile" => self.azure_file.is_some(),
            "vsphereVolume" => self.vsphere_volume.is_some(),
            "photonPersistentDisk" => self.photon_persistent_disk.is_some(),
            "portworxVolume" => self.portworx_volume.is_some(),
            "azureDisk" => self.azure_disk.is_some(),
            "storageos" => self.storageos.is_some(),
            "projected" => self.projected.is_some(),
            "scaleIO" => self.scale_io.is_some(),
            "csi" => self.csi.is_some(),
            "ephemeral" => self.ephemeral.is_some(),
            "image" => self.image.is_some(),
            _ => false,
        }
    }
}

/// Mirrors `ValidateVolumes`: each source is checked, names are unique DNS-1123 labels.
/// Returns the valid volumes by name, for the containers' volume mounts and devices.
pub fn validate_volumes<'a>(volumes: &'a [Volume], path: &Path, opts: ValidationOptions) -> (VolumeMap<'a>, ErrorList) {
    let mut errs = ErrorList::new();
    let mut names: VolumeMap = HashMap::new();
    for (i, v) in volumes.iter().enumerate() {
        let p = path.index(i);
        let name = v.name.as_deref().unwrap_or("");
        let mut el = validate_volume_source(v, &p, opts);
        if name.is_empty() {
            el.push(FieldError::required(&p.child("name"), ""));
        } else {
            el.extend(validate_dns1123_label(name, &p.child("name")));
        }
        if names.contains_key(name) {
            el.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        }
        if el.is_empty() {
            names.insert(name, v);
        } else {
            errs.extend(el);
        }
    }
    (names, errs)
}

/// Mirrors `validateVolumeSource`: the first source present is validated, every later one is
/// Forbidden. A volume without a source never gets here: defaulting gave it an `emptyDir`.
fn validate_volume_source(v: &Volume, p: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut first = true;
    for (key, error_key) in VOLUME_SOURCES.iter().filter(|(key, _)| v.has_source(key)) {
        if first {
            first = false;
            errs.extend(validate_source(v, key, p, opts));
        } else {
            errs.push(FieldError::forbidden(&p.child(error_key), "may not specify more than 1 volume type"));
        }
        if let (&"iscsi", Some(iscsi)) = (key, &v.iscsi) {
            errs.extend(super::iscsi::validate_iscsi_name_length(iscsi, v.name.as_deref().unwrap_or(""), p));
        }
    }
    errs
}

/// The checks of the one source `key`, at the path upstream gives them.
fn validate_source(v: &Volume, key: &str, p: &Path, opts: ValidationOptions) -> ErrorList {
    let sp = p.child(key);
    match key {
        "emptyDir" => {
            let mut errs = ErrorList::new();
            if v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()).is_some_and(Quantity::is_negative) {
                errs.push(FieldError::forbidden(
                    &sp.child("sizeLimit"),
                    "SizeLimit field must be a valid resource quantity",
                ));
            }
            errs
        }
        "hostPath" => v.host_path.as_ref().map(|hp| validate_host_path_volume_source(hp, &sp)).unwrap_or_default(),
        "secret" => v
            .secret
            .as_ref()
            .map(|s| {
                validate_file_source(s.secret_name.as_deref(), "secretName", s.default_mode, s.items.as_deref(), &sp)
            })
            .unwrap_or_default(),
        "configMap" => v
            .config_map
            .as_ref()
            .map(|c| validate_file_source(c.name.as_deref(), "name", c.default_mode, c.items.as_deref(), &sp))
            .unwrap_or_default(),
        "persistentVolumeClaim" => v
            .persistent_volume_claim
            .as_ref()
            .map(|c| validate_persistent_claim_volume_source(c, &sp))
            .unwrap_or_default(),
        "downwardAPI" => {
            v.downward_api.as_ref().map(|d| projected::validate_downward_api_volume_source(d, &sp)).unwrap_or_default()
        }
        "projected" => v
            .projected
            .as_ref()
            .map(|pr| projected::validate_projected_volume_source(pr, opts, &sp))
            .unwrap_or_default(),
        _ => sources::validate_other_source(v, key, p, opts),
    }
}

/// Mirrors `validateHostPathVolumeSource`.
fn validate_host_path_volume_source(hp: &HostPathVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let hp_path = hp.path.as_deref().unwrap_or("");
    if hp_path.is_empty() {
        errs.push(FieldError::required(&p.child("path"), ""));
        return errs;
    }
    errs.extend(validate_path_no_backsteps(hp_path, &p.child("path")));
    let types = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
    if let Some(t) = hp.type_.as_deref().filter(|t| !types.contains(t)) {
        errs.push(FieldError::not_supported(&p.child("type"), named(t), &types));
    }
    errs
}

/// Mirrors `validatePersistentClaimVolumeSource`.
fn validate_persistent_claim_volume_source(c: &PersistentVolumeClaimVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if c.claim_name.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("claimName"), ""));
    }
    errs
}

/// `validateSecretVolumeSource` and `validateConfigMapVolumeSource`: a name, a mode, items.
fn validate_file_source(
    name: Option<&str>,
    name_field: &str,
    default_mode: Option<i32>,
    items: Option<&[KeyToPath]>,
    p: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if name.unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child(name_field), ""));
    }
    errs.extend(validate_mode(default_mode, &p.child("defaultMode")));
    errs.extend(validate_items(items, &p.child("items")));
    errs
}

/// The `defaultMode` / `mode` range check shared by the file-projecting sources.
pub fn validate_mode(mode: Option<i32>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(m) = mode.filter(|m| !(0..=0o777).contains(m)) {
        errs.push(FieldError::invalid(p, BadValue::Bare(m.to_string()), FILE_MODE_ERROR));
    }
    errs
}

/// Mirrors `validateKeyToPath` for each item.
pub fn validate_items(items: Option<&[KeyToPath]>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, kp) in items.unwrap_or_default().iter().enumerate() {
        let ip = p.index(i);
        if kp.key.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&ip.child("key"), ""));
        }
        let target = kp.path.as_deref().unwrap_or("");
        if target.is_empty() {
            errs.push(FieldError::required(&ip.child("path"), ""));
        }
        errs.extend(validate_local_non_reserved_path(target, &ip.child("path")));
        errs.extend(validate_mode(kp.mode, &ip.child("mode")));
    }
    errs
}

/// Mirrors `ValidateLocalNonReservedPath`: relative, no `..` element, not starting with `..`.
pub fn validate_local_non_reserved_path(target: &str, p: &Path) -> ErrorList {
    let mut errs = validate_local_descending_path(target, p);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.push(FieldError::invalid(p, BadValue::Str(target.into()), "must not start with '..'"));
    }
    errs
}

/// Mirrors `validateLocalDescendingPath`: relative, no `..` element.
pub fn validate_local_descending_path(target: &str, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if target.starts_with('/') {
        errs.push(FieldError::invalid(p, BadValue::Str(target.into()), "must be a relative path"));
    }
    errs.extend(validate_path_no_backsteps(target, p));
    errs
}

/// Mirrors `validatePathNoBacksteps`: one error however many `..` elements there are.
pub fn validate_path_no_backsteps(target: &str, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if target.split('/').any(|part| part == "..") {
        errs.push(FieldError::invalid(p, BadValue::Str(target.into()), "must not contain '..'"));
    }
    errs
}
