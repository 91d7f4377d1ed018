#![cfg(not(target_arch = "wasm32"))]
//! Work grows at most about linearly with the input (issue 15, item 4): each shape of the
//! issue's table at n = 1,000 and n = 30,000 in `make test` (GROWTH_LARGE=100000 in
//! `make bench`, which prints the growth factors), through validate and plan. The measure is the
//! ratio of the two times in this process (best of several runs), set against the 100× the
//! input grew; a quadratic spot gives about 10,000×. No wall-clock threshold.

use std::time::{Duration, Instant};

use daemonset_planner::api::{plan, validate, Source, ValidateOptions};

#[path = "growth/shapes.rs"]
mod shapes;

fn work((ds, nodes): &(String, String)) {
    let v = validate(Source::Text(ds), ValidateOptions::default());
    std::hint::black_box(&v);
    let p = plan(Source::Text(ds), Source::Text(nodes), &Default::default());
    std::hint::black_box(&p);
}

fn best(input: &(String, String), runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            work(input);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn every_shape_grows_about_linearly() {
    const SMALL: usize = 1_000;
    let large_n: usize = std::env::var("GROWTH_LARGE").ok().and_then(|v| v.parse().ok()).unwrap_or(30_000);
    let input_growth = (large_n / SMALL) as f64;
    let mut failures = Vec::new();
    let only = std::env::var("GROWTH_ONLY").unwrap_or_default();
    for shape in shapes::SHAPES.iter().filter(|s| s.name.contains(only.as_str())) {
        let small = (shape.make)(SMALL);
        let large = (shape.make)(large_n);
        best(&small, 2);
        let (t_small, t_large) = (best(&small, 7), best(&large, 2));
        let growth = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
        println!("{:<40} {:>9.2?} {:>9.2?} growth {:>7.1}×", shape.name, t_small, t_large, growth);
        // About linear: within 3× of the input's growth (fixed costs only make it smaller).
        if growth > 3.0 * input_growth {
            failures.push(format!("{}: {growth:.0}× for {input_growth}× the input", shape.name));
        }
    }
    assert!(failures.is_empty(), "super-linear work: {failures:#?}");
}
