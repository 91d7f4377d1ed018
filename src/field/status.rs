//! The `metav1.Status` an API server answers with when it rejects an object (HTTP 422).

use serde::Serialize;

use super::ErrorList;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub status: &'static str,
    pub message: String,
    pub reason: &'static str,
    /// Absent from a 400 (`NewBadRequest` sets none).
    #[serde(skip_serializing_if = "StatusDetails::is_empty")]
    pub details: StatusDetails,
    pub code: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusDetails {
    pub name: String,
    pub group: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<StatusCause>,
}

impl StatusDetails {
    /// A Status without details (a BadRequest) serializes none.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.group.is_empty() && self.kind.is_empty() && self.causes.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusCause {
    pub reason: &'static str,
    pub message: String,
    pub field: String,
}

impl Status {
    /// Mirrors `apierrors.NewInvalid(schema.GroupKind{group, kind}, name, errs)`.
    pub fn invalid(group: &str, kind: &str, name: &str, errs: &ErrorList) -> Status {
        let qualified = if group.is_empty() { kind.to_string() } else { format!("{kind}.{group}") };
        Status {
            kind: "Status",
            api_version: "v1",
            metadata: serde_json::Map::new(),
            status: "Failure",
            message: format!("{qualified} {} is invalid: {errs}", super::go_quote(name)),
            reason: "Invalid",
            details: StatusDetails {
                name: name.to_string(),
                group: group.to_string(),
                kind: kind.to_string(),
                causes: errs
                    .iter()
                    .map(|e| StatusCause { reason: e.error_type.as_str(), message: e.body(), field: e.field.clone() })
                    .collect(),
            },
            code: 422,
        }
    }

    /// Mirrors `apierrors.NewConflict(schema.GroupResource{group, resource}, name, err)` (409).
    pub fn conflict(group: &str, resource: &str, name: &str, err: &str) -> Status {
        let qualified = if group.is_empty() { resource.to_string() } else { format!("{resource}.{group}") };
        Status {
            kind: "Status",
            api_version: "v1",
            metadata: serde_json::Map::new(),
            status: "Failure",
            message: format!("Operation cannot be fulfilled on {qualified} {}: {err}", super::go_quote(name)),
            reason: "Conflict",
            details: StatusDetails {
                name: name.to_string(),
                group: group.to_string(),
                kind: resource.to_string(),
                causes: Vec::new(),
            },
            code: 409,
        }
    }

    /// Mirrors `apierrors.NewBadRequest(message)` (400): what a body that does not decode gets.
    pub fn bad_request(message: String) -> Status {
        Status {
            kind: "Status",
            api_version: "v1",
            metadata: serde_json::Map::new(),
            status: "Failure",
            message,
            reason: "BadRequest",
            details: StatusDetails {
                name: String::new(),
                group: String::new(),
                kind: String::new(),
                causes: Vec::new(),
            },
            code: 400,
        }
    }

    /// Mirrors the handlers' `transformDecodeError` for a body whose kind is known.
    pub fn decode_error(kind: &str, version: &str, err: &str) -> Status {
        Status::bad_request(format!(
            "{kind} in version {} cannot be handled as a {kind}: {err}",
            super::go_quote(version)
        ))
    }
}
