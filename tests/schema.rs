#![cfg(not(target_arch = "wasm32"))]
//! `src/warnings/daemonset_fields.txt` is derived from kubernetes/api's all-fields DaemonSet
//! fixture. `UPDATE_SCHEMA=1 cargo test --test schema` rewrites it; otherwise this checks it is
//! current.

use std::fs;
use std::path::Path;

use daemonset_planner::input::{parse_text, select_daemon_set};
use daemonset_planner::warnings::schema_lines;

#[test]
fn the_field_schema_is_derived_from_the_all_fields_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture =
        fs::read_to_string(root.join("tests/fixtures/daemonsets/k8s-api-testdata-apps.v1.DaemonSet-allfields.yaml"))
            .unwrap();
    let docs = parse_text(&fixture, daemonset_planner::input::Filter::All).unwrap();
    let want = schema_lines(select_daemon_set(&docs.docs, None).unwrap()).join("\n") + "\n";
    let file = root.join("src/warnings/daemonset_fields.txt");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        fs::write(&file, &want).unwrap();
    }
    assert_eq!(fs::read_to_string(&file).unwrap_or_default(), want, "run UPDATE_SCHEMA=1 cargo test --test schema");
    assert!(want.lines().count() > 500, "the fixture sets every field");
}

/// `src/warnings/fields_by_release.rs` restates `kubernetes-versions-schema-diff.json` (fields
/// added and removed between the k8s.io/api tags of each release): every added path is covered by
/// the table at the release that added it, and every removed leaf is listed.
#[test]
fn the_release_field_table_follows_the_schema_diff() {
    use daemonset_planner::release::Release;
    use daemonset_planner::warnings::{FIELDS_ADDED, FIELDS_REMOVED};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let diff: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root.join("tests/fixtures/kubernetes-versions-schema-diff.json")).unwrap(),
    )
    .unwrap();
    let release = |to: &str| Release::parse(to.split('-').next().unwrap()).unwrap();
    for d in diff["diffs"].as_array().unwrap() {
        let to = release(d["to"].as_str().unwrap());
        for added in d["added"].as_array().unwrap() {
            let path = added["path"].as_str().unwrap().strip_prefix("DaemonSet.").unwrap();
            assert!(
                FIELDS_ADDED.iter().any(|(r, p)| *r == to && (path == *p || path.starts_with(&format!("{p}.")))),
                "{path} ({to}) is not in ADDED"
            );
        }
        for removed in d["removed"].as_array().unwrap() {
            let path = removed["path"].as_str().unwrap().strip_prefix("DaemonSet.").unwrap();
            let is_leaf =
                !d["removed"].as_array().unwrap().iter().any(|o| {
                    o["path"].as_str().unwrap().starts_with(&format!("{}.", removed["path"].as_str().unwrap()))
                });
            if is_leaf {
                assert!(FIELDS_REMOVED.contains(&(to, path)), "{path} ({to}) is not in REMOVED");
            }
        }
    }
    let listed = FIELDS_ADDED.len() + FIELDS_REMOVED.len();
    assert!(listed >= 20, "the table lists the diff ({listed})");
}
