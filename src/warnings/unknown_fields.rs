//! Unknown fields, as the API server's field validation reports them
//! (`unknown field "spec.template.spec.tolerations[0].efect"`).
//!
//! The schema is `daemonset_fields.txt`: every field path of apps/v1 DaemonSet, derived from
//! kubernetes/api's round-trip fixture that sets every field (`tests/schema.rs` regenerates it
//! and checks it is current). A path ends in `{}` for a map with free keys, `[]` for a list,
//! `*` for free-form content.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::input::{Node, Pos, Value};

const FIELDS: &str = include_str!("daemonset_fields.txt");

#[derive(Debug, Default)]
struct Shape {
    fields: HashMap<String, Shape>,
    /// A map with free keys, or a list: the shape of every value or item.
    items: Option<Box<Shape>>,
    free_form: bool,
}

fn schema() -> &'static Shape {
    static SCHEMA: OnceLock<Shape> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut root = Shape::default();
        for line in FIELDS.lines().filter(|l| !l.is_empty()) {
            let mut at = &mut root;
            for part in line.split('.') {
                let (name, suffix) = match part.find(['[', '{', '*']) {
                    Some(i) => (&part[..i], &part[i..]),
                    None => (part, ""),
                };
                at = at.fields.entry(name.to_string()).or_default();
                for marker in suffix.chars() {
                    match marker {
                        '[' | '{' => at = at.items.get_or_insert_with(Default::default),
                        '*' => at.free_form = true,
                        _ => {}
                    }
                }
            }
        }
        root
    })
}

/// Every field of `tree` the apps/v1 DaemonSet schema does not know, with where it stands.
pub fn unknown_fields(tree: &Node) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    walk(tree, schema(), &mut String::new(), &mut out);
    out
}

fn walk(node: &Node, shape: &Shape, path: &mut String, out: &mut Vec<(String, Pos)>) {
    if shape.free_form {
        return;
    }
    let len = path.len();
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                if let Some(items) = &shape.items {
                    path.push_str(&format!("[{}]", e.key));
                    walk(&e.value, items, path, out);
                } else if let Some(child) = shape.fields.get(&e.key) {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&e.key);
                    walk(&e.value, child, path, out);
                } else if !shape.fields.is_empty() {
                    let sep = if path.is_empty() { "" } else { "." };
                    out.push((format!("{path}{sep}{}", e.key), e.key_pos));
                }
                path.truncate(len);
            }
        }
        Value::Seq(items) => {
            if let Some(item_shape) = &shape.items {
                for (i, item) in items.iter().enumerate() {
                    path.push_str(&format!("[{i}]"));
                    walk(item, item_shape, path, out);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// Derives the schema lines from a document that sets every field (see the module docs).
pub fn schema_lines(all_fields: &Node) -> Vec<String> {
    let mut out = Vec::new();
    derive(all_fields, "", "", &mut out);
    out.sort();
    out.dedup();
    out
}

fn derive(node: &Node, path: &str, key: &str, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(entries) if entries.is_empty() => out.push(format!("{path}*")),
        // A map with free keys: its one entry is named after the field (`labels: {labelsKey: …}`).
        Value::Map(entries) if entries.len() == 1 && entries[0].key == format!("{key}Key") => {
            derive(&entries[0].value, &format!("{path}{{}}"), key, out)
        }
        Value::Map(entries) => {
            for e in entries {
                let child = if path.is_empty() { e.key.clone() } else { format!("{path}.{}", e.key) };
                derive(&e.value, &child, &e.key, out);
            }
        }
        Value::Seq(items) => match items.first() {
            Some(first) => derive(first, &format!("{path}[]"), key, out),
            None => out.push(format!("{path}[]")),
        },
        _ => out.push(path.to_string()),
    }
}
