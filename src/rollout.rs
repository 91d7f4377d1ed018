//! The rollout budget: kubernetes/kubernetes `pkg/controller/daemon/update.go`
//! `updatedDesiredNodeCounts` and `util/daemonset_util.go` `SurgeCount`, `UnavailableCount`.

use serde::Serialize;

use crate::model::{DaemonSet, IntOrString};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    /// `RollingUpdate` or `OnDelete` (after apps/v1 defaulting).
    pub strategy: String,
    pub max_unavailable: i64,
    pub max_surge: i64,
    /// Set when a value cannot be scaled (the controller then aborts the rollout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Mirrors `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`.
pub fn scaled_value(v: &IntOrString, total: i64) -> Result<i64, String> {
    match v {
        IntOrString::Int(i) => Ok(*i),
        IntOrString::String(s) => {
            let Some(number) = s.strip_suffix('%') else {
                return Err(format!("invalid value for IntOrString: invalid type: string is not a percentage: {s:?}"));
            };
            let p: i64 = number.parse().map_err(|_| format!("invalid value {s:?}: not a whole percentage"))?;
            Ok((p as f64 * total as f64 / 100.0).ceil() as i64)
        }
    }
}

/// Mirrors `updatedDesiredNodeCounts` on a defaulted DaemonSet: both budgets scaled against
/// `desired`, and maxUnavailable 1 when both come out 0 on a non-empty set.
pub fn updated_desired_node_counts(ds: &DaemonSet, desired: usize) -> Rollout {
    let strategy = ds.spec.as_ref().and_then(|s| s.update_strategy.as_ref());
    let type_ = strategy.and_then(|s| s.type_.clone()).unwrap_or_else(|| "RollingUpdate".into());
    let rolling = strategy.filter(|_| type_ == "RollingUpdate").and_then(|s| s.rolling_update.as_ref());
    let total = desired as i64;
    let scale = |v: Option<&IntOrString>| v.map(|v| scaled_value(v, total)).transpose().map(Option::unwrap_or_default);
    let mut rollout = Rollout { strategy: type_, max_unavailable: 0, max_surge: 0, error: None };
    match (scale(rolling.and_then(|r| r.max_unavailable.as_ref())), scale(rolling.and_then(|r| r.max_surge.as_ref()))) {
        (Ok(u), Ok(s)) => {
            rollout.max_unavailable = u;
            rollout.max_surge = s;
        }
        (Err(e), _) | (_, Err(e)) => rollout.error = Some(e),
    }
    if desired > 0 && rollout.max_unavailable == 0 && rollout.max_surge == 0 {
        rollout.max_unavailable = 1;
    }
    rollout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up() {
        assert_eq!(scaled_value(&IntOrString::String("25%".into()), 10), Ok(3));
        assert_eq!(scaled_value(&IntOrString::String("1%".into()), 101), Ok(2));
        assert_eq!(scaled_value(&IntOrString::String("0%".into()), 0), Ok(0));
        assert!(scaled_value(&IntOrString::String("5".into()), 10).is_err());
    }
}
