//! Signer and trust-bundle names: kubernetes/kubernetes `pkg/apis/core/validation/names.go`
//! `ValidateSignerName`, `IsKubernetesSignerName`, `ValidateClusterTrustBundleName` and
//! `extractSignerNameFromClusterTrustBundleName`.

use super::names::{is_dns1123_label, is_dns1123_subdomain, name_is_dns_subdomain};
use crate::field::{go_quote, BadValue, ErrorList, FieldError, Path};

const DNS1123_SUBDOMAIN_MAX: usize = 253;
const DNS1123_LABEL_MAX: usize = 63;

/// Mirrors `IsKubernetesSignerName`.
pub fn is_kubernetes_signer_name(signer: &str) -> bool {
    let host = signer.split_once('/').map_or(signer, |(h, _)| h);
    host == "kubernetes.io" || host.ends_with(".kubernetes.io")
}

/// Mirrors `ValidateSignerName`: `example.com/signer-name`, up to 571 bytes.
pub fn validate_signer_name(p: &Path, signer: &str) -> ErrorList {
    let mut errs = ErrorList::new();
    if signer.is_empty() {
        errs.push(FieldError::required(p, ""));
        return errs;
    }
    let segments: Vec<&str> = signer.split('/').collect();
    let [domain, path] = segments[..] else {
        errs.push(FieldError::invalid(
            p,
            BadValue::Str(signer.into()),
            "must be a fully qualified domain and path of the form 'example.com/signer-name'",
        ));
        return errs;
    };
    if domain.len() > DNS1123_SUBDOMAIN_MAX {
        errs.push(FieldError::too_long(p, DNS1123_SUBDOMAIN_MAX));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    // Only the first bad label is reported, as upstream does.
    if let Some((label, msgs)) = labels.iter().map(|l| (l, is_dns1123_label(l))).find(|(_, m)| !m.is_empty()) {
        for m in msgs {
            errs.push(FieldError::invalid(
                p,
                BadValue::Str(domain.into()),
                format!("validating label {}: {m}", go_quote(label)),
            ));
        }
    }
    if labels.len() < 2 {
        errs.push(FieldError::invalid(
            p,
            BadValue::Str(domain.into()),
            "should be a domain with at least two segments separated by dots",
        ));
    }
    if let Some((label, msgs)) = path.split('.').map(|l| (l, is_dns1123_subdomain(l))).find(|(_, m)| !m.is_empty()) {
        for m in msgs {
            errs.push(FieldError::invalid(
                p,
                BadValue::Str(path.into()),
                format!("validating label {}: {m}", go_quote(label)),
            ));
        }
    }
    let max = DNS1123_SUBDOMAIN_MAX + (DNS1123_SUBDOMAIN_MAX + DNS1123_LABEL_MAX + 1) + 1;
    if signer.len() > max {
        errs.push(FieldError::too_long(p, max));
    }
    errs
}

/// Mirrors `ValidateClusterTrustBundleName` with the signer name
/// `extractSignerNameFromClusterTrustBundleName` finds in the name (text before the last `:`).
pub fn validate_cluster_trust_bundle_name(name: &str) -> Vec<String> {
    let Some(split) = name.rfind(':') else { return name_is_dns_subdomain(name, false) };
    let signer = name[..split].replace(':', "/");
    if signer.is_empty() {
        return vec!["ClusterTrustBundle without signer name must not have \":\" in its name".into()];
    }
    let prefix = format!("{}:", signer.replace('/', ":"));
    match name.strip_prefix(&prefix) {
        Some(rest) => name_is_dns_subdomain(rest, false),
        None => vec![format!("ClusterTrustBundle for signerName {signer} must be named with prefix {prefix}")],
    }
}
