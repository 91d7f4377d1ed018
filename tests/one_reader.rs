#![cfg(not(target_arch = "wasm32"))]
//! One reader (issue 15, item 3): `ClusterLoader` gives what `Cluster::load` gives, on every
//! fixture and on the inputs that once differed, cut at every chunk boundary (fixtures: into
//! two chunks at every byte up to 1 KiB and at sampled places after; then into 1-, 2-, 3- and 7-byte
//! chunks).

use daemonset_planner::api::{Cluster, ClusterLoader, Source};

fn summary(r: Result<Cluster, daemonset_planner::input::InputError>) -> String {
    match r {
        Ok(c) => {
            format!("{:?}", c.nodes().iter().map(|n| (&n.name, n.labels.len(), n.taints.len())).collect::<Vec<_>>())
        }
        Err(e) => said(&e),
    }
}

/// An error as the user reads it: code, message and position.
fn said(e: &daemonset_planner::input::InputError) -> String {
    format!("error {} {:?} at {:?}:{:?}", e.code, e.message, e.line, e.column)
}

fn loaded(chunks: &[&[u8]]) -> String {
    let mut loader = ClusterLoader::new();
    for chunk in chunks {
        if let Err(e) = loader.push(chunk) {
            return said(&e);
        }
    }
    summary(loader.finish())
}

fn assert_one_reader(name: &str, text: &[u8]) {
    let whole = summary(Cluster::load(Source::Bytes(text)));
    let step = if text.len() > 1024 { text.len() / 127 + 1 } else { 1 };
    let cuts = (1..text.len().min(1024)).chain((1024..text.len()).step_by(step));
    for cut in cuts {
        let (a, b) = text.split_at(cut);
        assert_eq!(loaded(&[a, b]), whole, "{name}: cut at byte {cut}");
    }
    for size in [1, 2, 3, 7] {
        let chunks: Vec<&[u8]> = text.chunks(size).collect();
        assert_eq!(loaded(&chunks), whole, "{name}: {size}-byte chunks");
    }
}

#[test]
fn loader_and_cluster_agree_on_every_fixture() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nodes");
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml")) {
            let text = std::fs::read(&path).expect("fixture");
            assert_one_reader(&path.display().to_string(), &text);
        }
    }
}

#[test]
fn loader_and_cluster_agree_on_inputs_that_once_differed() {
    let cases: &[(&str, &str)] = &[
        (
            "tab in a node list",
            "kind: NodeList\nitems:\n- metadata:\n    name: a\n    labels: {x: \"a\tb\"}\n- metadata:\n    name: b\n",
        ),
        (
            "nested List",
            r#"{"kind":"List","items":[{"kind":"NodeList","items":[{"kind":"Node","metadata":{"name":"a"}}]}]}"#,
        ),
        (
            "array inside the List object",
            r#"{"kind":"NodeList","metadata":{"x":[{"metadata":{"name":"ghost"}}]},"items":[{"metadata":{"name":"a"}}]}"#,
        ),
        ("trailing garbage", r#"{"kind":"NodeList","items":[{"metadata":{"name":"a"}}]} garbage"#),
        (
            "another kind in the list",
            r#"{"kind":"List","items":[{"kind":"ConfigMap","metadata":{"name":"c"}},{"kind":"Node","metadata":{"name":"a"}}]}"#,
        ),
        ("only other kinds", r#"{"kind":"List","items":[{"kind":"ConfigMap","metadata":{"name":"c"}}]}"#),
        (
            "YAML list with another kind",
            "kind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: c}\n- kind: Node\n  metadata: {name: a}\n",
        ),
        ("documents", "kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: {name: b}\n"),
    ];
    for (name, text) in cases {
        assert_one_reader(name, text.as_bytes());
    }
}
