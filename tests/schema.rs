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
