//! The deprecated tolerations annotation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidateTolerationsInPodAnnotations`, reading the value as `GetTolerationsFromPodAnnotations`
//! does (`encoding/json`'s `json.Unmarshal` into the internal `[]core.Toleration`, whose fields
//! have no json tags), with Go's error when it refuses the text.

use super::go_json::{check_valid, fold_name, Reader};
use super::tolerations::validate_tolerations;
use super::ValidationOptions;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::{StringMap, Toleration};

const TOLERATIONS_ANNOTATION: &str = "scheduler.alpha.kubernetes.io/tolerations";

/// Mirrors `ValidateTolerationsInPodAnnotations`: a value Go cannot decode is one Invalid at the
/// annotations (the annotation's key as the value, Go's error as the detail).
pub fn validate_tolerations_in_pod_annotations(
    annotations: &StringMap,
    path: &Path,
    opts: ValidationOptions,
) -> ErrorList {
    let text = annotations.get(TOLERATIONS_ANNOTATION).map(String::as_str).unwrap_or("");
    if text.is_empty() {
        return ErrorList::new();
    }
    match decode_tolerations(text) {
        Err(e) => ErrorList(vec![FieldError::invalid(path, BadValue::Str(TOLERATIONS_ANNOTATION.into()), e)]),
        Ok(tolerations) if !tolerations.is_empty() => {
            validate_tolerations(&tolerations, &path.child(TOLERATIONS_ANNOTATION), opts)
        }
        Ok(_) => ErrorList::new(),
    }
}

/// `json.Unmarshal(text, &[]core.Toleration)`: the syntax check first, then the first type
/// error in document order (`saveError` keeps the first and decoding goes on).
pub fn decode_tolerations(text: &str) -> Result<Vec<Toleration>, String> {
    check_valid(text.as_bytes())?;
    let mut r = Reader::new(text.as_bytes());
    let mut first: Option<String> = None;
    let mut tolerations = Vec::new();
    match r.kind() {
        "null" => return Ok(tolerations),
        "array" => {}
        other => return Err(type_error(other, None, "[]core.Toleration")),
    }
    r.eat(b'[');
    while !r.eat(b']') {
        r.eat(b',');
        match r.kind() {
            "null" => {
                r.skip();
                tolerations.push(Toleration::default());
            }
            "object" => tolerations.push(decode_toleration(&mut r, &mut first)),
            other => {
                first.get_or_insert_with(|| type_error(other, None, "core.Toleration"));
                r.skip();
                tolerations.push(Toleration::default());
            }
        }
    }
    first.map_or(Ok(tolerations), Err)
}

/// Mirrors `UnmarshalTypeError.Error()`, with the struct field when inside one.
fn type_error(kind: &str, field: Option<&str>, go_type: &str) -> String {
    match field {
        Some(f) => format!("json: cannot unmarshal {kind} into Go struct field Toleration.{f} of type {go_type}"),
        None => format!("json: cannot unmarshal {kind} into Go value of type {go_type}"),
    }
}

const FIELDS: [(&str, &str); 5] = [
    ("Key", "string"),
    ("Operator", "core.TolerationOperator"),
    ("Value", "string"),
    ("Effect", "core.TaintEffect"),
    ("TolerationSeconds", "int64"),
];

fn decode_toleration(r: &mut Reader<'_>, first: &mut Option<String>) -> Toleration {
    let mut t = Toleration::default();
    r.eat(b'{');
    while !r.eat(b'}') {
        r.eat(b',');
        let key = r.string();
        r.eat(b':');
        // `byExactName`, then `byFoldedName`; other keys are skipped.
        let field = FIELDS.iter().find(|(f, _)| *f == key).or_else(|| {
            let folded = fold_name(&key);
            FIELDS.iter().find(|(f, _)| fold_name(f) == folded)
        });
        let Some(&(name, go_type)) = field else {
            r.skip();
            continue;
        };
        let mismatch = |kind: &str| type_error(kind, Some(name), go_type);
        match (name, r.kind()) {
            // `null` leaves a string as it was and sets a pointer to nil.
            ("TolerationSeconds", "null") => {
                r.skip();
                t.toleration_seconds = None;
            }
            (_, "null") => r.skip(),
            ("TolerationSeconds", "number") => {
                let literal = r.literal();
                match literal.parse::<i64>() {
                    // `strconv.ParseInt(s, 10, 64)`: no fraction, exponent or `+`.
                    Ok(n) if !literal.contains(['e', 'E', '.']) => t.toleration_seconds = Some(n),
                    _ => {
                        first.get_or_insert_with(|| mismatch(&format!("number {literal}")));
                    }
                }
            }
            ("TolerationSeconds", kind) => {
                first.get_or_insert_with(|| mismatch(kind));
                r.skip();
            }
            (_, "string") => {
                let s = r.string();
                match name {
                    "Key" => t.key = s,
                    "Operator" => t.operator = s,
                    "Value" => t.value = s,
                    _ => t.effect = s,
                }
            }
            (_, kind) => {
                first.get_or_insert_with(|| mismatch(kind));
                r.skip();
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_type_errors() {
        let err = |t: &str| decode_tolerations(t).unwrap_err();
        assert_eq!(err("{}"), "json: cannot unmarshal object into Go value of type []core.Toleration");
        assert_eq!(err(r#""a""#), "json: cannot unmarshal string into Go value of type []core.Toleration");
        assert_eq!(err(r#"[{"key":"a"}, "b"]"#), "json: cannot unmarshal string into Go value of type core.Toleration");
        assert_eq!(
            err(r#"[{"key": 1}]"#),
            "json: cannot unmarshal number into Go struct field Toleration.Key of type string"
        );
        assert_eq!(
            err(r#"[{"operator": true}]"#),
            "json: cannot unmarshal bool into Go struct field Toleration.Operator of type core.TolerationOperator"
        );
        assert_eq!(
            err(r#"[{"effect": ["NoSchedule"]}]"#),
            "json: cannot unmarshal array into Go struct field Toleration.Effect of type core.TaintEffect"
        );
        assert_eq!(
            err(r#"[{"tolerationSeconds": "60"}, {"key": 2}]"#),
            "json: cannot unmarshal string into Go struct field Toleration.TolerationSeconds of type int64"
        );
        assert_eq!(
            err(r#"[{"tolerationSeconds": 1.5}]"#),
            "json: cannot unmarshal number 1.5 into Go struct field Toleration.TolerationSeconds of type int64"
        );
        assert_eq!(
            err(r#"[{"tolerationSeconds": 9223372036854775808}]"#),
            "json: cannot unmarshal number 9223372036854775808 into Go struct field Toleration.TolerationSeconds of type int64"
        );
        let ok =
            decode_tolerations(r#"[null, {"KEY": "k", "other": {"x": [1]}, "tolerationSeconds": -5, "value": null}]"#);
        let ok = ok.unwrap();
        assert_eq!((ok.len(), ok[1].key.as_str(), ok[1].toleration_seconds), (2, "k", Some(-5)));
        assert_eq!(decode_tolerations("null"), Ok(vec![]));
    }
}
