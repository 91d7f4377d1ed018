//! A generic ephemeral volume's claim template: kubernetes/kubernetes
//! `pkg/apis/core/validation` `ValidatePersistentVolumeClaimTemplate`,
//! `ValidateTemplateObjectMeta`, `ValidatePersistentVolumeClaimSpec`, `validateDataSource` and
//! `validateDataSourceRef`, as a create checks them.

use super::meta::{validate_annotations, validate_labels};
use super::names::{is_dns1123_subdomain, name_is_dns_label, name_is_dns_subdomain};
use super::selector::validate_label_selector;
use super::{invalid_each, named};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::volume_sources::{
    PersistentVolumeClaimSpec, PersistentVolumeClaimTemplate, TemplateObjectMeta, TypedObjectReference,
};

const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// Mirrors `ValidatePersistentVolumeClaimTemplate`.
pub fn validate_persistent_volume_claim_template(t: &PersistentVolumeClaimTemplate, p: &Path) -> ErrorList {
    let mut errs = validate_template_object_meta(&t.metadata.clone().unwrap_or_default(), &p.child("metadata"));
    errs.extend(validate_persistent_volume_claim_spec(&t.spec.clone().unwrap_or_default(), &p.child("spec")));
    errs
}

/// Mirrors `ValidateTemplateObjectMeta`: labels and annotations only (`allowedTemplateObjectMetaFields`).
fn validate_template_object_meta(m: &TemplateObjectMeta, p: &Path) -> ErrorList {
    let mut errs = validate_annotations(m.annotations.as_ref(), &p.child("annotations"));
    errs.extend(validate_labels(m.labels.as_ref(), &p.child("labels")));
    let set = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    // In ObjectMeta's field order; a present list is not a zero value even when empty.
    let fields = [
        ("name", set(&m.name)),
        ("generateName", set(&m.generate_name)),
        ("namespace", set(&m.namespace)),
        ("selfLink", set(&m.self_link)),
        ("uid", set(&m.uid)),
        ("resourceVersion", set(&m.resource_version)),
        ("generation", m.generation.is_some_and(|g| g != 0)),
        ("creationTimestamp", m.creation_timestamp.is_some()),
        ("deletionTimestamp", m.deletion_timestamp.is_some()),
        ("deletionGracePeriodSeconds", m.deletion_grace_period_seconds.is_some()),
        ("ownerReferences", m.owner_references.is_some()),
        ("finalizers", m.finalizers.is_some()),
        ("managedFields", m.managed_fields.is_some()),
    ];
    for (field, _) in fields.iter().filter(|(_, set)| *set) {
        errs.push(FieldError::forbidden(&p.child(field), "cannot be set"));
    }
    errs
}

/// Mirrors `ValidatePersistentVolumeClaimSpec` (`volumeMode` was defaulted to Filesystem).
fn validate_persistent_volume_claim_spec(s: &PersistentVolumeClaimSpec, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let modes = s.access_modes.as_deref().unwrap_or_default();
    if modes.is_empty() {
        errs.push(FieldError::required(&p.child("accessModes"), "at least 1 access mode is required"));
    }
    if s.selector.is_some() {
        errs.extend(validate_label_selector(s.selector.as_ref(), false, &p.child("selector")));
    }
    let (mut once_pod, mut others) = (false, false);
    for mode in modes {
        let supported = ACCESS_MODES.contains(&mode.as_str());
        if !supported {
            errs.push(FieldError::not_supported(&p.child("accessModes"), named(mode), &ACCESS_MODES));
        }
        if mode == "ReadWriteOncePod" {
            once_pod = true;
        } else if supported {
            others = true;
        }
    }
    if once_pod && others {
        errs.push(FieldError::forbidden(
            &p.child("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    let storage_path = p.child("resources").key("storage");
    match s.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")) {
        None => errs.push(FieldError::required(&storage_path, "")),
        Some(q) if q.nanos <= 0 => {
            errs.push(FieldError::invalid(&storage_path, BadValue::Str(q.text.clone()), "must be greater than zero"))
        }
        Some(_) => {}
    }
    if let Some(class) = s.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        errs.extend(invalid_each(&p.child("storageClassName"), class, name_is_dns_subdomain(class, false)));
    }
    if let Some(mode) = s.volume_mode.as_deref().filter(|m| !matches!(*m, "Block" | "Filesystem")) {
        errs.push(FieldError::not_supported(&p.child("volumeMode"), named(mode), &["Block", "Filesystem"]));
    }
    if let Some(ds) = &s.data_source {
        errs.extend(validate_data_source(ds, false, &p.child("dataSource")));
    }
    if let Some(r) = &s.data_source_ref {
        errs.extend(validate_data_source(r, true, &p.child("dataSourceRef")));
    }
    let ref_namespaced =
        s.data_source_ref.as_ref().is_some_and(|r| r.namespace.as_deref().is_some_and(|n| !n.is_empty()));
    // The value is a `*field.Path`, which marshals to `{}`.
    let path_value = || BadValue::Json(serde_json::json!({}));
    match (&s.data_source, &s.data_source_ref) {
        (Some(_), _) if ref_namespaced => errs.push(FieldError::invalid(
            p,
            path_value(),
            "may not be specified when dataSourceRef.namespace is specified",
        )),
        (Some(ds), Some(r))
            if (ds.api_group.as_ref(), &ds.kind, &ds.name) != (r.api_group.as_ref(), &r.kind, &r.name) =>
        {
            errs.push(FieldError::invalid(p, path_value(), "must match dataSourceRef"))
        }
        _ => {}
    }
    // VolumeAttributesClass is on (GA).
    if let Some(class) = s.volume_attributes_class_name.as_deref().filter(|c| !c.is_empty()) {
        errs.extend(invalid_each(&p.child("volumeAttributesClassName"), class, name_is_dns_subdomain(class, false)));
    }
    errs
}

/// `validateDataSource` and, with `is_ref`, `validateDataSourceRef`.
fn validate_data_source(r: &TypedObjectReference, is_ref: bool, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let kind = r.kind.as_deref().unwrap_or("");
    if r.name.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("name"), ""));
    }
    if kind.is_empty() {
        errs.push(FieldError::required(&p.child("kind"), ""));
    }
    let group = r.api_group.as_deref().unwrap_or("");
    if group.is_empty() && kind != "PersistentVolumeClaim" {
        errs.push(FieldError::invalid(
            p,
            BadValue::Str(kind.into()),
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        ));
    }
    if !group.is_empty() {
        errs.extend(invalid_each(&p.child("apiGroup"), group, is_dns1123_subdomain(group)));
    }
    if let Some(ns) = r.namespace.as_deref().filter(|n| is_ref && !n.is_empty()) {
        errs.extend(invalid_each(&p.child("namespace"), ns, name_is_dns_label(ns, false)));
    }
    errs
}
