//! The rollout budget: kubernetes/kubernetes `pkg/controller/daemon/update.go`
//! `updatedDesiredNodeCounts` and `util/daemonset_util.go` `SurgeCount`, `UnavailableCount`.

use serde::Serialize;

use crate::field::go_quote;
use crate::model::strconv::parse_int;
use crate::model::{DaemonSet, IntOrString};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    /// `RollingUpdate` or `OnDelete` (after apps/v1 defaulting).
    pub strategy: String,
    pub max_unavailable: i64,
    pub max_surge: i64,
    /// The count `updatedDesiredNodeCounts` returns with the budgets: the nodes that should run
    /// the daemon, or −1 with the budgets when a value cannot be scaled.
    pub desired_number_scheduled: i64,
    /// Set when a value cannot be scaled (the controller then aborts the rollout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Mirrors `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)` and its errors.
pub fn scaled_value(v: &IntOrString, total: i64) -> Result<i64, String> {
    get_int_or_percent_value_safely(v)
        .map(|(value, is_percent)| if is_percent { (value as f64 * total as f64 / 100.0).ceil() as i64 } else { value })
        .map_err(|e| format!("invalid value for IntOrString: {e}"))
}

/// Mirrors `getIntOrPercentValueSafely`: an int, or a string that ends in `%` and `Atoi`s.
fn get_int_or_percent_value_safely(v: &IntOrString) -> Result<(i64, bool), String> {
    match v {
        IntOrString::Int(i) => Ok((*i, false)),
        IntOrString::String(s) => {
            let Some(number) = s.strip_suffix('%') else {
                return Err("invalid type: string is not a percentage".into());
            };
            let value = parse_int(number, "Atoi").map_err(|e| format!("invalid value {}: {e}", go_quote(s)))?;
            Ok((value, true))
        }
    }
}

/// Mirrors `updatedDesiredNodeCounts` on a defaulted DaemonSet: `UnavailableCount` then
/// `SurgeCount` scaled against `desired` (−1, −1, −1 and the error when one fails), and
/// maxUnavailable 1 when both come out 0 on a non-empty set.
pub fn updated_desired_node_counts(ds: &DaemonSet, desired: usize) -> Rollout {
    let strategy = ds.spec.as_ref().and_then(|s| s.update_strategy.as_ref());
    let type_ = strategy.and_then(|s| s.type_.clone()).unwrap_or_else(|| "RollingUpdate".into());
    let rolling = strategy.filter(|_| type_ == "RollingUpdate").and_then(|s| s.rolling_update.as_ref());
    let total = desired as i64;
    let scale = |v: Option<&IntOrString>| v.map(|v| scaled_value(v, total)).transpose().map(Option::unwrap_or_default);
    let failed = |type_: String, e: String| Rollout {
        strategy: type_,
        max_unavailable: -1,
        max_surge: -1,
        desired_number_scheduled: -1,
        error: Some(e),
    };
    let max_unavailable = match scale(rolling.and_then(|r| r.max_unavailable.as_ref())) {
        Ok(u) => u,
        Err(e) => return failed(type_, format!("invalid value for MaxUnavailable: {e}")),
    };
    let max_surge = match scale(rolling.and_then(|r| r.max_surge.as_ref())) {
        Ok(s) => s,
        Err(e) => return failed(type_, format!("invalid value for MaxSurge: {e}")),
    };
    let mut rollout =
        Rollout { strategy: type_, max_unavailable, max_surge, desired_number_scheduled: total, error: None };
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
        assert_eq!(
            scaled_value(&IntOrString::String("5".into()), 10),
            Err("invalid value for IntOrString: invalid type: string is not a percentage".into())
        );
        assert_eq!(
            scaled_value(&IntOrString::String("x%".into()), 10),
            Err(r#"invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax"#
                .into())
        );
    }
}
