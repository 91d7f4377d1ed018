//! The created Pod's affinity as the API stores it: Go decodes the JSON into the typed
//! `core/v1` structs and `encoding/json` writes them back, so unknown keys vanish, `omitempty`
//! fields are dropped when empty (`preferred…: []`), and the others are written even at their
//! zero value (`weight: 0`, `preference: {}`, `topologyKey: ""`). Types: `Affinity`,
//! `NodeAffinity`, `NodeSelector`, `PreferredSchedulingTerm`, `PodAffinity`, `PodAffinityTerm`,
//! `WeightedPodAffinityTerm` (k8s.io/api `core/v1/types.go`) and metav1 `LabelSelector`.

use serde_json::{Map, Value as Json};

/// The Go type of a field, as far as its JSON form depends on it.
enum Shape {
    /// A struct: its fields in declaration order.
    Struct(&'static [Field]),
    List(&'static Shape),
    StrMap,
    Str,
    Int,
}

struct Field {
    name: &'static str,
    shape: &'static Shape,
    /// `,omitempty`: dropped when nil or empty.
    omit_empty: bool,
    /// A pointer, slice or map: nil when absent (else a zero value is written).
    nilable: bool,
}

const fn field(name: &'static str, shape: &'static Shape, omit_empty: bool, nilable: bool) -> Field {
    Field { name, shape, omit_empty, nilable }
}

const STR: Shape = Shape::Str;
const INT: Shape = Shape::Int;
const STRS: Shape = Shape::List(&STR);

const REQUIREMENT_FIELDS: [Field; 3] =
    [field("key", &STR, false, false), field("operator", &STR, false, false), field("values", &STRS, true, true)];
const REQUIREMENT: Shape = Shape::Struct(&REQUIREMENT_FIELDS);
const REQUIREMENTS: Shape = Shape::List(&REQUIREMENT);
const TERM: Shape = Shape::Struct(&[
    field("matchExpressions", &REQUIREMENTS, true, true),
    field("matchFields", &REQUIREMENTS, true, true),
]);
const TERMS: Shape = Shape::List(&TERM);
const NODE_SELECTOR: Shape = Shape::Struct(&[field("nodeSelectorTerms", &TERMS, false, true)]);
const PREFERRED_TERM: Shape =
    Shape::Struct(&[field("weight", &INT, false, false), field("preference", &TERM, false, false)]);
const PREFERRED_TERMS: Shape = Shape::List(&PREFERRED_TERM);
const NODE_AFFINITY: Shape = Shape::Struct(&[
    field("requiredDuringSchedulingIgnoredDuringExecution", &NODE_SELECTOR, true, true),
    field("preferredDuringSchedulingIgnoredDuringExecution", &PREFERRED_TERMS, true, true),
]);

const LABEL_SELECTOR: Shape = Shape::Struct(&[
    field("matchLabels", &Shape::StrMap, true, true),
    field("matchExpressions", &Shape::List(&REQUIREMENT), true, true),
]);
const POD_AFFINITY_TERM: Shape = Shape::Struct(&[
    field("labelSelector", &LABEL_SELECTOR, true, true),
    field("namespaces", &STRS, true, true),
    field("topologyKey", &STR, false, false),
    field("namespaceSelector", &LABEL_SELECTOR, true, true),
    field("matchLabelKeys", &STRS, true, true),
    field("mismatchLabelKeys", &STRS, true, true),
]);
const POD_AFFINITY_TERMS: Shape = Shape::List(&POD_AFFINITY_TERM);
const WEIGHTED_TERM: Shape =
    Shape::Struct(&[field("weight", &INT, false, false), field("podAffinityTerm", &POD_AFFINITY_TERM, false, false)]);
const WEIGHTED_TERMS: Shape = Shape::List(&WEIGHTED_TERM);
const POD_AFFINITY: Shape = Shape::Struct(&[
    field("requiredDuringSchedulingIgnoredDuringExecution", &POD_AFFINITY_TERMS, true, true),
    field("preferredDuringSchedulingIgnoredDuringExecution", &WEIGHTED_TERMS, true, true),
]);
const AFFINITY: Shape = Shape::Struct(&[
    field("nodeAffinity", &NODE_AFFINITY, true, true),
    field("podAffinity", &POD_AFFINITY, true, true),
    field("podAntiAffinity", &POD_AFFINITY, true, true),
]);

/// A pod's `affinity` as `json.Marshal` of the decoded `*v1.Affinity` writes it.
pub fn stored_affinity(affinity: Json) -> Json {
    encode(&AFFINITY, affinity)
}

/// Re-encodes `value` as Go would after decoding it as `shape`. A value of the wrong JSON type
/// (which the API server would not have decoded) is kept as written.
fn encode(shape: &Shape, value: Json) -> Json {
    match (shape, value) {
        (Shape::Struct(fields), Json::Object(mut given)) => {
            let mut out = Map::new();
            for f in *fields {
                let v = given.remove(f.name).filter(|v| !v.is_null());
                match v {
                    None if f.omit_empty || f.nilable => {
                        if !f.omit_empty {
                            out.insert(f.name.into(), Json::Null);
                        }
                    }
                    None => {
                        out.insert(f.name.into(), zero(f.shape));
                    }
                    Some(v) => {
                        let v = encode(f.shape, v);
                        if !(f.omit_empty && is_empty(f.shape, &v)) {
                            out.insert(f.name.into(), v);
                        }
                    }
                }
            }
            Json::Object(out)
        }
        (Shape::List(item), Json::Array(items)) => Json::Array(items.into_iter().map(|v| encode(item, v)).collect()),
        (_, v) => v,
    }
}

/// Go's zero value of a non-nilable field.
fn zero(shape: &Shape) -> Json {
    match shape {
        Shape::Struct(_) => encode(shape, Json::Object(Map::new())),
        Shape::Str => Json::String(String::new()),
        Shape::Int => Json::from(0),
        Shape::List(_) | Shape::StrMap => Json::Null,
    }
}

/// `omitempty`'s test: an empty string, list or map, or a zero number (structs never are).
fn is_empty(shape: &Shape, v: &Json) -> bool {
    match (shape, v) {
        (Shape::Struct(_), _) => false,
        (_, Json::String(s)) => s.is_empty(),
        (_, Json::Array(a)) => a.is_empty(),
        (_, Json::Object(m)) => m.is_empty(),
        (_, Json::Number(n)) => n.as_f64() == Some(0.0),
        (_, Json::Bool(b)) => !b,
        (_, Json::Null) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_lists_dropped_and_zero_values_written() {
        let a = stored_affinity(json!({
            "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{}]},
            "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": []},
            "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 3}], "junk": 1}
        }));
        assert_eq!(
            a,
            json!({
                "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 0, "preference": {}}]},
                "podAffinity": {},
                "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 3, "podAffinityTerm": {"topologyKey": ""}}]}
            })
        );
    }
}
