//! Security contexts: kubernetes/kubernetes `pkg/apis/core/validation` `ValidateSecurityContext`
//! (containers) and `validatePodSpecSecurityContext` (the pod), with the sysctl and policy
//! checks they call.

use std::collections::HashSet;

use super::go_value::{go_struct, nullable, render_struct, string};
use super::pod::validate_id;
use super::profiles::{validate_app_armor_profile_field, validate_seccomp_profile_field};
use super::windows_options::{render_windows_options, validate_windows_security_context_options};
use super::{named, ValidationOptions};
use crate::feature_gates::Feature;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::SeLinuxOptions;
use crate::model::{PodSpec, SecurityContext};

const SYSCTL_MAX_LENGTH: usize = 253;
const SYSCTL_REGEX: &str = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

/// Mirrors `ValidateSecurityContext`. `hostUsers` is the pod's (true unless set false).
pub fn validate_security_context(sc: Option<&SecurityContext>, path: &Path, host_users: bool) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(sc) = sc else { return errs };
    errs.extend(validate_id(sc.run_as_user, &path.child("runAsUser")));
    errs.extend(validate_id(sc.run_as_group, &path.child("runAsGroup")));
    if let Some(pm) = sc.proc_mount.as_deref() {
        if !matches!(pm, "Default" | "Unmasked") {
            errs.push(FieldError::not_supported(&path.child("procMount"), named(pm), &["Default", "Unmasked"]));
        }
        if host_users && pm == "Unmasked" {
            errs.push(FieldError::invalid(
                &path.child("procMount"),
                named(pm),
                "`hostUsers` must be false to use `Unmasked`",
            ));
        }
    }
    errs.extend(validate_seccomp_profile_field(sc.seccomp_profile.as_ref(), &path.child("seccompProfile")));
    if sc.allow_privilege_escalation == Some(false) {
        if sc.privileged == Some(true) {
            errs.push(FieldError::invalid(
                path,
                render_security_context(sc),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
        for cap in sc.capabilities.iter().flat_map(|c| c.add.iter().flatten()) {
            if cap == "CAP_SYS_ADMIN" {
                errs.push(FieldError::invalid(
                    path,
                    render_security_context(sc),
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                ));
            }
        }
    }
    errs.extend(validate_windows_security_context_options(sc.windows_options.as_ref(), &path.child("windowsOptions")));
    errs.extend(validate_app_armor_profile_field(sc.app_armor_profile.as_ref(), &path.child("appArmorProfile")));
    errs
}

/// The internal `core.SecurityContext` as a field error prints it.
fn render_security_context(sc: &SecurityContext) -> BadValue {
    let capabilities = sc
        .capabilities
        .as_ref()
        .map(|c| render_struct(&[("Add", nullable(c.add.as_ref())), ("Drop", nullable(c.drop.as_ref()))]));
    go_struct(&[
        ("Capabilities", capabilities.unwrap_or_else(|| "null".into())),
        ("Privileged", nullable(sc.privileged.as_ref())),
        ("SELinuxOptions", sc.se_linux_options.as_ref().map_or_else(|| "null".into(), render_se_linux_options)),
        ("WindowsOptions", sc.windows_options.as_ref().map_or_else(|| "null".into(), render_windows_options)),
        ("RunAsUser", nullable(sc.run_as_user.as_ref())),
        ("RunAsGroup", nullable(sc.run_as_group.as_ref())),
        ("RunAsNonRoot", nullable(sc.run_as_non_root.as_ref())),
        ("ReadOnlyRootFilesystem", nullable(sc.read_only_root_filesystem.as_ref())),
        ("AllowPrivilegeEscalation", nullable(sc.allow_privilege_escalation.as_ref())),
        ("ProcMount", nullable(sc.proc_mount.as_ref())),
        ("SeccompProfile", sc.seccomp_profile.as_ref().map_or_else(|| "null".into(), super::profiles::render_profile)),
        (
            "AppArmorProfile",
            sc.app_armor_profile.as_ref().map_or_else(|| "null".into(), super::profiles::render_profile),
        ),
    ])
}

fn render_se_linux_options(o: &SeLinuxOptions) -> String {
    render_struct(&[
        ("User", string(o.user.as_ref())),
        ("Role", string(o.role.as_ref())),
        ("Type", string(o.type_.as_ref())),
        ("Level", string(o.level.as_ref())),
    ])
}

/// Mirrors `validatePodSpecSecurityContext`. The internal pod security context always exists
/// (defaulting allocates it) and carries `hostPID`, `hostIPC`, `hostNetwork` and
/// `shareProcessNamespace` from the spec.
pub fn validate_pod_spec_security_context(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let sc = spec.security_context.clone().unwrap_or_default();
    errs.extend(validate_id(sc.fs_group, &path.child("fsGroup")));
    errs.extend(validate_id(sc.run_as_user, &path.child("runAsUser")));
    errs.extend(validate_id(sc.run_as_group, &path.child("runAsGroup")));
    for (i, g) in sc.supplemental_groups.iter().flatten().enumerate() {
        errs.extend(validate_id(Some(*g), &path.child("supplementalGroups").index(i)));
    }
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        errs.push(FieldError::invalid(
            &path.child("shareProcessNamespace"),
            BadValue::Bare("true".into()),
            "ShareProcessNamespace and HostPID cannot both be enabled",
        ));
    }
    errs.extend(validate_sysctls(spec, &path.child("sysctls"), opts));
    if let Some(p) = sc.fs_group_change_policy.as_deref() {
        if !matches!(p, "Always" | "OnRootMismatch") {
            errs.push(FieldError::not_supported(
                &path.child("fsGroupChangePolicy"),
                named(p),
                &["Always", "OnRootMismatch"],
            ));
        }
    }
    errs.extend(validate_seccomp_profile_field(sc.seccomp_profile.as_ref(), &path.child("seccompProfile")));
    errs.extend(validate_windows_security_context_options(sc.windows_options.as_ref(), &path.child("windowsOptions")));
    errs.extend(validate_app_armor_profile_field(sc.app_armor_profile.as_ref(), &path.child("appArmorProfile")));
    if let Some(p) = sc.supplemental_groups_policy.as_deref() {
        if !matches!(p, "Merge" | "Strict") {
            errs.push(FieldError::not_supported(
                &path.child("supplementalGroupsPolicy"),
                named(p),
                &["Merge", "Strict"],
            ));
        }
    }
    if let Some(p) = sc.se_linux_change_policy.as_deref() {
        errs.extend(validate_se_linux_change_policy(p, &path.child("seLinuxChangePolicy"), opts));
    }
    errs
}

/// Mirrors `validateSysctls` (with `ValidateHostSysctl`; namespaced sysctls are refused next to
/// the host's network or IPC namespace).
fn validate_sysctls(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let sysctls = spec.security_context.as_ref().and_then(|sc| sc.sysctls.as_deref()).unwrap_or_default();
    let mut names = HashSet::new();
    for (i, s) in sysctls.iter().enumerate() {
        let p = path.index(i).child("name");
        let name = s.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p, ""));
        } else if !is_valid_sysctl_name(name) {
            errs.push(FieldError::invalid(
                &p,
                BadValue::Str(name.into()),
                format!("must have at most {SYSCTL_MAX_LENGTH} characters and match regex {SYSCTL_REGEX}"),
            ));
        } else if names.contains(name) {
            errs.push(FieldError::duplicate(&p, BadValue::Str(name.into())));
        }
        if !opts.allow_namespaced_sysctls_for_host_net_and_host_ipc {
            errs.extend(validate_host_sysctl(name, spec, &p));
        }
        names.insert(name);
    }
    errs
}

/// Mirrors `ValidateHostSysctl`.
fn validate_host_sysctl(name: &str, spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match sysctl_namespace(name) {
        SysctlNamespace::Net if spec.host_network() => errs.push(FieldError::invalid(
            path,
            BadValue::Str(name.into()),
            "may not be specified when 'hostNetwork' is true",
        )),
        SysctlNamespace::Ipc if spec.host_ipc == Some(true) => errs.push(FieldError::invalid(
            path,
            BadValue::Str(name.into()),
            "may not be specified when 'hostIPC' is true",
        )),
        _ => {}
    }
    errs
}

/// True when a stored pod spec has a sysctl `ValidateHostSysctl` refuses (kept allowed on update).
pub fn has_namespaced_sysctl_with_host_namespace(spec: Option<&PodSpec>) -> bool {
    spec.is_some_and(|s| {
        let sysctls = s.security_context.as_ref().and_then(|sc| sc.sysctls.as_deref()).unwrap_or_default();
        sysctls.iter().any(|x| !validate_host_sysctl(x.name.as_deref().unwrap_or(""), s, &Path::default()).is_empty())
    })
}

/// Mirrors `IsValidSysctlName`: dot- or slash-separated segments of `[a-z0-9]([-_a-z0-9]*[a-z0-9])?`.
fn is_valid_sysctl_name(name: &str) -> bool {
    if name.len() > SYSCTL_MAX_LENGTH {
        return false;
    }
    name.split(['.', '/']).all(|seg| {
        let b = seg.as_bytes();
        let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(f), Some(l)) => edge(f) && edge(l) && b.iter().all(|c| edge(c) || *c == b'-' || *c == b'_'),
            _ => false,
        }
    })
}

#[derive(PartialEq)]
enum SysctlNamespace {
    Net,
    Ipc,
    Unknown,
}

/// Mirrors component-helpers' `sysctl.GetNamespace` (after `NormalizeName`).
fn sysctl_namespace(sysctl: &str) -> SysctlNamespace {
    let normalized: String = match sysctl.find(['.', '/']) {
        Some(i) if sysctl.as_bytes().get(i) == Some(&b'/') => sysctl
            .chars()
            .map(|c| {
                if c == '.' {
                    '/'
                } else if c == '/' {
                    '.'
                } else {
                    c
                }
            })
            .collect(),
        _ => sysctl.to_string(),
    };
    let name = normalized.split('*').next().unwrap_or("");
    const IPC_NAMES: [&str; 10] = [
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
        "kernel.shm",
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.msg",
    ];
    if IPC_NAMES.contains(&name) || name.starts_with("fs.mqueue.") {
        SysctlNamespace::Ipc
    } else if name.starts_with("net.") {
        SysctlNamespace::Net
    } else {
        SysctlNamespace::Unknown
    }
}

/// Mirrors `validateSELinuxChangePolicy`. With `SELinuxMount` off (before 1.37) only `Recursive`
/// is accepted, unless the stored object already sets a policy (`useOnlyRecursiveSELinuxChangePolicy`).
fn validate_se_linux_change_policy(policy: &str, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let only_recursive = !opts.enabled(Feature::SELinuxMount) && !opts.old_se_linux_change_policy_in_use;
    if only_recursive {
        if policy != "Recursive" {
            errs.push(FieldError::not_supported(path, named(policy), &["Recursive"]));
        }
    } else if !matches!(policy, "MountOption" | "Recursive") {
        errs.push(FieldError::not_supported(path, named(policy), &["MountOption", "Recursive"]));
    }
    errs
}

/// True when a stored pod spec sets `seLinuxChangePolicy` (`seLinuxChangePolicyInUse`).
pub fn se_linux_change_policy_in_use(spec: Option<&PodSpec>) -> bool {
    spec.and_then(|s| s.security_context.as_ref()).is_some_and(|sc| sc.se_linux_change_policy.is_some())
}
