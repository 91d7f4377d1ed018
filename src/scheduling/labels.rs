//! Label requirements and selectors: kubernetes/apimachinery `pkg/labels/selector.go` and
//! `pkg/apis/meta/v1/helpers.go` `LabelSelectorAsSelector`.

use super::Labels;
use crate::model::LabelSelector;
use crate::validation::names::{is_qualified_name, is_valid_label_value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
    Equals,
}

/// One parsed requirement: `zone In (a, b)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

impl Requirement {
    /// Mirrors `labels.NewRequirement`: the key must be a label key, every value a label value,
    /// and the number of values must suit the operator. Returns why it is not a requirement.
    pub fn new(key: &str, operator: Operator, values: &[String]) -> Result<Requirement, String> {
        let mut problems = Vec::new();
        let key_errors = is_qualified_name(key);
        if !key_errors.is_empty() {
            problems.push(format!("key {key:?}: {}", key_errors.join("; ")));
        }
        match operator {
            Operator::In | Operator::NotIn if values.is_empty() => {
                problems.push("'In' and 'NotIn' need at least one value".into())
            }
            Operator::Equals if values.len() != 1 => problems.push("exact match needs one value".into()),
            Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
                problems.push("'Exists' and 'DoesNotExist' take no values".into())
            }
            Operator::Gt | Operator::Lt => {
                if values.len() != 1 {
                    problems.push("'Gt' and 'Lt' need exactly one value".into());
                }
                for v in values {
                    if v.parse::<i64>().is_err() {
                        problems.push(format!("'Gt' and 'Lt' need an integer, got {v:?}"));
                    }
                }
            }
            _ => {}
        }
        for v in values {
            if !is_valid_label_value(v).is_empty() {
                problems.push(format!("{v:?} is not a valid label value"));
            }
        }
        if problems.is_empty() {
            Ok(Requirement { key: key.to_string(), operator, values: values.to_vec() })
        } else {
            Err(problems.join("; "))
        }
    }

    /// Mirrors `Requirement.Matches`.
    pub fn matches<L: Labels + ?Sized>(&self, labels: &L) -> bool {
        let value = labels.label_value(&self.key);
        match self.operator {
            Operator::In | Operator::Equals => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Operator::NotIn => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::Gt | Operator::Lt => {
                let (Some(v), [threshold]) = (value, self.values.as_slice()) else {
                    return false;
                };
                match (v.parse::<i64>(), threshold.parse::<i64>()) {
                    (Ok(v), Ok(t)) => {
                        if self.operator == Operator::Gt {
                            v > t
                        } else {
                            v < t
                        }
                    }
                    _ => false,
                }
            }
        }
    }

    /// How the requirement reads in a message: `zone In [a, b]`.
    pub fn describe(&self) -> String {
        let op = match self.operator {
            Operator::In => "In",
            Operator::NotIn => "NotIn",
            Operator::Exists => "Exists",
            Operator::DoesNotExist => "DoesNotExist",
            Operator::Gt => "Gt",
            Operator::Lt => "Lt",
            Operator::Equals => "=",
        };
        match self.operator {
            Operator::Exists | Operator::DoesNotExist => format!("{} {op}", self.key),
            Operator::Equals => format!("{}={}", self.key, self.values.first().map_or("", |s| s)),
            _ => format!("{} {op} [{}]", self.key, self.values.join(", ")),
        }
    }
}

/// A parsed label selector: requirements ANDed. `None` selects nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector(pub Option<Vec<Requirement>>);

impl Selector {
    pub fn matches<L: Labels + ?Sized>(&self, labels: &L) -> bool {
        match &self.0 {
            None => false,
            Some(reqs) => reqs.iter().all(|r| r.matches(labels)),
        }
    }
}

/// Mirrors `metav1.LabelSelectorAsSelector`: nil selects nothing, empty selects everything.
pub fn label_selector_as_selector(ps: Option<&LabelSelector>) -> Result<Selector, String> {
    let Some(ps) = ps else {
        return Ok(Selector(None));
    };
    let mut reqs = Vec::new();
    for (k, v) in ps.match_labels.iter().flatten() {
        reqs.push(Requirement::new(k, Operator::Equals, std::slice::from_ref(v))?);
    }
    for expr in ps.match_expressions.iter().flatten() {
        let op = match expr.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            other => return Err(format!("{other:?} is not a valid label selector operator")),
        };
        reqs.push(Requirement::new(&expr.key, op, expr.values.as_deref().unwrap_or_default())?);
    }
    Ok(Selector(Some(reqs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn truth_table() {
        let l = labels(&[("a", "007"), ("b", "")]);
        let req = |k: &str, op, vals: &[&str]| {
            Requirement::new(k, op, &vals.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
        };
        assert!(req("a", Operator::Gt, &["5"]).matches(l.as_slice()));
        assert!(req("x", Operator::NotIn, &["1"]).matches(l.as_slice()));
        assert!(req("b", Operator::In, &[""]).matches(l.as_slice()));
        assert!(!req("x", Operator::Gt, &["1"]).matches(l.as_slice()));
        assert!(req("x", Operator::DoesNotExist, &[]).matches(l.as_slice()));
        assert!(Requirement::new("a", Operator::Gt, &["x".into()]).is_err());
        assert!(Requirement::new("a", Operator::Gt, &["-5".into()]).is_err(), "-5 is not a label value");
        assert!(Requirement::new("a", Operator::In, &[]).is_err());
    }

    #[test]
    fn nil_and_empty_selectors() {
        let l = labels(&[("app", "x")]);
        assert!(!label_selector_as_selector(None).unwrap().matches(l.as_slice()));
        assert!(label_selector_as_selector(Some(&LabelSelector::default())).unwrap().matches(l.as_slice()));
    }
}
