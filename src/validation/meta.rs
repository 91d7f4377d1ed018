//! Object metadata: kubernetes/apimachinery `pkg/api/validation/objectmeta.go` and the core
//! `ValidateObjectMeta` wrapper (finalizer names).

use super::names::{
    is_dns1123_label, is_qualified_name, is_valid_label_value, is_valid_path_segment_name, name_is_dns_subdomain,
};
use super::{invalid_each, validate_nonnegative_field};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{ObjectMeta, StringMap};
use crate::release::Release;

pub const TOTAL_ANNOTATION_SIZE_LIMIT_B: usize = 256 * 1024;
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

/// Mirrors core `ValidateObjectMeta(meta, requiresNamespace=true, ValidateDaemonSetName, path)`.
pub fn validate_object_meta(meta: &ObjectMeta, path: &Path, release: Release) -> ErrorList {
    let mut errs = validate_object_meta_accessor(meta, path, name_is_dns_subdomain, release);
    errs.extend(validate_kube_finalizer_names(meta, path));
    errs
}

/// A `ValidateNameFunc`: the messages for a name, or a generateName prefix.
pub type NameFn = fn(&str, bool) -> Vec<String>;

/// Mirrors apimachinery `ValidateObjectMetaAccessor(meta, requiresNamespace=true, nameFn, path)`.
pub fn validate_object_meta_accessor(meta: &ObjectMeta, path: &Path, name_fn: NameFn, release: Release) -> ErrorList {
    let mut errs = ErrorList::new();
    let generate_name = meta.generate_name.as_deref().unwrap_or("");
    if !generate_name.is_empty() {
        errs.extend(invalid_each(&path.child("generateName"), generate_name, name_fn(generate_name, true)));
    }
    let name = meta.name.as_deref().unwrap_or("");
    if name.is_empty() {
        errs.push(FieldError::required(&path.child("name"), "name or generateName is required"));
    } else {
        errs.extend(invalid_each(&path.child("name"), name, name_fn(name, false)));
    }
    let namespace = meta.namespace.as_deref().unwrap_or("");
    if namespace.is_empty() {
        errs.push(FieldError::required(&path.child("namespace"), ""));
    } else {
        errs.extend(invalid_each(&path.child("namespace"), namespace, is_dns1123_label(namespace)));
    }
    errs.extend(validate_nonnegative_field(meta.generation.unwrap_or(0), &path.child("generation")));
    errs.extend(validate_labels(meta.labels.as_ref(), &path.child("labels")));
    errs.extend(validate_annotations(meta.annotations.as_ref(), &path.child("annotations")));
    errs.extend(validate_owner_references(meta, &path.child("ownerReferences"), release));
    errs.extend(validate_finalizers(meta.finalizers.as_deref().unwrap_or_default(), &path.child("finalizers")));
    errs.extend(validate_managed_fields(meta, &path.child("managedFields"), release));
    errs
}

/// Mirrors core's `validateKubeFinalizerName` over every finalizer (the wrappers
/// `ValidateObjectMeta` and `ValidateObjectMetaUpdate` add it): one without a prefix must be a
/// standard one.
fn validate_kube_finalizer_names(meta: &ObjectMeta, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, f) in meta.finalizers.iter().flatten().enumerate() {
        if !f.contains('/') && !STANDARD_FINALIZERS.contains(&f.as_str()) {
            errs.push(FieldError::invalid(
                &path.child("finalizers").index(i),
                BadValue::Str(f.clone()),
                "name is neither a standard finalizer name nor is it fully qualified",
            ));
        }
    }
    errs
}

/// Mirrors `ValidateLabels`: keys and values, all reported at the map's path.
pub fn validate_labels(labels: Option<&StringMap>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (k, v) in labels.into_iter().flatten() {
        errs.extend(validate_label_name(k, path));
        errs.extend(invalid_each(path, v, is_valid_label_value(v)));
    }
    errs
}

/// Mirrors `ValidateLabelName`.
pub fn validate_label_name(name: &str, path: &Path) -> ErrorList {
    invalid_each(path, name, is_qualified_name(name))
}

/// Mirrors `ValidateAnnotations`: keys are checked lower-cased; the total size is capped.
pub fn validate_annotations(annotations: Option<&StringMap>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(annotations) = annotations else {
        return errs;
    };
    for k in annotations.keys() {
        errs.extend(invalid_each(path, k, is_qualified_name(&k.to_lowercase())));
    }
    let total: usize = annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        errs.push(FieldError::too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
    }
    errs
}

fn validate_owner_references(meta: &ObjectMeta, path: &Path, release: Release) -> ErrorList {
    super::owner_references::validate_owner_references(
        meta.owner_references.as_deref().unwrap_or_default(),
        path,
        release,
    )
}

fn validate_managed_fields(meta: &ObjectMeta, path: &Path, release: Release) -> ErrorList {
    super::managed_fields::validate_managed_fields(meta.managed_fields.as_deref().unwrap_or_default(), path, release)
}

/// Mirrors apimachinery's `ValidateFinalizers`.
fn validate_finalizers(finalizers: &[String], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for f in finalizers {
        errs.extend(invalid_each(path, f, is_qualified_name(f)));
    }
    if finalizers.iter().any(|f| f == "orphan") && finalizers.iter().any(|f| f == "foregroundDeletion") {
        errs.push(FieldError::invalid(
            path,
            BadValue::Json(serde_json::json!(finalizers)),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    errs
}

/// Mirrors the generic registry's `validateCommonFields` (`apiserver/pkg/registry/rest/update.go`),
/// which every update runs before the strategy: the new metadata as on create, but with names
/// checked only as path segments, then `ValidateObjectMetaAccessorUpdate`.
pub fn validate_common_fields(new: &ObjectMeta, old: &ObjectMeta, path: &Path, release: Release) -> ErrorList {
    let mut errs = validate_object_meta_accessor(new, path, validate_path_segment, release);
    errs.extend(validate_object_meta_accessor_update(new, old, path, release));
    errs
}

/// Mirrors `validatePathSegment` (`rest/create.go`): `IsValidPathSegmentName`, or for a prefix
/// only the characters that may not appear.
fn validate_path_segment(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_valid_path_segment_name(name).into_iter().filter(|m| m.starts_with("may not contain")).collect()
    } else {
        is_valid_path_segment_name(name)
    }
}

/// Mirrors core `ValidateObjectMetaUpdate`: apimachinery's, then the finalizer names.
pub fn validate_object_meta_update(new: &ObjectMeta, old: &ObjectMeta, path: &Path, release: Release) -> ErrorList {
    let mut errs = validate_object_meta_accessor_update(new, old, path, release);
    errs.extend(validate_kube_finalizer_names(new, path));
    errs
}

/// Mirrors `ValidateObjectMetaAccessorUpdate`: version, immutable identity, then labels,
/// annotations and owner references again.
pub fn validate_object_meta_accessor_update(
    new: &ObjectMeta,
    old: &ObjectMeta,
    path: &Path,
    release: Release,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if new.resource_version.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::invalid(
            &path.child("resourceVersion"),
            BadValue::Str(String::new()),
            "must be specified for an update",
        ));
    }
    if new.generation.unwrap_or(0) < old.generation.unwrap_or(0) {
        errs.push(FieldError::invalid(
            &path.child("generation"),
            BadValue::Bare(new.generation.unwrap_or(0).to_string()),
            "must not be decremented",
        ));
    }
    for (field, n, o) in [("name", &new.name, &old.name), ("namespace", &new.namespace, &old.namespace)] {
        if n.as_deref().unwrap_or("") != o.as_deref().unwrap_or("") {
            errs.push(FieldError::invalid(
                &path.child(field),
                BadValue::Str(n.clone().unwrap_or_default()),
                "field is immutable",
            ));
        }
    }
    if new.uid.as_deref().unwrap_or("") != old.uid.as_deref().unwrap_or("") {
        errs.push(FieldError::invalid(
            &path.child("uid"),
            BadValue::Json(new.uid.clone().unwrap_or_default().into()),
            "field is immutable",
        ));
    }
    errs.extend(validate_labels(new.labels.as_ref(), &path.child("labels")));
    errs.extend(validate_annotations(new.annotations.as_ref(), &path.child("annotations")));
    errs.extend(validate_owner_references(new, &path.child("ownerReferences"), release));
    errs.extend(validate_managed_fields(new, &path.child("managedFields"), release));
    errs
}
