//! Input: YAML or JSON text → documents → the DaemonSet and the Nodes in them.
//!
//! Text may hold one or many documents, `kind: List` / `NodeList` / `DaemonSetList`, a bare
//! `items:` list (as Go clients dump it) or a top-level JSON array. Other kinds are skipped.

pub mod de;
pub mod filter;
pub mod go_decode;
pub mod json;
pub(crate) mod keys;
pub mod limits;
pub mod locate;
pub mod quantities;
pub(crate) mod scan;
pub mod stream;
pub mod tree;
pub mod yaml;
pub mod yaml_lines;

pub use filter::Filter;
pub use tree::{codes, Entry, InputError, Node, Pos, Value};
pub use yaml::DuplicateKey;

/// Parsed text: its documents and the duplicate keys met on the way.
#[derive(Debug, Default)]
pub struct Documents {
    pub docs: Vec<Node>,
    pub duplicates: Vec<DuplicateKey>,
}

/// Decodes UTF-8 bytes (a leading byte-order mark is dropped).
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        InputError::new(codes::INVALID_YAML, format!("the input is not UTF-8 text (byte {})", e.valid_up_to()))
            .at(Pos::new(line, 1))
    })
}

/// Parses YAML or JSON text into documents.
pub fn parse_text(text: &str, filter: Filter) -> Result<Documents, InputError> {
    parse_bytes(text.as_bytes(), filter)
}

/// Parses YAML or JSON in UTF-8 bytes. JSON is read by the JSON reader (fast, exact messages,
/// and only kept strings need to be UTF-8); anything else, or JSON the JSON reader refuses but
/// YAML accepts, as YAML.
pub fn parse_bytes(bytes: &[u8], filter: Filter) -> Result<Documents, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let mut duplicates = Vec::new();
    let docs = if matches!(first, Some(b'{') | Some(b'[')) {
        match json::parse_json_stream_with_duplicates(bytes, filter, &mut duplicates) {
            Ok(docs) => docs,
            Err(json_error) if json_error.code == codes::INVALID_JSON => {
                duplicates.clear();
                let text = text_from_bytes(bytes)?;
                yaml::parse_yaml_stream(text, filter, &mut duplicates).map_err(|_| json_error)?
            }
            Err(e) => return Err(e),
        }
    } else {
        let text = text_from_bytes(bytes)?;
        // A node list in block YAML: let the YAML parser read only the kept lines.
        let kept = if filter == Filter::All { None } else { yaml_lines::blank_skipped_lines(text, filter) };
        yaml::parse_yaml_stream(kept.as_deref().unwrap_or(text), filter, &mut duplicates)?
    };
    if docs.is_empty() {
        return Err(InputError::new(codes::EMPTY_INPUT, "the input is empty: paste YAML or JSON"));
    }
    Ok(Documents { docs, duplicates })
}

/// Every object in the documents, lists flattened (List, NodeList, DaemonSetList, bare `items`,
/// top-level arrays), in document order.
pub fn objects(docs: &[Node]) -> Vec<&Node> {
    let mut out = Vec::new();
    for doc in docs {
        flatten(doc, &mut out, 0);
    }
    out
}

fn flatten<'a>(node: &'a Node, out: &mut Vec<&'a Node>, depth: usize) {
    if depth > 4 {
        return;
    }
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|i| flatten(i, out, depth + 1)),
        Value::Map(_) => {
            let kind = node.str_at("kind").unwrap_or("");
            let is_list = kind == "List" || kind.ends_with("List") || (kind.is_empty() && node.get("items").is_some());
            match node.get("items") {
                Some(items) if is_list => flatten(items, out, depth + 1),
                _ => out.push(node),
            }
        }
        _ => {}
    }
}

/// API versions of DaemonSet that the API server no longer serves, and what to do instead.
fn removed_daemon_set_version(api_version: &str) -> Option<&'static str> {
    match api_version {
        "extensions/v1beta1" => Some("extensions/v1beta1 DaemonSets were removed in Kubernetes 1.16"),
        "apps/v1beta2" => Some("apps/v1beta2 DaemonSets were removed in Kubernetes 1.16"),
        "apps/v1beta1" => Some("apps/v1beta1 never served DaemonSets"),
        _ => None,
    }
}

/// True for an object that is a DaemonSet: `kind: DaemonSet`, or no kind at all but a pod
/// template (as Go clients dump objects).
fn is_daemon_set(o: &Node) -> bool {
    match o.str_at("kind") {
        Some(kind) => kind == "DaemonSet",
        None => o.get("spec").and_then(|s| s.get("template")).is_some(),
    }
}

pub fn object_name(o: &Node) -> &str {
    o.get("metadata").and_then(|m| m.str_at("name")).unwrap_or("")
}

/// Every DaemonSet object in the documents, in input order.
pub fn daemon_sets(docs: &[Node]) -> Vec<&Node> {
    objects(docs).into_iter().filter(|o| is_daemon_set(o)).collect()
}

/// A DaemonSet's namespace as the API server would file it: `default` when none is written,
/// as `kubectl apply` sends it.
pub fn object_namespace(o: &Node) -> &str {
    o.get("metadata").and_then(|m| m.str_at("namespace")).filter(|n| !n.is_empty()).unwrap_or("default")
}

/// Picks the DaemonSet to work on: the only one, or the one named `name` (`name` or
/// `namespace/name`; a bare name that several namespaces hold is ambiguous).
pub fn select_daemon_set<'a>(docs: &'a [Node], name: Option<&str>) -> Result<&'a Node, InputError> {
    let all = objects(docs);
    let candidates: Vec<&Node> = all.iter().copied().filter(|o| is_daemon_set(o)).collect();
    let chosen = match (candidates.as_slice(), name) {
        ([], _) => {
            let kinds: Vec<&str> = all.iter().filter_map(|o| o.str_at("kind")).collect();
            let found = if kinds.is_empty() { String::new() } else { format!(" (found: {})", kinds.join(", ")) };
            let pos = all.first().map(|o| o.pos).unwrap_or_default();
            return Err(InputError::new(codes::NO_DAEMONSET, format!("the input holds no DaemonSet{found}")).at(pos));
        }
        (_, Some(wanted)) => {
            let (namespace, bare) = match wanted.split_once('/') {
                Some((ns, n)) => (Some(ns), n),
                None => (None, wanted),
            };
            let matching: Vec<&Node> = candidates
                .iter()
                .copied()
                .filter(|o| object_name(o) == bare && namespace.is_none_or(|ns| object_namespace(o) == ns))
                .collect();
            match matching.as_slice() {
                [one] => *one,
                [] => {
                    return Err(InputError::new(
                        codes::DAEMONSET_NOT_FOUND,
                        format!("no DaemonSet named {wanted:?}; the input holds {}", names_list(&candidates)),
                    ))
                }
                several => {
                    let namespaced: Vec<String> = several.iter().map(|o| format!("{:?}", namespaced_name(o))).collect();
                    return Err(InputError::new(
                        codes::SEVERAL_DAEMONSETS,
                        format!(
                            "{} DaemonSets are named {bare:?} ({}): name one as namespace/name",
                            several.len(),
                            namespaced.join(", ")
                        ),
                    )
                    .at(several[1].pos));
                }
            }
        }
        ([only], None) => *only,
        (several, None) => {
            return Err(InputError::new(
                codes::SEVERAL_DAEMONSETS,
                format!("the input holds {} DaemonSets ({}): name the one to use", several.len(), names_list(several)),
            )
            .at(several[1].pos))
        }
    };
    if let Some(v) = chosen.str_at("apiVersion") {
        if let Some(why) = removed_daemon_set_version(v) {
            let pos = chosen.get("apiVersion").map(|n| n.pos).unwrap_or(chosen.pos);
            return Err(InputError::new(
                codes::UNSUPPORTED_API_VERSION,
                format!("{why}: change apiVersion to apps/v1, and give it a spec.selector that matches the template labels (apps/v1 does not default it)"),
            )
            .at(pos));
        }
    }
    Ok(chosen)
}

/// `namespace/name`, the namespace as the API server would file it.
pub fn namespaced_name(o: &Node) -> String {
    format!("{}/{}", object_namespace(o), object_name(o))
}

/// The names for an error message: bare where they are unique, else namespaced.
fn names_list(objects: &[&Node]) -> String {
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    for o in objects {
        *seen.entry(object_name(o)).or_default() += 1;
    }
    let name = |o: &Node| match seen.get(object_name(o)) {
        Some(1) => object_name(o).to_string(),
        _ => namespaced_name(o),
    };
    objects.iter().map(|o| format!("{:?}", name(o))).collect::<Vec<_>>().join(", ")
}

/// As `select_nodes`, taking the objects out of the documents.
pub fn into_nodes(docs: Vec<Node>) -> Result<Vec<Node>, InputError> {
    select_nodes(&docs)?;
    let mut out = into_objects(docs);
    out.retain(|o| matches!(o.str_at("kind"), None | Some("Node")));
    Ok(out)
}

/// Every object of the documents, of any kind, lists flattened, taken out of the documents.
pub fn into_objects(docs: Vec<Node>) -> Vec<Node> {
    fn flatten_owned(node: Node, out: &mut Vec<Node>, depth: usize) {
        if depth > 4 {
            return;
        }
        match node.value {
            Value::Seq(items) => items.into_iter().for_each(|i| flatten_owned(i, out, depth + 1)),
            Value::Map(_) => {
                let kind = node.str_at("kind").unwrap_or("");
                let is_list = kind.ends_with("List") || (kind.is_empty() && node.get("items").is_some());
                let mut node = node;
                match node.take("items") {
                    Some(items) if is_list => flatten_owned(items, out, depth + 1),
                    Some(items) => {
                        node.value = restore(node.value, items);
                        out.push(node);
                    }
                    None => out.push(node),
                }
            }
            _ => {}
        }
    }
    fn restore(value: Value, items: Node) -> Value {
        match value {
            Value::Map(mut entries) => {
                entries.push(Entry { key: "items".into(), key_pos: Pos::default(), value: items });
                Value::Map(entries)
            }
            other => other,
        }
    }
    let mut out = Vec::new();
    for doc in docs {
        flatten_owned(doc, &mut out, 0);
    }
    out
}

/// The Node objects in the documents: `kind: Node`, or objects without a kind (Go dumps).
pub fn select_nodes(docs: &[Node]) -> Result<Vec<&Node>, InputError> {
    let all = objects(docs);
    let nodes: Vec<&Node> = all.iter().copied().filter(|o| matches!(o.str_at("kind"), None | Some("Node"))).collect();
    if nodes.is_empty() && !all.is_empty() {
        let kinds: Vec<&str> = all.iter().filter_map(|o| o.str_at("kind")).collect();
        return Err(InputError::new(
            codes::WRONG_KIND,
            format!("the node list holds no Node (found: {}); paste `kubectl get nodes -o yaml`", kinds.join(", ")),
        )
        .at(all[0].pos));
    }
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_flattened_and_other_kinds_skipped() {
        let text = "kind: ServiceAccount\nmetadata: {name: sa}\n---\nkind: DaemonSet\napiVersion: apps/v1\nmetadata: {name: a}\nspec: {}\n";
        let d = parse_text(text, Filter::All).unwrap();
        assert_eq!(object_name(select_daemon_set(&d.docs, None).unwrap()), "a");
        let nodes = parse_text("items:\n- metadata: {name: n1}\n- metadata: {name: n2}\n", Filter::All).unwrap();
        assert_eq!(select_nodes(&nodes.docs).unwrap().len(), 2);
        let list = parse_text(r#"{"kind":"NodeList","items":[{"kind":"Node","metadata":{"name":"x"}}]}"#, Filter::All)
            .unwrap();
        assert_eq!(select_nodes(&list.docs).unwrap().len(), 1);
    }

    #[test]
    fn several_daemon_sets_need_a_name() {
        let text = "kind: DaemonSet\nmetadata: {name: a}\n---\nkind: DaemonSet\nmetadata: {name: b}\n";
        let d = parse_text(text, Filter::All).unwrap();
        let e = select_daemon_set(&d.docs, None).unwrap_err();
        assert_eq!(e.code, codes::SEVERAL_DAEMONSETS);
        assert!(e.message.contains("\"a\", \"b\""), "{}", e.message);
        assert_eq!(object_name(select_daemon_set(&d.docs, Some("b")).unwrap()), "b");
        assert_eq!(select_daemon_set(&d.docs, Some("c")).unwrap_err().code, codes::DAEMONSET_NOT_FOUND);
    }

    #[test]
    fn removed_api_versions_say_what_to_change() {
        let d =
            parse_text("apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: a}\n", Filter::All).unwrap();
        let e = select_daemon_set(&d.docs, None).unwrap_err();
        assert_eq!((e.code, e.line), (codes::UNSUPPORTED_API_VERSION, Some(1)));
        assert!(e.message.contains("apps/v1"));
    }

    #[test]
    fn empty_and_comment_only_input() {
        assert_eq!(parse_text("", Filter::All).unwrap_err().code, codes::EMPTY_INPUT);
        assert_eq!(parse_text("# nothing\n---\n", Filter::All).unwrap_err().code, codes::EMPTY_INPUT);
    }
}
