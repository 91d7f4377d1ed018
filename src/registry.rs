//! What the API server does to a DaemonSet around validation: the v1 → internal conversion
//! (`pkg/apis/apps/v1/conversion.go`), the generic store's update precondition
//! (`apiserver/pkg/registry/generic/registry/store.go` `Store.Update`), `rest.BeforeCreate` /
//! `rest.BeforeUpdate`, and the DaemonSet strategy's `PrepareForCreate` / `PrepareForUpdate`
//! (`pkg/registry/apps/daemonset/strategy.go`).

use crate::defaults::set_defaults_daemon_set;
use crate::field::Status;
use crate::model::strconv::parse_int;
use crate::model::DaemonSet;

/// `appsv1.DeprecatedTemplateGeneration`: where apps/v1 keeps the internal templateGeneration.
pub const DEPRECATED_TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

/// Mirrors `OptimisticLockErrorMsg` (`store.go`).
pub const OPTIMISTIC_LOCK_ERROR_MSG: &str =
    "the object has been modified; please apply your changes to the latest version and try again";

/// Mirrors `Convert_v1_DaemonSet_To_apps_DaemonSet`: apps/v1 has no `spec.templateGeneration`;
/// the internal one comes from the annotation, which conversion then drops. An annotation that
/// does not parse fails the decode (`strconv.ParseInt`'s error).
pub fn convert_v1_daemon_set(ds: &mut DaemonSet) -> Result<(), String> {
    let value = ds
        .metadata
        .as_mut()
        .and_then(|m| m.annotations.as_mut())
        .and_then(|a| a.get(DEPRECATED_TEMPLATE_GENERATION).cloned());
    let generation = match value {
        None => 0,
        Some(v) => {
            let parsed = parse_int(&v, "ParseInt")?;
            if let Some(a) = ds.metadata.as_mut().and_then(|m| m.annotations.as_mut()) {
                a.remove(DEPRECATED_TEMPLATE_GENERATION);
            }
            parsed
        }
    };
    ds.spec.get_or_insert_with(Default::default).template_generation = Some(generation);
    Ok(())
}

/// What the API server does before validating a create: the request namespace (kubectl sends
/// `default` when none is set), generateName, apps/v1 defaulting, then `PrepareForCreate`
/// (generation 1, templateGeneration at least 1).
pub fn prepare_for_create(ds: &mut DaemonSet) {
    let meta = ds.metadata.get_or_insert_with(Default::default);
    if meta.namespace.as_deref().is_none_or(str::is_empty) {
        meta.namespace = Some("default".into());
    }
    if meta.name.as_deref().is_none_or(str::is_empty) {
        if let Some(prefix) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
            // Five characters from the generator's alphabet; the real ones are random.
            let cut = prefix.char_indices().nth(58).map_or(prefix.len(), |(i, _)| i);
            meta.name = Some(format!("{}b2c4d", &prefix[..cut]));
        }
    }
    meta.generation = Some(1);
    set_defaults_daemon_set(ds);
    let spec = ds.spec.get_or_insert_with(Default::default);
    if spec.template_generation.unwrap_or(0) < 1 {
        spec.template_generation = Some(1);
    }
}

/// The stored object as the registry holds it: created through the API, so prepared as on
/// create, keeping the generations it carries, and always with a resourceVersion.
pub fn prepare_stored(stored: &mut DaemonSet) {
    let generation = stored.metadata.as_ref().and_then(|m| m.generation).filter(|g| *g > 0);
    prepare_for_create(stored);
    let meta = stored.metadata.get_or_insert_with(Default::default);
    if let Some(g) = generation {
        meta.generation = Some(g);
    }
    if meta.resource_version.as_deref().is_none_or(str::is_empty) {
        meta.resource_version = Some("1".into());
    }
}

/// Mirrors `Store.Update`'s precondition: a resourceVersion that differs from the stored one is
/// a 409 Conflict before anything is validated; none at all is an unconditional update
/// (`AllowUnconditionalUpdate`), which takes the stored one.
pub fn check_resource_version(new: &mut DaemonSet, stored: &DaemonSet) -> Result<(), Box<Status>> {
    let stored_rv = stored.metadata.as_ref().and_then(|m| m.resource_version.clone()).unwrap_or_default();
    let meta = new.metadata.get_or_insert_with(Default::default);
    match meta.resource_version.as_deref().filter(|rv| !rv.is_empty()) {
        None => {
            meta.resource_version = Some(stored_rv);
            Ok(())
        }
        Some(rv) if rv == stored_rv => Ok(()),
        Some(_) => Err(Box::new(Status::conflict("apps", "daemonsets", stored.name(), OPTIMISTIC_LOCK_ERROR_MSG))),
    }
}

/// Mirrors `rest.BeforeUpdate` up to validation and the strategy's `PrepareForUpdate`: the
/// generation and templateGeneration are the stored ones (bumped when the template or spec
/// changed), the uid is the stored one when none is sent.
pub fn prepare_for_update(new: &mut DaemonSet, stored: &DaemonSet) {
    let namespace = new.metadata.as_ref().and_then(|m| m.namespace.clone());
    let mut defaulted = new.clone();
    set_defaults_daemon_set(&mut defaulted);
    *new = defaulted;
    let meta = new.metadata.get_or_insert_with(Default::default);
    if namespace.as_deref().is_none_or(str::is_empty) {
        meta.namespace = Some(stored.namespace().to_string()).filter(|n| !n.is_empty()).or(Some("default".into()));
    }
    let old_meta = stored.metadata.clone().unwrap_or_default();
    meta.generation = old_meta.generation;
    if meta.uid.as_deref().is_none_or(str::is_empty) {
        meta.uid = old_meta.uid.clone();
    }
    let old_spec = stored.spec.clone().unwrap_or_default();
    let spec = new.spec.get_or_insert_with(Default::default);
    spec.template_generation = old_spec.template_generation;
    let bump = |g: Option<i64>| Some(g.unwrap_or(0).saturating_add(1));
    if spec.template != old_spec.template {
        spec.template_generation = bump(old_spec.template_generation);
        meta.generation = bump(old_meta.generation);
    } else if *spec != old_spec {
        meta.generation = bump(old_meta.generation);
    }
}
