//! What the strategy's `PrepareForCreate` / `PrepareForUpdate` drop before validation while a
//! gate is off and the stored template does not use the field: the parts of
//! kubernetes/kubernetes `pkg/api/pod/util.go` `DropDisabledTemplateFields` (`dropDisabledFields`)
//! for the gates a caller may turn off here. The other gated fields are dropped where they are
//! validated (`stopSignal`, restart rules, trust-bundle and certificate projections).

use super::ValidationOptions;
use crate::feature_gates::Feature;
use crate::model::{Container, DaemonSet, PodSpec};

/// Mirrors `DropDisabledTemplateFields(new, old)` for `UserNamespacesSupport`,
/// `ProcMountType`, `HostnameOverride` and `ImageVolume`.
pub fn drop_disabled_template_fields(ds: &mut DaemonSet, old: Option<&DaemonSet>, opts: &ValidationOptions) {
    let old = old.and_then(DaemonSet::pod_spec);
    let Some(spec) = ds.spec.as_mut().and_then(|s| s.template.as_mut()).and_then(|t| t.spec.as_mut()) else {
        return;
    };
    if !opts.enabled(Feature::UserNamespacesSupport) && !old.is_some_and(|o| o.host_users.is_some()) {
        spec.host_users = None;
    }
    if !opts.enabled(Feature::ProcMountType) && !old.is_some_and(proc_mount_in_use) {
        // `dropDisabledProcMountField`: forced to the default, not removed.
        for c in containers_mut(spec) {
            if let Some(pm) = c.security_context.as_mut().and_then(|sc| sc.proc_mount.as_mut()) {
                *pm = "Default".to_string();
            }
        }
    }
    if !opts.enabled(Feature::HostnameOverride) && !old.is_some_and(|o| o.hostname_override.is_some()) {
        spec.hostname_override = None;
    }
    if !opts.enabled(Feature::ImageVolume) && !old.is_some_and(image_volumes_in_use) {
        drop_image_volumes(spec);
    }
}

fn containers_mut(spec: &mut PodSpec) -> impl Iterator<Item = &mut Container> {
    let lists = [spec.init_containers.as_mut(), spec.containers.as_mut(), spec.ephemeral_containers.as_mut()];
    lists.into_iter().flatten().flatten()
}

/// Mirrors `procMountInUse`: a value other than `Default`.
fn proc_mount_in_use(spec: &PodSpec) -> bool {
    let lists = [spec.init_containers.as_ref(), spec.containers.as_ref(), spec.ephemeral_containers.as_ref()];
    lists
        .into_iter()
        .flatten()
        .flatten()
        .any(|c| c.security_context.as_ref().and_then(|sc| sc.proc_mount.as_deref()).is_some_and(|pm| pm != "Default"))
}

/// Mirrors `imageVolumesInUse`.
fn image_volumes_in_use(spec: &PodSpec) -> bool {
    spec.volumes.iter().flatten().any(|v| v.image.is_some())
}

/// Mirrors `dropImageVolumes`: the image volumes go, and every mount of one.
fn drop_image_volumes(spec: &mut PodSpec) {
    let Some(volumes) = spec.volumes.as_mut() else { return };
    let names: Vec<String> =
        volumes.iter().filter(|v| v.image.is_some()).map(|v| v.name.clone().unwrap_or_default()).collect();
    if names.is_empty() {
        return;
    }
    volumes.retain(|v| v.image.is_none());
    for c in containers_mut(spec) {
        if let Some(mounts) = c.volume_mounts.as_mut() {
            mounts.retain(|m| !names.contains(m.name.as_ref().unwrap_or(&String::new())));
        }
    }
}
