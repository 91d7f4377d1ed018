//! The summary line, as kube-scheduler's FailedScheduling event writes it (`FitError.Error`):
//! `3/5 nodes are available: 1 node(s) didn't match ..., 1 node(s) had untolerated taint(s).`

use std::collections::BTreeMap;

use super::decision::FirstReason;
use crate::release::Release;

/// `first_reasons` holds, for each node without a new pod, its first reason (the filter the
/// scheduler would have stopped at). Counts are listed as `sortReasonsHistogram` lists them:
/// `"<count> <reason>"` strings in byte order.
pub fn failed_scheduling_message<'n>(
    available: usize,
    total: usize,
    first_reasons: impl Iterator<Item = FirstReason<'n>>,
    release: Release,
) -> String {
    // The words depend on the kind of reason only (every taint reads the same), so nodes are
    // counted by kind: no hashing of each node's taint.
    let mut by_kind: Vec<(FirstReason<'n>, usize)> = Vec::new();
    for r in first_reasons {
        match by_kind.iter_mut().find(|(k, _)| std::mem::discriminant(k) == std::mem::discriminant(&r)) {
            Some((_, n)) => *n += 1,
            None => by_kind.push((r, 1)),
        }
    }
    let mut by_text: BTreeMap<String, usize> = BTreeMap::new();
    for (reason, n) in by_kind {
        *by_text.entry(reason.message(release)).or_default() += n;
    }
    let mut parts: Vec<String> = by_text.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    crate::sort::sort(&mut parts);
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
            FirstReason::NodeAffinity,
            FirstReason::Taint("a", "b"),
            FirstReason::NodeAffinity,
            FirstReason::Taint("c", ""),
        ];
        for release in Release::ALL {
            assert_eq!(
                failed_scheduling_message(2, 6, reasons.into_iter(), release),
                "2/6 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint(s)."
            );
        }
        assert_eq!(failed_scheduling_message(3, 3, std::iter::empty(), Release::V1_35), "3/3 nodes are available.");
    }
}
