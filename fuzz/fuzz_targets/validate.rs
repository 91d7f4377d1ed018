//! validate: the input split at its first `\0` into the DaemonSet and the old one it updates
//! (no `\0`: a create). One call an execution keeps the fuzzer fast.
#![no_main]
use daemonset_planner::api::{validate, Source, ValidateOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = match data.iter().position(|&b| b == 0) {
        Some(at) => {
            let (new, old) = (&data[..at], &data[at + 1..]);
            let _ = validate(
                Source::Bytes(new),
                ValidateOptions { old_daemon_set: Some(Source::Bytes(old)), ..Default::default() },
            );
            return;
        }
        None => ValidateOptions::default(),
    };
    let _ = validate(Source::Bytes(data), options);
});
