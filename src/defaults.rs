//! Defaulting the API server applies before it validates: kubernetes/kubernetes
//! `pkg/apis/apps/v1/defaults.go` `SetDefaults_DaemonSet` and `pkg/apis/core/v1/defaults.go`
//! (`SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Probe`, ...).
//!
//! Go defaults a field when it holds its zero value, so an explicit `""` is defaulted too.

use crate::model::{
    Container, DaemonSet, DaemonSetUpdateStrategy, HttpGetAction, IntOrString, PodSpec, Probe, RollingUpdateDaemonSet,
};

fn default_str(field: &mut Option<String>, value: &str) {
    if field.as_deref().is_none_or(str::is_empty) {
        *field = Some(value.to_string());
    }
}

fn default_int<T: Copy + PartialEq + From<u8>>(field: &mut Option<T>, value: T) {
    if field.is_none_or(|v| v == T::from(0)) {
        *field = Some(value);
    }
}

/// Mirrors `SetDefaults_DaemonSet` plus the pod-template defaults validation depends on.
pub fn set_defaults_daemon_set(ds: &mut DaemonSet) {
    let spec = ds.spec.get_or_insert_with(Default::default);
    let strategy = spec.update_strategy.get_or_insert_with(DaemonSetUpdateStrategy::default);
    default_str(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy.rolling_update.get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    spec.revision_history_limit.get_or_insert(10);
    // The template and its spec are structs, not pointers, in Go: always there to default.
    let template = spec.template.get_or_insert_with(Default::default);
    set_defaults_pod_spec(template.spec.get_or_insert_with(Default::default));
}

/// Mirrors `SetDefaults_PodSpec` and the container defaults (templates are not Pods: no
/// hostPort from containerPort, no requests from limits).
pub fn set_defaults_pod_spec(pod: &mut PodSpec) {
    default_str(&mut pod.dns_policy, "ClusterFirst");
    default_str(&mut pod.restart_policy, "Always");
    pod.termination_grace_period_seconds.get_or_insert(30);
    default_str(&mut pod.scheduler_name, "default-scheduler");
    pod.security_context.get_or_insert_with(Default::default);
    for c in pod.containers.iter_mut().flatten().chain(pod.init_containers.iter_mut().flatten()) {
        set_defaults_container(c);
    }
    // SetDefaults_EphemeralContainer is SetDefaults_Container.
    pod.ephemeral_containers.iter_mut().flatten().for_each(set_defaults_container);
}

fn set_defaults_container(c: &mut Container) {
    if c.image_pull_policy.as_deref().is_none_or(str::is_empty) {
        c.image_pull_policy = Some(default_pull_policy(c.image.as_deref().unwrap_or("")).to_string());
    }
    default_str(&mut c.termination_message_path, "/dev/termination-log");
    default_str(&mut c.termination_message_policy, "File");
    for p in c.ports.iter_mut().flatten() {
        default_str(&mut p.protocol, "TCP");
    }
    for probe in [&mut c.liveness_probe, &mut c.readiness_probe, &mut c.startup_probe].into_iter().flatten() {
        set_defaults_probe(probe);
    }
    if let Some(l) = c.lifecycle.as_mut() {
        for h in [&mut l.post_start, &mut l.pre_stop].into_iter().flatten() {
            if let Some(http) = h.http_get.as_mut() {
                set_defaults_http_get_action(http);
            }
        }
    }
}

/// `Always` for `:latest` or an image without tag and digest, else `IfNotPresent`.
pub(crate) fn default_pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

/// Mirrors `SetDefaults_Probe` (and the HTTPGet defaults).
fn set_defaults_probe(p: &mut Probe) {
    default_int(&mut p.timeout_seconds, 1);
    default_int(&mut p.period_seconds, 10);
    default_int(&mut p.success_threshold, 1);
    default_int(&mut p.failure_threshold, 3);
    if let Some(http) = p.http_get.as_mut() {
        set_defaults_http_get_action(http);
    }
}

/// Mirrors `SetDefaults_HTTPGetAction`.
fn set_defaults_http_get_action(h: &mut HttpGetAction) {
    default_str(&mut h.path, "/");
    default_str(&mut h.scheme, "HTTP");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy() {
        assert_eq!(default_pull_policy("nginx"), "Always");
        assert_eq!(default_pull_policy("nginx:latest"), "Always");
        assert_eq!(default_pull_policy("nginx:1.27"), "IfNotPresent");
        assert_eq!(default_pull_policy("localhost:5000/nginx"), "Always");
        assert_eq!(default_pull_policy("nginx@sha256:abc"), "IfNotPresent");
    }

    #[test]
    fn strategy_defaults() {
        let mut ds = DaemonSet { spec: Some(Default::default()), ..Default::default() };
        set_defaults_daemon_set(&mut ds);
        let s = ds.spec.unwrap();
        let ru = s.update_strategy.unwrap().rolling_update.unwrap();
        assert_eq!((ru.max_unavailable, ru.max_surge), (Some(IntOrString::Int(1)), Some(IntOrString::Int(0))));
        assert_eq!(s.revision_history_limit, Some(10));
    }
}
