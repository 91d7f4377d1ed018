//! Unknown fields, as the API server's field validation reports them
//! (`unknown field "spec.template.spec.tolerations[0].efect"`).
//!
//! The schema is `daemonset_fields.txt`: every field path of apps/v1 DaemonSet (newest release;
//! `fields_by_release` says what older releases lack or still have), derived from
//! kubernetes/api's round-trip fixture that sets every field (`tests/schema.rs` regenerates it
//! and checks it is current). A path ends in `{}` for a map with free keys, `[]` for a list,
//! `*` for free-form content.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::fields_by_release::{ADDED, REMOVED};
use crate::input::{DuplicateKey, Node, Pos, Value};
use crate::release::Release;

const FIELDS: &str = include_str!("daemonset_fields.txt");

#[derive(Debug, Default)]
struct Shape {
    fields: HashMap<String, Shape>,
    /// A map with free keys, or a list: the shape of every value or item.
    items: Option<Box<Shape>>,
    /// A map with free keys (as opposed to a list).
    free_keys: bool,
    free_form: bool,
}

/// A field the strict decoder rejects: unknown to the release's schema, or set twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub duplicate: bool,
    /// As the decoder names it: `spec.template.spec.tolerations[0].efect`.
    pub path: String,
    pub pos: Pos,
}

/// A schema line without its list and map markers: `spec.template.spec.containers.name`.
fn bare(line: &str) -> String {
    line.replace("[]", "").replace("{}", "").replace('*', "")
}

/// Whether `release` knows the field of this schema line (see `fields_by_release`).
fn known_in(line: &str, release: Release) -> bool {
    let path = bare(line);
    !ADDED.iter().any(|(since, added)| {
        release < *since && (path == *added || path.strip_prefix(added).is_some_and(|rest| rest.starts_with('.')))
    })
}

fn build(release: Release) -> Shape {
    let mut root = Shape::default();
    let removed = REMOVED.iter().filter(|(gone, _)| release < *gone).map(|(_, line)| *line);
    for line in FIELDS.lines().filter(|l| !l.is_empty() && known_in(l, release)).chain(removed) {
        let mut at = &mut root;
        for part in line.split('.') {
            let (name, suffix) = match part.find(['[', '{', '*']) {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            at = at.fields.entry(name.to_string()).or_default();
            for marker in suffix.chars() {
                match marker {
                    '[' | '{' => {
                        at.free_keys = marker == '{';
                        at = at.items.get_or_insert_with(Default::default);
                    }
                    '*' => at.free_form = true,
                    _ => {}
                }
            }
        }
    }
    root
}

fn schema(release: Release) -> &'static Shape {
    static SCHEMAS: [OnceLock<Shape>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = Release::ALL.iter().position(|r| *r == release).unwrap_or(0);
    SCHEMAS[i].get_or_init(|| build(release))
}

/// Every field of `tree` the apps/v1 DaemonSet schema of the newest release does not know.
pub fn unknown_fields(tree: &Node) -> Vec<(String, Pos)> {
    field_problems(tree, &[], Release::default()).into_iter().map(|p| (p.path, p.pos)).collect()
}

/// What the API server's strict decoder (sigs.k8s.io/json `UnmarshalStrict` with
/// `DisallowUnknownFields` and `DisallowDuplicateFields`) reports for `tree`, in document order:
/// fields `release` does not know, and known fields whose key stands at one of `duplicates`
/// (the later occurrence of a key written twice). Unknown fields are not checked for repeats,
/// nor is free-form content.
pub fn field_problems(tree: &Node, duplicates: &[DuplicateKey], release: Release) -> Vec<FieldProblem> {
    let dups: HashSet<(u32, u32)> = duplicates.iter().map(|d| (d.pos.line, d.pos.column)).collect();
    let mut out = Vec::new();
    walk(tree, schema(release), &dups, &mut String::new(), &mut out);
    crate::sort::sort_by_key(&mut out, |p| (p.pos.line, p.pos.column));
    out
}

fn walk(node: &Node, shape: &Shape, dups: &HashSet<(u32, u32)>, path: &mut String, out: &mut Vec<FieldProblem>) {
    if shape.free_form {
        return;
    }
    let len = path.len();
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                let child = match &shape.items {
                    Some(items) if shape.free_keys => Some(&**items),
                    Some(_) => None,
                    None => shape.fields.get(&e.key),
                };
                let Some(child) = child else {
                    if !shape.fields.is_empty() {
                        let sep = if path.is_empty() { "" } else { "." };
                        out.push(FieldProblem {
                            duplicate: false,
                            path: format!("{path}{sep}{}", e.key),
                            pos: e.key_pos,
                        });
                    }
                    continue;
                };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&e.key);
                if e.key_pos.is_known() && dups.contains(&(e.key_pos.line, e.key_pos.column)) {
                    out.push(FieldProblem { duplicate: true, path: path.clone(), pos: e.key_pos });
                }
                walk(&e.value, child, dups, path, out);
                path.truncate(len);
            }
        }
        Value::Seq(items) => {
            if let Some(item_shape) = shape.items.as_deref().filter(|_| !shape.free_keys) {
                for (i, item) in items.iter().enumerate() {
                    path.push_str(&format!("[{i}]"));
                    walk(item, item_shape, dups, path, out);
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
    crate::sort::sort(&mut out);
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
