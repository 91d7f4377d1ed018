//! Finds where a field path (`spec.template.spec.tolerations[0].operator`) stands in the user's
//! text, or its nearest present parent when the field itself is missing.

use std::collections::HashMap;

use super::tree::{Entry, Node, Pos, Value};

enum Step<'a> {
    Field(&'a str),
    Bracket(&'a str),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' => i += 1,
            b'[' => {
                let end = path[i..].find(']').map_or(path.len(), |e| i + e);
                out.push(Step::Bracket(&path[i + 1..end]));
                i = end + 1;
            }
            _ => {
                let end = path[i..].find(['.', '[']).map_or(path.len(), |e| i + e);
                out.push(Step::Field(&path[i..end]));
                i = end;
            }
        }
    }
    out
}

/// The position of `path` inside `root`, or of its nearest present parent.
pub fn locate(root: &Node, path: &str) -> Pos {
    Locator::new(root).locate(path)
}

/// Locates many paths in one tree: each large mapping is indexed the first time a path goes
/// through it, so n errors among n keys cost linear time, not n² key comparisons.
pub struct Locator<'a> {
    root: &'a Node,
    maps: HashMap<*const Node, HashMap<&'a str, &'a Entry>>,
}

/// Below this many entries a scan is cheaper than an index.
const SCAN_LIMIT: usize = 16;

impl<'a> Locator<'a> {
    pub fn new(root: &'a Node) -> Locator<'a> {
        Locator { root, maps: HashMap::new() }
    }

    /// The position of `path`, or of its nearest present parent.
    pub fn locate(&mut self, path: &str) -> Pos {
        let mut node = self.root;
        let mut pos = node.pos;
        for step in steps(path) {
            let next = match step {
                Step::Field(name) => self.field(node, name),
                Step::Bracket(content) => match &node.value {
                    Value::Seq(items) => content.parse::<usize>().ok().and_then(|i| items.get(i)).map(|n| (n, n.pos)),
                    Value::Map(_) => self.entry(node, content).map(|e| (&e.value, entry_pos(e))),
                    _ => None,
                },
            };
            match next {
                Some((n, p)) => {
                    node = n;
                    pos = p;
                }
                None => break,
            }
        }
        pos
    }

    /// `node.entry(key)` (the last entry of that key), through the index for large mappings.
    fn entry(&mut self, node: &'a Node, key: &str) -> Option<&'a Entry> {
        match &node.value {
            Value::Map(entries) if entries.len() >= SCAN_LIMIT => self
                .maps
                .entry(node as *const Node)
                .or_insert_with(|| entries.iter().map(|e| (e.key.as_str(), e)).collect())
                .get(key)
                .copied(),
            _ => node.entry(key),
        }
    }

    /// A mapping's field; the API server reports a template's labels and annotations at
    /// `spec.template.labels`, so those names also look inside `metadata`.
    fn field(&mut self, node: &'a Node, name: &str) -> Option<(&'a Node, Pos)> {
        if let Some(e) = self.entry(node, name) {
            return Some((&e.value, entry_pos(e)));
        }
        if matches!(name, "labels" | "annotations") {
            let meta = self.entry(node, "metadata")?;
            let e = self.entry(&meta.value, name)?;
            return Some((&e.value, entry_pos(e)));
        }
        None
    }
}

/// A block map or list starts on the line after its key; the key's line is the one to show.
fn entry_pos(e: &Entry) -> Pos {
    match e.value.value {
        Value::Map(_) | Value::Seq(_) if e.key_pos.is_known() => e.key_pos,
        _ if e.value.pos.is_known() => e.value.pos,
        _ => e.key_pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_text;

    const DS: &str = "\
spec:
  template:
    metadata:
      labels:
        app: x
    spec:
      tolerations:
      - key: a
        operator: Foo
";

    #[test]
    fn finds_fields_indexes_and_parents() {
        let docs = parse_text(DS, crate::input::Filter::All).unwrap().docs;
        let at = |p: &str| {
            let pos = locate(&docs[0], p);
            (pos.line, pos.column)
        };
        assert_eq!(at("spec.template.spec.tolerations[0].operator"), (9, 19));
        assert_eq!(at("spec.template.spec.tolerations[0].effect"), (8, 9));
        assert_eq!(at("spec.template.labels"), (4, 7));
        assert_eq!(at("spec.template.metadata.labels"), (4, 7));
        assert_eq!(at("spec.template.spec.containers"), (6, 5));
        assert_eq!(at("spec.selector"), (1, 1));
    }
}
