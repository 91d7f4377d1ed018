//! The known fields that differ between releases, from `kubernetes-versions-schema-diff.json`
//! (k8s.io/api types at v0.35.4, v0.36.3 and the 1.37 code freeze; `tests/schema.rs` checks this
//! table against it). `daemonset_fields.txt` is the newest release's schema.

use crate::release::Release::{self, V1_36, V1_37};

/// Fields (and everything under them) that a release before the one named does not know.
/// Paths are written without list or map markers.
pub const ADDED: &[(Release, &str)] = &[
    (V1_36, "spec.template.spec.schedulingGroup"),
    (V1_37, "spec.template.spec.containers.lifecycle.postStart.httpGet.protocol"),
    (V1_37, "spec.template.spec.containers.lifecycle.preStop.httpGet.protocol"),
    (V1_37, "spec.template.spec.containers.livenessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.containers.livenessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.containers.readinessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.containers.readinessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.containers.startupProbe.grpc.mode"),
    (V1_37, "spec.template.spec.containers.startupProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.containers.volumeMounts.bindMountOptions"),
    (V1_37, "spec.template.spec.ephemeralContainers.lifecycle.postStart.httpGet.protocol"),
    (V1_37, "spec.template.spec.ephemeralContainers.lifecycle.preStop.httpGet.protocol"),
    (V1_37, "spec.template.spec.ephemeralContainers.livenessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.ephemeralContainers.livenessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.ephemeralContainers.readinessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.ephemeralContainers.readinessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.ephemeralContainers.startupProbe.grpc.mode"),
    (V1_37, "spec.template.spec.ephemeralContainers.startupProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.ephemeralContainers.volumeMounts.bindMountOptions"),
    (V1_37, "spec.template.spec.evictionResponders"),
    (V1_37, "spec.template.spec.initContainers.lifecycle.postStart.httpGet.protocol"),
    (V1_37, "spec.template.spec.initContainers.lifecycle.preStop.httpGet.protocol"),
    (V1_37, "spec.template.spec.initContainers.livenessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.initContainers.livenessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.initContainers.readinessProbe.grpc.mode"),
    (V1_37, "spec.template.spec.initContainers.readinessProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.initContainers.startupProbe.grpc.mode"),
    (V1_37, "spec.template.spec.initContainers.startupProbe.httpGet.protocol"),
    (V1_37, "spec.template.spec.initContainers.volumeMounts.bindMountOptions"),
    (V1_37, "spec.template.spec.volumes.configMap.defaultUser"),
    (V1_37, "spec.template.spec.volumes.configMap.items.user"),
    (V1_37, "spec.template.spec.volumes.downwardAPI.defaultUser"),
    (V1_37, "spec.template.spec.volumes.downwardAPI.items.user"),
    (V1_37, "spec.template.spec.volumes.emptyDir.mode"),
    (V1_37, "spec.template.spec.volumes.projected.defaultUser"),
    (V1_37, "spec.template.spec.volumes.projected.sources.clusterTrustBundle.user"),
    (V1_37, "spec.template.spec.volumes.projected.sources.configMap.items.user"),
    (V1_37, "spec.template.spec.volumes.projected.sources.downwardAPI.items.user"),
    (V1_37, "spec.template.spec.volumes.projected.sources.podCertificate.user"),
    (V1_37, "spec.template.spec.volumes.projected.sources.secret.items.user"),
    (V1_37, "spec.template.spec.volumes.projected.sources.serviceAccountToken.user"),
    (V1_37, "spec.template.spec.volumes.secret.defaultUser"),
    (V1_37, "spec.template.spec.volumes.secret.items.user"),
];

/// Schema lines of fields that the release named no longer has (known before it).
pub const REMOVED: &[(Release, &str)] = &[
    (V1_36, "spec.template.spec.workloadRef.name"),
    (V1_36, "spec.template.spec.workloadRef.podGroup"),
    (V1_36, "spec.template.spec.workloadRef.podGroupReplicaKey"),
];
