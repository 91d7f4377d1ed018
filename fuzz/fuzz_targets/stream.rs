//! The streaming loader at arbitrary chunk boundaries: the first two bytes pick the chunk
//! size; the loader must never panic, and a loaded cluster must plan.
#![no_main]
use daemonset_planner::api::{ClusterLoader, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (size, text) = match data {
        [a, b, rest @ ..] => (1 + (usize::from(*a) << 8 | usize::from(*b)) % 4096, rest),
        _ => return,
    };
    let mut loader = ClusterLoader::new();
    for chunk in text.chunks(size) {
        if loader.push(chunk).is_err() {
            return;
        }
    }
    if let Ok(cluster) = loader.finish() {
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n";
        let _ = cluster.plan(Source::Text(ds), &Default::default());
    }
});
