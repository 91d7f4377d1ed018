//! Downward API and projected volumes: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateDownwardAPIVolumeSource`, `validateDownwardAPIVolumeFile`,
//! `validateProjectedVolumeSource` and `validateProjectionSources`.

use std::collections::HashSet;

use super::env::{validate_container_resource_field_selector, validate_object_field_selector, VOLUME_FIELD_PATHS};
use super::meta::TOTAL_ANNOTATION_SIZE_LIMIT_B;
use super::names::is_qualified_name;
use super::selector::validate_label_selector;
use super::signer::{is_kubernetes_signer_name, validate_cluster_trust_bundle_name, validate_signer_name};
use super::volumes::{validate_items, validate_local_non_reserved_path, validate_mode};
use super::{invalid_each, ValidationOptions};
use crate::feature_gates::Feature;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::volume_sources::{
    ClusterTrustBundleProjection, DownwardApiVolumeFile, DownwardApiVolumeSource, PodCertificateProjection,
    ProjectedVolumeSource, VolumeProjection,
};

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
            // `AllowNonLocalProjectedTokenPath`: the stored object already has one.
            _ if opts.allow_non_local_projected_token_path => {}
            path => errs.extend(validate_local_non_reserved_path(path, &projected.child("path"))),
        }
    }
    // While `ClusterTrustBundleProjection` / `PodCertificateRequest` are off (until 1.37) the
    // fields are dropped before validation, unless the stored object uses them
    // (`dropDisabledClusterTrustBundleProjection`, `dropDisabledPodCertificateProjection`).
    let trust_bundles = opts.enabled(Feature::ClusterTrustBundleProjection) || opts.old_cluster_trust_bundle_in_use;
    let pod_certificates = opts.enabled(Feature::PodCertificateRequest) || opts.old_pod_certificate_in_use;
    if let Some(ctb) = source.cluster_trust_bundle.as_ref().filter(|_| trust_bundles) {
        n += 1;
        errs.extend(validate_cluster_trust_bundle(ctb, paths, projected, &sp.child("clusterTrustBundle")));
    }
    if let Some(pc) = source.pod_certificate.as_ref().filter(|_| pod_certificates) {
        n += 1;
        errs.extend(validate_pod_certificate(pc, paths, projected, &sp.child("podCertificate")));
    }
    if n > 1 {
        errs.push(FieldError::forbidden(sp, "may not specify more than 1 volume type per source"));
    }
    errs
}

/// The `clusterTrustBundle` case of `validateProjectionSources`.
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
            for m in validate_cluster_trust_bundle_name(name) {
                errs.push(FieldError::invalid(
                    &at.child("name"),
                    BadValue::Str(name.clone()),
                    format!("not a valid clustertrustbundlename: {m}"),
                ));
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
            errs.extend(validate_signer_name(&at.child("signerName"), signer));
            errs.extend(validate_label_selector(ctb.label_selector.as_ref(), false, &at.child("labelSelector")));
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

const KEY_TYPES: [&str; 6] = ["RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"];

/// The `podCertificate` case of `validateProjectionSources`.
fn validate_pod_certificate<'a>(
    pc: &'a PodCertificateProjection,
    paths: &mut HashSet<&'a str>,
    projected: &Path,
    at: &Path,
) -> ErrorList {
    let signer = pc.signer_name.as_deref().unwrap_or("");
    let mut errs = validate_signer_name(&at.child("signerName"), signer);
    if let Some(annotations) = &pc.user_annotations {
        errs.extend(validate_user_annotations(annotations, &at.child("userAnnotations")));
    }
    let key_type = pc.key_type.as_deref().unwrap_or("");
    if !KEY_TYPES.contains(&key_type) {
        errs.push(FieldError::not_supported(&at.child("keyType"), BadValue::Str(key_type.into()), &KEY_TYPES));
    }
    if let Some(seconds) = pc.max_expiration_seconds {
        // certificates.MaxMaxExpirationSeconds (91 days), or one day for Kubernetes signers.
        let max: i32 = if is_kubernetes_signer_name(signer) { 24 * 60 * 60 } else { 91 * 24 * 60 * 60 };
        let at = at.child("maxExpirationSeconds");
        if seconds < 3600 {
            errs.push(FieldError::invalid(
                &at,
                BadValue::Bare(seconds.to_string()),
                "if provided, maxExpirationSeconds must be >= 3600",
            ));
        }
        if seconds > max {
            errs.push(FieldError::invalid(
                &at,
                BadValue::Bare(seconds.to_string()),
                format!("if provided, maxExpirationSeconds must be <= {max}"),
            ));
        }
    }
    let mut n = 0;
    for (field, value) in [
        ("credentialBundlePath", &pc.credential_bundle_path),
        ("keyPath", &pc.key_path),
        ("certificateChainPath", &pc.certificate_chain_path),
    ] {
        let Some(path) = value.as_deref().filter(|p| !p.is_empty()) else { continue };
        n += 1;
        errs.extend(validate_local_non_reserved_path(path, &at.child(field)));
        if !paths.insert(path) {
            errs.push(FieldError::invalid(projected, BadValue::Str(path.into()), DUPLICATE_PATHS));
        }
    }
    if n == 0 {
        errs.push(FieldError::required(
            at,
            "specify at least one of credentialBundlePath, keyPath, and certificateChainPath",
        ));
    }
    errs
}

/// Mirrors `ValidateUserAnnotations`: domain-prefixed keys (`IsDomainPrefixedKey`, any case),
/// and the annotations' total size.
fn validate_user_annotations(annotations: &crate::model::StringMap, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for k in annotations.keys() {
        let key = k.to_lowercase();
        if key.is_empty() {
            errs.push(FieldError::required(p, ""));
            continue;
        }
        let msgs = is_qualified_name(&key);
        if !msgs.is_empty() {
            errs.extend(invalid_each(p, &key, msgs));
        } else if key.split('/').count() != 2 {
            errs.push(FieldError::invalid(
                p,
                BadValue::Str(key.clone()),
                "must be a domain-prefixed key (such as \"acme.io/foo\")",
            ));
        }
    }
    // `ValidateAnnotationsSize`.
    if annotations.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        errs.push(FieldError::too_long(p, TOTAL_ANNOTATION_SIZE_LIMIT_B));
    }
    errs
}
