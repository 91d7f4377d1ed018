#![cfg(not(target_arch = "wasm32"))]
//! Every case in tests/conformance/sync (the real v1.35 controller's syncs) through the Rust
//! API, called as the cases prescribe; per sync the created nodes, deleted, adopted and
//! released pods, revisions, events and every status number. Created pods' names are random in
//! Kubernetes, so a created pod is compared as `new@<node>`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use daemonset_planner::api::Source;
use daemonset_planner::controller::sync::{Between, CreatedPods};
use daemonset_planner::controller::{sync, SyncOptions};
use serde_json::{json, Value};

fn cases() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/sync");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().flat_map(|f| serde_json::from_str::<Vec<Value>>(&fs::read_to_string(f).unwrap()).unwrap()).collect()
}

pub fn options(case: &Value) -> SyncOptions {
    let between = &case["between"];
    SyncOptions {
        steps: case["steps"].as_u64().map(|s| s as usize),
        now: Some("2026-01-01T01:00:00Z".into()),
        between: Between {
            created_pods: between["createdPods"].as_str().and_then(CreatedPods::parse).unwrap_or_default(),
            advance_seconds: between["advanceSeconds"].as_i64().unwrap_or(0),
        },
        ..Default::default()
    }
}

/// Names of created pods → `new@<node>`; input pods keep their key.
struct Names {
    input: HashSet<String>,
    created: BTreeMap<String, String>,
}

impl Names {
    fn of(&self, key: &str) -> String {
        if self.input.contains(key) {
            return key.to_string();
        }
        let name = key.rsplit('/').next().unwrap_or(key);
        format!("new@{}", self.created.get(name).map_or("?", String::as_str))
    }
    fn list(&self, v: &Value) -> Vec<String> {
        let mut out: Vec<String> =
            v.as_array().into_iter().flatten().filter_map(Value::as_str).map(|k| self.of(k)).collect();
        out.sort();
        out
    }
    fn event(&self, e: &str) -> String {
        e.split(' ')
            .map(|w| {
                let bare = w.trim_end_matches(',');
                if self.created.contains_key(bare) || self.created.contains_key(bare.rsplit('/').next().unwrap_or("")) {
                    w.replace(bare, "<created>")
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn created_nodes(s: &Value) -> Vec<String> {
    let mut n: Vec<String> = s["created"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["node"].as_str().or(c.as_str()).unwrap_or_default().to_string())
        .collect();
    n.sort();
    n
}

fn names_for(case: &Value, syncs: &[Value]) -> Names {
    let input = case["pods"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "{}/{}",
                p["metadata"]["namespace"].as_str().unwrap_or("default"),
                p["metadata"]["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    let mut created = BTreeMap::new();
    for s in syncs {
        for c in s["created"].as_array().into_iter().flatten() {
            if let (Some(name), Some(node)) = (c["name"].as_str(), c["node"].as_str()) {
                created.insert(name.to_string(), node.to_string());
            }
        }
        for (k, node) in s["podsAfter"].as_object().into_iter().flatten() {
            let name = k.rsplit('/').next().unwrap_or(k);
            created.entry(name.to_string()).or_insert_with(|| node.as_str().unwrap_or("").to_string());
        }
    }
    Names { input, created }
}

/// `nondeterministic`: the case keeps only the fields every run agreed on; absent ones are not compared.
fn compare_sync(
    i: usize,
    want: &Value,
    got: &Value,
    wn: &Names,
    gn: &Names,
    nondeterministic: bool,
    out: &mut Vec<String>,
) {
    let mut check = |field: &str, w: Value, g: Value| {
        if w != g {
            out.push(format!("sync {i} {field}: want {w}, got {g}"));
        }
    };
    let obj = want.as_object().unwrap();
    if obj.contains_key("created") {
        check("created", json!(created_nodes(want)), json!(created_nodes(got)));
    }
    // The created pods themselves: who created them, labels (the hash included), tolerations, affinity.
    let pods = |v: &Value| -> Vec<Value> {
        let mut p: Vec<Value> = v["created"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c.get("labels").is_some())
            .map(|c| json!([c["node"], c["by"], c["labels"], c["tolerations"], c["affinity"]]))
            .collect();
        p.sort_by_key(|x| x.to_string());
        p
    };
    if want["created"].as_array().is_some_and(|c| c.iter().any(|c| c.get("labels").is_some())) {
        check("created pods", json!(pods(want)), json!(pods(got)));
    }
    for f in ["deleted", "adopted", "released"] {
        if obj.contains_key(f) {
            check(f, json!(wn.list(&want[f])), json!(gn.list(&got[f])));
        }
    }
    if let Some(c) = want.get("createdCount") {
        check("createdCount", c.clone(), json!(got["created"].as_array().map_or(0, Vec::len)));
    }
    if let Some(c) = want.get("deletedCount") {
        check("deletedCount", c.clone(), json!(got["deleted"].as_array().map_or(0, Vec::len)));
    }
    if let Some(r) = want.get("deleteReasons").and_then(Value::as_object) {
        let norm = |n: &Names, m: &Value| -> BTreeMap<String, Value> {
            m.as_object().into_iter().flatten().map(|(k, v)| (n.of(k), v.clone())).collect()
        };
        check("deleteReasons", json!(norm(wn, &json!(r))), json!(norm(gn, &got["deleteReasons"])));
    }
    for f in ["statusWritten", "status", "revisionHash", "now", "error"] {
        if obj.contains_key(f) {
            check(f, want[f].clone(), got.get(f).cloned().unwrap_or(Value::Null));
        }
    }
    for f in ["revisionsCreated", "revisionsUpdated", "revisionsDeleted", "revisionsAdopted"] {
        if nondeterministic && !obj.contains_key(f) {
            continue;
        }
        let w = want.get(f).cloned().unwrap_or(json!([]));
        check(f, w, got.get(f).cloned().unwrap_or(json!([])));
    }
    if obj.contains_key("events") {
        let ev = |n: &Names, v: &Value| {
            let mut e: Vec<String> =
                v.as_array().into_iter().flatten().filter_map(Value::as_str).map(|e| n.event(e)).collect();
            e.sort();
            e
        };
        check("events", json!(ev(wn, &want["events"])), json!(ev(gn, &got["events"])));
    }
}

/// A nondeterministic case: our sequence of choices must be one the controller made.
fn matches_any_of(any_of: &Value, got: &[Value], wn: &Names, gn: &Names) -> bool {
    any_of.as_array().into_iter().flatten().any(|run| {
        let run = run.as_array().cloned().unwrap_or_default();
        run.len() == got.len()
            && run.iter().zip(got).all(|(w, g)| {
                // The runs' own pod names are random: a created pod is just "new" here.
                let bare = |n: &Names, v: &Value| -> Vec<String> {
                    let mut l: Vec<String> =
                        n.list(v).into_iter().map(|d| if d.starts_with("new@") { "new".into() } else { d }).collect();
                    l.sort();
                    l
                };
                created_nodes(w) == created_nodes(g) && bare(wn, &w["deleted"]) == bare(gn, &g["deleted"])
            })
    })
}

#[test]
fn sync_cases() {
    let all = cases();
    let mut failures = Vec::new();
    for case in &all {
        let id = case["id"].as_str().unwrap();
        let ds = case["daemonSet"].to_string();
        let mut cluster: Vec<Value> = Vec::new();
        for k in ["nodes", "pods", "controllerRevisions"] {
            cluster.extend(case[k].as_array().cloned().unwrap_or_default());
        }
        let cluster = Value::Array(cluster).to_string();
        let result = match sync(Source::Text(&ds), Source::Text(&cluster), &options(case)) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        let got: Vec<Value> = result.syncs.iter().map(|s| serde_json::to_value(s).unwrap()).collect();
        let expect = &case["expect"];
        let want = expect["syncs"].as_array().unwrap();
        let (wn, gn) = (names_for(case, want), names_for(case, &got));
        let mut problems = Vec::new();
        if want.len() != got.len() {
            problems.push(format!("{} syncs, want {}", got.len(), want.len()));
        }
        if expect["templateGeneration"] != json!(result.template_generation) {
            problems.push(format!("templateGeneration {:?}", result.template_generation));
        }
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            compare_sync(i, w, g, &wn, &gn, expect.get("nondeterministic").is_some(), &mut problems);
        }
        if let Some(any_of) = expect.get("anyOf") {
            if !matches_any_of(any_of, &got, &wn, &gn) {
                let seq: Vec<Value> = got
                    .iter()
                    .map(|g| json!({"created": created_nodes(g), "deleted": gn.list(&g["deleted"])}))
                    .collect();
                problems.push(format!("choices {} are none of anyOf", json!(seq)));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{id}:\n    {}", problems.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} sync cases fail:\n{}", failures.len(), all.len(), failures.join("\n"));
}
