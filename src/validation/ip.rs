//! IP addresses in legacy fields: kubernetes/apimachinery `pkg/util/validation/ip.go`
//! `IsValidIPForLegacyField`, with k8s.io/utils' `ParseIPSloppy` (Go 1.16's `net.ParseIP`,
//! which reads IPv4 octets with leading zeros as decimal) and, under strict validation,
//! `netip.ParseAddr`.

use std::net::IpAddr;

use crate::field::{BadValue, ErrorList, FieldError, Path};

/// Mirrors `IsValidIPForLegacyField`. `strict` is the `StrictIPCIDRValidation` gate (on from
/// 1.36): what only the sloppy parser accepts (leading zeros, over-long IPv6 groups) and
/// IPv4-mapped IPv6 addresses are then refused.
pub fn is_valid_ip_for_legacy_field(path: &Path, value: &str, strict: bool) -> ErrorList {
    let mut errs = ErrorList::new();
    if parse_ip_sloppy(value).is_none() {
        errs.push(FieldError::invalid(
            path,
            BadValue::Str(value.into()),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ));
        return errs;
    }
    if strict {
        // `netip.ParseAddr` is as strict as Rust's parser (no zones reach here: the sloppy
        // parser refuses them).
        match value.parse::<IpAddr>() {
            Err(_) => errs.push(FieldError::invalid(path, BadValue::Str(value.into()), "must not have leading 0s")),
            Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => errs.push(FieldError::invalid(
                path,
                BadValue::Str(value.into()),
                "must not be an IPv4-mapped IPv6 address",
            )),
            Ok(_) => {}
        }
    }
    errs
}

/// Mirrors the forked `ParseIP`: the first `.` or `:` decides the family. The 16 bytes of the
/// address, or `None`.
pub fn parse_ip_sloppy(s: &str) -> Option<[u8; 16]> {
    match s.bytes().find(|b| *b == b'.' || *b == b':') {
        Some(b'.') => parse_ipv4(s.as_bytes()).map(|v4| {
            let mut ip = [0u8; 16];
            ip[10] = 0xff;
            ip[11] = 0xff;
            ip[12..].copy_from_slice(&v4);
            ip
        }),
        Some(_) => parse_ipv6(s.as_bytes()),
        None => None,
    }
}

const BIG: u32 = 0xFF_FFFF;

/// Mirrors `dtoi`: decimal digits, their value and count.
fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut i = 0;
    while let Some(d) = s.get(i).filter(|b| b.is_ascii_digit()) {
        n = n * 10 + u32::from(d - b'0');
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// Mirrors `xtoi`: hexadecimal digits, their value and count.
fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut i = 0;
    while let Some(d) = s.get(i).and_then(|b| char::from(*b).to_digit(16)) {
        n = n * 16 + d;
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// Mirrors the forked `parseIPv4`: four decimal octets, leading zeros allowed.
fn parse_ipv4(mut s: &[u8]) -> Option<[u8; 4]> {
    let mut p = [0u8; 4];
    for (i, octet) in p.iter_mut().enumerate() {
        if i > 0 {
            s = s.strip_prefix(b".")?;
        }
        let (n, c) = dtoi(s)?;
        *octet = u8::try_from(n).ok()?;
        s = s.get(c..)?;
    }
    s.is_empty().then_some(p)
}

/// Mirrors the forked `parseIPv6`: hex groups of any length up to 0xFFFF, one `::`, an
/// optional trailing IPv4 part.
fn parse_ipv6(mut s: &[u8]) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, c) = xtoi(s)?;
        if n > 0xFFFF {
            return None;
        }
        if s.get(c) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4(s)?;
            ip[i..i + 4].copy_from_slice(&v4);
            s = &[];
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return None;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        ip.copy_within(e..i, e + n);
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        return None;
    }
    Some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_go_1_16_did() {
        let v4 = |a: u8, b: u8, c: u8, d: u8| Some([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d]);
        assert_eq!(parse_ip_sloppy("10.0.0.1"), v4(10, 0, 0, 1));
        assert_eq!(parse_ip_sloppy("0010.000.0.01"), v4(10, 0, 0, 1));
        assert_eq!(parse_ip_sloppy("1.2.3"), None);
        assert_eq!(parse_ip_sloppy("1.2.3.256"), None);
        assert_eq!(parse_ip_sloppy("1.2.3.4."), None);
        assert_eq!(parse_ip_sloppy(""), None);
        let mut one = [0u8; 16];
        one[15] = 1;
        assert_eq!(parse_ip_sloppy("::1"), Some(one));
        assert_eq!(parse_ip_sloppy("0:0:0:0:0:0:0:00001"), Some(one));
        assert_eq!(parse_ip_sloppy("::ffff:010.0.0.1"), v4(10, 0, 0, 1));
        assert_eq!(parse_ip_sloppy("fe80::1%eth0"), None);
        assert_eq!(parse_ip_sloppy("1::2::3"), None);
        assert_eq!(parse_ip_sloppy("1:2:3:4:5:6:7:8:9"), None);
        assert_eq!(parse_ip_sloppy("1:2:3:4:5:6:7::8"), None);
        assert_eq!(parse_ip_sloppy("::"), Some([0u8; 16]));
        assert_eq!(parse_ip_sloppy("1:2:3:4:5:6:1.2.3.4").map(|ip| ip[12]), Some(1));
        assert_eq!(parse_ip_sloppy("1:2:3:4:5:1.2.3.4"), None);
    }

    #[test]
    fn strict_refuses_what_only_the_sloppy_parser_reads() {
        let p = Path::new("ip");
        let msgs = |v: &str, strict: bool| -> Vec<String> {
            is_valid_ip_for_legacy_field(&p, v, strict).0.into_iter().map(|e| e.detail).collect()
        };
        assert!(msgs("010.0.0.1", false).is_empty());
        assert_eq!(msgs("010.0.0.1", true), ["must not have leading 0s"]);
        assert_eq!(msgs("::ffff:010.0.0.1", true), ["must not have leading 0s"]);
        assert_eq!(msgs("::ffff:10.0.0.1", true), ["must not be an IPv4-mapped IPv6 address"]);
        assert!(msgs("2001:db8::1", true).is_empty());
    }
}
