//! The policy settings reader.
#![no_main]
use daemonset_planner::policy::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Settings::parse(text);
    }
});
