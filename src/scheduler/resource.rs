//! Resource accounting as the scheduler does it: `resource.PodRequests`
//! (k8s.io/component-helpers/resource/helpers.go) over a pod's requests, then
//! `framework.Resource` (pkg/scheduler/framework/types.go) in integer milli-cpu and bytes.

use std::collections::BTreeMap;

use crate::validation::names::is_qualified_name;

/// A `v1.ResourceList`: resource name → quantity in nano-units (exact sums, no floats).
pub type ResourceList = BTreeMap<String, i128>;

/// Mirrors `framework.Resource`: cpu in millicores, the rest in whole units.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    pub allowed_pod_number: i64,
    pub scalar_resources: BTreeMap<String, i64>,
}

/// `Quantity.Value()`: whole units, rounded up.
pub fn value(nanos: i128) -> i64 {
    clamp(ceil_div(nanos, 1_000_000_000))
}

/// `Quantity.MilliValue()`: thousandths, rounded up (0.0001 cpu is 1m).
pub fn milli_value(nanos: i128) -> i64 {
    clamp(ceil_div(nanos, 1_000_000))
}

fn ceil_div(n: i128, d: i128) -> i128 {
    let q = n.div_euclid(d);
    if n.rem_euclid(d) != 0 {
        q + 1
    } else {
        q
    }
}

fn clamp(v: i128) -> i64 {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

impl Resource {
    /// Mirrors `(*Resource).Add`: known names to their fields, scalar names to the map, others dropped.
    pub fn add_list(&mut self, list: &ResourceList) {
        for (name, &q) in list {
            self.add_named(name, q);
        }
    }

    /// `add_list` for one entry.
    pub fn add_named(&mut self, name: &str, q: i128) {
        match name {
            "cpu" => self.milli_cpu = self.milli_cpu.saturating_add(milli_value(q)),
            "memory" => self.memory = self.memory.saturating_add(value(q)),
            "pods" => self.allowed_pod_number = self.allowed_pod_number.saturating_add(value(q)),
            "ephemeral-storage" => self.ephemeral_storage = self.ephemeral_storage.saturating_add(value(q)),
            _ if is_scalar_resource_name(name) => {
                let e = self.scalar_resources.entry(name.to_string()).or_default();
                *e = e.saturating_add(value(q));
            }
            _ => {}
        }
    }

    pub fn from_list(list: &ResourceList) -> Resource {
        let mut r = Resource::default();
        r.add_list(list);
        r
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a pod's requests, as `NodeInfo.update` does.
    pub fn add(&mut self, other: &Resource, sign: i64) {
        self.milli_cpu = self.milli_cpu.saturating_add(other.milli_cpu.saturating_mul(sign));
        self.memory = self.memory.saturating_add(other.memory.saturating_mul(sign));
        self.ephemeral_storage = self.ephemeral_storage.saturating_add(other.ephemeral_storage.saturating_mul(sign));
        for (k, v) in &other.scalar_resources {
            let e = self.scalar_resources.entry(k.clone()).or_default();
            *e = e.saturating_add(v.saturating_mul(sign));
        }
    }

    pub fn scalar(&self, name: &str) -> i64 {
        self.scalar_resources.get(name).copied().unwrap_or(0)
    }
}

/// Mirrors `schedutil.IsScalarResourceName` (pkg/scheduler/util/utils.go).
pub fn is_scalar_resource_name(name: &str) -> bool {
    is_extended_resource_name(name)
        || name.starts_with("hugepages-")
        || name.contains("kubernetes.io/")
        || name.starts_with("attachable-volumes-")
}

/// Mirrors `v1helper.IsExtendedResourceName` (pkg/apis/core/v1/helper/helpers.go).
pub fn is_extended_resource_name(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    if native || name.starts_with("requests.") {
        return false;
    }
    is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// One container's requests as the scheduler sees them, and whether it is a sidecar.
#[derive(Clone, Debug, Default)]
pub struct ContainerRequests {
    pub requests: ResourceList,
    /// `restartPolicy: Always` on an init container.
    pub restartable: bool,
}

/// What `PodRequests` reads from a pod.
#[derive(Clone, Debug, Default)]
pub struct PodResources {
    pub containers: Vec<ContainerRequests>,
    pub init_containers: Vec<ContainerRequests>,
    /// `spec.resources.requests` after defaulting (`defaultPodRequests`).
    pub pod_requests: Option<ResourceList>,
    pub overhead: Option<ResourceList>,
}

fn add_resource_list(list: &mut ResourceList, new: &ResourceList) {
    for (k, v) in new {
        let e = list.entry(k.clone()).or_default();
        *e = e.saturating_add(*v);
    }
}

fn max_resource_list(list: &mut ResourceList, new: &ResourceList) {
    for (k, v) in new {
        let e = list.entry(k.clone()).or_insert(*v);
        if *v > *e {
            *e = *v;
        }
    }
}

/// Mirrors `IsSupportedPodLevelResource`: cpu, memory and hugepages-*.
pub fn is_supported_pod_level_resource(name: &str) -> bool {
    name == "cpu" || name == "memory" || name.starts_with("hugepages-")
}

/// Mirrors `AggregateContainerRequests`: regular containers and sidecars summed, each regular
/// init container with the sidecars declared before it, the larger of the two per resource.
pub fn aggregate_container_requests(pod: &PodResources) -> ResourceList {
    let mut reqs = ResourceList::new();
    for c in &pod.containers {
        add_resource_list(&mut reqs, &c.requests);
    }
    let mut restartable = ResourceList::new();
    let mut init = ResourceList::new();
    for c in &pod.init_containers {
        if c.restartable {
            add_resource_list(&mut reqs, &c.requests);
            add_resource_list(&mut restartable, &c.requests);
            max_resource_list(&mut init, &restartable);
        } else {
            let mut tmp = c.requests.clone();
            add_resource_list(&mut tmp, &restartable);
            max_resource_list(&mut init, &tmp);
        }
    }
    max_resource_list(&mut reqs, &init);
    reqs
}

/// Mirrors `PodRequests` with PodLevelResources on: pod-level cpu/memory/hugepages replace the
/// container aggregate, then the overhead is added.
pub fn pod_requests(pod: &PodResources) -> ResourceList {
    let mut reqs = aggregate_container_requests(pod);
    if let Some(pod_reqs) = &pod.pod_requests {
        for (k, v) in pod_reqs {
            if is_supported_pod_level_resource(k) {
                reqs.insert(k.clone(), *v);
            }
        }
    }
    if let Some(overhead) = &pod.overhead {
        add_resource_list(&mut reqs, overhead);
    }
    reqs
}

/// Mirrors `defaultPodRequests` (pkg/apis/core/v1/defaults.go): with pod-level limits, a missing
/// pod-level cpu/memory request is the containers' aggregate, else the limit.
pub fn default_pod_requests(
    pod: &PodResources,
    requests: Option<ResourceList>,
    limits: &ResourceList,
) -> Option<ResourceList> {
    if limits.is_empty() {
        return requests;
    }
    let mut pod_reqs = requests.unwrap_or_default();
    let aggregate = aggregate_container_requests(pod);
    for (k, v) in &aggregate {
        // IsOvercommitAllowed: every supported pod-level resource but hugepages.
        if !pod_reqs.contains_key(k) && (k == "cpu" || k == "memory") {
            pod_reqs.insert(k.clone(), *v);
        }
    }
    for (k, v) in limits {
        if !pod_reqs.contains_key(k) && is_supported_pod_level_resource(k) {
            pod_reqs.insert(k.clone(), *v);
        }
    }
    (!pod_reqs.is_empty()).then_some(pod_reqs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> ResourceList {
        pairs.iter().map(|(k, v)| (k.to_string(), crate::model::Quantity::parse(v).unwrap().nanos)).collect()
    }

    fn c(pairs: &[(&str, &str)], restartable: bool) -> ContainerRequests {
        ContainerRequests { requests: list(pairs), restartable }
    }

    /// `Quantity.MilliValue` rounds up; `Value` rounds up.
    #[test]
    fn milli_and_whole_values_round_up() {
        assert_eq!(milli_value(list(&[("cpu", "0.0001")])["cpu"]), 1);
        assert_eq!(milli_value(list(&[("cpu", "1")])["cpu"]), 1000);
        assert_eq!(value(list(&[("m", "1G")])["m"]), 1_000_000_000);
        assert_eq!(value(list(&[("m", "1Gi")])["m"]), 1 << 30);
        assert_eq!(value(list(&[("m", "1500m")])["m"]), 2);
    }

    /// `AggregateContainerRequests`: init containers by max, sidecars summed and counted
    /// under the init containers after them.
    #[test]
    fn init_max_and_sidecars() {
        let pod = PodResources {
            containers: vec![c(&[("cpu", "100m"), ("memory", "1Gi")], false)],
            init_containers: vec![c(&[("cpu", "200m")], true), c(&[("cpu", "500m"), ("memory", "100Mi")], false)],
            ..Default::default()
        };
        let r = Resource::from_list(&pod_requests(&pod));
        // max(100m + 200m, 200m + 500m) = 700m; memory max(1Gi, 100Mi).
        assert_eq!(r.milli_cpu, 700);
        assert_eq!(r.memory, 1 << 30);
    }

    /// `PodRequests`: pod-level requests replace the aggregate; overhead is added after.
    #[test]
    fn pod_level_and_overhead() {
        let mut pod = PodResources { containers: vec![c(&[("cpu", "100m")], false)], ..Default::default() };
        pod.pod_requests = Some(list(&[("cpu", "2")]));
        pod.overhead = Some(list(&[("cpu", "250m")]));
        assert_eq!(Resource::from_list(&pod_requests(&pod)).milli_cpu, 2250);
        let defaulted = default_pod_requests(&pod, None, &list(&[("cpu", "4"), ("memory", "1Gi")])).unwrap();
        // cpu from the containers' aggregate, memory from the limit.
        assert_eq!(defaulted["cpu"], list(&[("cpu", "100m")])["cpu"]);
        assert_eq!(defaulted["memory"], list(&[("m", "1Gi")])["m"]);
    }

    /// `IsScalarResourceName`: extended, hugepages and kubernetes.io-prefixed names.
    #[test]
    fn scalar_names() {
        assert!(is_scalar_resource_name("nvidia.com/gpu"));
        assert!(is_scalar_resource_name("hugepages-2Mi"));
        assert!(!is_scalar_resource_name("foo"));
        let r = Resource::from_list(&list(&[("nvidia.com/gpu", "2"), ("foo", "1")]));
        assert_eq!(r.scalar("nvidia.com/gpu"), 2);
        assert_eq!(r.scalar_resources.len(), 1);
    }
}
