//! Pod priority as the Priority admission plugin sets it (plugin/pkg/admission/priority
//! `admitPod`, for CREATE) and as the scheduler reads it (`corev1helpers.PodPriority`).

use super::objects::PriorityClass;

pub const SYSTEM_NODE_CRITICAL: (&str, i32) = ("system-node-critical", 2_000_001_000);
pub const SYSTEM_CLUSTER_CRITICAL: (&str, i32) = ("system-cluster-critical", 2_000_000_000);

/// What admission writes into the pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub priority: i32,
    pub priority_class_name: String,
    pub preemption_policy: Option<String>,
}

/// Mirrors `getDefaultPriority`: the globalDefault class with the highest value.
fn default_priority(classes: &[PriorityClass]) -> Option<&PriorityClass> {
    classes.iter().filter(|c| c.global_default).max_by_key(|c| c.value)
}

/// Mirrors `admitPod` for a created pod: the class's value and policy (the two system classes
/// built in), the default class when none is named, else 0. `Err` is the admission's refusal.
pub fn admit_pod(
    class_name: &str,
    priority: Option<i32>,
    preemption_policy: Option<&str>,
    classes: &[PriorityClass],
) -> Result<Admitted, String> {
    let (name, value, policy) = if class_name.is_empty() {
        match default_priority(classes) {
            Some(c) => (c.name.clone(), c.value, Some(c.preemption_policy.clone())),
            None => (String::new(), 0, None),
        }
    } else if let Some(c) = classes.iter().find(|c| c.name == class_name) {
        (c.name.clone(), c.value, Some(c.preemption_policy.clone()))
    } else if let Some((n, v)) =
        [SYSTEM_NODE_CRITICAL, SYSTEM_CLUSTER_CRITICAL].into_iter().find(|(n, _)| *n == class_name)
    {
        (n.to_string(), v, Some("PreemptLowerPriority".to_string()))
    } else {
        return Err(format!("no PriorityClass with name {class_name} was found"));
    };
    if let Some(p) = priority.filter(|p| *p != value) {
        return Err(format!(
            "the integer value of priority ({p}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name"
        ));
    }
    let preemption_policy = match (policy, preemption_policy) {
        (Some(computed), Some(given)) if computed != given => {
            return Err(format!(
                "the string value of PreemptionPolicy ({given}) must not be provided in pod spec; priority admission controller computed {computed} from the given PriorityClass name"
            ))
        }
        (Some(computed), _) => Some(computed),
        (None, given) => given.map(str::to_string),
    };
    Ok(Admitted { priority: value, priority_class_name: name, preemption_policy })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, value: i32, global_default: bool) -> PriorityClass {
        PriorityClass { name: name.into(), value, global_default, preemption_policy: "PreemptLowerPriority".into() }
    }

    /// `admitPod`: named class, highest globalDefault, built-in system classes, refusals.
    #[test]
    fn resolves_priorities() {
        let classes = [class("low", 10, true), class("high", 100, true), class("batch", -5, false)];
        assert_eq!(admit_pod("", None, None, &classes).unwrap().priority, 100);
        assert_eq!(admit_pod("batch", None, None, &classes).unwrap().priority, -5);
        assert_eq!(admit_pod("system-node-critical", None, None, &[]).unwrap().priority, 2_000_001_000);
        let none = admit_pod("", None, Some("Never"), &[]).unwrap();
        assert_eq!((none.priority, none.preemption_policy.as_deref()), (0, Some("Never")));
        assert!(admit_pod("missing", None, None, &classes).is_err());
        assert!(admit_pod("batch", Some(3), None, &classes).is_err());
        assert!(admit_pod("batch", None, Some("Never"), &classes).is_err());
    }
}
