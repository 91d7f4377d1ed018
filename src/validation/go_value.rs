//! Go's rendering of a struct value in a field error: `json.Marshal` of an internal type,
//! which has no json tags, so fields print in declaration order under their Go names
//! (`{"Type":"RuntimeDefault","LocalhostProfile":"p"}`).

use crate::field::BadValue;
use serde_json::Value;

/// A struct printed field by field; each value is already rendered JSON.
pub fn go_struct(fields: &[(&str, String)]) -> BadValue {
    BadValue::Bare(render_struct(fields))
}

/// The `{"Name":value,...}` text of a struct, for nesting inside another.
pub fn render_struct(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields.iter().map(|(name, value)| format!("\"{name}\":{value}")).collect();
    format!("{{{}}}", body.join(","))
}

/// One JSON value as Go prints it (HTML characters escaped).
pub fn json(v: Value) -> String {
    BadValue::Json(v).render().unwrap_or_default()
}

/// A Go `string` field: empty when absent.
pub fn string(v: Option<&String>) -> String {
    json(Value::String(v.cloned().unwrap_or_default()))
}

/// A Go pointer or slice: `null` when absent.
pub fn nullable<T: serde::Serialize>(v: Option<&T>) -> String {
    v.map_or_else(|| "null".to_string(), |v| json(serde_json::to_value(v).unwrap_or(Value::Null)))
}
