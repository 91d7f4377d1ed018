//! iSCSI volumes: kubernetes/kubernetes `pkg/apis/core/validation` `validateISCSIVolumeSource`
//! with its IQN, EUI and NAA formats, and the initiator-name length rule of `validateVolumeSource`.

use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::volume_sources::IscsiVolumeSource;

/// `iscsiInitiatorIqnRegex` (`iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`, unanchored at
/// the start), `iscsiInitiatorEuiRegex` (`^eui.[[:alnum:]]{16}$`), `iscsiInitiatorNaaRegex`
/// (`^naa.[[:alnum:]]{32}$`).
fn iqn_matches(s: &str) -> bool {
    s.match_indices("iqn.").any(|(i, _)| iqn_tail_matches(&s[i + 4..]))
}

fn iqn_tail_matches(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !digits(0..4) || b.get(4) != Some(&b'-') || !digits(5..7) || b.get(7) != Some(&b'.') {
        return false;
    }
    let rest = &t[8..];
    let Some(colon) = rest.find(':') else { return false };
    let (name, after) = (&rest[..colon], &rest[colon + 1..]);
    !name.is_empty()
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
        && !after.is_empty()
        && !after.chars().any(|c| ",;*&$|\t\n\x0c\r ".contains(c))
}

fn prefixed_alnum_matches(s: &str, prefix: &str, n: usize) -> bool {
    let Some(rest) = s.strip_prefix(prefix) else { return false };
    let mut chars = rest.chars();
    // `.` is any character but a newline.
    chars.next().is_some_and(|c| c != '\n') && {
        let tail = chars.as_str();
        tail.len() == n && tail.bytes().all(|c| c.is_ascii_alphanumeric())
    }
}

/// The format check `validateISCSIVolumeSource` applies to the IQN and the initiator name.
fn iscsi_name_error(value: &str) -> Option<&'static str> {
    if !["iqn", "eui", "naa"].iter().any(|p| value.starts_with(p)) {
        Some("must be valid format starting with iqn, eui, or naa")
    } else if (value.starts_with("iqn") && !iqn_matches(value))
        || (value.starts_with("eui") && !prefixed_alnum_matches(value, "eui", 16))
        || (value.starts_with("naa") && !prefixed_alnum_matches(value, "naa", 32))
    {
        Some("must be valid format")
    } else {
        None
    }
}

/// Mirrors `validateISCSIVolumeSource`.
pub fn validate_iscsi(s: &IscsiVolumeSource, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if s.target_portal.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("targetPortal"), ""));
    }
    match s.iqn.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("iqn"), "")),
        iqn => {
            if let Some(m) = iscsi_name_error(iqn) {
                errs.push(FieldError::invalid(&p.child("iqn"), BadValue::Str(iqn.into()), m));
            }
        }
    }
    let lun = s.lun.unwrap_or(0);
    if !(0..=255).contains(&lun) {
        errs.push(FieldError::invalid(
            &p.child("lun"),
            BadValue::Bare(lun.to_string()),
            "must be between 0 and 255, inclusive",
        ));
    }
    let chap = s.chap_auth_discovery == Some(true) || s.chap_auth_session == Some(true);
    if chap && s.secret_ref.is_none() {
        errs.push(FieldError::required(&p.child("secretRef"), ""));
    }
    if let Some(initiator) = s.initiator_name.as_deref() {
        // Upstream checks the prefix and the format separately here: both may fire.
        let at = p.child("initiatorname");
        if !["iqn", "eui", "naa"].iter().any(|x| initiator.starts_with(x)) {
            errs.push(FieldError::invalid(
                &at,
                BadValue::Str(initiator.into()),
                "must be valid format starting with iqn, eui, or naa",
            ));
        }
        if iscsi_name_error(initiator) == Some("must be valid format") {
            errs.push(FieldError::invalid(&at, BadValue::Str(initiator.into()), "must be valid format"));
        }
    }
    errs
}

/// The `validateVolumeSource` check on an iSCSI volume with an initiator name, made whether
/// or not the source was the volume's first.
pub fn validate_iscsi_name_length(s: &IscsiVolumeSource, volume_name: &str, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let portal = s.target_portal.as_deref().unwrap_or("");
    if s.initiator_name.is_some() && volume_name.len() + 1 + portal.len() > 64 {
        errs.push(FieldError::invalid(
            &p.child("name"),
            BadValue::Str(volume_name.into()),
            "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
        ));
    }
    errs
}
