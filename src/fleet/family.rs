//! Families: DaemonSets that run one kind of daemon, split by hardware or OS (the seed page's
//! "multiple DaemonSets for a single type of daemon, but with different flags").

use std::collections::HashMap;

use crate::model::DaemonSet;

/// The family a DaemonSet belongs to, decided in this order:
/// 1. the caller's grouping (`families`: family name → `namespace/name` or bare names);
/// 2. the recommended label `app.kubernetes.io/name` (on the DaemonSet, else its template);
/// 3. `app.kubernetes.io/part-of` with `app.kubernetes.io/component`, both present.
///
/// `None`: a DaemonSet of its own.
pub fn family_of(ds: &DaemonSet, namespaced: &str, given: &HashMap<String, String>) -> Option<String> {
    if let Some(f) = given.get(namespaced).or_else(|| given.get(ds.name())) {
        return Some(f.clone());
    }
    let label = |key: &str| {
        let on_object = ds.metadata.as_ref().and_then(|m| m.labels.as_ref()).and_then(|l| l.get(key));
        let on_template = || ds.spec.as_ref()?.template.as_ref()?.metadata.as_ref()?.labels.as_ref()?.get(key);
        on_object.or_else(on_template).filter(|v| !v.is_empty()).cloned()
    };
    if let Some(name) = label("app.kubernetes.io/name") {
        return Some(name);
    }
    match (label("app.kubernetes.io/part-of"), label("app.kubernetes.io/component")) {
        (Some(part), Some(component)) => Some(format!("{part}/{component}")),
        _ => None,
    }
}

/// Inverts the caller's `families` option (family → members) for lookups by member.
pub fn by_member(families: &std::collections::BTreeMap<String, Vec<String>>) -> HashMap<String, String> {
    families.iter().flat_map(|(family, members)| members.iter().map(move |m| (m.clone(), family.clone()))).collect()
}
