//! What the scheduler reads from the cluster's objects, read leanly from the input tree: a
//! Pod's identity, binding, priority and requests (computed at once, containers not kept),
//! a PodDisruptionBudget's budget, a PriorityClass's value, a Node's allocatable.

use std::collections::HashSet;
use std::fmt;

use super::plugins::inter_pod_affinity::{read_pod_affinity, PodAffinityTerms};
use super::resource::{default_pod_requests, pod_requests, ContainerRequests, PodResources, Resource, ResourceList};
use super::time::parse_rfc3339;
use crate::input::{codes, Entry, InputError, Node, Pos, Value};
use crate::model::{LabelSelector, Quantity};
use crate::placement::LabelSet;
use crate::scheduling::labels::{label_selector_as_selector, Selector};

/// A host port a pod holds, sanitized as `HostPortInfo` keys it ("" → 0.0.0.0 and TCP).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HostPort {
    pub ip: String,
    pub protocol: String,
    pub port: i32,
}

/// A pod as the scheduler's cache holds it (`framework.PodInfo`), minus what no filter reads.
#[derive(Clone, Debug, Default)]
pub struct PodInfo {
    pub namespace: String,
    pub name: String,
    pub labels: LabelSet,
    pub node_name: String,
    pub priority: Option<i32>,
    pub priority_class_name: String,
    pub preemption_policy: Option<String>,
    /// `status.startTime` in nanoseconds since the epoch.
    pub start_time: Option<i128>,
    pub deleting: bool,
    /// Controlled by a DaemonSet (an owner reference with `controller: true`).
    pub daemon_set_owned: bool,
    pub resource: Resource,
    /// The requests as `PodRequests` sums them (for the daemon overhead people read).
    pub requests: ResourceList,
    pub host_ports: Vec<HostPort>,
    /// Required pod (anti-)affinity terms, for the few pods that have them.
    pub affinity: Option<Box<PodAffinityTerms>>,
}

impl PodInfo {
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

#[derive(Clone, Debug)]
pub struct PriorityClass {
    pub name: String,
    pub value: i32,
    pub global_default: bool,
    /// Defaulted to `PreemptLowerPriority` (`SetDefaults_PriorityClass`).
    pub preemption_policy: String,
}

#[derive(Clone, Debug)]
pub struct PodDisruptionBudget {
    pub namespace: String,
    pub selector: Selector,
    pub disruptions_allowed: i32,
    pub disrupted_pods: HashSet<String>,
}

fn text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some(s),
        _ => None,
    }
}

fn at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(node, |n, k| n.get(k)).filter(|n| !n.is_null())
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn int(node: Option<&Node>) -> Option<i64> {
    node.and_then(text).and_then(|s| s.parse::<i64>().ok())
}

fn is_true(node: Option<&Node>) -> bool {
    matches!(node.map(|n| &n.value), Some(Value::Bool(true, _)))
}

/// Reads a `ResourceList` map; a malformed or negative quantity is a coded error.
pub fn read_resource_list(
    node: Option<&Node>,
    who: &dyn fmt::Display,
    path: &str,
) -> Result<Option<ResourceList>, InputError> {
    let Some(node) = node.filter(|n| !n.is_null()) else { return Ok(None) };
    let mut list = ResourceList::new();
    for e in resource_entries(node, who, path)? {
        list.insert(e.key.clone(), entry_nanos(e, who, path)?);
    }
    Ok(Some(list))
}

/// The entries of a `ResourceList` map.
fn resource_entries<'a>(node: &'a Node, who: &dyn fmt::Display, path: &str) -> Result<&'a [Entry], InputError> {
    match &node.value {
        Value::Map(entries) => Ok(entries),
        _ => Err(InputError::new(
            codes::WRONG_TYPE,
            format!("{who}: {path}: expected a map, got a {}", node.type_name()),
        )
        .at(node.pos)),
    }
}

/// One entry's quantity in nanos; a malformed or negative quantity is a coded error.
fn entry_nanos(e: &Entry, who: &dyn fmt::Display, path: &str) -> Result<i128, InputError> {
    let message = match text(&e.value).and_then(Quantity::parse_nanos) {
        Some(nanos) if nanos >= 0 => return Ok(nanos),
        Some(_) => "must be greater than or equal to 0",
        None => crate::model::quantity::QUANTITY_FORMAT,
    };
    Err(InputError::new(codes::INVALID_QUANTITY, format!("{who}: {path}[{}]: {message}", e.key)).at(e.value.pos))
}

/// Mirrors `SetDefaults_Pod`'s limits → requests for one container.
fn container_requests(c: &Node, who: &dyn fmt::Display, path: &str) -> Result<ContainerRequests, InputError> {
    let res = at(c, &["resources"]);
    let mut requests =
        read_resource_list(res.and_then(|r| r.get("requests")), who, &format!("{path}.resources.requests"))?
            .unwrap_or_default();
    let limits = read_resource_list(res.and_then(|r| r.get("limits")), who, &format!("{path}.resources.limits"))?;
    for (k, v) in limits.into_iter().flatten() {
        requests.entry(k).or_insert(v);
    }
    Ok(ContainerRequests { requests, restartable: c.str_at("restartPolicy") == Some("Always") })
}

/// Mirrors `GetHostPorts` (pkg/scheduler/util/utils.go) after `defaultHostNetworkPorts`:
/// containers and sidecars, never regular init containers, only `hostPort > 0`.
fn host_ports(spec: &Node, host_network: bool) -> Vec<HostPort> {
    let sidecars = items(spec.get("initContainers")).iter().filter(|c| c.str_at("restartPolicy") == Some("Always"));
    let mut out = Vec::new();
    for c in sidecars.chain(items(spec.get("containers"))) {
        for p in items(c.get("ports")) {
            let mut port = int(p.get("hostPort")).unwrap_or(0);
            if host_network && port == 0 {
                port = int(p.get("containerPort")).unwrap_or(0);
            }
            if port > 0 && port <= i32::MAX as i64 {
                out.push(sanitize(p.str_at("hostIP").unwrap_or(""), p.str_at("protocol").unwrap_or(""), port as i32));
            }
        }
    }
    out
}

/// Mirrors `HostPortInfo.sanitize`: an empty IP binds all, an empty protocol is TCP.
pub fn sanitize(ip: &str, protocol: &str, port: i32) -> HostPort {
    HostPort {
        ip: if ip.is_empty() { "0.0.0.0".into() } else { ip.into() },
        protocol: if protocol.is_empty() { "TCP".into() } else { protocol.into() },
        port,
    }
}

/// Reads one Pod; `None` for a terminal pod (Succeeded, Failed), which the scheduler never sees.
pub fn read_pod(pod: &Node, index: usize) -> Result<Option<PodInfo>, InputError> {
    let meta = at(pod, &["metadata"]);
    let name = meta.and_then(|m| m.str_at("name")).unwrap_or("");
    if name.is_empty() {
        return Err(InputError::new(codes::INVALID_POD, format!("pod {index} has no metadata.name")).at(pod.pos));
    }
    let who = format!("pod {name:?}");
    let phase = at(pod, &["status", "phase"]).and_then(Node::as_str).unwrap_or("");
    if phase == "Succeeded" || phase == "Failed" {
        return Ok(None);
    }
    let mut info = PodInfo {
        namespace: meta.and_then(|m| m.str_at("namespace")).filter(|n| !n.is_empty()).unwrap_or("default").into(),
        name: name.into(),
        ..Default::default()
    };
    if let Some(Value::Map(labels)) = meta.and_then(|m| m.get("labels")).map(|l| &l.value) {
        info.labels = LabelSet::with_capacity(labels.len());
        for e in labels {
            info.labels.push(&e.key, text(&e.value).unwrap_or(""));
        }
    }
    info.deleting = meta.and_then(|m| at(m, &["deletionTimestamp"])).is_some();
    info.daemon_set_owned = items(meta.and_then(|m| m.get("ownerReferences")))
        .iter()
        .any(|o| o.str_at("kind") == Some("DaemonSet") && is_true(o.get("controller")));
    info.start_time = at(pod, &["status", "startTime"]).and_then(Node::as_str).and_then(parse_rfc3339);
    let empty = Node::new(Value::Map(Vec::new()), Pos::default());
    let spec = at(pod, &["spec"]).unwrap_or(&empty);
    info.node_name = spec.str_at("nodeName").unwrap_or("").into();
    info.priority = match int(spec.get("priority")) {
        Some(p) => Some(i32::try_from(p).map_err(|_| {
            InputError::new(codes::WRONG_TYPE, format!("{who}: spec.priority: out of range")).at(pod.pos)
        })?),
        None => None,
    };
    info.priority_class_name = spec.str_at("priorityClassName").unwrap_or("").into();
    info.preemption_policy = spec.str_at("preemptionPolicy").map(str::to_string);
    let mut res = PodResources::default();
    for (i, c) in items(spec.get("containers")).iter().enumerate() {
        res.containers.push(container_requests(c, &who, &format!("spec.containers[{i}]"))?);
    }
    for (i, c) in items(spec.get("initContainers")).iter().enumerate() {
        res.init_containers.push(container_requests(c, &who, &format!("spec.initContainers[{i}]"))?);
    }
    res.overhead = read_resource_list(spec.get("overhead"), &who, "spec.overhead")?;
    let pod_res = at(spec, &["resources"]);
    let pod_reqs = read_resource_list(pod_res.and_then(|r| r.get("requests")), &who, "spec.resources.requests")?;
    let pod_limits = read_resource_list(pod_res.and_then(|r| r.get("limits")), &who, "spec.resources.limits")?;
    res.pod_requests = default_pod_requests(&res, pod_reqs, &pod_limits.unwrap_or_default());
    info.requests = pod_requests(&res);
    info.resource = Resource::from_list(&info.requests);
    info.host_ports = host_ports(spec, is_true(spec.get("hostNetwork")));
    info.affinity = read_pod_affinity(spec, &info.namespace, &who)?;
    Ok(Some(info))
}

/// Mirrors `NodeInfo.SetNode` over `SetDefaults_NodeStatus`: `status.allocatable`, or
/// `capacity` when allocatable is absent altogether; `None` when the node states neither.
pub fn read_allocatable(node: &Node, name: &str) -> Result<Option<Resource>, InputError> {
    let who = Who("node", name);
    let (list, path) = match at(node, &["status", "allocatable"]) {
        Some(a) => (a, "status.allocatable"),
        None => match at(node, &["status", "capacity"]) {
            Some(c) => (c, "status.capacity"),
            None => return Ok(None),
        },
    };
    // Every node has one: summed straight into a Resource, without a ResourceList between.
    let entries = resource_entries(list, &who, path)?;
    let mut r = Resource::default();
    for (i, e) in entries.iter().enumerate() {
        let nanos = entry_nanos(e, &who, path)?;
        // A key written again: the last wins, as a map keeps it. Zero entries (`hugepages-2Mi:
        // "0"` on most nodes) are not kept, as a missing key means 0.
        if nanos != 0 && !entries[i + 1..].iter().any(|later| later.key == e.key) {
            r.add_named(&e.key, nanos);
        }
    }
    Ok(Some(r))
}

/// `kind "name"`, written only into an error.
struct Who<'a>(&'static str, &'a str);

impl fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.0, self.1)
    }
}

/// Reads a PriorityClass; a class without `value` is priority 0, as the API's zero value.
pub fn read_priority_class(pc: &Node) -> Result<PriorityClass, InputError> {
    let name = at(pc, &["metadata"]).and_then(|m| m.str_at("name")).unwrap_or("").to_string();
    let value = int(pc.get("value")).unwrap_or(0);
    let value = i32::try_from(value).map_err(|_| {
        InputError::new(codes::WRONG_TYPE, format!("PriorityClass {name:?}: value: out of range")).at(pc.pos)
    })?;
    Ok(PriorityClass {
        name,
        value,
        global_default: is_true(pc.get("globalDefault")),
        preemption_policy: pc.str_at("preemptionPolicy").unwrap_or("PreemptLowerPriority").to_string(),
    })
}

/// Reads a PodDisruptionBudget; without a status it allows no disruption (the zero value).
pub fn read_pdb(pdb: &Node) -> Result<PodDisruptionBudget, InputError> {
    let meta = at(pdb, &["metadata"]);
    let name = meta.and_then(|m| m.str_at("name")).unwrap_or("");
    let selector = match at(pdb, &["spec", "selector"]) {
        Some(s) => {
            let parsed: LabelSelector = crate::input::de::decode(s, "spec.selector").map_err(|e| {
                InputError::new(codes::WRONG_TYPE, format!("PodDisruptionBudget {name:?}: {e}")).at(e.pos)
            })?;
            // An invalid selector matches nothing (filterPodsWithPDBViolation).
            label_selector_as_selector(Some(&parsed)).unwrap_or(Selector(None))
        }
        None => Selector(None),
    };
    let status = at(pdb, &["status"]);
    let disrupted_pods = match status.and_then(|s| at(s, &["disruptedPods"])).map(|d| &d.value) {
        Some(Value::Map(entries)) => entries.iter().map(|e| e.key.clone()).collect(),
        _ => HashSet::new(),
    };
    let allowed = int(status.and_then(|s| s.get("disruptionsAllowed"))).unwrap_or(0);
    Ok(PodDisruptionBudget {
        namespace: meta.and_then(|m| m.str_at("namespace")).filter(|n| !n.is_empty()).unwrap_or("default").into(),
        selector,
        disruptions_allowed: allowed.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        disrupted_pods,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(status: serde_json::Value) -> Node {
        Node::from_json(&serde_json::json!({"metadata": {"name": "n"}, "status": status}))
    }

    /// `NodeInfo.SetNode` over `SetDefaults_NodeStatus`, as `Resource::from_list` of the list.
    #[test]
    fn allocatable_is_summed_as_its_resource_list() {
        let n = node(serde_json::json!({
            "allocatable": {"cpu": "3800m", "memory": "16Gi", "pods": "110", "hugepages-2Mi": "0",
                            "nvidia.com/gpu": "4", "ephemeral-storage": "1.5Gi", "example.com/odd": "2"},
            "capacity": {"cpu": "4"}
        }));
        let r = read_allocatable(&n, "n").unwrap().unwrap();
        let list = read_resource_list(n.get("status").and_then(|s| s.get("allocatable")), &"n", "x").unwrap().unwrap();
        let mut expected = list.clone();
        expected.retain(|_, q| *q != 0);
        assert_eq!(r, Resource::from_list(&expected));
        assert_eq!((r.milli_cpu, r.memory, r.allowed_pod_number), (3800, 16 << 30, 110));
        assert_eq!(r.scalar("nvidia.com/gpu"), 4);
        assert!(!r.scalar_resources.contains_key("hugepages-2Mi"));
    }

    #[test]
    fn capacity_stands_in_only_when_allocatable_is_absent() {
        let r = read_allocatable(&node(serde_json::json!({"capacity": {"cpu": "4"}})), "n").unwrap().unwrap();
        assert_eq!(r.milli_cpu, 4000);
        assert_eq!(read_allocatable(&node(serde_json::json!({})), "n").unwrap(), None);
        let empty = read_allocatable(&node(serde_json::json!({"allocatable": {}, "capacity": {"cpu": "4"}})), "n");
        assert_eq!(empty.unwrap(), Some(Resource::default()));
    }

    #[test]
    fn a_key_written_twice_counts_once_and_the_last_wins() {
        let n = Node::from_json(&serde_json::json!({"status": {"allocatable": {}}}));
        let text = r#"{"metadata": {"name": "n"}, "status": {"allocatable": {"cpu": "1", "cpu": "2"}}}"#;
        let docs = crate::input::parse_text(text, crate::input::Filter::NodeRoot).unwrap().docs;
        assert_eq!(read_allocatable(&docs[0], "n").unwrap().unwrap().milli_cpu, 2000);
        assert_eq!(read_allocatable(&n, "n").unwrap(), Some(Resource::default()));
    }

    #[test]
    fn bad_quantities_are_the_resource_list_errors() {
        let e = read_allocatable(&node(serde_json::json!({"allocatable": {"cpu": "-1"}})), "n").unwrap_err();
        assert_eq!(e.code, codes::INVALID_QUANTITY);
        assert_eq!(e.message, "node \"n\": status.allocatable[cpu]: must be greater than or equal to 0");
        let e = read_allocatable(&node(serde_json::json!({"allocatable": {"cpu": "lots"}})), "n").unwrap_err();
        assert!(e.message.starts_with("node \"n\": status.allocatable[cpu]: "), "{}", e.message);
        let e = read_allocatable(&node(serde_json::json!({"allocatable": ["cpu"]})), "n").unwrap_err();
        assert_eq!(e.message, "node \"n\": status.allocatable: expected a map, got a list");
    }

    /// Through the node readers (which skip `capacity` once `allocatable` is read), JSON and
    /// YAML, in both key orders: capacity counts only when allocatable is absent or null.
    #[test]
    fn the_readers_keep_capacity_where_it_counts() {
        let cases = [
            (
                r#"{"allocatable": {"cpu": "2"}, "capacity": {"cpu": "4"}}"#,
                "allocatable:\n      cpu: \"2\"\n    capacity:\n      cpu: \"4\"",
                Some(2000),
            ),
            (
                r#"{"capacity": {"cpu": "4"}, "allocatable": {"cpu": "2"}}"#,
                "capacity:\n      cpu: \"4\"\n    allocatable:\n      cpu: \"2\"",
                Some(2000),
            ),
            (
                r#"{"allocatable": null, "capacity": {"cpu": "4"}}"#,
                "allocatable: null\n    capacity:\n      cpu: \"4\"",
                Some(4000),
            ),
            (r#"{"capacity": {"cpu": "4"}}"#, "allocatable:\n    capacity:\n      cpu: \"4\"", Some(4000)),
            (
                r#"{"allocatable": {}, "capacity": {"cpu": "4"}}"#,
                "allocatable: {}\n    capacity:\n      cpu: \"4\"",
                Some(0),
            ),
            (r#"{}"#, "phase: Running", None),
        ];
        for (json_status, yaml_status, cpu) in cases {
            let json =
                format!(r#"{{"kind": "List", "items": [{{"metadata": {{"name": "n"}}, "status": {json_status}}}]}}"#);
            let yaml = format!("kind: List\nitems:\n- metadata:\n    name: n\n  status:\n    {yaml_status}\n");
            for text in [json, yaml] {
                let docs = crate::input::parse_text(&text, crate::input::Filter::NodeRoot).unwrap().docs;
                let Some(Value::Seq(items)) = docs[0].get("items").map(|i| &i.value) else {
                    panic!("no items in {text}")
                };
                let got = read_allocatable(&items[0], "n").unwrap().map(|r| r.milli_cpu);
                assert_eq!(got, cpu, "{text}");
            }
        }
    }
}
