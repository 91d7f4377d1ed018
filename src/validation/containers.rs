//! Container validation: kubernetes/kubernetes `pkg/apis/core/validation` `validateContainers`,
//! `validateInitContainers`, `validateContainerCommon`, `validateContainerPorts`, `ValidateEnv`,
//! `ValidateVolumeMounts`, `ValidateResourceRequirements`, `validateProbe`,
//! `checkHostPortConflicts`.

use std::collections::HashSet;

use super::env::validate_env;
use super::names::{is_qualified_name, is_valid_port_name, is_valid_port_num};
use super::pod::validate_id;
use super::probes::{validate_lifecycle, validate_probes};
use super::volumes::validate_local_descending_path;
use super::{named, validate_dns1123_label};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{Container, ContainerPort, ResourceRequirements};

/// Mirrors `validateContainers` (regular containers).
pub fn validate_containers(containers: &[Container], volumes: &HashSet<String>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if containers.is_empty() {
        errs.push(FieldError::required(path, ""));
        return errs;
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, volumes, &p));
        let name = c.name.as_deref().unwrap_or("");
        if !names.insert(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        }
        errs.extend(validate_lifecycle(c, &p.child("lifecycle")));
        errs.extend(validate_probes(c, &p));
        if c.restart_policy.is_some() {
            errs.push(FieldError::forbidden(&p.child("restartPolicy"), "may not be set for non-init containers"));
        }
    }
    errs.extend(check_host_port_conflicts(containers.iter().enumerate(), path));
    errs
}

/// Mirrors `validateInitContainers`: names unique across init and regular containers; only
/// restartable (sidecar) init containers may have lifecycle hooks and probes.
pub fn validate_init_containers(
    init: &[Container],
    regular: &[Container],
    volumes: &HashSet<String>,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names: HashSet<&str> = regular.iter().map(|c| c.name.as_deref().unwrap_or("")).collect();
    for (i, c) in init.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, volumes, &p));
        // `validateInitContainerRestartPolicy`: only `Always` (a sidecar) may be set.
        let restart_always = c.restart_policy.as_deref() == Some("Always");
        if let Some(other) = c.restart_policy.as_deref().filter(|_| !restart_always) {
            errs.push(FieldError::not_supported(&p.child("restartPolicy"), named(other), &["Always"]));
        }
        let name = c.name.as_deref().unwrap_or("");
        if names.contains(&name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Host ports are checked one init container at a time.
        errs.extend(check_host_port_conflicts([(i, c)].into_iter(), path));
        if restart_always {
            errs.extend(validate_lifecycle(c, &p.child("lifecycle")));
            errs.extend(validate_probes(c, &p));
            continue;
        }
        for (field, set) in [
            ("lifecycle", c.lifecycle.is_some()),
            ("livenessProbe", c.liveness_probe.is_some()),
            ("readinessProbe", c.readiness_probe.is_some()),
            ("startupProbe", c.startup_probe.is_some()),
        ] {
            if set {
                errs.push(FieldError::forbidden(
                    &p.child(field),
                    "may not be set for init containers without restartPolicy=Always",
                ));
            }
        }
    }
    errs
}

/// Mirrors `validateContainerCommon`.
fn validate_container_common(c: &Container, volumes: &HashSet<String>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let name = c.name.as_deref().unwrap_or("");
    if name.is_empty() {
        errs.push(FieldError::required(&p.child("name"), ""));
    } else {
        errs.extend(validate_dns1123_label(name, &p.child("name")));
    }
    // Whitespace-only images are allowed in templates, as upstream keeps them for compatibility.
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("image"), ""));
    }
    match c.termination_message_policy.as_deref().unwrap_or("") {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(&p.child("terminationMessagePolicy"), "")),
        other => errs.push(FieldError::not_supported(
            &p.child("terminationMessagePolicy"),
            named(other),
            &["File", "FallbackToLogsOnError"],
        )),
    }
    errs.extend(validate_container_ports(c.ports.as_deref().unwrap_or_default(), &p.child("ports")));
    errs.extend(validate_env(c.env.as_deref().unwrap_or_default(), &p.child("env")));
    errs.extend(validate_volume_mounts(c, volumes, &p.child("volumeMounts")));
    match c.image_pull_policy.as_deref().unwrap_or("") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(&p.child("imagePullPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            &p.child("imagePullPolicy"),
            named(other),
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    if let Some(r) = &c.resources {
        errs.extend(validate_resource_requirements(r, &p.child("resources")));
    }
    if let Some(sc) = &c.security_context {
        errs.extend(validate_id(sc.run_as_user, &p.child("securityContext.runAsUser")));
        errs.extend(validate_id(sc.run_as_group, &p.child("securityContext.runAsGroup")));
        if sc.privileged == Some(true) && sc.allow_privilege_escalation == Some(false) {
            errs.push(FieldError::invalid(
                &p.child("securityContext"),
                BadValue::Bare("false".into()),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
    }
    errs
}

/// Mirrors `validateContainerPorts`.
fn validate_container_ports(ports: &[ContainerPort], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names: HashSet<&str> = HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                errs.extend(super::invalid_each(&p.child("name"), name, msgs));
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
            }
        }
        let container_port = port.container_port.unwrap_or(0);
        if container_port == 0 {
            errs.push(FieldError::required(&p.child("containerPort"), ""));
        } else {
            for m in is_valid_port_num(container_port.into()) {
                errs.push(FieldError::invalid(
                    &p.child("containerPort"),
                    BadValue::Bare(container_port.to_string()),
                    m,
                ));
            }
        }
        let host_port = port.host_port.unwrap_or(0);
        if host_port != 0 {
            for m in is_valid_port_num(host_port.into()) {
                errs.push(FieldError::invalid(&p.child("hostPort"), BadValue::Bare(host_port.to_string()), m));
            }
        }
        match port.protocol.as_deref().unwrap_or("") {
            "" => errs.push(FieldError::required(&p.child("protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(FieldError::not_supported(&p.child("protocol"), named(other), &["SCTP", "TCP", "UDP"])),
        }
    }
    errs
}

/// Mirrors `AccumulateUniqueHostPorts`: `<protocol>/<hostIP>/<hostPort>` must be unique.
fn check_host_port_conflicts<'a>(containers: impl Iterator<Item = (usize, &'a Container)>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (ci, c) in containers {
        for (pi, port) in c.ports.iter().flatten().enumerate() {
            let host_port = port.host_port.unwrap_or(0);
            if host_port == 0 {
                continue;
            }
            let key = format!(
                "{}/{}/{host_port}",
                port.protocol.as_deref().unwrap_or(""),
                port.host_ip.as_deref().unwrap_or("")
            );
            if seen.contains(&key) {
                errs.push(FieldError::duplicate(
                    &path.index(ci).child("ports").index(pi).child("hostPort"),
                    BadValue::Str(key),
                ));
            } else {
                seen.insert(key);
            }
        }
    }
    errs
}

/// Mirrors `ValidateVolumeMounts`.
fn validate_volume_mounts(c: &Container, volumes: &HashSet<String>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut mount_points: HashSet<&str> = HashSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = path.index(i);
        let name = m.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p.child("name"), ""));
        }
        if !volumes.contains(name) {
            errs.push(FieldError {
                error_type: crate::field::ErrorType::NotFound,
                field: p.child("name").to_string(),
                bad_value: BadValue::Str(name.into()),
                detail: String::new(),
            });
        }
        let mount_path = m.mount_path.as_deref().unwrap_or("");
        if mount_path.is_empty() {
            errs.push(FieldError::required(&p.child("mountPath"), ""));
        }
        if !mount_points.insert(mount_path) {
            errs.push(FieldError::invalid(&p.child("mountPath"), BadValue::Str(mount_path.into()), "must be unique"));
        }
        if let Some(sub) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            // Upstream names `volumeMounts.subPath`, without the index.
            errs.extend(validate_local_descending_path(sub, &path.child("subPath")));
        }
    }
    errs
}

fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Mirrors `ValidateResourceRequirements` for a container.
fn validate_resource_requirements(r: &ResourceRequirements, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (lim_path, req_path) = (path.child("limits"), path.child("requests"));
    let empty = Default::default();
    let limits = r.limits.as_ref().unwrap_or(&empty);
    for (name, q) in limits {
        errs.extend(validate_resource_name_and_quantity(name, q, &lim_path.key(name)));
    }
    for (name, q) in r.requests.iter().flatten() {
        errs.extend(validate_resource_name_and_quantity(name, q, &req_path.key(name)));
        let overcommit = is_native_resource(name) && !is_hugepages(name);
        match limits.get(name) {
            Some(limit) if q.nanos != limit.nanos && !overcommit => {
                errs.push(FieldError::invalid(
                    &req_path,
                    BadValue::Str(q.text.clone()),
                    format!("must be equal to {name} limit of {}", limit.text),
                ));
            }
            Some(limit) if q.nanos > limit.nanos => {
                errs.push(FieldError::invalid(
                    &req_path,
                    BadValue::Str(q.text.clone()),
                    format!("must be less than or equal to {name} limit of {}", limit.text),
                ));
            }
            None if !overcommit => {
                errs.push(FieldError::required(&lim_path, "Limit must be set for non overcommitable resources"))
            }
            _ => {}
        }
    }
    errs
}

fn validate_resource_name_and_quantity(name: &str, q: &crate::model::Quantity, path: &Path) -> ErrorList {
    let mut errs = super::invalid_each(path, name, is_qualified_name(name));
    if !name.contains('/') {
        if !matches!(name, "cpu" | "memory" | "ephemeral-storage") && !is_hugepages(name) {
            errs.push(FieldError::invalid(path, named(name), "must be a standard resource for containers"));
        }
    } else if !is_native_resource(name) && name.starts_with("requests.") {
        errs.push(FieldError::invalid(path, named(name), "doesn't follow extended resource name standard"));
    }
    if q.is_negative() {
        errs.push(FieldError::invalid(path, BadValue::Str(q.text.clone()), "must be greater than or equal to 0"));
    }
    if !is_native_resource(name) && q.nanos % 1_000_000_000 != 0 {
        errs.push(FieldError::invalid(path, BadValue::Str(q.text.clone()), "must be an integer"));
    }
    errs
}
