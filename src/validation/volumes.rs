//! Volume validation: kubernetes/kubernetes `pkg/apis/core/validation` `ValidateVolumes`,
//! `validateVolumeSource` and the checks of the sources DaemonSets use most.

use std::collections::HashSet;

use super::{named, validate_dns1123_label};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{HostPathVolumeSource, KeyToPath, PersistentVolumeClaimVolumeSource, Volume};

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

/// Mirrors `ValidateVolumes`: each source is checked, names are unique DNS-1123 labels.
/// Returns the names of the valid volumes, for the containers' volume mounts.
pub fn validate_volumes(volumes: &[Volume], path: &Path) -> (HashSet<String>, ErrorList) {
    let mut errs = ErrorList::new();
    let mut names: HashSet<String> = HashSet::new();
    for (i, v) in volumes.iter().enumerate() {
        let p = path.index(i);
        let name = v.name.as_deref().unwrap_or("");
        let mut el = validate_volume_source(v, &p);
        if name.is_empty() {
            el.push(FieldError::required(&p.child("name"), ""));
        } else {
            el.extend(validate_dns1123_label(name, &p.child("name")));
        }
        if names.contains(name) {
            el.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        }
        if el.is_empty() {
            names.insert(name.to_string());
        } else {
            errs.extend(el);
        }
    }
    (names, errs)
}

/// Mirrors `validateVolumeSource`: the first source present is validated, every later one is
/// Forbidden. A volume without a source never gets here: defaulting gave it an `emptyDir`.
fn validate_volume_source(v: &Volume, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let present = |key: &str| match key {
        "hostPath" => v.host_path.is_some(),
        "secret" => v.secret.is_some(),
        "configMap" => v.config_map.is_some(),
        "persistentVolumeClaim" => v.persistent_volume_claim.is_some(),
        other => v.other.contains_key(other),
    };
    let mut first = true;
    for (key, error_key) in VOLUME_SOURCES.iter().filter(|(key, _)| present(key)) {
        if !first {
            errs.push(FieldError::forbidden(&p.child(error_key), "may not specify more than 1 volume type"));
            continue;
        }
        first = false;
        let sp = p.child(key);
        match (*key, v) {
            ("hostPath", Volume { host_path: Some(hp), .. }) => errs.extend(validate_host_path_volume_source(hp, &sp)),
            ("secret", Volume { secret: Some(s), .. }) => {
                let name = s.secret_name.as_deref();
                errs.extend(validate_file_source(name, "secretName", s.default_mode, s.items.as_deref(), &sp));
            }
            ("configMap", Volume { config_map: Some(c), .. }) => {
                errs.extend(validate_file_source(c.name.as_deref(), "name", c.default_mode, c.items.as_deref(), &sp));
            }
            ("persistentVolumeClaim", Volume { persistent_volume_claim: Some(c), .. }) => {
                errs.extend(validate_persistent_claim_volume_source(c, &sp));
            }
            _ => {}
        }
    }
    errs
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
fn validate_mode(mode: Option<i32>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(m) = mode.filter(|m| !(0..=0o777).contains(m)) {
        errs.push(FieldError::invalid(p, BadValue::Bare(m.to_string()), FILE_MODE_ERROR));
    }
    errs
}

/// Mirrors `validateKeyToPath` for each item.
fn validate_items(items: Option<&[KeyToPath]>, p: &Path) -> ErrorList {
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
fn validate_local_non_reserved_path(target: &str, p: &Path) -> ErrorList {
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
fn validate_path_no_backsteps(target: &str, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if target.split('/').any(|part| part == "..") {
        errs.push(FieldError::invalid(p, BadValue::Str(target.into()), "must not contain '..'"));
    }
    errs
}
