//! `field.Error` and `field.ErrorList`, rendered byte for byte as the API server renders them.

use std::fmt;

use serde::Serialize;

use super::Path;

/// `field.ErrorType`; serialized as the wire string (`FieldValueInvalid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ErrorType {
    #[serde(rename = "FieldValueNotFound")]
    NotFound,
    #[serde(rename = "FieldValueRequired")]
    Required,
    #[serde(rename = "FieldValueDuplicate")]
    Duplicate,
    #[serde(rename = "FieldValueInvalid")]
    Invalid,
    #[serde(rename = "FieldValueNotSupported")]
    NotSupported,
    #[serde(rename = "FieldValueForbidden")]
    Forbidden,
    #[serde(rename = "FieldValueTooLong")]
    TooLong,
    #[serde(rename = "FieldValueTooMany")]
    TooMany,
    #[serde(rename = "FieldValueTypeInvalid")]
    TypeInvalid,
    #[serde(rename = "InternalError")]
    Internal,
}

impl ErrorType {
    /// The wire string, `StatusCause.reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::NotFound => "FieldValueNotFound",
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::TypeInvalid => "FieldValueTypeInvalid",
            ErrorType::Internal => "InternalError",
        }
    }

    /// `ErrorType.String()`: the words printed before the value.
    pub fn description(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::TypeInvalid => "Invalid value",
            ErrorType::Internal => "Internal error",
        }
    }

    fn prints_value(self) -> bool {
        !matches!(self, ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal)
    }
}

/// The offending value, kept in the form Go prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    /// A Go `string`: printed `%q`-quoted.
    Str(String),
    /// A Go integer or bool: printed bare.
    Bare(String),
    /// Anything else (named string types, maps, structs, IntOrString): printed as JSON.
    Json(serde_json::Value),
    /// Nothing printed.
    Omit,
}

impl BadValue {
    pub fn render(&self) -> Option<String> {
        match self {
            BadValue::Str(s) => Some(go_quote(s)),
            BadValue::Bare(s) => Some(s.clone()),
            BadValue::Json(v) => Some(go_json(v)),
            BadValue::Omit => None,
        }
    }
}

/// `field.Error`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub error_type: ErrorType,
    pub field: String,
    pub bad_value: BadValue,
    pub detail: String,
}

impl FieldError {
    fn new(error_type: ErrorType, path: &Path, bad_value: BadValue, detail: impl Into<String>) -> FieldError {
        FieldError { error_type, field: path.to_string(), bad_value, detail: detail.into() }
    }
    /// Mirrors `field.Required`.
    pub fn required(path: &Path, detail: impl Into<String>) -> FieldError {
        Self::new(ErrorType::Required, path, BadValue::Omit, detail)
    }
    /// Mirrors `field.Invalid`.
    pub fn invalid(path: &Path, value: BadValue, detail: impl Into<String>) -> FieldError {
        Self::new(ErrorType::Invalid, path, value, detail)
    }
    /// Mirrors `field.Forbidden`.
    pub fn forbidden(path: &Path, detail: impl Into<String>) -> FieldError {
        Self::new(ErrorType::Forbidden, path, BadValue::Omit, detail)
    }
    /// Mirrors `field.Duplicate`.
    pub fn duplicate(path: &Path, value: BadValue) -> FieldError {
        Self::new(ErrorType::Duplicate, path, value, "")
    }
    /// Mirrors `field.NotSupported`: the detail lists the supported values, Go-quoted.
    pub fn not_supported(path: &Path, value: BadValue, valid: &[&str]) -> FieldError {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            format!("supported values: {}", valid.iter().map(|v| go_quote(v)).collect::<Vec<_>>().join(", "))
        };
        Self::new(ErrorType::NotSupported, path, value, detail)
    }
    /// Mirrors `field.TooLong`.
    pub fn too_long(path: &Path, max: usize) -> FieldError {
        let unit = if max == 1 { "byte" } else { "bytes" };
        Self::new(ErrorType::TooLong, path, BadValue::Omit, format!("may not be more than {max} {unit}"))
    }
    /// Mirrors `field.TooMany`.
    pub fn too_many(path: &Path, actual: usize, max: usize) -> FieldError {
        Self::new(
            ErrorType::TooMany,
            path,
            BadValue::Bare(actual.to_string()),
            format!("must have at most {max} items"),
        )
    }

    /// Mirrors `Error.ErrorBody`: the message without the field path.
    pub fn body(&self) -> String {
        let mut s = self.error_type.description().to_string();
        if self.error_type.prints_value() {
            if let Some(v) = self.bad_value.render() {
                s.push_str(": ");
                s.push_str(&v);
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// `field.ErrorList`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorList(pub Vec<FieldError>);

impl ErrorList {
    pub fn new() -> ErrorList {
        ErrorList(Vec::new())
    }
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub fn extend(&mut self, other: ErrorList) {
        self.0.extend(other.0);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }
}

/// `ToAggregate().Error()`: one error alone, several as `[a, b]` without repeated messages.
impl fmt::Display for ErrorList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut seen: Vec<String> = Vec::new();
        let mut once = std::collections::HashSet::new();
        for e in &self.0 {
            let m = e.to_string();
            if once.insert(m.clone()) {
                seen.push(m);
            }
        }
        match seen.as_slice() {
            [one] => f.write_str(one),
            many => write!(f, "[{}]", many.join(", ")),
        }
    }
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            '\u{fffd}' => out.push('\u{fffd}'),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || matches!(c as u32, 0x2028 | 0x2029 | 0xfeff | 0xad) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `json.Marshal`: sorted keys, and `<`, `>`, `&`, U+2028, U+2029 escaped.
pub fn go_json(v: &serde_json::Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_render_like_error_body() {
        let p = Path::new("spec").child("template.spec.restartPolicy");
        let e = FieldError::not_supported(&p, BadValue::Str("OnFailure".into()), &["Always"]);
        assert_eq!(
            e.to_string(),
            r#"spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#
        );
        let e = FieldError::required(&Path::new("spec.selector"), "");
        assert_eq!(e.to_string(), "spec.selector: Required value");
        let e = FieldError::invalid(&Path::new("x"), BadValue::Json(serde_json::json!({"b": "<", "a": 1})), "d");
        assert_eq!(e.to_string(), r#"x: Invalid value: {"a":1,"b":"\u003c"}: d"#);
        assert_eq!(FieldError::too_long(&Path::new("x"), 1).body(), "Too long: may not be more than 1 byte");
    }

    #[test]
    fn aggregate_drops_repeats() {
        let e = FieldError::forbidden(&Path::new("a"), "no");
        assert_eq!(ErrorList(vec![e.clone()]).to_string(), "a: Forbidden: no");
        assert_eq!(ErrorList(vec![e.clone(), e.clone()]).to_string(), "a: Forbidden: no");
        let f = FieldError::forbidden(&Path::new("b"), "no");
        assert_eq!(ErrorList(vec![e.clone(), f, e]).to_string(), "[a: Forbidden: no, b: Forbidden: no]");
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\\n\u{1}é"), "\"a\\\"b\\\\\\n\\x01é\"");
    }
}
