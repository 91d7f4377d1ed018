//! Owner references: kubernetes/apimachinery `pkg/api/validation/objectmeta.go`
//! `ValidateOwnerReferences` and `validateOwnerReference`.

use super::go_value::{json, nullable, render_struct};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::OwnerReference;
use crate::release::Release;

/// Mirrors `ValidateOwnerReferences`: each reference, and at most one controller. Until 1.37 the
/// reference errors report at the list's path, unindexed; from 1.37 at `ownerReferences[i]`.
pub fn validate_owner_references(refs: &[OwnerReference], path: &Path, release: Release) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut first_controller: Option<String> = None;
    for (i, r) in refs.iter().enumerate() {
        if release >= Release::V1_37 {
            errs.extend(validate_owner_reference_1_37(r, &path.index(i)));
        } else {
            errs.extend(validate_owner_reference(r, path));
        }
        if r.controller == Some(true) {
            let current = format!("{}/{}", text(&r.kind), text(&r.name));
            match &first_controller {
                Some(first) => errs.push(FieldError::invalid(
                    path,
                    BadValue::Bare(format!("[{}]", refs.iter().map(render_owner_reference).collect::<Vec<_>>().join(","))),
                    format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"
                    ),
                )),
                None => first_controller = Some(current),
            }
        }
    }
    errs
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// `schema.ParseGroupVersion`: `v1`, `group/version`; more than one `/` is an error.
fn parse_group_version(api_version: &str) -> Option<(&str, &str)> {
    if api_version.is_empty() || api_version == "/" {
        return Some(("", ""));
    }
    match api_version.split_once('/') {
        None => Some(("", api_version)),
        Some((_, rest)) if rest.contains('/') => None,
        Some(gv) => Some(gv),
    }
}

/// Mirrors `validateOwnerReference` of 1.35 and 1.36: every empty field is Invalid.
fn validate_owner_reference(r: &OwnerReference, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let (group, version) = parse_group_version(text(&r.api_version)).unwrap_or(("", ""));
    if version.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("apiVersion"),
            BadValue::Str(text(&r.api_version).into()),
            "version must not be empty",
        ));
    }
    for (field, value) in [("kind", &r.kind), ("name", &r.name), ("uid", &r.uid)] {
        if text(value).is_empty() {
            errs.push(FieldError::invalid(&path.child(field), BadValue::Str(String::new()), "must not be empty"));
        }
    }
    errs.extend(banned_owner(r, group, version, path));
    errs
}

/// Mirrors `validateOwnerReference` of 1.37: empty fields are Required, a malformed apiVersion
/// Invalid.
fn validate_owner_reference_1_37(r: &OwnerReference, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let api_version = text(&r.api_version);
    let parsed = parse_group_version(api_version);
    if api_version.is_empty() {
        errs.push(FieldError::required(&path.child("apiVersion"), "must not be empty"));
    } else if parsed.is_none_or(|(_, v)| v.is_empty()) {
        errs.push(FieldError::invalid(
            &path.child("apiVersion"),
            BadValue::Str(api_version.into()),
            "must be <group>/<version> or <version>",
        ));
    }
    for (field, value) in [("kind", &r.kind), ("name", &r.name), ("uid", &r.uid)] {
        if text(value).is_empty() {
            errs.push(FieldError::required(&path.child(field), "must not be empty"));
        }
    }
    let (group, version) = parsed.unwrap_or(("", ""));
    errs.extend(banned_owner(r, group, version, path));
    errs
}

/// `BannedOwners`: a core/v1 Event may not own anything.
fn banned_owner(r: &OwnerReference, group: &str, version: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if group.is_empty() && version == "v1" && text(&r.kind) == "Event" {
        errs.push(FieldError::invalid(
            path,
            BadValue::Bare(render_owner_reference(r)),
            "/v1, Kind=Event is disallowed from being an owner",
        ));
    }
    errs
}

/// `metav1.OwnerReference` as `json.Marshal` writes it (its json tags, omitempty pointers).
fn render_owner_reference(r: &OwnerReference) -> String {
    let mut fields = vec![
        ("apiVersion", json(text(&r.api_version).into())),
        ("kind", json(text(&r.kind).into())),
        ("name", json(text(&r.name).into())),
        ("uid", json(text(&r.uid).into())),
    ];
    if r.controller.is_some() {
        fields.push(("controller", nullable(r.controller.as_ref())));
    }
    if r.block_owner_deletion.is_some() {
        fields.push(("blockOwnerDeletion", nullable(r.block_owner_deletion.as_ref())));
    }
    render_struct(&fields)
}
