//! Volume mounts and devices: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidateVolumeMounts`, `ValidateVolumeDevices`, `validateMountPropagation` and
//! `validateMountRecursiveReadOnly`.

use std::collections::{HashMap, HashSet};

use super::named;
use super::volumes::{validate_local_descending_path, validate_path_no_backsteps, VolumeMap};
use crate::field::{BadValue, ErrorList, ErrorType, FieldError, Path};
use crate::model::{Container, VolumeMount};

/// Mirrors `field.NotFound` for a Go string.
pub fn not_found(path: &Path, value: &str) -> FieldError {
    FieldError {
        error_type: ErrorType::NotFound,
        field: path.to_string(),
        bad_value: BadValue::Str(value.into()),
        detail: String::new(),
    }
}

/// `GetVolumeMountMap` / `GetVolumeDeviceMap`: name → path, the last entry of a name winning.
fn name_to_path<'a>(
    entries: impl Iterator<Item = (&'a str, &'a str)>,
) -> (HashMap<&'a str, &'a str>, HashSet<&'a str>) {
    let map: HashMap<&str, &str> = entries.collect();
    let paths = map.values().copied().collect();
    (map, paths)
}

fn device_map(c: &Container) -> (HashMap<&str, &str>, HashSet<&str>) {
    name_to_path(
        c.volume_devices
            .iter()
            .flatten()
            .map(|d| (d.name.as_deref().unwrap_or(""), d.device_path.as_deref().unwrap_or(""))),
    )
}

fn mount_map(c: &Container) -> (HashMap<&str, &str>, HashSet<&str>) {
    name_to_path(
        c.volume_mounts
            .iter()
            .flatten()
            .map(|m| (m.name.as_deref().unwrap_or(""), m.mount_path.as_deref().unwrap_or(""))),
    )
}

/// Mirrors `ValidateVolumeMounts`. Some paths name the list rather than the entry, as upstream.
pub fn validate_volume_mounts(c: &Container, volumes: &VolumeMap, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (devices, device_paths) = device_map(c);
    let mut mount_points: HashSet<&str> = HashSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = path.index(i);
        let name = m.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p.child("name"), ""));
        }
        if !volumes.contains_key(name) {
            errs.push(not_found(&p.child("name"), name));
        }
        let mount_path = m.mount_path.as_deref().unwrap_or("");
        if mount_path.is_empty() {
            errs.push(FieldError::required(&p.child("mountPath"), ""));
        }
        if !mount_points.insert(mount_path) {
            errs.push(FieldError::invalid(&p.child("mountPath"), BadValue::Str(mount_path.into()), "must be unique"));
        }
        if devices.contains_key(name) {
            errs.push(FieldError::invalid(
                &p.child("name"),
                BadValue::Str(name.into()),
                "must not already exist in volumeDevices",
            ));
        }
        if device_paths.contains(mount_path) {
            errs.push(FieldError::invalid(
                &p.child("mountPath"),
                BadValue::Str(mount_path.into()),
                "must not already exist as a path in volumeDevices",
            ));
        }
        let sub_path = m.sub_path.as_deref().unwrap_or("");
        if !sub_path.is_empty() {
            errs.extend(validate_local_descending_path(sub_path, &path.child("subPath")));
        }
        if let Some(expr) = m.sub_path_expr.as_deref().filter(|s| !s.is_empty()) {
            if !sub_path.is_empty() {
                errs.push(FieldError::invalid(
                    &p.child("subPathExpr"),
                    BadValue::Str(expr.into()),
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            errs.extend(validate_local_descending_path(expr, &path.child("subPathExpr")));
        }
        if let Some(mp) = m.mount_propagation.as_deref() {
            errs.extend(validate_mount_propagation(mp, c, &path.child("mountPropagation")));
        }
        errs.extend(validate_mount_recursive_read_only(m, &path.child("recursiveReadOnly")));
    }
    errs
}

/// Mirrors `validateMountPropagation` (the container is known in a template).
fn validate_mount_propagation(mp: &str, c: &Container, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    const SUPPORTED: [&str; 3] = ["Bidirectional", "HostToContainer", "None"];
    if !SUPPORTED.contains(&mp) {
        errs.push(FieldError::not_supported(path, named(mp), &SUPPORTED));
    }
    let privileged = c.security_context.as_ref().and_then(|s| s.privileged) == Some(true);
    if mp == "Bidirectional" && !privileged {
        errs.push(FieldError::forbidden(
            path,
            "Bidirectional mount propagation is available only to privileged containers",
        ));
    }
    errs
}

/// Mirrors `validateMountRecursiveReadOnly`.
fn validate_mount_recursive_read_only(m: &VolumeMount, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match m.recursive_read_only.as_deref() {
        None | Some("Disabled") => {}
        Some("Enabled" | "IfPossible") => {
            if m.read_only != Some(true) {
                errs.push(FieldError::forbidden(path, "may only be specified when readOnly is true"));
            }
            if m.mount_propagation.as_deref().is_some_and(|p| p != "None") {
                errs.push(FieldError::forbidden(
                    path,
                    "may only be specified when mountPropagation is None or not specified",
                ));
            }
        }
        Some(other) => errs.push(FieldError::not_supported(path, named(other), &["Disabled", "Enabled", "IfPossible"])),
    }
    errs
}

/// Mirrors `ValidateVolumeDevices`: block devices come from claims (PVC or ephemeral).
pub fn validate_volume_devices(c: &Container, volumes: &VolumeMap, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (mounts, mount_paths) = mount_map(c);
    let mut device_paths: HashSet<&str> = HashSet::new();
    let mut device_names: HashSet<&str> = HashSet::new();
    for (i, d) in c.volume_devices.iter().flatten().enumerate() {
        let p = path.index(i);
        let name = d.name.as_deref().unwrap_or("");
        let dev_path = d.device_path.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p.child("name"), ""));
        }
        if device_names.contains(name) {
            errs.push(FieldError::invalid(&p.child("name"), BadValue::Str(name.into()), "must be unique"));
        }
        match volumes.get(name) {
            Some(v) if !v.is_claim() => errs.push(FieldError::invalid(
                &p.child("name"),
                BadValue::Str(name.into()),
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )),
            Some(_) => {}
            None => errs.push(not_found(&p.child("name"), name)),
        }
        if dev_path.is_empty() {
            errs.push(FieldError::required(&p.child("devicePath"), ""));
        }
        if device_paths.contains(dev_path) {
            errs.push(FieldError::invalid(&p.child("devicePath"), BadValue::Str(dev_path.into()), "must be unique"));
        }
        if !dev_path.is_empty() && !validate_path_no_backsteps(dev_path, &p).is_empty() {
            errs.push(FieldError::invalid(
                &p.child("devicePath"),
                BadValue::Str(dev_path.into()),
                "can not contain backsteps ('..')",
            ));
        } else {
            device_paths.insert(dev_path);
        }
        if mounts.contains_key(name) {
            errs.push(FieldError::invalid(
                &p.child("name"),
                BadValue::Str(name.into()),
                "must not already exist in volumeMounts",
            ));
        }
        if mount_paths.contains(dev_path) {
            errs.push(FieldError::invalid(
                &p.child("devicePath"),
                BadValue::Str(dev_path.into()),
                "must not already exist as a path in volumeMounts",
            ));
        }
        if !name.is_empty() {
            device_names.insert(name);
        }
    }
    errs
}
