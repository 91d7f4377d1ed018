//! Container validation: kubernetes/kubernetes `pkg/apis/core/validation` `validateContainers`,
//! `validateInitContainers`, `validateContainerCommon`, `validateContainerPorts`,
//! `validatePullPolicy` and `checkHostPortConflicts`.

use std::collections::HashSet;

use super::env::validate_env;
use super::env_from::validate_env_from;
use super::ephemeral::validate_ephemeral_containers;
use super::names::{is_valid_port_name, is_valid_port_num};
use super::probes::{lifecycle_kept, validate_lifecycle, validate_probes};
use super::resize_policy::{validate_init_resize_policy, validate_resize_policy};
use super::resources::validate_container_resource_requirements;
use super::restart_policy::{validate_init_container_restart_policy, validate_regular_container_restart_policy};
use super::security_context::validate_security_context;
use super::volume_mounts::{validate_volume_devices, validate_volume_mounts};
use super::volumes::VolumeMap;
use super::{named, validate_dns1123_label, ValidationOptions};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{Container, ContainerPort, PodSpec};

/// What `validateContainerCommon` and its callers take from the pod spec.
pub struct PodContext<'a> {
    /// The valid volumes, by name (`ValidateVolumes`' map).
    pub volumes: &'a VolumeMap<'a>,
    /// `gatherPodResourceClaimNames`.
    pub claim_names: HashSet<&'a str>,
    pub grace_period: Option<i64>,
    pub restart_policy: &'a str,
    pub opts: ValidationOptions,
    /// The pod's `hostUsers` (true unless set false).
    pub host_users: bool,
    /// `spec.os.name` when `spec.os` is set.
    pub os: Option<&'a str>,
}

impl<'a> PodContext<'a> {
    pub fn new(spec: &'a PodSpec, volumes: &'a VolumeMap<'a>, opts: ValidationOptions) -> PodContext<'a> {
        let claim_names =
            spec.resource_claims.iter().flatten().filter_map(|c| c.name.as_deref()).filter(|n| !n.is_empty()).collect();
        PodContext {
            volumes,
            claim_names,
            grace_period: spec.termination_grace_period_seconds,
            restart_policy: spec.restart_policy.as_deref().unwrap_or(""),
            opts,
            host_users: spec.host_users != Some(false),
            os: spec.os.as_ref().map(|o| o.name.as_deref().unwrap_or("")),
        }
    }
}

/// The three container lists in `ValidatePodSpec`'s order: containers, init containers,
/// ephemeral containers.
pub fn validate_pod_containers(spec: &PodSpec, ctx: &PodContext, path: &Path) -> ErrorList {
    let containers = spec.containers.as_deref().unwrap_or_default();
    let init = spec.init_containers.as_deref().unwrap_or_default();
    let mut errs = validate_containers(containers, ctx, &path.child("containers"));
    errs.extend(validate_init_containers(init, containers, ctx, &path.child("initContainers")));
    errs.extend(validate_ephemeral_containers(
        spec.ephemeral_containers.as_deref().unwrap_or_default(),
        containers,
        init,
        ctx,
        &path.child("ephemeralContainers"),
    ));
    errs
}

/// Mirrors `validateContainers` (regular containers).
pub fn validate_containers(containers: &[Container], ctx: &PodContext, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if containers.is_empty() {
        errs.push(FieldError::required(path, ""));
        return errs;
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, ctx, &p));
        let name = c.name.as_deref().unwrap_or("");
        if !names.insert(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        }
        errs.extend(validate_lifecycle(c, ctx, &p.child("lifecycle")));
        errs.extend(validate_probes(c, &p));
        errs.extend(validate_regular_container_restart_policy(c, ctx.opts, &p));
    }
    errs.extend(check_host_port_conflicts(containers.iter().enumerate(), path));
    errs
}

/// Mirrors `validateInitContainers`: names unique across init and regular containers; only
/// restartable (sidecar) init containers may have lifecycle hooks and probes.
pub fn validate_init_containers(init: &[Container], regular: &[Container], ctx: &PodContext, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names: HashSet<&str> = regular.iter().map(|c| c.name.as_deref().unwrap_or("")).collect();
    for (i, c) in init.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, ctx, &p));
        errs.extend(validate_init_container_restart_policy(c, ctx.opts, &p));
        let restart_always = c.restart_policy.as_deref() == Some("Always");
        let name = c.name.as_deref().unwrap_or("");
        if names.contains(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Host ports are checked one init container at a time.
        errs.extend(check_host_port_conflicts([(i, c)].into_iter(), path));
        if restart_always {
            errs.extend(validate_lifecycle(c, ctx, &p.child("lifecycle")));
            errs.extend(validate_probes(c, &p));
        } else {
            for (field, set) in [
                ("lifecycle", lifecycle_kept(c, ctx.opts)),
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
        errs.extend(validate_init_resize_policy(c, restart_always, ctx.opts, &p));
    }
    errs
}

/// Mirrors `validateContainerCommon`.
pub fn validate_container_common(c: &Container, ctx: &PodContext, p: &Path) -> ErrorList {
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
    errs.extend(validate_env_from(c.env_from.as_deref().unwrap_or_default(), &p.child("envFrom")));
    errs.extend(validate_volume_mounts(c, ctx.volumes, &p.child("volumeMounts")));
    errs.extend(validate_volume_devices(c, ctx.volumes, &p.child("volumeDevices")));
    errs.extend(validate_pull_policy(c.image_pull_policy.as_deref().unwrap_or(""), &p.child("imagePullPolicy")));
    let resources = c.resources.clone().unwrap_or_default();
    errs.extend(validate_container_resource_requirements(
        &resources,
        &ctx.claim_names,
        ctx.opts.allow_indivisible_hugepages_values,
        &p.child("resources"),
    ));
    errs.extend(validate_resize_policy(
        c.resize_policy.as_deref().unwrap_or_default(),
        ctx.restart_policy,
        ctx.opts,
        &p.child("resizePolicy"),
    ));
    errs.extend(validate_security_context(c.security_context.as_ref(), &p.child("securityContext"), ctx.host_users));
    errs
}

/// Mirrors `validatePullPolicy`.
fn validate_pull_policy(policy: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match policy {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(path, "")),
        other => errs.push(FieldError::not_supported(path, named(other), &["Always", "IfNotPresent", "Never"])),
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
