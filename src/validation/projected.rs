//! Downward API and projected volumes: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateDownwardAPIVolumeSource`, `validateDownwardAPIVolumeFile`,
//! `validateProjectedVolumeSource` and `validateProjectionSources`.

use std::collections::HashSet;

use super::env::{validate_container_resource_field_selector, validate_object_field_selector, VOLUME_FIELD_PATHS};
use super::volumes::{validate_items, validate_local_non_reserved_path, validate_mode};
use super::ValidationOptions;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::volume_sources::{
    ClusterTrustBundleProjection, DownwardApiVolumeFile, DownwardApiVolumeSource, ProjectedVolumeSource,
    VolumeProjection,
};
use crate::release::Release;

const DUPLICATE_PATHS: &str = "conflicting duplicate paths";

/// Mirrors `validateDownwardAPIVolumeSource`.
pub fn validate_downward_api_volume_source(s: &DownwardApiVolumeSource, p: &Path) -> ErrorList {
    let mut errs = validate_mode(s.default_mode, &p.child("defaultMode"));
    for file in s.items.iter().flatten() {
        // Each item reports at the source's path, as upstream does.
        errs.extend(validate_downward_api_volume_file(file, p));
    }
    errs
}

/// Mirrors `validateDownwardAPIVolumeFile`.
fn validate_downward_api_volume_file(f: &DownwardApiVolumeFile, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let path = f.path.as_deref().unwrap_or("");
    if path.is_empty() {
        errs.push(FieldError::required(&p.child("path"), ""));
    }
    errs.extend(validate_local_non_reserved_path(path, &p.child("path")));
    match (&f.field_ref, &f.resource_field_ref) {
        (Some(fs), other) => {
            errs.extend(validate_object_field_selector(fs, &VOLUME_FIELD_PATHS, &p.child("fieldRef")));
            if other.is_some() {
                errs.push(FieldError::invalid(
                    p,
                    BadValue::Str("resource".into()),
                    "fieldRef and resourceFieldRef can not be specified simultaneously",
                ));
            }
        }
        (None, Some(rs)) => {
            errs.extend(validate_container_resource_field_selector(rs, true, &p.child("resourceFieldRef")))
        }
        (None, None) => errs.push(FieldError::required(p, "one of fieldRef and resourceFieldRef is required")),
    }
    errs.extend(validate_mode(f.mode, &p.child("mode")));
    errs
}

/// Mirrors `validateProjectedVolumeSource`.
pub fn validate_projected_volume_source(s: &ProjectedVolumeSource, opts: ValidationOptions, p: &Path) -> ErrorList {
    let mut errs = validate_mode(s.default_mode, &p.child("defaultMode"));
    let mut paths: HashSet<&str> = HashSet::new();
    for (i, source) in s.sources.iter().flatten().enumerate() {
        errs.extend(validate_projection(source, opts, &mut paths, p, &p.child("sources").index(i)));
    }
    errs
}

/// One entry of `validateProjectionSources`. `projected` is where the duplicate-path and token
/// path errors are reported, as upstream does.
fn validate_projection<'a>(
    source: &'a VolumeProjection,
    opts: ValidationOptions,
    paths: &mut HashSet<&'a str>,
    projected: &Path,
    sp: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut n = 0;
    for (field, key_source) in [("secret", &source.secret), ("configMap", &source.config_map)] {
        let Some(ks) = key_source else { continue };
        n += 1;
        let at = sp.child(field);
        let name = ks.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&at.child("name"), ""));
        }
        errs.extend(validate_items(ks.items.as_deref(), &at.child("items")));
        for kp in ks.items.iter().flatten() {
            let path = kp.path.as_deref().unwrap_or("");
            if !path.is_empty() && !paths.insert(path) {
                errs.push(FieldError::invalid(projected, BadValue::Str(name.into()), DUPLICATE_PATHS));
            }
        }
    }
    if let Some(d) = &source.downward_api {
        n += 1;
        let at = sp.child("downwardAPI");
        for file in d.items.iter().flatten() {
            errs.extend(validate_downward_api_volume_file(file, &at));
            let path = file.path.as_deref().unwrap_or("");
            if !path.is_empty() && !paths.insert(path) {
                errs.push(FieldError::invalid(projected, BadValue::Str(path.into()), DUPLICATE_PATHS));
            }
        }
    }
    if let Some(t) = &source.service_account_token {
        n += 1;
        let at = sp.child("serviceAccountToken");
        // SetDefaults_ServiceAccountTokenProjection: one hour.
        let seconds = t.expiration_seconds.unwrap_or(3600);
        if seconds < 600 {
            errs.push(FieldError::invalid(
                &at.child("expirationSeconds"),
                BadValue::Bare(seconds.to_string()),
                "may not specify a duration less than 10 minutes",
            ));
        }
        if seconds > 1 << 32 {
            errs.push(FieldError::invalid(
                &at.child("expirationSeconds"),
                BadValue::Bare(seconds.to_string()),
                "may not specify a duration larger than 2^32 seconds",
            ));
        }
        match t.path.as_deref().unwrap_or("") {
            "" => errs.push(FieldError::required(&projected.child("path"), "")),
            path => errs.extend(validate_local_non_reserved_path(path, &projected.child("path"))),
        }
    }
    // ClusterTrustBundleProjection is off (the field dropped) before 1.37; so is the
    // podCertificate projection (PodCertificateRequest), whose checks are not ported.
    if let Some(ctb) = source.cluster_trust_bundle.as_ref().filter(|_| opts.release >= Release::V1_37) {
        n += 1;
        errs.extend(validate_cluster_trust_bundle(ctb, paths, projected, &sp.child("clusterTrustBundle")));
    }
    if n > 1 {
        errs.push(FieldError::forbidden(sp, "may not specify more than 1 volume type per source"));
    }
    errs
}

/// The `clusterTrustBundle` case of `validateProjectionSources` (the name and signer name
/// formats are not checked here).
fn validate_cluster_trust_bundle<'a>(
    ctb: &'a ClusterTrustBundleProjection,
    paths: &mut HashSet<&'a str>,
    projected: &Path,
    at: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    match (&ctb.name, &ctb.signer_name) {
        (Some(_), Some(_)) => {
            // The internal struct prints with its Go field names.
            let value = serde_json::json!({
                "Name": ctb.name, "SignerName": ctb.signer_name, "LabelSelector": ctb.label_selector,
                "Optional": ctb.optional, "Path": ctb.path.clone().unwrap_or_default(),
            });
            errs.push(FieldError::invalid(at, BadValue::Json(value), "only one of name and signerName may be used"));
        }
        (Some(name), None) => {
            if name.is_empty() {
                errs.push(FieldError::required(&at.child("name"), "must be a valid object name"));
            }
            if let Some(sel) = &ctb.label_selector {
                errs.push(FieldError::invalid(
                    &at.child("labelSelector"),
                    BadValue::Json(serde_json::to_value(sel).unwrap_or_default()),
                    "labelSelector must be unset if name is specified",
                ));
            }
        }
        (None, Some(signer)) => {
            if signer.is_empty() {
                errs.push(FieldError::required(&at.child("signerName"), "must be a valid signer name"));
            }
        }
        (None, None) => errs.push(FieldError::required(at, "either name or signerName must be specified")),
    }
    let path = ctb.path.as_deref().unwrap_or("");
    if path.is_empty() {
        errs.push(FieldError::required(&at.child("path"), ""));
    }
    errs.extend(validate_local_non_reserved_path(path, &at.child("path")));
    if !paths.insert(path) {
        errs.push(FieldError::invalid(projected, BadValue::Str(path.into()), DUPLICATE_PATHS));
    }
    errs
}
