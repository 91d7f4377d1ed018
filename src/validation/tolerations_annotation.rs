//! The deprecated tolerations annotation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidateTolerationsInPodAnnotations`, reading the value as `GetTolerationsFromPodAnnotations`
//! does (`json.Unmarshal` into the internal `[]core.Toleration`, whose fields have no json tags).

use serde_json::{Map, Value};

use super::tolerations::validate_tolerations;
use super::ValidationOptions;
use crate::field::{ErrorList, Path};
use crate::model::{StringMap, Toleration};

const TOLERATIONS_ANNOTATION: &str = "scheduler.alpha.kubernetes.io/tolerations";

/// Mirrors `ValidateTolerationsInPodAnnotations` for a value that decodes. A value Go's decoder
/// refuses is not reported (its error text is Go's JSON decoder's own; not ported).
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
        Some(tolerations) if !tolerations.is_empty() => {
            validate_tolerations(&tolerations, &path.child(TOLERATIONS_ANNOTATION), opts)
        }
        _ => ErrorList::new(),
    }
}

/// `json.Unmarshal` into `[]core.Toleration`: `null` is an empty list, keys match field names
/// case-insensitively, unknown keys are ignored, a JSON `null` leaves a field at its zero value.
fn decode_tolerations(text: &str) -> Option<Vec<Toleration>> {
    match serde_json::from_str::<Value>(text).ok()? {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items.iter().map(decode_toleration).collect(),
        _ => None,
    }
}

fn decode_toleration(v: &Value) -> Option<Toleration> {
    let fields = match v {
        Value::Null => return Some(Toleration::default()),
        Value::Object(fields) => fields,
        _ => return None,
    };
    let mut t = Toleration::default();
    for (slot, name) in
        [(&mut t.key, "Key"), (&mut t.operator, "Operator"), (&mut t.value, "Value"), (&mut t.effect, "Effect")]
    {
        match field(fields, name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => *slot = s.clone(),
            Some(_) => return None,
        }
    }
    match field(fields, "TolerationSeconds") {
        None | Some(Value::Null) => {}
        Some(n) => t.toleration_seconds = Some(n.as_i64()?),
    }
    Some(t)
}

/// Go's field matching: the exact name, else one equal ignoring case.
fn field<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    fields.get(name).or_else(|| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}
