#![cfg(not(target_arch = "wasm32"))]
//! Every case in tests/conformance (derived from Kubernetes' own tests) through the Rust API,
//! with the inputs given as JSON text so the reader is exercised too.

use std::fs;
use std::path::Path;

use daemonset_planner::api::{plan, validate, FieldValidation, PlanOptions, Source, ValidateOptions};
use daemonset_planner::release::Release;
use serde_json::Value;

fn cases(suite: &str) -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(suite);
    let mut files: Vec<_> = fs::read_dir(&dir).expect("conformance folder").map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let cases: Vec<Value> = serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap();
        let file = format!("{suite}/{}", f.file_name().unwrap().to_string_lossy());
        for mut c in cases {
            c["_file"] = Value::String(file.clone());
            out.push((c["id"].as_str().unwrap().to_string(), c));
        }
    }
    assert!(!out.is_empty(), "no cases in {suite}");
    out
}

/// Placement cases: `placement/` and the `placement/…` cases of `differential/`. Per node
/// `shouldRun`/`shouldContinueRunning`, the created Pod's tolerations and affinity, and the
/// rollout numbers (with the controller's error), all compared exactly.
#[test]
fn placement_cases() {
    let mut failures = Vec::new();
    let mut all = cases("placement");
    all.extend(cases("differential").into_iter().filter(|(id, _)| id.starts_with("placement/")));
    let only = std::env::var("CASES").unwrap_or_default();
    for (id, case) in all.iter().filter(|(id, _)| id.contains(only.as_str())) {
        if let Err(problem) = placement_mismatch(id, case) {
            failures.push(format!("{id}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} placement cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// `versions/versions.json`: cases whose answer differs between releases, each run at its
/// `kubernetesVersion` (validation cases as above, placement cases through `plan`).
#[test]
fn versions_cases() {
    let all = cases("versions");
    let only = std::env::var("CASES").unwrap_or_default();
    let mut failures = Vec::new();
    for (id, case) in all.iter().filter(|(id, _)| id.contains(only.as_str())) {
        assert!(case.get("kubernetesVersion").and_then(Value::as_str).and_then(Release::parse).is_some(), "{id}");
        let problem =
            if id.starts_with("validation/") { validation_mismatch(case) } else { placement_mismatch(id, case).err() };
        failures.extend(problem.map(|m| format!("{id}: {m}")));
    }
    assert!(failures.is_empty(), "{} of {} versions cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

/// What differs between the plan and a placement case's expectation, if anything.
fn placement_mismatch(id: &str, case: &Value) -> Result<(), String> {
    let ds =
        case.get("daemonSetText").and_then(Value::as_str).map_or_else(|| case["daemonSet"].to_string(), str::to_string);
    let nodes = case["nodes"].to_string();
    let pods = id.contains("/generated-pod/");
    let options = PlanOptions { pods, kubernetes_version: case_release(case), ..Default::default() };
    let plan = plan(Source::Text(&ds), Source::Text(&nodes), &options).map_err(|e| e.to_string())?;
    let expect = &case["expect"];
    if expect.get("maxSurge").is_some() {
        let mut got = serde_json::json!({
            "desiredNumberScheduled": plan.rollout.desired_number_scheduled,
            "maxUnavailable": plan.rollout.max_unavailable,
            "maxSurge": plan.rollout.max_surge,
        });
        if let Some(e) = &plan.rollout.error {
            got["error"] = Value::String(e.clone());
        }
        return if &got == expect { Ok(()) } else { Err(format!("want {expect}, got {got}")) };
    }
    let mut problems = Vec::new();
    for (node, want) in expect.as_object().ok_or("expect is not a map")? {
        let Some(got) = plan.nodes.iter().find(|n| &n.name == node) else {
            problems.push(format!("node {node} missing from the plan"));
            continue;
        };
        if let (Some(run), Some(keep)) = (want["shouldRun"].as_bool(), want["shouldContinueRunning"].as_bool()) {
            let got_pair = (got.should_run, got.should_continue_running);
            if got_pair != (run, keep) {
                problems.push(format!("{node}: want {:?}, got {got_pair:?} ({:?})", (run, keep), got.reasons));
            }
        }
        // Every node without a new pod says why; a node that runs says nothing.
        if got.should_run != got.reasons.is_empty() {
            problems.push(format!("{node}: shouldRun {} but reasons {:?}", got.should_run, got.reasons));
        }
        if pods {
            let Some(pod) = got.pod.as_ref() else {
                problems.push(format!("{node}: no pod for a node that runs the daemon"));
                continue;
            };
            for key in ["tolerations", "affinity"] {
                if pod["spec"][key] != want[key] {
                    problems.push(format!("{node}: {key}: want {}, got {}", want[key], pod["spec"][key]));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Validation cases: `validation/` and the `validation/…` cases of `differential/`. Field, reason,
/// every cause's message (in order, duplicates included) and the Status message, byte for byte.
#[test]
fn validation_cases() {
    let mut failures = Vec::new();
    let mut all = cases("validation");
    all.extend(cases("differential").into_iter().filter(|(id, _)| id.starts_with("validation/")));
    let only = std::env::var("CASES").unwrap_or_default();
    let mut per_file = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for (id, case) in all.iter().filter(|(id, _)| id.contains(only.as_str())) {
        let tally = per_file.entry(case["_file"].as_str().unwrap_or("").to_string()).or_default();
        tally.1 += 1;
        if let Some(problem) = validation_mismatch(case) {
            tally.0 += 1;
            failures.push(format!("{id}: {problem}"));
        }
    }
    let tallies: Vec<String> =
        per_file.iter().filter(|(_, t)| t.0 > 0).map(|(f, t)| format!("{f}: {} of {} failed", t.0, t.1)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} validation cases failed:\n{}\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n"),
        tallies.join("\n")
    );
}

/// What differs between the answer and a validation case's expectation, if anything.
fn validation_mismatch(case: &Value) -> Option<String> {
    let ds = case["daemonSet"].to_string();
    let text = case.get("daemonSetText").and_then(Value::as_str).map(str::to_string).unwrap_or(ds);
    let old = case.get("oldDaemonSet").map(|o| o.to_string());
    let options = ValidateOptions {
        old_daemon_set: old.as_deref().map(Source::Text),
        kubernetes_version: case_release(case),
        // The expectations come from the API server's code without kubectl in front, where an
        // absent `fieldValidation` means Warn (apiserver `fieldValidation("")`).
        field_validation: FieldValidation::Warn,
        ..Default::default()
    };
    let result = validate(Source::Text(&text), options);
    let expect = &case["expect"];
    let got: Vec<(String, String)> = result.errors.iter().map(|e| (e.field.clone(), e.reason.clone())).collect();
    let want: Vec<(String, String)> = expect["errors"]
        .as_array()
        .map(|errs| {
            errs.iter()
                .map(|e| (e["field"].as_str().unwrap().to_string(), e["reason"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let messages: Vec<String> = result
        .errors
        .iter()
        .map(|e| e.message.strip_prefix(&format!("{}: ", e.field)).unwrap_or(&e.message).to_string())
        .collect();
    let valid = expect["valid"].as_bool().unwrap();
    if result.valid != valid {
        return Some(format!("valid {} (want {valid}); got {got:?} {messages:?}", result.valid));
    }
    // Expectations with `messages` list every cause in the server's order; the others only say
    // which (field, reason) pairs occur.
    if let Some(want_messages) = expect.get("messages").and_then(Value::as_array) {
        let want_messages: Vec<&str> = want_messages.iter().map(|m| m.as_str().unwrap()).collect();
        if got != want || messages != want_messages {
            return Some(format!(
                "causes differ:\n    want {want:?}\n         {want_messages:?}\n    got  {got:?}\n         {messages:?}"
            ));
        }
    } else {
        let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
        let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            return Some(format!("missing {missing:?}; extra {extra:?}; messages {messages:?}"));
        }
    }
    // A body the server cannot decode: its 400, whose message ends with the decoder's error.
    if let Some(decode) = expect.get("decodeError").and_then(Value::as_str) {
        let status = result.status.as_ref();
        let (code, reason) = (status.map(|s| s.code), status.map(|s| s.reason));
        let message = status.map(|s| s.message.as_str()).unwrap_or("");
        if code != Some(400) || reason != Some("BadRequest") || !message.ends_with(&format!(": {decode}")) {
            return Some(format!(
                "decode error: want 400 BadRequest ending {decode:?}, got {code:?} {reason:?} {message:?}"
            ));
        }
    }
    if let Some(want_status) = expect.get("status").and_then(Value::as_str) {
        let got_status = result.status.as_ref().map(|s| s.message.as_str()).unwrap_or("");
        if got_status != want_status {
            return Some(format!("status message:\n    want {want_status}\n    got  {got_status}"));
        }
    }
    None
}

/// The release a case was answered by: its `kubernetesVersion`, else v1.35, which produced the
/// expectations by running.
fn case_release(case: &Value) -> Release {
    case.get("kubernetesVersion").and_then(Value::as_str).and_then(Release::parse).unwrap_or(Release::V1_35)
}

/// Every scheduling case (executed kube-scheduler v1.35.4): scheduled, the FailedScheduling
/// message byte for byte, the victims in order; the cluster given as one array of objects.
#[test]
fn scheduling_cases() {
    let mut failures = Vec::new();
    let all = cases("scheduling");
    for (id, case) in &all {
        let ds = case["daemonSet"].to_string();
        let mut objects = Vec::new();
        for key in ["nodes", "pods", "priorityClasses", "pdbs"] {
            objects.extend(case[key].as_array().cloned().unwrap_or_default());
        }
        let cluster = Value::Array(objects).to_string();
        let plan = match plan(Source::Text(&ds), Source::Text(&cluster), &PlanOptions::default()) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        for (node, want) in case["expect"].as_object().unwrap() {
            let Some(got) = plan.nodes.iter().find(|n| &n.name == node).and_then(|n| n.scheduling.as_ref()) else {
                failures.push(format!("{id}: {node}: no scheduling verdict"));
                continue;
            };
            let want_victims: Vec<String> = want["preemption"]["victims"]
                .as_array()
                .map(|v| v.iter().filter_map(|s| s.as_str().map(String::from)).collect())
                .unwrap_or_default();
            let got_victims = got.preemption.as_ref().map(|p| p.victims.clone()).unwrap_or_default();
            if got.scheduled != want["scheduled"].as_bool().unwrap()
                || got.message.as_deref() != want["message"].as_str()
                || got_victims != want_victims
            {
                failures.push(format!(
                    "{id}: {node}:\n   want {} {:?} {:?}\n   got  {} {:?} {:?}",
                    want["scheduled"],
                    want["message"].as_str(),
                    want_victims,
                    got.scheduled,
                    got.message,
                    got_victims
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), all.len(), failures.join("\n"));
}
