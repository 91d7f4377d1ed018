//! The summary line, as kube-scheduler's FailedScheduling event writes it (`FitError.Error`):
//! `3/5 nodes are available: 1 node(s) didn't match ..., 1 node(s) had untolerated taint {...}.`

use std::collections::BTreeMap;

/// `first_reasons` holds, for each node without a new pod, its first reason (the filter the
/// scheduler would have stopped at). Counts are listed as `sortReasonsHistogram` lists them:
/// `"<count> <reason>"` strings in byte order.
pub fn failed_scheduling_message<'a>(
    available: usize,
    total: usize,
    first_reasons: impl Iterator<Item = &'a str>,
) -> String {
    let mut histogram: BTreeMap<&str, usize> = BTreeMap::new();
    for r in first_reasons {
        *histogram.entry(r).or_default() += 1;
    }
    let mut parts: Vec<String> = histogram.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    parts.sort();
    if parts.is_empty() {
        format!("{available}/{total} nodes are available.")
    } else {
        format!("{available}/{total} nodes are available: {}.", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_the_event() {
        let reasons = [
            "node(s) didn't match Pod's node affinity/selector",
            "node(s) had untolerated taint {a: b}",
            "node(s) didn't match Pod's node affinity/selector",
        ];
        assert_eq!(
            failed_scheduling_message(2, 5, reasons.into_iter()),
            "2/5 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 node(s) didn't match Pod's node affinity/selector."
        );
        assert_eq!(failed_scheduling_message(3, 3, std::iter::empty()), "3/3 nodes are available.");
    }
}
