//! Where planning spends its time, natively: `cargo run --release --example profile <nodes file>`.
use std::time::Instant;

use daemonset_planner::api::{plan, read_nodes, Source};
use daemonset_planner::input::{parse_text, Filter};

fn main() {
    let path = std::env::args().nth(1).expect("a node list file");
    let text = std::fs::read_to_string(&path).unwrap();
    let ds = std::fs::read_to_string("www/examples/fluentd-elasticsearch.yaml").unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let docs = parse_text(&text, Filter::NodeRoot).unwrap();
        let parsed = t.elapsed();
        let nodes = read_nodes(Source::Docs(docs.docs)).unwrap();
        let read = t.elapsed();
        let p = plan(Source::Text(&ds), Source::Text(&text), &Default::default()).unwrap();
        let planned = t.elapsed();
        let json = serde_json::to_string(&p).unwrap();
        let encoded = t.elapsed();
        println!(
            "{} bytes, {} nodes: parse {:?}, read {:?}, whole plan {:?}, JSON out {:?} ({} bytes)",
            text.len(),
            nodes.len(),
            parsed,
            read - parsed,
            planned - read,
            encoded - planned,
            json.len()
        );
    }
}
