//! Managed fields: kubernetes/apimachinery `pkg/apis/meta/v1/validation` `ValidateManagedFields`
//! and `ValidateFieldManager`.

use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::ManagedFieldsEntry;
use crate::release::Release;

const FIELD_MANAGER_MAX_LENGTH: usize = 128;
const MAX_SUBRESOURCE_NAME_LENGTH: usize = 256;

/// Mirrors `ValidateManagedFields`. From 1.37 an empty operation is Required and an unknown one
/// NotSupported; before, both are Invalid.
pub fn validate_managed_fields(entries: &[ManagedFieldsEntry], path: &Path, release: Release) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, entry) in entries.iter().enumerate() {
        let p = path.index(i);
        let operation = entry.operation.as_deref().unwrap_or("");
        match operation {
            "Apply" | "Update" => {}
            "" if release >= Release::V1_37 => {
                errs.push(FieldError::required(&p.child("operation"), "must not be empty"))
            }
            other if release >= Release::V1_37 => errs.push(FieldError::not_supported(
                &p.child("operation"),
                BadValue::Str(other.into()),
                &["Apply", "Update"],
            )),
            other => errs.push(FieldError::invalid(
                &p.child("operation"),
                BadValue::Str(other.into()),
                "must be `Apply` or `Update`",
            )),
        }
        let fields_type = entry.fields_type.as_deref().unwrap_or("");
        if !fields_type.is_empty() && fields_type != "FieldsV1" {
            errs.push(FieldError::invalid(
                &p.child("fieldsType"),
                BadValue::Str(fields_type.into()),
                "must be `FieldsV1`",
            ));
        }
        errs.extend(validate_field_manager(entry.manager.as_deref().unwrap_or(""), &p.child("manager")));
        if entry.subresource.as_deref().unwrap_or("").len() > MAX_SUBRESOURCE_NAME_LENGTH {
            errs.push(FieldError::too_long(&p.child("subresource"), MAX_SUBRESOURCE_NAME_LENGTH));
        }
    }
    errs
}

/// Mirrors `ValidateFieldManager`: at most 128 bytes, printable characters only.
fn validate_field_manager(manager: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if manager.len() > FIELD_MANAGER_MAX_LENGTH {
        errs.push(FieldError::too_long(path, FIELD_MANAGER_MAX_LENGTH));
    }
    for (i, c) in manager.char_indices() {
        if !is_print(c) {
            errs.push(FieldError::invalid(
                path,
                BadValue::Str(manager.into()),
                format!("invalid character {} (at position {i})", go_unicode_format(c)),
            ));
        }
    }
    errs
}

/// `unicode.IsPrint`, approximated: letters, marks, numbers, punctuation, symbols and the ASCII
/// space; control and other invisible characters are not printable.
fn is_print(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'))
}

/// Go's `%#U`: `U+0007` alone for a character that is not printable.
fn go_unicode_format(c: char) -> String {
    format!("U+{:04X}", c as u32)
}
