//! The YAML reader: any bytes, read whole and as a node list.
#![no_main]
use daemonset_planner::input::{parse_bytes, Filter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.first().is_some_and(|b| matches!(b, b'{' | b'[')) {
        return; // the JSON target's
    }
    let _ = parse_bytes(data, Filter::All);
    let _ = parse_bytes(data, Filter::NodeRoot);
});
