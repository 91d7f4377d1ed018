//! The template hash the controller names revisions and labels pods with: `ComputeHash`
//! (pkg/controller/controller_utils.go) = fnv32a over `dump.ForHash(template)` (go-spew's
//! `%#v` with sorted keys and methods disabled), then `rand.SafeEncodeString`.
//!
//! spew walks the Go structs, so the walk is driven by their layouts (`go_types.txt`) over the
//! template's JSON, read as the controller's informer holds it: decoded from the API server's
//! protobuf (empty lists and maps are nil; quantities are `ParseQuantity` of their `String()`,
//! see `go_quantity`). Not reproducible, and so refused rather than guessed: a non-zero
//! timestamp (its `time.Location` is the process's local zone) and `managedFields` bytes.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::go_quantity::spew_quantity;
use crate::release::Release;

/// Where spew would print something that cannot be reproduced from the JSON (a timestamp, raw
/// managedFields bytes, a quantity too large or malformed): the hash is then not computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

struct Field {
    go: &'static str,
    json: &'static str,
    ty: &'static str,
    inline: bool,
}

enum Def {
    Struct(Vec<Field>),
    Named(&'static str),
}

type Layouts = HashMap<&'static str, Def>;

/// Reads `S`/`N` blocks into `defs`, a block replacing any earlier one of the same type.
fn read_layouts(defs: &mut Layouts, text: &'static str) {
    let mut current: Option<(&str, Vec<Field>)> = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut words = line.split_whitespace();
        if line.starts_with(' ') {
            if let (Some((_, fields)), Some(go), Some(json), Some(ty)) =
                (current.as_mut(), words.next(), words.next(), words.next())
            {
                fields.push(Field { go, json, ty, inline: words.next() == Some("inline") });
            }
            continue;
        }
        if let Some((name, fields)) = current.take() {
            defs.insert(name, Def::Struct(fields));
        }
        match (words.next(), words.next(), words.next()) {
            (Some("S"), Some(name), _) => current = Some((name, Vec::new())),
            (Some("N"), Some(name), Some(under)) => {
                defs.insert(name, Def::Named(under));
            }
            _ => {}
        }
    }
    if let Some((name, fields)) = current {
        defs.insert(name, Def::Struct(fields));
    }
}

/// The Go layouts a release's controller walks: spew prints every field by name, so a field
/// added, renamed or removed anywhere under the template changes every hash.
fn layouts(release: Release) -> &'static Layouts {
    static LAYOUTS: OnceLock<[Layouts; 3]> = OnceLock::new();
    let all = LAYOUTS.get_or_init(|| {
        let mut v1_35 = HashMap::new();
        read_layouts(&mut v1_35, include_str!("go_types.txt"));
        let mut v1_36 = HashMap::new();
        read_layouts(&mut v1_36, include_str!("go_types.txt"));
        read_layouts(&mut v1_36, include_str!("go_types_1.36.txt"));
        let mut v1_37 = HashMap::new();
        read_layouts(&mut v1_37, include_str!("go_types.txt"));
        read_layouts(&mut v1_37, include_str!("go_types_1.36.txt"));
        read_layouts(&mut v1_37, include_str!("go_types_1.37.txt"));
        [v1_35, v1_36, v1_37]
    });
    match release {
        Release::V1_35 => &all[0],
        Release::V1_36 => &all[1],
        Release::V1_37 => &all[2],
    }
}

/// Mirrors `controller.ComputeHash(template, collisionCount)`.
pub fn compute_hash(template: &Json, collision_count: Option<i64>, release: Release) -> Result<String, Unsupported> {
    let mut text = String::new();
    spew(&mut text, layouts(release), "v1.PodTemplateSpec", Some(template), true)?;
    let mut hash = fnv32a(0x811c_9dc5, text.as_bytes());
    if let Some(c) = collision_count {
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&(c as u32).to_le_bytes());
        hash = fnv32a(hash, &bytes);
    }
    Ok(safe_encode_string(&hash.to_string()))
}

fn fnv32a(mut hash: u32, bytes: &[u8]) -> u32 {
    for b in bytes {
        hash ^= u32::from(*b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Mirrors `rand.SafeEncodeString`: each character mapped onto the vowel-free alphabet.
pub fn safe_encode_string(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.chars().map(|c| char::from(ALPHANUMS[c as usize % ALPHANUMS.len()])).collect()
}

fn present(v: Option<&Json>) -> Option<&Json> {
    v.filter(|v| !v.is_null())
}

/// spew's `formatState.format` for a value of Go type `ty` (`show`: print its type first,
/// which spew skips for slice elements, map entries and pointees).
fn spew(out: &mut String, defs: &Layouts, ty: &str, v: Option<&Json>, show: bool) -> Result<(), Unsupported> {
    let v = present(v);
    if let Some(elem) = ty.strip_prefix('*') {
        match v {
            None if show => write_str(out, &format!("({ty})<nil>")),
            None => out.push_str("<nil>"),
            Some(_) => {
                out.push_str(&if show { format!("({ty})") } else { "<*>".to_string() });
                spew(out, defs, elem, v, false)?;
            }
        }
        return Ok(());
    }
    if show {
        let _ = write!(out, "({ty})");
    }
    let under = match defs.get(ty) {
        Some(Def::Named(under)) => under,
        _ => ty,
    };
    if let Some(elem) = under.strip_prefix("[]") {
        let Some(v) = v else {
            out.push_str("<nil>");
            return Ok(());
        };
        let items = v.as_array().ok_or_else(|| wrong(ty, v))?;
        // From protobuf an empty repeated field decodes as a nil slice.
        if items.is_empty() {
            out.push_str("<nil>");
            return Ok(());
        }
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            spew(out, defs, elem, Some(item), false)?;
        }
        out.push(']');
        return Ok(());
    }
    if let Some(rest) = under.strip_prefix("map[") {
        let value_ty = rest.split_once(']').map_or("", |(_, v)| v);
        let Some(v) = v else {
            out.push_str("<nil>");
            return Ok(());
        };
        let map = v.as_object().ok_or_else(|| wrong(ty, v))?;
        // Likewise an empty map: protobuf makes the map only for its first entry.
        if map.is_empty() {
            out.push_str("<nil>");
            return Ok(());
        }
        let mut keys: Vec<&String> = map.keys().collect();
        crate::sort::sort(&mut keys);
        out.push_str("map[");
        for (i, k) in keys.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(k);
            out.push(':');
            spew(out, defs, value_ty, map.get(k), false)?;
        }
        out.push(']');
        return Ok(());
    }
    match under {
        "string" => match v {
            None => {}
            Some(Json::String(s)) => out.push_str(s),
            Some(other) => return Err(wrong(ty, other)),
        },
        "bool" => match v {
            None => out.push_str("false"),
            Some(Json::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            Some(other) => return Err(wrong(ty, other)),
        },
        "int" | "int32" | "int64" | "uint64" | "uint32" => match v {
            None => out.push('0'),
            Some(n) => match n.as_i64().map(|i| i.to_string()).or_else(|| n.as_u64().map(|u| u.to_string())) {
                Some(text) => out.push_str(&text),
                None => return Err(wrong(ty, n)),
            },
        },
        "intstr.IntOrString" => match v {
            None => out.push_str("{Type:(intstr.Type)0 IntVal:(int32)0 StrVal:(string)}"),
            Some(Json::String(s)) => {
                write_str(out, &format!("{{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string){s}}}"))
            }
            Some(n) => match n.as_i64() {
                Some(i) => write_str(out, &format!("{{Type:(intstr.Type)0 IntVal:(int32){i} StrVal:(string)}}")),
                None => return Err(wrong(ty, n)),
            },
        },
        "resource.Quantity" => out.push_str(&spew_quantity(v)?),
        // `metav1.Time` decodes with `.Local()`: its `loc` points at the controller-manager's
        // `time.Local`, whose zone tables (and whether they were loaded yet) spew would print.
        "v1.Time" if v.is_some() => {
            return Err(Unsupported(
                "a timestamp in the template (spew prints the controller-manager's local time zone)".into(),
            ))
        }
        // `FieldsV1.Raw` holds the bytes as the API server stored them, which JSON does not keep.
        "v1.FieldsV1" if v.is_some() => {
            return Err(Unsupported("managedFields with fieldsV1 in the template (raw stored bytes)".into()))
        }
        _ => {
            let Some(Def::Struct(fields)) = defs.get(under) else {
                return Err(Unsupported(format!("the Go type {ty}")));
            };
            if let Some(v) = v.filter(|v| !v.is_object()) {
                return Err(wrong(ty, v));
            }
            out.push('{');
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(f.go);
                out.push(':');
                let value = match (f.inline, f.json) {
                    (true, _) => v,
                    (false, "-") => None,
                    (false, key) => v.and_then(|v| v.get(key)),
                };
                // An inline struct reads the same JSON object: a zero one prints its zero fields.
                spew(out, defs, f.ty, value, true)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_str(out: &mut String, s: &str) {
    out.push_str(s);
}

fn wrong(ty: &str, v: &Json) -> Unsupported {
    Unsupported(format!("{v} cannot be decoded as Go type {ty}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_like_kubernetes() {
        assert_eq!(safe_encode_string("0123456789"), "456789bcdf");
        assert_eq!(fnv32a(0x811c_9dc5, b"a"), 0xe40c_292c);
    }

    #[test]
    fn zero_values_print_typed() {
        let mut out = String::new();
        spew(
            &mut out,
            layouts(Release::V1_35),
            "v1.Toleration",
            Some(&json!({"key": "k", "tolerationSeconds": 5})),
            true,
        )
        .unwrap();
        assert_eq!(
            out,
            "(v1.Toleration){Key:(string)k Operator:(v1.TolerationOperator) Value:(string) Effect:(v1.TaintEffect) TolerationSeconds:(*int64)5}"
        );
    }
}
