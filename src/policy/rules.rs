//! The organisation's rules, each with a one-line verdict.

use serde::Serialize;

use super::settings::{Settings, TaintSpec};
use crate::api::Cluster;
use crate::model::{Container, DaemonSet, IntOrString, Taint};
use crate::placement::{DaemonSetPlacement, Outcome};
use crate::rollout::scaled_value;
use crate::scheduling::labels::label_selector_as_selector;
use crate::scheduling::taints::tolerations_tolerate_taint;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleResult {
    pub rule: &'static str,
    pub allowed: bool,
    /// One line: why it passed or what to change.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

fn result(rule: &'static str, allowed: bool, message: String, field: Option<&str>) -> RuleResult {
    RuleResult { rule, allowed, message, field: field.map(str::to_string) }
}

/// Every configured rule against a defaulted DaemonSet (and the nodes, where given).
pub fn evaluate(
    settings: &Settings,
    ds: &DaemonSet,
    cluster: Option<&Cluster>,
    comparison_operators: bool,
) -> Vec<RuleResult> {
    let mut out = Vec::new();
    let spec = ds.pod_spec().cloned().unwrap_or_default();
    let placement = DaemonSetPlacement::new(ds, comparison_operators);
    let containers: Vec<(String, &Container)> = spec
        .containers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| (format!("spec.template.spec.containers[{i}]"), c))
        .chain(
            spec.init_containers
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, c)| (format!("spec.template.spec.initContainers[{i}]"), c)),
        )
        .collect();

    if let Some(cov) = &settings.min_coverage {
        out.push(match cluster {
            None => result("minCoverage", true, "not checked: no node snapshot was given with the review".into(), None),
            Some(cluster) => {
                let selector = label_selector_as_selector(cov.node_selector.as_ref()).ok();
                let considered: Vec<usize> = (0..cluster.nodes().len())
                    .filter(|&i| match (&cov.node_selector, &selector) {
                        (Some(_), Some(s)) => s.matches(&cluster.nodes()[i].labels),
                        _ => true,
                    })
                    .collect();
                let runs = considered
                    .iter()
                    .filter(|&&i| placement.decide_with_outcome(&cluster.nodes()[i]).1 == Outcome::Run)
                    .count();
                let share = if considered.is_empty() { 100.0 } else { 100.0 * runs as f64 / considered.len() as f64 };
                let scope = if cov.node_selector.is_some() { " selected" } else { "" };
                let allowed = share + 1e-9 >= cov.percent;
                result(
                    "minCoverage",
                    allowed,
                    format!(
                        "runs on {runs} of {}{scope} nodes ({share:.1}%); at least {}% required",
                        considered.len(),
                        cov.percent
                    ),
                    None,
                )
            }
        });
    }
    for t in settings.must_tolerate.iter().flatten() {
        let taint = Taint { key: t.key.clone(), value: t.value.clone(), effect: t.effect.clone() };
        let ok = tolerations_tolerate_taint(placement.tolerations(), &taint, comparison_operators);
        let message = if ok {
            format!("tolerates {}", written(t))
        } else {
            format!(
                "does not tolerate {}: add {{key: {}, operator: Exists, effect: {}}} to the tolerations",
                written(t),
                t.key,
                t.effect
            )
        };
        out.push(result("mustTolerate", ok, message, Some("spec.template.spec.tolerations")));
    }
    if settings.forbid_tolerate_all {
        let all = spec.tolerations.iter().flatten().position(|t| t.key.is_empty() && t.operator == "Exists");
        out.push(match all {
            Some(i) => result(
                "forbidTolerateAll",
                false,
                format!(
                    "tolerations[{i}] tolerates every taint (operator Exists without a key): list the taints it needs"
                ),
                Some(&format!("spec.template.spec.tolerations[{i}]")),
            ),
            None => result("forbidTolerateAll", true, "no toleration tolerates every taint".into(), None),
        });
    }
    if let Some(limit) = &settings.max_unavailable {
        out.push(max_unavailable(
            ds,
            limit,
            cluster.map(|c| c.nodes().iter().filter(|n| placement.decide(n).should_run).count()),
        ));
    }
    if let Some(req) = &settings.require_resources {
        let mut missing = Vec::new();
        for (path, c) in &containers {
            let r = c.resources.clone().unwrap_or_default();
            let kinds =
                [("requests", "request", &req.requests, &r.requests), ("limits", "limit", &req.limits, &r.limits)];
            for (field, word, wanted, set) in kinds {
                for name in wanted.iter().filter(|n| !set.as_ref().is_some_and(|m| m.contains_key(*n))) {
                    let container = format!(
                        "{} ({})",
                        path.trim_start_matches("spec.template.spec."),
                        c.name.as_deref().unwrap_or("")
                    );
                    missing.push((format!("{path}.resources.{field}"), format!("{container} sets no {name} {word}")));
                }
            }
        }
        out.push(match missing.first() {
            Some((field, first)) => {
                let more = if missing.len() > 1 { format!(" (and {} more)", missing.len() - 1) } else { String::new() };
                result("requireResources", false, format!("{first}{more}"), Some(field))
            }
            None => {
                result("requireResources", true, "every container sets the required requests and limits".into(), None)
            }
        });
    }
    if settings.allow_host_network == Some(false) {
        let on = spec.host_network();
        out.push(result(
            "allowHostNetwork",
            !on,
            if on { "uses hostNetwork, which the policy forbids".into() } else { "does not use hostNetwork".into() },
            on.then_some("spec.template.spec.hostNetwork"),
        ));
    }
    if settings.allow_host_ports == Some(false) {
        let used = containers.iter().find_map(|(path, c)| {
            c.ports
                .iter()
                .flatten()
                .enumerate()
                .find(|(_, p)| p.host_port.unwrap_or(0) != 0)
                .map(|(j, p)| (format!("{path}.ports[{j}].hostPort"), p.host_port.unwrap_or(0)))
        });
        out.push(match used {
            Some((field, port)) => result(
                "allowHostPorts",
                false,
                format!("binds host port {port}, which the policy forbids"),
                Some(&field),
            ),
            None => result("allowHostPorts", true, "binds no host port".into(), None),
        });
    }
    let host_paths: Vec<(usize, String)> = spec
        .volumes
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, v)| v.host_path.as_ref().map(|h| (i, h.path.clone().unwrap_or_default())))
        .collect();
    if settings.allow_host_path == Some(false) {
        out.push(match host_paths.first() {
            Some((i, p)) => result(
                "allowHostPath",
                false,
                format!("mounts hostPath {p}, which the policy forbids"),
                Some(&format!("spec.template.spec.volumes[{i}].hostPath")),
            ),
            None => result("allowHostPath", true, "mounts no hostPath".into(), None),
        });
    }
    if let Some(allowed) = &settings.allowed_host_paths {
        let outside = host_paths.iter().find(|(_, p)| !allowed.iter().any(|a| under(p, a)));
        out.push(match outside {
            Some((i, p)) => result(
                "allowedHostPaths",
                false,
                format!("hostPath {p} is outside the allowed paths ({})", allowed.join(", ")),
                Some(&format!("spec.template.spec.volumes[{i}].hostPath.path")),
            ),
            None => result("allowedHostPaths", true, "every hostPath is under an allowed path".into(), None),
        });
    }
    if let Some(registries) = &settings.allowed_registries {
        let bad = containers
            .iter()
            .find(|(_, c)| !registries.iter().any(|r| from_registry(c.image.as_deref().unwrap_or(""), r)));
        out.push(match bad {
            Some((path, c)) => result(
                "allowedRegistries",
                false,
                format!(
                    "image {} is not from an allowed registry ({})",
                    c.image.as_deref().unwrap_or(""),
                    registries.join(", ")
                ),
                Some(&format!("{path}.image")),
            ),
            None => result("allowedRegistries", true, "every image comes from an allowed registry".into(), None),
        });
    }
    out
}

fn written(t: &TaintSpec) -> String {
    if t.value.is_empty() {
        format!("{}:{}", t.key, t.effect)
    } else {
        format!("{}={}:{}", t.key, t.value, t.effect)
    }
}

fn max_unavailable(ds: &DaemonSet, limit: &IntOrString, desired: Option<usize>) -> RuleResult {
    let strategy = ds.spec.as_ref().and_then(|s| s.update_strategy.as_ref());
    if strategy.and_then(|s| s.type_.as_deref()) == Some("OnDelete") {
        return result("maxUnavailable", true, "OnDelete: the rollout takes no pod down by itself".into(), None);
    }
    let field = Some("spec.updateStrategy.rollingUpdate.maxUnavailable");
    let value = strategy
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.max_unavailable.clone())
        .unwrap_or(IntOrString::Int(1));
    let shown = |v: &IntOrString| match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    };
    let percent = |v: &IntOrString| match v {
        IntOrString::String(s) => s.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()),
        IntOrString::Int(_) => None,
    };
    let verdict = match (&value, limit, desired) {
        (IntOrString::Int(a), IntOrString::Int(b), _) => Some(a <= b),
        (IntOrString::String(_), IntOrString::String(_), _) => percent(&value).zip(percent(limit)).map(|(a, b)| a <= b),
        (_, _, Some(n)) => match (scaled_value(&value, n as i64), scaled_value(limit, n as i64)) {
            (Ok(a), Ok(b)) => Some(a <= b),
            _ => None,
        },
        _ => None,
    };
    match verdict {
        Some(true) => {
            result("maxUnavailable", true, format!("maxUnavailable {} is within {}", shown(&value), shown(limit)), None)
        }
        Some(false) => result(
            "maxUnavailable",
            false,
            format!("maxUnavailable {} exceeds the policy's {}", shown(&value), shown(limit)),
            field,
        ),
        None => result(
            "maxUnavailable",
            false,
            format!(
                "maxUnavailable {} cannot be compared with {} without a node snapshot",
                shown(&value),
                shown(limit)
            ),
            field,
        ),
    }
}

/// `path` is `prefix` or below it (`/var/log` covers `/var/log/pods`, not `/var/logs`).
fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    path == prefix || path.starts_with(&format!("{prefix}/")) || prefix.is_empty()
}

/// The image's full name, as the container runtime resolves it (`nginx` is
/// `docker.io/library/nginx`), starts with the registry prefix.
fn from_registry(image: &str, registry: &str) -> bool {
    let first = image.split('/').next().unwrap_or("");
    let explicit = image.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let full = if explicit {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    };
    let prefix = if registry.ends_with('/') { registry.to_string() } else { format!("{registry}/") };
    full.starts_with(&prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_and_paths() {
        assert!(from_registry("registry.k8s.io/pause:3.10", "registry.k8s.io"));
        assert!(!from_registry("registry.k8s.io.evil.com/pause", "registry.k8s.io"));
        assert!(from_registry("nginx:1.27", "docker.io/library"));
        assert!(from_registry("ghcr.io/acme/agent@sha256:abc", "ghcr.io/acme/"));
        assert!(under("/var/log/pods", "/var/log"));
        assert!(!under("/var/logs", "/var/log"));
    }
}
