//! The JSON reader (with its YAML fallback): any bytes after a `{` or `[`.
#![no_main]
use daemonset_planner::input::{parse_bytes, Filter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut text = Vec::with_capacity(data.len() + 1);
    if !data.first().is_some_and(|b| matches!(b, b'{' | b'[')) {
        text.push(b'{');
    }
    text.extend_from_slice(data);
    let _ = parse_bytes(&text, Filter::All);
    let _ = parse_bytes(&text, Filter::NodeRoot);
});
