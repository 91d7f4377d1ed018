#![cfg(not(target_arch = "wasm32"))]
//! Hostile input through the core (issue 15): budgets by bytes, limits with codes, duplicate
//! keys still last-wins in linear time, and a policy that never fails open.

use daemonset_planner::api::{validate, Source, ValidateOptions};
use daemonset_planner::input::{codes, parse_text, Filter};
use daemonset_planner::policy::{review, review_unconfigured, FailurePolicy, ReviewOptions, Settings};
use serde_json::json;

#[test]
fn one_long_string_aliased_thousands_of_times_is_refused_by_bytes() {
    let text = format!("a: &a \"{}\"\nb: [{}]\n", "x".repeat(1_000_000), vec!["*a"; 4000].join(","));
    let e = parse_text(&text, Filter::All).unwrap_err();
    assert_eq!(e.code, codes::TOO_LARGE);
    assert!(e.message.contains("64 MiB"), "{}", e.message);
}

#[test]
fn excessive_aliasing_is_refused_as_go_yaml_refuses_it() {
    let anchor: String = (0..1000).map(|i| format!("  k{i}: v\n")).collect();
    let uses: String = (0..250).map(|i| format!("u{i}: *a\n")).collect();
    let e = parse_text(&format!("base: &a\n{anchor}{uses}"), Filter::All).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (codes::TOO_LARGE, "document contains excessive aliasing"));
}

#[test]
fn too_many_documents_are_refused() {
    let e = parse_text(&"a: 1\n---\n".repeat(100_001), Filter::All).unwrap_err();
    assert_eq!(e.code, codes::TOO_LARGE);
}

#[test]
fn a_key_written_again_wins_in_large_maps_too() {
    let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("k3: last\n");
    let docs = parse_text(&text, Filter::All).unwrap();
    let root = &docs.docs[0];
    assert_eq!(root.str_at("k3"), Some("last"));
    assert_eq!(docs.duplicates.len(), 1);
    match &root.value {
        daemonset_planner::input::Value::Map(entries) => assert_eq!(entries.len(), 100),
        _ => panic!("not a map"),
    }
}

#[test]
fn validate_holds_requests_to_the_api_server_limit() {
    let v = validate(Source::Text(&format!("a: \"{}\"", "x".repeat(4 << 20))), ValidateOptions::default());
    assert!(!v.valid);
    assert_eq!(v.errors[0].reason, codes::TOO_LARGE);
}

fn request(object: serde_json::Value) -> String {
    json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "u1", "kind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
        "operation": "CREATE", "object": object}})
    .to_string()
}

#[test]
fn an_object_that_cannot_be_decoded_is_not_allowed_with_validation_off() {
    let object = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "a"},
        "spec": {"template": {"spec": {"terminationGracePeriodSeconds": "30", "containers": []}}}});
    let body = request(object);
    let run = |settings: &str| {
        review(
            Source::Text(&body),
            &ReviewOptions {
                settings: Settings::parse(settings).unwrap(),
                nodes: None,
                comparison_operators: false,
                feature_gates: Default::default(),
            },
        )
    };
    let denied = run("validation: false\n");
    assert_eq!(denied["response"]["allowed"], json!(false));
    assert_eq!(denied["response"]["uid"], json!("u1"));
    let admitted = run("validation: false\nfailurePolicy: Ignore\n");
    assert_eq!(admitted["response"]["allowed"], json!(true));
    assert!(admitted["response"]["warnings"][0].as_str().unwrap().contains("admitted unchecked"));
    // With validation on it is what the API server answers: its decoder's 400.
    assert_eq!(run("")["response"]["status"]["code"], json!(400));
}

#[test]
fn a_review_that_cannot_be_set_up_follows_the_failure_policy() {
    let body = request(json!({"kind": "DaemonSet"}));
    let fail = review_unconfigured(Source::Text(&body), "broken settings", FailurePolicy::Fail);
    assert_eq!((fail["response"]["allowed"].clone(), fail["response"]["uid"].clone()), (json!(false), json!("u1")));
    let ignore = review_unconfigured(Source::Text(&body), "broken settings", FailurePolicy::Ignore);
    assert_eq!(ignore["response"]["allowed"], json!(true));
    let big = review_unconfigured(Source::Text(&" ".repeat(4 << 20)), "x", FailurePolicy::Ignore);
    assert!(big["response"]["warnings"][0].as_str().unwrap().contains("3 MiB"));
}
