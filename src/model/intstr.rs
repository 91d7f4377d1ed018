//! `intstr.IntOrString`: `maxUnavailable: 1` or `maxUnavailable: "10%"`.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl IntOrString {
    /// The value as JSON, which is how the API server prints it in messages (`1`, `"10%"`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            IntOrString::Int(i) => (*i).into(),
            IntOrString::String(s) => s.clone().into(),
        }
    }
}

impl serde::Serialize for IntOrString {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(i) => s.serialize_i64(*i),
            IntOrString::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string such as \"10%\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrString, E> {
                i32::try_from(v)
                    .map(|v| IntOrString::Int(v.into()))
                    .map_err(|_| E::custom(format!("expected a 32-bit integer or a string, got the number {v}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrString, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IntOrString, E> {
                Err(E::custom(format!("expected an integer or a string such as \"10%\", got the number {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::String(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<IntOrString, E> {
                Err(E::custom(format!("expected an integer or a string such as \"10%\", got the boolean {v}")))
            }
        }
        d.deserialize_any(V)
    }
}
