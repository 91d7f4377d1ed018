//! The pod's name resolution: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validatePodDNSConfig` and `ValidateHostAliases`.

use super::ip::is_valid_ip_for_legacy_field;
use super::names::{is_dns1123_subdomain, is_dns1123_subdomain_with_underscore};
use super::{invalid_each, ValidationOptions};
use crate::feature_gates::Feature;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::HostAlias;
use crate::model::PodSpec;

const MAX_DNS_NAMESERVERS: usize = 3;
const MAX_DNS_SEARCH_PATHS: usize = 32;
const MAX_DNS_SEARCH_LIST_CHARS: usize = 2048;

/// The `StrictIPCIDRValidation` gate (Beta and on from 1.36).
fn strict_ip_validation(opts: ValidationOptions) -> bool {
    opts.enabled(Feature::StrictIPCIDRValidation)
}

/// Mirrors `validatePodDNSConfig`. With `dnsPolicy: None` a missing config or nameserver list
/// is reported alone. Searches use the relaxed rules (`RelaxedDNSSearchValidation`, on).
pub fn validate_pod_dns_config(spec: &PodSpec, path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    let config = spec.dns_config.as_ref();
    if spec.dns_policy.as_deref() == Some("None") {
        match config {
            None => {
                errs.push(FieldError::required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return errs;
            }
            Some(c) if c.nameservers.as_ref().is_none_or(Vec::is_empty) => {
                errs.push(FieldError::required(
                    &path.child("nameservers"),
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                ));
                return errs;
            }
            _ => {}
        }
    }
    let Some(config) = config else { return errs };
    let nameservers = config.nameservers.as_deref().unwrap_or_default();
    if nameservers.len() > MAX_DNS_NAMESERVERS {
        errs.push(FieldError::invalid(
            &path.child("nameservers"),
            BadValue::Json(serde_json::json!(nameservers)),
            format!("must not have more than {MAX_DNS_NAMESERVERS} nameservers"),
        ));
    }
    for (i, ns) in nameservers.iter().enumerate() {
        errs.extend(is_valid_ip_for_legacy_field(&path.child("nameservers").index(i), ns, strict_ip_validation(opts)));
    }
    let searches = config.searches.as_deref().unwrap_or_default();
    if searches.len() > MAX_DNS_SEARCH_PATHS {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            BadValue::Json(serde_json::json!(searches)),
            format!("must not have more than {MAX_DNS_SEARCH_PATHS} search paths"),
        ));
    }
    // Counted as upstream does: joined with single spaces.
    let search_chars = searches.iter().map(String::len).sum::<usize>() + searches.len().saturating_sub(1);
    if search_chars > MAX_DNS_SEARCH_LIST_CHARS {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            BadValue::Json(serde_json::json!(searches)),
            format!(
                "must not have more than {MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list"
            ),
        ));
    }
    for (i, search) in searches.iter().enumerate() {
        if search != "." {
            let s = search.strip_suffix('.').unwrap_or(search);
            errs.extend(invalid_each(&path.child("searches").index(i), s, is_dns1123_subdomain_with_underscore(s)));
        }
    }
    for (i, option) in config.options.as_deref().unwrap_or_default().iter().enumerate() {
        if option.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&path.child("options").index(i), "must not be empty"));
        }
    }
    errs
}

/// Mirrors `ValidateHostAliases`.
pub fn validate_host_aliases(aliases: &[HostAlias], path: &Path, opts: ValidationOptions) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, alias) in aliases.iter().enumerate() {
        let p = path.index(i);
        let ip = alias.ip.as_deref().unwrap_or("");
        errs.extend(is_valid_ip_for_legacy_field(&p.child("ip"), ip, strict_ip_validation(opts)));
        for (j, hostname) in alias.hostnames.iter().flatten().enumerate() {
            errs.extend(invalid_each(&p.child("hostnames").index(j), hostname, is_dns1123_subdomain(hostname)));
        }
    }
    errs
}
