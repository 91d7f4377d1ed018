//! Decodes the positional tree into the wire types with serde, so a wrong type is reported with
//! its field path, line and column (`spec.template.spec.tolerations: expected a list, got a map`).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::go_decode;
use super::tree::{Entry, Node, Pos, Value};

/// The JSON field that holds `seg`'s value, skipping list indices and map keys.
fn field_above<'a>(mut seg: &Seg<'a>) -> &'a str {
    loop {
        match seg {
            Seg::Root(_) => return "",
            Seg::Field(_, name, _) => return name,
            Seg::Key(parent, _) | Seg::Index(parent, _) => seg = parent,
        }
    }
}

/// A value of the wrong type, as the API server's decoder would refuse it (HTTP 400). Boxed, as
/// serde_json's error is: every decoded field passes its `Result` on, and one pointer moves in a
/// few instructions where the fields took dozens (9.5 KB off the gzipped module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(Box<DecodeErrorFields>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeErrorFields {
    pub path: String,
    pub message: String,
    pub pos: Pos,
    located: bool,
    /// What the API server's decoder says about the same value, where known (`json: cannot
    /// unmarshal ...`).
    pub go: Option<String>,
}

impl std::ops::Deref for DecodeError {
    type Target = DecodeErrorFields;
    fn deref(&self) -> &DecodeErrorFields {
        &self.0
    }
}

impl From<DecodeErrorFields> for DecodeError {
    fn from(fields: DecodeErrorFields) -> Self {
        DecodeError(Box::new(fields))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError::unlocated(msg.to_string())
    }

    // serde's derived code calls these at every field; one shared call each keeps the
    // `format_args!` of the default methods out of the callers.
    #[cold]
    #[inline(never)]
    fn duplicate_field(field: &'static str) -> Self {
        DecodeError::unlocated(format!("duplicate field `{field}`"))
    }

    #[cold]
    #[inline(never)]
    fn missing_field(field: &'static str) -> Self {
        DecodeError::unlocated(format!("missing field `{field}`"))
    }
}

impl DecodeError {
    #[cold]
    #[inline(never)]
    fn unlocated(message: String) -> Self {
        DecodeErrorFields { path: String::new(), message, pos: Pos::default(), located: false, go: None }.into()
    }
}

/// Decodes `node` as `T`; `root` names the node's own path (`""` for a whole object).
pub fn decode<T: DeserializeOwned>(node: &Node, root: &str) -> Result<T, DecodeError> {
    T::deserialize(NodeDe { node, path: &Seg::Root(root) })
}

/// The path to the value being decoded, kept on the stack and rendered only for an error.
enum Seg<'a> {
    Root(&'a str),
    /// A struct field: its JSON name and the Rust struct that declares it.
    Field(&'a Seg<'a>, &'a str, &'static str),
    Key(&'a Seg<'a>, &'a str),
    Index(&'a Seg<'a>, usize),
}

impl Seg<'_> {
    fn render(&self, out: &mut String) {
        match self {
            Seg::Root(r) => out.push_str(r),
            Seg::Field(p, name, _) => {
                p.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Key(p, k) => {
                p.render(out);
                out.push('[');
                out.push_str(k);
                out.push(']');
            }
            Seg::Index(p, i) => {
                p.render(out);
                out.push_str(&format!("[{i}]"));
            }
        }
    }
}

#[derive(Clone, Copy)]
struct NodeDe<'a> {
    node: &'a Node,
    path: &'a Seg<'a>,
}

impl NodeDe<'_> {
    // The error paths below are not generic and never inlined: every decoded type shares one
    // copy of them, which keeps the module small (decoding runs once per object, not per node).
    #[cold]
    #[inline(never)]
    fn error(&self, message: String) -> DecodeError {
        let mut path = String::new();
        self.path.render(&mut path);
        DecodeErrorFields { path, message, pos: self.node.pos, located: true, go: None }.into()
    }

    /// Gives a serde error raised below this value this value's path and position.
    #[cold]
    #[inline(never)]
    fn locate(&self, e: DecodeError) -> DecodeError {
        if e.located {
            e
        } else {
            self.error(e.0.message)
        }
    }

    /// Go's `UnmarshalTypeError` for this value in a field of Rust type `rust_type`: the struct that
    /// declares the innermost field, the JSON field names from the root (no indices or keys).
    #[cold]
    #[inline(never)]
    fn go_error_as(&self, rust_type: &str, integer_target: bool) -> Option<String> {
        let (mut fields, mut context, mut seg) = (Vec::new(), None, self.path);
        loop {
            match seg {
                Seg::Root("") => break,
                Seg::Root(_) => return None,
                Seg::Field(parent, name, strukt) => {
                    fields.push(*name);
                    if context.is_none() {
                        context = Some((*strukt, *name, field_above(parent)));
                    }
                    seg = parent;
                }
                Seg::Key(parent, _) | Seg::Index(parent, _) => seg = parent,
            }
        }
        let (strukt, key, holder) = context?;
        fields.reverse();
        let go_type = go_decode::go_type(rust_type, key)?;
        let value = match &self.node.value {
            Value::Null => return None,
            Value::String(_) => "string".to_string(),
            Value::Number(n) if integer_target => format!("number {n}"),
            Value::Number(_) => "number".to_string(),
            Value::Bool(..) => "bool".to_string(),
            Value::Seq(_) => "array".to_string(),
            Value::Map(_) => "object".to_string(),
        };
        let go_struct = go_decode::go_struct_name(strukt, holder);
        Some(go_decode::unmarshal_type_error(&value, &go_struct, &fields.join("."), &go_type))
    }

    fn wrong_type_go<T: ?Sized>(&self, wanted: &str, integer_target: bool) -> DecodeError {
        self.wrong_type_go_as(std::any::type_name::<T>(), wanted, integer_target)
    }

    #[cold]
    #[inline(never)]
    fn wrong_type_go_as(&self, rust_type: &str, wanted: &str, integer_target: bool) -> DecodeError {
        let mut e = self.wrong_type(wanted);
        e.0.go = self.go_error_as(rust_type, integer_target);
        e
    }

    fn wrong_type(&self, wanted: &str) -> DecodeError {
        let got = match &self.node.value {
            Value::String(s) => format!("the string {s:?}"),
            Value::Number(n) => format!("the number {n}"),
            Value::Bool(_, text) => {
                format!("the boolean {text} (write \"{text}\" with quotes for a string)")
            }
            other => format!("a {}", other.type_name()),
        };
        self.error(format!("expected {wanted}, got {got}"))
    }

    /// The integer in this value, for a field of Rust type `rust_type` wanting `wanted` in
    /// `min..=max`.
    #[inline(never)]
    fn integer(&self, rust_type: &str, wanted: &str, min: i64, max: i64) -> Result<i64, DecodeError> {
        match &self.node.value {
            Value::Number(n) => match n.parse::<i64>() {
                Ok(i) if (min..=max).contains(&i) => Ok(i),
                Ok(i) => Err(self.out_of_range(rust_type, wanted, &i.to_string())),
                Err(_) => Err(self.out_of_range(rust_type, wanted, n)),
            },
            _ => Err(self.wrong_type_go_as(rust_type, wanted, true)),
        }
    }

    #[cold]
    #[inline(never)]
    fn out_of_range(&self, rust_type: &str, wanted: &str, number: &str) -> DecodeError {
        let mut e = self.error(format!("expected {wanted}, got the number {number}"));
        e.0.go = self.go_error_as(rust_type, true);
        e
    }
}

macro_rules! integer_method {
    ($method:ident, $visit:ident, $ty:ty, $wanted:literal) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            let rust_type = std::any::type_name::<V::Value>();
            let i =
                self.integer(rust_type, $wanted, <$ty>::MIN as i64, i64::try_from(<$ty>::MAX).unwrap_or(i64::MAX))?;
            visitor.$visit(i as $ty).map_err(|e| self.locate(e))
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let r = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b, _) => visitor.visit_bool(*b),
            Value::Number(n) => match n.parse::<i64>() {
                Ok(i) => visitor.visit_i64(i),
                Err(_) => match n.parse::<f64>() {
                    Ok(f) => visitor.visit_f64(f),
                    Err(_) => visitor.visit_str(n),
                },
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Seq(_) => self.deserialize_seq(visitor),
            Value::Map(_) => self.deserialize_map(visitor),
        };
        r.map_err(|e| {
            let mut e = self.locate(e);
            // `IntOrString.UnmarshalJSON` decodes a non-string into its int32, whose error the
            // outer decoder gives this field's context.
            if e.go.is_none() && std::any::type_name::<V::Value>().ends_with("::IntOrString") {
                e.0.go = self.go_error_as("i32", true);
            }
            e
        })
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Bool(b, _) => visitor.visit_bool(*b).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type_go::<V::Value>("a boolean", false)),
        }
    }

    integer_method!(deserialize_i8, visit_i8, i8, "an integer");
    integer_method!(deserialize_i16, visit_i16, i16, "an integer");
    integer_method!(deserialize_i32, visit_i32, i32, "a 32-bit integer");
    integer_method!(deserialize_i64, visit_i64, i64, "an integer");
    integer_method!(deserialize_u8, visit_u8, u8, "a small non-negative integer");
    integer_method!(deserialize_u16, visit_u16, u16, "a non-negative integer");
    integer_method!(deserialize_u32, visit_u32, u32, "a non-negative integer");
    integer_method!(deserialize_u64, visit_u64, u64, "a non-negative integer");

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Number(n) => match n.parse::<f64>() {
                Ok(f) => visitor.visit_f64(f).map_err(|e| self.locate(e)),
                Err(_) => Err(self.wrong_type_go::<V::Value>("a number", false)),
            },
            _ => Err(self.wrong_type_go::<V::Value>("a number", false)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::String(s) => visitor.visit_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type_go::<V::Value>("a string", false)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Seq(items) => {
                let r = visitor.visit_seq(SeqDe { items, at: 0, path: self.path });
                r.map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong_type_go::<V::Value>("a list", false)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Map(entries) => {
                let r = visitor.visit_map(MapDe {
                    entries,
                    at: 0,
                    path: self.path,
                    fields: None,
                    later: LastIndex::default(),
                });
                r.map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong_type_go::<V::Value>("a map", false)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Map(entries) => {
                let r = visitor.visit_map(MapDe {
                    entries,
                    at: 0,
                    path: self.path,
                    fields: Some(name),
                    later: LastIndex::default(),
                });
                r.map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong_type_go::<V::Value>("a map", false)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    /// Unit variants written as strings (`failurePolicy: Fail`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::String(s) => {
                visitor.visit_enum(s.as_str().into_deserializer()).map_err(|e: DecodeError| self.locate(e))
            }
            _ => Err(self.wrong_type_go::<V::Value>("a string", false)),
        }
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit_struct tuple tuple_struct identifier i128 u128
    }
}

struct SeqDe<'a> {
    items: &'a [Node],
    at: usize,
    path: &'a Seg<'a>,
}

impl<'de> SeqAccess<'de> for SeqDe<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DecodeError> {
        let Some(node) = self.items.get(self.at) else {
            return Ok(None);
        };
        let path = Seg::Index(self.path, self.at);
        self.at += 1;
        seed.deserialize(NodeDe { node, path: &path }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.at)
    }
}

struct MapDe<'a> {
    entries: &'a [Entry],
    at: usize,
    path: &'a Seg<'a>,
    /// The struct whose fields these are (rendered `.name`); map keys render `[key]`, as
    /// Kubernetes paths do.
    fields: Option<&'static str>,
    later: LastIndex<'a>,
}

/// Whether a map key is written again further on: a scan for small maps, for large ones an
/// index of each key's last position built once (linear time however many keys).
#[derive(Default)]
struct LastIndex<'a>(Option<std::collections::HashMap<&'a str, usize>>);

impl<'a> LastIndex<'a> {
    fn written_again(&mut self, entries: &'a [Entry], at: usize, key: &str) -> bool {
        if entries.len() < 16 {
            return entries.get(at + 1..).is_some_and(|rest| rest.iter().any(|e| e.key == key));
        }
        let last = self.0.get_or_insert_with(|| entries.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect());
        last.get(key).is_some_and(|&i| i > at)
    }
}

impl<'de> MapAccess<'de> for MapDe<'_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DecodeError> {
        // A key written twice: the last one wins, as in JSON decoding.
        while let Some(entry) = self.entries.get(self.at) {
            if self.later.written_again(self.entries, self.at, &entry.key) {
                self.at += 1;
            } else {
                break;
            }
        }
        let Some(entry) = self.entries.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(entry.key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DecodeError> {
        let entry = &self.entries[self.at];
        self.at += 1;
        let path = match self.fields {
            Some(strukt) => Seg::Field(self.path, &entry.key, strukt),
            None => Seg::Key(self.path, &entry.key),
        };
        seed.deserialize(NodeDe { node: &entry.value, path: &path })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::parse_yaml_stream;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "camelCase")]
    struct Spec {
        tolerations: Option<Vec<Tol>>,
        node_selector: Option<BTreeMap<String, String>>,
    }
    #[derive(Deserialize, Debug)]
    struct Tol {
        #[allow(dead_code)]
        key: Option<String>,
        #[serde(rename = "tolerationSeconds")]
        #[allow(dead_code)]
        seconds: Option<i64>,
    }

    fn decode_yaml(text: &str) -> Result<Spec, DecodeError> {
        let docs = parse_yaml_stream(text, crate::input::Filter::All, &mut Vec::new()).unwrap();
        decode(&docs[0], "spec")
    }

    #[test]
    fn wrong_types_name_path_and_position() {
        let e = decode_yaml("tolerations: {}\n").unwrap_err();
        assert_eq!(e.to_string(), "spec.tolerations: expected a list, got a map");
        assert_eq!(e.pos, Pos { line: 1, column: 14 });
        let e = decode_yaml("tolerations:\n- key: a\n  tolerationSeconds: ten\n").unwrap_err();
        assert_eq!(e.to_string(), "spec.tolerations[0].tolerationSeconds: expected an integer, got the string \"ten\"");
        assert_eq!(e.pos.line, 3);
        let e = decode_yaml("nodeSelector:\n  gpu: yes\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "spec.nodeSelector[gpu]: expected a string, got the boolean yes (write \"yes\" with quotes for a string)"
        );
    }

    #[test]
    fn nulls_are_absent() {
        let s = decode_yaml("tolerations: null\nnodeSelector: {a: b}\n").unwrap();
        assert!(s.tolerations.is_none());
        assert_eq!(s.node_selector.unwrap()["a"], "b");
    }
}
