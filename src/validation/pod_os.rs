//! The pod's OS and user namespace: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateOS`, `validateLinux`, `validateWindows` and `validateHostUsers`.

use super::profiles::visit_containers;
use super::{named, ValidationOptions};
use crate::field::{ErrorList, FieldError, Path};
use crate::model::PodSpec;

const WINDOWS_FORBIDDEN: &str = "cannot be set for a windows pod";
const LINUX_FORBIDDEN: &str = "windows options cannot be set for a linux pod";

/// The `spec.os` block of `ValidatePodSpec`: `validateOS`, then the rules of the named OS when
/// the name is valid.
pub fn validate_pod_os(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(os) = &spec.os else { return errs };
    match os.name.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&path.child("os.name"), "")),
        "linux" => errs.extend(validate_linux(spec, path)),
        "windows" => errs.extend(validate_windows(spec, path)),
        other => errs.push(FieldError::not_supported(&path.child("os"), named(other), &["linux", "windows"])),
    }
    errs
}

/// Mirrors `validateLinux`.
fn validate_linux(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if spec.security_context.as_ref().is_some_and(|sc| sc.windows_options.is_some()) {
        errs.push(FieldError::forbidden(&path.child("securityContext.windowsOptions"), LINUX_FORBIDDEN));
    }
    for (c, p) in visit_containers(spec, path) {
        if c.security_context.as_ref().is_some_and(|sc| sc.windows_options.is_some()) {
            errs.push(FieldError::forbidden(&p.child("securityContext.windowsOptions"), LINUX_FORBIDDEN));
        }
    }
    errs
}

/// Mirrors `validateWindows`: the Linux-only pod and container settings are refused.
fn validate_windows(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let sc = spec.security_context.clone().unwrap_or_default();
    let psc = path.child("securityContext");
    let pod_checks = [
        (sc.app_armor_profile.is_some(), psc.child("appArmorProfile")),
        (sc.se_linux_options.is_some(), psc.child("seLinuxOptions")),
        (spec.host_users.is_some(), path.child("hostUsers")),
        (spec.host_pid == Some(true), path.child("hostPID")),
        (spec.host_ipc == Some(true), path.child("hostIPC")),
        (sc.seccomp_profile.is_some(), psc.child("seccompProfile")),
        (sc.fs_group.is_some(), psc.child("fsGroup")),
        (sc.fs_group_change_policy.is_some(), psc.child("fsGroupChangePolicy")),
        (sc.sysctls.as_ref().is_some_and(|s| !s.is_empty()), psc.child("sysctls")),
        (spec.share_process_namespace.is_some(), path.child("shareProcessNamespace")),
        (sc.run_as_user.is_some(), psc.child("runAsUser")),
        (sc.run_as_group.is_some(), psc.child("runAsGroup")),
        (sc.supplemental_groups.is_some(), psc.child("supplementalGroups")),
        (sc.supplemental_groups_policy.is_some(), psc.child("supplementalGroupsPolicy")),
        (sc.se_linux_change_policy.is_some(), psc.child("seLinuxChangePolicy")),
    ];
    for (set, p) in pod_checks {
        if set {
            errs.push(FieldError::forbidden(&p, WINDOWS_FORBIDDEN));
        }
    }
    for (c, p) in visit_containers(spec, path) {
        let Some(sc) = &c.security_context else { continue };
        let p = p.child("securityContext");
        let checks = [
            (sc.app_armor_profile.is_some(), "appArmorProfile"),
            (sc.se_linux_options.is_some(), "seLinuxOptions"),
            (sc.seccomp_profile.is_some(), "seccompProfile"),
            (sc.capabilities.is_some(), "capabilities"),
            (sc.read_only_root_filesystem.is_some(), "readOnlyRootFilesystem"),
            (sc.privileged.is_some(), "privileged"),
            (sc.allow_privilege_escalation.is_some(), "allowPrivilegeEscalation"),
            (sc.proc_mount.is_some(), "procMount"),
            (sc.run_as_user.is_some(), "runAsUser"),
            (sc.run_as_group.is_some(), "runAsGroup"),
        ];
        for (set, field) in checks {
            if set {
                errs.push(FieldError::forbidden(&p.child(field), WINDOWS_FORBIDDEN));
            }
        }
    }
    errs
}

/// Mirrors `validateHostUsers`: a pod in its own user namespace may not share the host's PID or
/// IPC namespace, nor its network (`AllowUserNamespacesHostNetworkSupport`: the alpha gate is
/// off, so only a stored pod that already does), nor have `volumeDevices`
/// (`AllowUserNamespacesWithVolumeDevices`: only a stored pod that already has them).
pub fn validate_host_users(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    if spec.host_users != Some(false) {
        return errs;
    }
    // Upstream's paths: `hostNetwork`, then `HostPID` and `HostIPC` capitalised as written there.
    if spec.host_network() && !opts.allow_user_namespaces_host_network_support {
        errs.push(FieldError::forbidden(&path.child("hostNetwork"), "when `hostUsers` is false"));
    }
    if spec.host_pid == Some(true) {
        errs.push(FieldError::forbidden(&path.child("HostPID"), "when `hostUsers` is false"));
    }
    if spec.host_ipc == Some(true) {
        errs.push(FieldError::forbidden(&path.child("HostIPC"), "when `hostUsers` is false"));
    }
    for (c, p) in visit_containers(spec, path).filter(|_| !opts.allow_user_namespaces_with_volume_devices) {
        if c.volume_devices.as_ref().is_some_and(|d| !d.is_empty()) {
            errs.push(FieldError::forbidden(&p.child("volumeDevices"), "when `hostUsers` is false"));
        }
    }
    errs
}
