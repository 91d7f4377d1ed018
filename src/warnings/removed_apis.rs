//! API versions the API server no longer serves, for the other objects in a file (RBAC, CRDs,
//! policies), in the server's own deprecation-warning words.

use crate::api::Warning;
use crate::input::Node;

/// (group/version, kinds or "*" for all, removed in, replacement group/version)
const REMOVED: &[(&str, &str, &str, &str)] = &[
    ("extensions/v1beta1", "*", "1.22", "apps/v1, networking.k8s.io/v1 or policy/v1"),
    ("apps/v1beta1", "*", "1.16", "apps/v1"),
    ("apps/v1beta2", "*", "1.16", "apps/v1"),
    ("rbac.authorization.k8s.io/v1beta1", "*", "1.22", "rbac.authorization.k8s.io/v1"),
    ("rbac.authorization.k8s.io/v1alpha1", "*", "1.22", "rbac.authorization.k8s.io/v1"),
    ("apiextensions.k8s.io/v1beta1", "*", "1.22", "apiextensions.k8s.io/v1"),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
        "1.22",
        "admissionregistration.k8s.io/v1",
    ),
    ("apiregistration.k8s.io/v1beta1", "*", "1.22", "apiregistration.k8s.io/v1"),
    ("certificates.k8s.io/v1beta1", "*", "1.22", "certificates.k8s.io/v1"),
    ("coordination.k8s.io/v1beta1", "*", "1.22", "coordination.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "Ingress IngressClass", "1.22", "networking.k8s.io/v1"),
    ("scheduling.k8s.io/v1beta1", "*", "1.22", "scheduling.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIDriver CSINode StorageClass VolumeAttachment", "1.22", "storage.k8s.io/v1"),
    ("policy/v1beta1", "*", "1.25", "policy/v1 (PodSecurityPolicy has no replacement)"),
    ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
    ("discovery.k8s.io/v1beta1", "*", "1.25", "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", "*", "1.25", "events.k8s.io/v1"),
    ("node.k8s.io/v1beta1", "*", "1.25", "node.k8s.io/v1"),
    ("autoscaling/v2beta1", "*", "1.25", "autoscaling/v2"),
    ("autoscaling/v2beta2", "*", "1.26", "autoscaling/v2"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "*", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "*", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "*", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
];

/// A warning for each object whose API version is no longer served.
pub fn removed_api_warnings(objects: &[&Node]) -> Vec<Warning> {
    let mut out = Vec::new();
    for o in objects {
        let (Some(version), Some(kind)) = (o.str_at("apiVersion"), o.str_at("kind")) else { continue };
        let hit = REMOVED
            .iter()
            .find(|(v, kinds, _, _)| *v == version && (*kinds == "*" || kinds.split(' ').any(|k| k == kind)));
        if let Some((_, _, removed, instead)) = hit {
            let pos = o.get("apiVersion").map_or(o.pos, |n| n.pos);
            out.push(Warning {
                message: format!("{version} {kind} is unavailable in v{removed}+; use {instead}"),
                field: None,
                line: pos.is_known().then_some(pos.line),
            });
        }
    }
    out
}
