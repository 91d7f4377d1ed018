//! `make bench`: the Kubewarden policy's size, and the time of one `validate` under wasmtime
//! with the cluster served by the host (the host's listing and JSON included, as policy-server
//! pays them), printed as a Markdown table.
//!
//!   bench NODES.json PODS.json [RUNS]

use std::io::Write;
use std::time::Instant;

use kubewarden_host::{admission_request, compiled, policy_path, read_yaml, Capability, Host, Served};
use serde_json::{json, Value};

fn items(path: &str) -> Vec<Value> {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let list: Value = serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    list["items"].as_array().cloned().unwrap_or_default()
}

/// Median milliseconds of `runs` validates on one instance (policy-server reuses instances).
fn time(served: Served, request: &Value, settings: &Value, runs: usize) -> (f64, Value) {
    let host = Host::new(Capability::Served(served));
    let mut answer = host.validate(request, settings); // warm-up
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            answer = host.validate(request, settings);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], answer)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (nodes_path, pods_path) = (&args[1], &args[2]);
    let runs: usize = args.get(3).map_or(9, |r| r.parse().unwrap());
    let wasm = std::fs::read(policy_path()).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&wasm).unwrap();
    let gzipped = gz.finish().unwrap().len();
    let t = Instant::now();
    compiled();
    let compile_ms = t.elapsed().as_secs_f64() * 1000.0;

    let nodes = items(nodes_path);
    let pods = items(pods_path);
    let review = read_yaml("examples/kubewarden/request.json");
    let request = admission_request("CREATE", &review["request"]["object"], None);
    let served = |prune: bool, with_pods: bool| {
        let s = Served::new().with("v1", "Node", nodes.clone()).pruning(prune);
        if with_pods {
            s.with("v1", "Pod", pods.clone())
        } else {
            s
        }
    };
    let coverage = json!({"minCoverage": {"percent": 90}});
    let pending = json!({"maxPendingPercent": 10});
    let (none, _) = time(Served::new(), &request, &json!({"forbidTolerateAll": true}), runs);
    let rows = [
        ("no cluster rule (no host call)", none, String::new()),
        {
            let (ms, a) = time(served(false, false), &request, &coverage, runs);
            ("minCoverage, full Node objects served", ms, verdict(&a))
        },
        {
            let (ms, a) = time(served(true, false), &request, &coverage, runs);
            ("minCoverage, Nodes pruned to the field masks", ms, verdict(&a))
        },
        {
            let (ms, a) = time(served(true, true), &request, &pending, runs);
            ("maxPendingPercent, Nodes + Pods pruned to the field masks", ms, verdict(&a))
        },
    ];
    println!();
    println!("Kubewarden policy under wasmtime (wasmtime-provider, WASI), a typical DaemonSet");
    println!(
        "(examples/kubewarden/request.json) against {} nodes and {} pods served by the host:",
        nodes.len(),
        pods.len()
    );
    println!();
    println!("| policy.wasm | bytes | gzipped | wasmtime compile ms |");
    println!("| --- | --- | --- | --- |");
    println!("| pkg/kubewarden/policy.wasm | {} | {gzipped} | {compile_ms:.0} |", wasm.len());
    println!();
    println!("| validate | ms per request (median of {runs}) | ÷ no cluster rule | answer |");
    println!("| --- | --- | --- | --- |");
    for (name, ms, answer) in rows {
        println!("| {name} | {ms:.1} | {:.1} | {answer} |", ms / none);
    }
}

fn verdict(answer: &Value) -> String {
    let says = answer["message"].as_str().unwrap_or("");
    let says = says.split(": ").skip(1).collect::<Vec<_>>().join(": ");
    let says: String = says.chars().take(90).collect();
    format!("{} {says}", if answer["accepted"] == json!(true) { "accepted" } else { "denied" })
        .trim()
        .replace('|', "\\|")
}
