//! Windows security options: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateWindowsSecurityContextOptions` and `validateWindowsHostProcessPod`.

use super::go_value::{nullable, render_struct};
use super::names::is_dns1123_subdomain;
use super::profiles::visit_containers;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::WindowsSecurityContextOptions;
use crate::model::PodSpec;

const MAX_GMSA_CREDENTIAL_SPEC_KIB: usize = 64;
const MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH: usize = 256;
const MAX_RUN_AS_USER_NAME_USER_LENGTH: usize = 104;

/// The internal `WindowsSecurityContextOptions` as a field error prints it.
pub fn render_windows_options(o: &WindowsSecurityContextOptions) -> String {
    render_struct(&[
        ("GMSACredentialSpecName", nullable(o.gmsa_credential_spec_name.as_ref())),
        ("GMSACredentialSpec", nullable(o.gmsa_credential_spec.as_ref())),
        ("RunAsUserName", nullable(o.run_as_user_name.as_ref())),
        ("HostProcess", nullable(o.host_process.as_ref())),
    ])
}

/// Mirrors `validateWindowsSecurityContextOptions`.
pub fn validate_windows_security_context_options(o: Option<&WindowsSecurityContextOptions>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(o) = o else { return errs };
    if let Some(name) = &o.gmsa_credential_spec_name {
        for msg in is_dns1123_subdomain(name) {
            errs.push(FieldError::invalid(&path.child("gmsaCredentialSpecName"), BadValue::Str(name.clone()), msg));
        }
    }
    if let Some(spec) = &o.gmsa_credential_spec {
        let p = path.child("gmsaCredentialSpec");
        if spec.is_empty() {
            errs.push(FieldError::invalid(
                &p,
                BadValue::Str(spec.clone()),
                "gmsaCredentialSpec cannot be an empty string",
            ));
        } else if spec.len() > MAX_GMSA_CREDENTIAL_SPEC_KIB * 1024 {
            errs.push(FieldError::invalid(
                &p,
                BadValue::Str(spec.clone()),
                format!("gmsaCredentialSpec size must be under {MAX_GMSA_CREDENTIAL_SPEC_KIB} KiB"),
            ));
        }
    }
    if let Some(name) = &o.run_as_user_name {
        let p = path.child("runAsUserName");
        for msg in run_as_user_name_errors(name) {
            errs.push(FieldError::invalid(&p, BadValue::Str(name.clone()), msg));
        }
    }
    errs
}

/// The `runAsUserName` rules: `DOMAIN\USER`, the domain NetBIOS or DNS, the user name plain.
fn run_as_user_name_errors(name: &str) -> Vec<String> {
    let mut msgs = Vec::new();
    if name.is_empty() {
        msgs.push("runAsUserName cannot be an empty string".to_string());
        return msgs;
    }
    // `[[:cntrl:]]` is ASCII control characters.
    if name.chars().any(|c| c.is_ascii_control()) {
        msgs.push("runAsUserName cannot contain control characters".to_string());
        return msgs;
    }
    let parts: Vec<&str> = name.split('\\').collect();
    let (domain, user, has_domain) = match parts.as_slice() {
        [user] => ("", *user, false),
        [domain, user] => (*domain, *user, true),
        _ => {
            msgs.push("runAsUserName cannot contain more than one backslash".to_string());
            return msgs;
        }
    };
    if domain.len() >= MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH {
        msgs.push(format!(
            "runAsUserName's Domain length must be under {MAX_RUN_AS_USER_NAME_DOMAIN_LENGTH} characters"
        ));
    }
    if has_domain && !(is_netbios_domain(domain) || is_dns_domain(domain)) {
        msgs.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format".to_string());
    }
    if user.is_empty() {
        msgs.push("runAsUserName's User cannot be empty".to_string());
    } else if user.len() > MAX_RUN_AS_USER_NAME_USER_LENGTH {
        msgs.push(format!(
            "runAsUserName's User length must not be longer than {MAX_RUN_AS_USER_NAME_USER_LENGTH} characters"
        ));
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        msgs.push("runAsUserName's User cannot contain only periods or spaces".to_string());
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        msgs.push(r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#.to_string());
    }
    msgs
}

/// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`
fn is_netbios_domain(domain: &str) -> bool {
    let bad = |c: char| "\\/:*?\"<>|".contains(c);
    let mut chars = domain.chars();
    match chars.next() {
        Some(first) if !bad(first) && first != '.' => {
            let rest: Vec<char> = chars.collect();
            rest.len() <= 14 && !rest.iter().any(|c| bad(*c))
        }
        _ => false,
    }
}

/// `^label(\.label)*$` with `label` = `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`.
fn is_dns_domain(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        let edge = |c: &u8| c.is_ascii_alphanumeric();
        match (b.first(), b.last()) {
            (Some(f), Some(l)) => {
                b.len() <= 63 && edge(f) && edge(l) && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            }
            _ => false,
        }
    })
}

/// Mirrors `validateWindowsHostProcessPod`: all containers or none are HostProcess, which needs
/// the host network.
pub fn validate_windows_host_process_pod(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let pod_host_process =
        spec.security_context.as_ref().and_then(|sc| sc.windows_options.as_ref()).and_then(|w| w.host_process);
    let (mut containers, mut host_process_containers) = (0usize, 0usize);
    for (c, p) in visit_containers(spec, path) {
        containers += 1;
        let own = c.security_context.as_ref().and_then(|sc| sc.windows_options.as_ref()).and_then(|w| w.host_process);
        if let (Some(pod), Some(own)) = (pod_host_process, own) {
            if pod != own {
                errs.push(FieldError::invalid(
                    &p.child("securityContext.windowsOptions.hostProcess"),
                    BadValue::Bare(own.to_string()),
                    format!("pod hostProcess value must be identical if both are specified, was {pod}"),
                ));
            }
        }
        if own == Some(true) || (own.is_none() && pod_host_process == Some(true)) {
            host_process_containers += 1;
        }
    }
    if host_process_containers > 0 {
        if host_process_containers != containers {
            errs.push(FieldError::invalid(
                path,
                BadValue::Str(String::new()),
                "If pod contains any hostProcess containers then all containers must be HostProcess containers",
            ));
        }
        if !spec.host_network() {
            errs.push(FieldError::invalid(
                &path.child("hostNetwork"),
                BadValue::Bare("false".into()),
                "hostNetwork must be true if pod contains any hostProcess containers",
            ));
        }
    }
    errs
}
