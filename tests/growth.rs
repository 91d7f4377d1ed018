#![cfg(not(target_arch = "wasm32"))]
//! Work grows at most about linearly with the input (issue 15, item 4): each shape of the
//! issue's table at n = 1,000 and n = 30,000 in `make test` (GROWTH_LARGE=100000 in
//! `make bench`, which prints the growth factors), through validate and plan. The measure is the
//! ratio of the two CPU times of this thread (best of several runs), set against the growth of
//! the input; a quadratic spot gives its square. No wall-clock threshold.

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

/// The CPU time this thread has run (Linux's schedstat, brought up to date at each scheduler
/// tick), so that time spent waiting for a core on a shared machine is not counted; elsewhere
/// the wall clock.
fn cpu_now() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

/// The time of one run, averaged over a batch of at least `min_runs` runs and 200 ms, which
/// makes the clock's tick (a few ms) small beside what is measured.
fn batch(input: &(String, String), min_runs: u32) -> Duration {
    let (wall, cpu) = (Instant::now(), cpu_now());
    let mut runs = 0;
    loop {
        work(input);
        runs += 1;
        let spent = match (cpu, cpu_now()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => wall.elapsed(),
        };
        if runs >= min_runs && spent >= Duration::from_millis(200) {
            return spent / runs;
        }
    }
}

/// The best of `batches` batches: noise only ever adds time.
fn best(input: &(String, String), batches: usize, min_runs: u32) -> Duration {
    (0..batches).map(|_| batch(input, min_runs)).min().unwrap_or_default()
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
        batch(&small, 1);
        let (t_small, t_large) = (best(&small, 3, 3), best(&large, 2, 1));
        let growth = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
        println!("{:<40} {:>9.2?} {:>9.2?} growth {:>7.1}×", shape.name, t_small, t_large, growth);
        // About linear: within 3× of the input's growth (fixed costs only make it smaller).
        if growth > 3.0 * input_growth {
            failures.push(format!("{}: {growth:.0}× for {input_growth}× the input", shape.name));
        }
    }
    assert!(failures.is_empty(), "super-linear work: {failures:#?}");
}
