//! The API server's warnings for IP addresses in the pod template (`warningsForPodSpecAndMeta`,
//! pkg/api/pod/warnings.go): host alias IPs and DNS nameservers, through apimachinery's
//! `GetWarningsForIP`, whose wording changed in 1.36.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::api::Warning;
use crate::field::go_quote;
use crate::input::{Node, Value};
use crate::release::Release;

/// An address as the legacy parser (`netutils.ParseIPSloppy`, Go 1.16's `net.ParseIP`) reads
/// it: IPv4 octets may carry leading zeros (read as decimal). The zero-free IPv6 forms only.
fn parse_ip_sloppy(value: &str) -> Option<std::net::IpAddr> {
    if value.contains(':') {
        return value.parse::<Ipv6Addr>().ok().map(Into::into);
    }
    let mut octets = [0u8; 4];
    let mut parts = value.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse::<u32>().ok().filter(|n| *n <= 255)? as u8;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets).into())
}

/// `net.IP.String()`: IPv4 (and IPv4-mapped IPv6) dotted, IPv6 in RFC 5952 form.
fn go_ip_string(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or_else(|| v6.to_string(), |v4| v4.to_string()),
        v4 => v4.to_string(),
    }
}

/// Mirrors `GetWarningsForIP` (apimachinery pkg/util/validation/ip.go). `strict` is the
/// `StrictIPCIDRValidation` gate: with it on, a non-standard address is an error instead.
pub fn warnings_for_ip(path: &str, value: &str, release: Release, strict: bool) -> Option<String> {
    let ip = parse_ip_sloppy(value)?;
    // `netip.ParseAddr` refuses leading zeros, as Rust's parser does.
    let addr = value.parse::<std::net::IpAddr>().ok();
    let mapped = matches!(addr, Some(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some());
    if addr.is_none() || mapped {
        let verdict = if release >= Release::V1_36 {
            "is invalid"
        } else {
            "will be considered invalid in a future Kubernetes release"
        };
        return (!strict).then(|| {
            format!(
                "{path}: non-standard IP address {} {verdict}: use {}",
                go_quote(value),
                go_quote(&go_ip_string(ip))
            )
        });
    }
    match addr {
        Some(std::net::IpAddr::V6(v6)) if v6.to_string() != value => Some(format!(
            "{path}: IPv6 address {} should be in RFC 5952 canonical format ({})",
            go_quote(value),
            go_quote(&v6.to_string())
        )),
        _ => None,
    }
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// The template's DNS nameservers, then its host alias IPs, as written.
pub fn ip_warnings(tree: &Node, release: Release, strict: bool) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(spec) = tree.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("spec")) else {
        return out;
    };
    let mut check = |path: String, node: &Node| {
        if let Some(message) = node.as_str().and_then(|v| warnings_for_ip(&path, v, release, strict)) {
            let line = node.pos.is_known().then_some(node.pos.line);
            out.push(Warning { message, field: Some(path), line });
        }
    };
    for (i, ns) in items(spec.get("dnsConfig").and_then(|d| d.get("nameservers"))).iter().enumerate() {
        check(format!("spec.template.spec.dnsConfig.nameservers[{i}]"), ns);
    }
    for (i, alias) in items(spec.get("hostAliases")).iter().enumerate() {
        if let Some(ip) = alias.get("ip") {
            check(format!("spec.template.spec.hostAliases[{i}].ip"), ip);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_the_warning_as_each_release_does() {
        let p = "spec.template.spec.hostAliases[0].ip";
        assert_eq!(
            warnings_for_ip(p, "010.000.000.005", Release::V1_35, false).as_deref(),
            Some("spec.template.spec.hostAliases[0].ip: non-standard IP address \"010.000.000.005\" will be considered invalid in a future Kubernetes release: use \"10.0.0.5\"")
        );
        assert_eq!(
            warnings_for_ip(p, "::ffff:10.0.0.10", Release::V1_36, false).as_deref(),
            Some("spec.template.spec.hostAliases[0].ip: non-standard IP address \"::ffff:10.0.0.10\" is invalid: use \"10.0.0.10\"")
        );
        assert_eq!(warnings_for_ip(p, "010.0.0.5", Release::V1_36, true), None);
        assert_eq!(
            warnings_for_ip(p, "2001:DB8::1", Release::V1_35, true).as_deref(),
            Some("spec.template.spec.hostAliases[0].ip: IPv6 address \"2001:DB8::1\" should be in RFC 5952 canonical format (\"2001:db8::1\")")
        );
        assert_eq!(warnings_for_ip(p, "10.0.0.5", Release::V1_35, false), None);
        assert_eq!(warnings_for_ip(p, "not-an-ip", Release::V1_35, false), None);
    }
}
