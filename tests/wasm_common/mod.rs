//! Tests of the wasm-bindgen exports, run by both `wasm_node` (Node.js) and `wasm_browser`
//! (headless Chromium): the same module must answer the same in both hosts.

use daemonset_planner::wasm::{plan as plan_export, validate as validate_export, version};
use js_sys::{Array, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent:1}]\n";
const NODES: &str = "items:\n- metadata: {name: n1}\n- metadata: {name: n2}\n  spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}\n";

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| match k.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&acc, i).unwrap(),
        Err(_) => Reflect::get(&acc, &JsValue::from_str(k)).unwrap(),
    })
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn plan(ds: JsValue, nodes: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    plan_export(ds.unchecked_into(), nodes.unchecked_into(), options.map(JsCast::unchecked_into))
}

fn validate(ds: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    validate_export(ds.unchecked_into(), options.map(JsCast::unchecked_into))
}

#[wasm_bindgen_test]
fn plans_text_bytes_and_objects_alike() {
    let from_text = plan(text(DS), text(NODES), None).unwrap();
    assert_eq!(
        get(&from_text, "summary.message").as_string().unwrap(),
        "1/2 nodes are available: 1 node(s) had untolerated taint(s)."
    );
    assert_eq!(get(&from_text, "nodes.1.outcome").as_string().unwrap(), "keepRunning");
    let bytes = Uint8Array::from(DS.as_bytes());
    let from_bytes = plan(bytes.into(), text(NODES), None).unwrap();
    assert_eq!(JSON::stringify(&from_bytes).unwrap(), JSON::stringify(&from_text).unwrap());
    let nodes = JSON::parse(r#"[{"metadata":{"name":"n1"}},{"metadata":{"name":"n2"},"spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}}]"#).unwrap();
    let from_objects = plan(text(DS), nodes, None).unwrap();
    assert_eq!(
        JSON::stringify(&get(&from_objects, "nodes")).unwrap(),
        JSON::stringify(&get(&from_text, "nodes")).unwrap()
    );
}

#[wasm_bindgen_test]
fn bad_input_throws_a_coded_error() {
    for (ds, nodes, code) in [
        ("", NODES, "EMPTY_INPUT"),
        ("a: [1", NODES, "INVALID_YAML"),
        (DS, "kind: DaemonSet\n", "WRONG_KIND"),
        (DS, "- metadata: {}\n", "INVALID_NODE"),
    ] {
        let err = plan(text(ds), text(nodes), None).unwrap_err();
        assert!(err.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&err, "code").as_string().unwrap(), code);
    }
    let deep = "[".repeat(10_000);
    let err = plan(text(&deep), text(NODES), None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "TOO_DEEP");
    // Still working afterwards.
    assert!(plan(text(DS), text(NODES), None).is_ok());
}

#[wasm_bindgen_test]
fn validate_never_throws() {
    for input in [JsValue::NULL, JsValue::from_f64(1.0), text("{"), Array::new().into(), text("kind: Pod\n")] {
        let v = validate(input, None).unwrap();
        assert_eq!(get(&v, "valid").as_bool(), Some(false));
    }
    let bad = DS.replace("containers:", "restartPolicy: Never\n      containers:");
    let v = validate(text(&bad), None).unwrap();
    assert_eq!(
        get(&v, "errors.0.message").as_string().unwrap(),
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
    );
    assert_eq!(get(&v, "errors.0.line").as_f64(), Some(9.0));
    assert_eq!(get(&v, "status.code").as_f64(), Some(422.0));
}

#[wasm_bindgen_test]
fn conformance_sample_through_the_exports() {
    let placement: serde_json::Value =
        serde_json::from_str(include_str!("../conformance/placement/taints.json")).unwrap();
    for case in placement.as_array().unwrap() {
        let result = plan(text(&case["daemonSet"].to_string()), text(&case["nodes"].to_string()), None).unwrap();
        let nodes: Array = get(&result, "nodes").dyn_into().unwrap();
        for n in nodes.iter() {
            let name = get(&n, "name").as_string().unwrap();
            let want = &case["expect"][&name];
            assert_eq!(get(&n, "shouldRun").as_bool(), want["shouldRun"].as_bool(), "{} {name}", case["id"]);
            assert_eq!(
                get(&n, "shouldContinueRunning").as_bool(),
                want["shouldContinueRunning"].as_bool(),
                "{} {name}",
                case["id"]
            );
        }
    }
    let validation: serde_json::Value =
        serde_json::from_str(include_str!("../conformance/validation/tolerations.json")).unwrap();
    for case in validation.as_array().unwrap() {
        let v = validate(text(&case["daemonSet"].to_string()), None).unwrap();
        assert_eq!(get(&v, "valid").as_bool(), case["expect"]["valid"].as_bool(), "{}", case["id"]);
    }
}

#[wasm_bindgen_test]
fn version_names_the_release() {
    assert_eq!(get(&version(None).unwrap(), "kubernetes").as_string().unwrap(), "1.37");
    let older = js_sys::JSON::parse(r#"{"kubernetesVersion":"1.35"}"#).unwrap();
    assert_eq!(get(&version(Some(older.unchecked_into())).unwrap(), "kubernetes").as_string().unwrap(), "1.35");
}

/// The JSON skipper's SIMD path (wasm only): brackets, quotes and escapes inside a skipped
/// value's strings, wherever they fall against its 64-byte blocks, and a wrong closing bracket.
#[wasm_bindgen_test]
fn skipped_json_values_end_where_they_end() {
    let taint =
        r#"{"metadata":{"name":"n2"},"spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}}"#;
    for pad in 0..130 {
        let images = format!(r#"[{{"names":["{}x]}}[{{\"\\","]"],"sizeBytes":1}},[[{{}}]]]"#, " ".repeat(pad));
        let list = format!(r#"{{"items":[{{"metadata":{{"name":"n1"}},"status":{{"images":{images}}}}},{taint}]}}"#);
        let planned = plan(text(DS), text(&list), None).unwrap();
        assert_eq!(
            get(&planned, "summary.message").as_string().unwrap(),
            "1/2 nodes are available: 1 node(s) had untolerated taint(s).",
            "padding {pad}"
        );
        let wrong = format!(
            r#"{{"items":[{{"metadata":{{"name":"n1"}},"status":{{"images":[{{"names":["{}a"}}]}}}}]}}"#,
            " ".repeat(pad)
        );
        let err = plan(text(DS), text(&wrong), None).unwrap_err();
        assert_eq!(get(&err, "code").as_string().unwrap(), "INVALID_JSON", "padding {pad}");
        let at = wrong.find("\"}]").unwrap() + 2;
        assert_eq!(
            get(&err, "column").as_f64(),
            Some(at as f64),
            "padding {pad}: {}",
            get(&err, "message").as_string().unwrap()
        );
    }
}
