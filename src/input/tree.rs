//! The document tree every input becomes: YAML, JSON and JS objects alike.
//!
//! Each value keeps the line and column where it stands, so that a validation error found much
//! later can still point at the user's text.

use std::fmt;

/// Where a value stands in the user's text (both 1-based; 0 means "not from text").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line: line.min(u32::MAX as usize) as u32, column: column.min(u32::MAX as usize) as u32 }
    }
    /// True when the value came from text (JS objects carry no positions).
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// A value and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// One mapping entry; the key keeps its own position.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A boolean; `text` is how it was written (`yes`, `True`), for messages.
    Bool(bool, Box<str>),
    /// A number as written (decimal for integers; YAML 1.1 octal and hex are converted).
    Number(String),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Node {
        Node { value, pos }
    }

    /// The entry for `key` in a mapping (the last one, as JSON decoders keep the last duplicate).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Takes the value of `key` out of a mapping (the last one, when written twice).
    pub fn take(&mut self, key: &str) -> Option<Node> {
        match &mut self.value {
            Value::Map(entries) => {
                let mut found = None;
                entries.retain_mut(|e| {
                    if e.key == key {
                        found = Some(std::mem::replace(&mut e.value, Node::new(Value::Null, Pos::default())));
                        false
                    } else {
                        true
                    }
                });
                found
            }
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string field that may be absent or null.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The word a type error uses for this value.
    pub fn type_name(&self) -> &'static str {
        self.value.type_name()
    }

    /// The value as JSON (for the created Pod and for rendering bad values).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b, _) => J::Bool(*b),
            Value::Number(n) => number_to_json(n),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                J::Object(map)
            }
        }
    }

    /// Drops every position (for trees read from a host's objects, which have no lines).
    pub fn forget_positions(&mut self) {
        self.pos = Pos::default();
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(Node::forget_positions),
            Value::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_pos = Pos::default();
                e.value.forget_positions();
            }),
            _ => {}
        }
    }

    /// Builds a tree without positions from JSON (used for objects handed over by JS hosts).
    pub fn from_json(value: &serde_json::Value) -> Node {
        use serde_json::Value as J;
        let v = match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b, if *b { "true".into() } else { "false".into() }),
            J::Number(n) => Value::Number(n.to_string()),
            J::String(s) => Value::String(s.clone()),
            J::Array(items) => Value::Seq(items.iter().map(Node::from_json).collect()),
            J::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| Entry { key: k.clone(), key_pos: Pos::default(), value: Node::from_json(v) })
                    .collect(),
            ),
        };
        Node::new(v, Pos::default())
    }
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(..) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "map",
        }
    }
}

fn number_to_json(text: &str) -> serde_json::Value {
    if let Ok(i) = text.parse::<i64>() {
        return i.into();
    }
    if let Ok(u) = text.parse::<u64>() {
        return u.into();
    }
    match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        Some(n) => serde_json::Value::Number(n),
        None => serde_json::Value::String(text.to_string()),
    }
}

/// Input that cannot be used at all. `code` is stable and documented; the message is for people.
/// Boxed, so that a `Result` carrying it stays a pointer wide through the readers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct InputError(Box<InputErrorFields>);

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputErrorFields {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Which argument of the call the input came from (`daemonSet`, `nodes`), where several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub argument: Option<&'static str>,
}

impl InputError {
    pub fn new(code: &'static str, message: impl Into<String>) -> InputError {
        InputError(Box::new(InputErrorFields {
            code,
            message: message.into(),
            line: None,
            column: None,
            argument: None,
        }))
    }
    pub fn into_fields(self) -> InputErrorFields {
        *self.0
    }
    pub fn with_code(mut self, code: &'static str) -> InputError {
        self.code = code;
        self
    }
    pub fn with_message(mut self, message: String) -> InputError {
        self.message = message;
        self
    }
    /// Names the argument the input came from (kept if already named).
    pub fn from_argument(mut self, argument: &'static str) -> InputError {
        self.argument.get_or_insert(argument);
        self
    }
    pub fn at(mut self, pos: Pos) -> InputError {
        if pos.is_known() && self.line.is_none() {
            self.line = Some(pos.line);
            self.column = Some(pos.column);
        }
        self
    }
}

impl std::ops::Deref for InputError {
    type Target = InputErrorFields;
    fn deref(&self) -> &InputErrorFields {
        &self.0
    }
}

impl std::ops::DerefMut for InputError {
    fn deref_mut(&mut self) -> &mut InputErrorFields {
        &mut self.0
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{} (line {l}, column {c})", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// Error codes, as thrown to JS in `error.code`.
pub mod codes {
    pub const EMPTY_INPUT: &str = "EMPTY_INPUT";
    pub const INVALID_YAML: &str = "INVALID_YAML";
    pub const INVALID_JSON: &str = "INVALID_JSON";
    pub const TOO_DEEP: &str = "TOO_DEEP";
    pub const TOO_LARGE: &str = "TOO_LARGE";
    pub const NO_DAEMONSET: &str = "NO_DAEMONSET";
    pub const SEVERAL_DAEMONSETS: &str = "SEVERAL_DAEMONSETS";
    pub const DAEMONSET_NOT_FOUND: &str = "DAEMONSET_NOT_FOUND";
    pub const UNSUPPORTED_API_VERSION: &str = "UNSUPPORTED_API_VERSION";
    pub const WRONG_KIND: &str = "WRONG_KIND";
    pub const WRONG_TYPE: &str = "WRONG_TYPE";
    pub const INVALID_NODE: &str = "INVALID_NODE";
    pub const INVALID_POD: &str = "INVALID_POD";
    pub const INVALID_QUANTITY: &str = "INVALID_QUANTITY";
    pub const INVALID_OPTIONS: &str = "INVALID_OPTIONS";
    pub const INVALID_SETTINGS: &str = "INVALID_SETTINGS";
    /// A JavaScript value that cannot be read as JSON: a cycle, a throwing getter or Proxy, a
    /// BigInt, an array too long to hold.
    pub const INVALID_OBJECT: &str = "INVALID_OBJECT";
    /// A call on a handle (`Cluster`, `PlanView`, `ClusterLoader`) already freed or disposed.
    pub const FREED: &str = "FREED";
    /// The module failed inside (a bug): it was restarted, and the call can be retried.
    pub const INTERNAL: &str = "INTERNAL";
}

/// How deep a document may nest. Real manifests stay under 20; the limit keeps hostile input
/// from exhausting the stack.
pub const MAX_DEPTH: usize = 200;
