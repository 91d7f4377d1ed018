//! IP addresses in legacy fields: kubernetes/apimachinery `pkg/util/validation/ip.go`
//! `IsValidIPForLegacyField` (with `netutils.ParseIPSloppy` and, under strict validation,
//! `netip.ParseAddr`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::field::{BadValue, ErrorList, FieldError, Path};

/// Mirrors `IsValidIPForLegacyField`. `strict` is the `StrictIPCIDRValidation` gate (on from
/// 1.36): leading zeros and IPv4-mapped IPv6 addresses are then refused.
pub fn is_valid_ip_for_legacy_field(path: &Path, value: &str, strict: bool) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some((ip, leading_zeros)) = parse_ip_sloppy(value) else {
        errs.push(FieldError::invalid(
            path,
            BadValue::Str(value.into()),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ));
        return errs;
    };
    if strict {
        if leading_zeros {
            errs.push(FieldError::invalid(path, BadValue::Str(value.into()), "must not have leading 0s"));
        }
        if matches!(ip, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some()) {
            errs.push(FieldError::invalid(
                path,
                BadValue::Str(value.into()),
                "must not be an IPv4-mapped IPv6 address",
            ));
        }
    }
    errs
}

/// `ParseIPSloppy`: what Go's `net.ParseIP` accepted before 1.17, i.e. also IPv4 octets with
/// leading zeros (read as decimal). Returns the address and whether such zeros were seen.
fn parse_ip_sloppy(value: &str) -> Option<(IpAddr, bool)> {
    if let Ok(ip) = value.parse::<IpAddr>() {
        return Some((ip, false));
    }
    if !value.contains(':') {
        return sloppy_ipv4(value).map(|v4| (IpAddr::V4(v4), true));
    }
    // An IPv6 address whose embedded IPv4 tail has leading zeros.
    let (head, tail) = value.rsplit_once(':')?;
    let v4 = sloppy_ipv4(tail)?;
    let v6 = format!("{head}:{v4}").parse::<Ipv6Addr>().ok()?;
    Some((IpAddr::V6(v6), true))
}

/// Four decimal octets of one to three digits each, at most 255.
fn sloppy_ipv4(value: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = value.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse::<u8>().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(Ipv4Addr::from(octets))
}
