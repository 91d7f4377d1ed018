//! Field validation (`fieldValidation`, kubectl's `--validate`): what the API server does with
//! unknown and duplicate fields (apiserver `pkg/endpoints/handlers/create.go`).

use super::unknown_fields::FieldProblem;
use crate::api::Warning;
use crate::field::go_quote;

/// `metav1.FieldValidation*`. kubectl sends `Strict` by default; the server alone defaults to
/// `Warn`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldValidation {
    /// The request fails (400) on any unknown or duplicate field.
    #[default]
    Strict,
    /// The object is decoded without them; each comes back as a warning.
    Warn,
    /// They are dropped silently.
    Ignore,
}

impl FieldValidation {
    pub const NAMES: [&'static str; 3] = ["Strict", "Warn", "Ignore"];

    /// `"Strict"`, `"Warn"` or `"Ignore"`, as the query parameter spells them.
    pub fn parse(text: &str) -> Option<FieldValidation> {
        match text {
            "Strict" => Some(FieldValidation::Strict),
            "Warn" => Some(FieldValidation::Warn),
            "Ignore" => Some(FieldValidation::Ignore),
            _ => None,
        }
    }
}

impl std::fmt::Display for FieldProblem {
    /// sigs.k8s.io/json `strictError.Error()`: the kind, then the path `strconv.Quote`d.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.duplicate { "duplicate field" } else { "unknown field" };
        write!(f, "{kind} {}", go_quote(&self.path))
    }
}

/// The `Status.message` of the 400 a strict create answers: `transformDecodeError` wrapping
/// `strictDecodingError.Error()` (apimachinery `pkg/runtime/error.go`), whose violations are
/// joined with ", ".
pub fn strict_decoding_message(problems: &[FieldProblem]) -> String {
    let joined: Vec<String> = problems.iter().map(ToString::to_string).collect();
    format!(
        "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: {}",
        joined.join(", ")
    )
}

/// Under `Warn`, one warning per violation with the decoder's own text
/// (`addStrictDecodingWarnings`).
pub fn strict_decoding_warnings(problems: &[FieldProblem]) -> Vec<Warning> {
    problems
        .iter()
        .map(|p| Warning {
            message: p.to_string(),
            field: Some(p.path.clone()),
            line: p.pos.is_known().then_some(p.pos.line),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Pos;

    #[test]
    fn joins_violations_as_the_server_does() {
        let p = |duplicate, path: &str| FieldProblem { duplicate, path: path.into(), pos: Pos::default() };
        assert_eq!(
            strict_decoding_message(&[p(false, "spec.template.spec.tolerations[0].efect"), p(true, "metadata.name")]),
            "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.template.spec.tolerations[0].efect\", duplicate field \"metadata.name\""
        );
        assert_eq!(FieldValidation::parse("Warn"), Some(FieldValidation::Warn));
        assert_eq!(FieldValidation::parse("warn"), None);
    }
}
