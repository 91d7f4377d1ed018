//! validate, on create and as an update of itself.
#![no_main]
use daemonset_planner::api::{validate, Source, ValidateOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = validate(Source::Bytes(data), ValidateOptions::default());
    let _ = validate(
        Source::Bytes(data),
        ValidateOptions { old_daemon_set: Some(Source::Bytes(data)), ..Default::default() },
    );
});
