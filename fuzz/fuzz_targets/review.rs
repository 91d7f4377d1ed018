//! review: an input that names a `request` is the AdmissionReview body itself; any other is
//! the object of a CREATE review. With validation off, an object that does not decode must
//! never be allowed under failurePolicy Fail. One review an execution keeps the fuzzer fast.
#![no_main]
use daemonset_planner::api::Source;
use daemonset_planner::policy::{review, ReviewOptions, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = Settings::parse("validation: false\nforbidTolerateAll: true\n").expect("fixed settings");
    let options = ReviewOptions { settings, nodes: None, comparison_operators: false };
    if data.windows(7).any(|w| w == b"request") {
        let answer = review(Source::Bytes(data), &options);
        assert!(answer["response"]["allowed"].is_boolean());
        return;
    }
    let Ok(object) = std::str::from_utf8(data) else { return };
    let body = format!(
        r#"{{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{"uid":"u","kind":{{"group":"apps","version":"v1","kind":"DaemonSet"}},"operation":"CREATE","object":{object}}}}}"#
    );
    let answer = review(Source::Text(&body), &options);
    assert!(answer["response"]["allowed"].is_boolean());
});
