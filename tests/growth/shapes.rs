//! The input shapes of issue 15's table: one DaemonSet (or node) with `n` entries of one kind,
//! as YAML text. Shared by the growth test and `make bench`'s growth report.

/// A named generator: `n` → (DaemonSet text, node list text).
pub struct Shape {
    pub name: &'static str,
    pub make: fn(usize) -> (String, String),
}

const NODES: &str =
    "apiVersion: v1\nkind: NodeList\nitems:\n- metadata:\n    name: n1\n    labels:\n      kubernetes.io/os: linux\n";

/// A DaemonSet with `extra` spliced into the template metadata, the pod spec and the container.
fn ds(meta: &str, selector: &str, pod: &str, container: &str, top_meta: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\n{top_meta}spec:\n  selector:\n    matchLabels:\n      app: agent\n{selector}  template:\n    metadata:\n      labels:\n        app: agent\n{meta}    spec:\n{pod}      containers:\n      - name: agent\n        image: registry.k8s.io/agent:1.0\n{container}"
    )
}

fn lines(n: usize, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect()
}

fn plain(meta: &str, selector: &str, pod: &str, container: &str, top: &str) -> (String, String) {
    (ds(meta, selector, pod, container, top), NODES.to_string())
}

pub const SHAPES: &[Shape] = &[
    Shape {
        name: "baseline: one long annotation value",
        make: |n| plain("", "", "", "", &format!("  annotations:\n    note: \"{}\"\n", "x".repeat(n * 16))),
    },
    Shape {
        name: "labels on one node",
        make: |n| {
            let labels = lines(n, |i| format!("      example.com/label-{i}: v{i}\n"));
            (ds("", "", "", "", ""), format!("{NODES}{labels}"))
        },
    },
    Shape { name: "template labels", make: |n| plain(&lines(n, |i| format!("        l{i}: v{i}\n")), "", "", "", "") },
    Shape {
        name: "selector matchLabels",
        make: |n| plain("", &lines(n, |i| format!("      l{i}: v{i}\n")), "", "", ""),
    },
    Shape {
        name: "annotations",
        make: |n| plain("", "", "", "", &format!("  annotations:\n{}", lines(n, |i| format!("    a{i}: v{i}\n")))),
    },
    Shape {
        name: "nodeSelector",
        make: |n| {
            plain("", "", &format!("      nodeSelector:\n{}", lines(n, |i| format!("        k{i}: v{i}\n"))), "", "")
        },
    },
    Shape {
        name: "unknown fields",
        make: |n| plain("", "", &lines(n, |i| format!("      unknownField{i}: {i}\n")), "", ""),
    },
    Shape {
        name: "topology spread constraints",
        make: |n| {
            let c = lines(n, |i| {
                format!("      - maxSkew: 1\n        topologyKey: zone{i}\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector:\n          matchLabels:\n            app: agent\n")
            });
            plain("", "", &format!("      topologySpreadConstraints:\n{c}"), "", "")
        },
    },
    Shape {
        name: "containers with host ports",
        make: |n| {
            let c = lines(n, |i| {
                format!("      - name: c{i}\n        image: busybox\n        ports:\n        - containerPort: {p}\n          hostPort: {p}\n", p = 1 + i % 65535)
            });
            (
                ds("", "", "", &format!("        ports:\n        - containerPort: 1\n          hostPort: 1\n{c}"), ""),
                NODES.into(),
            )
        },
    },
    Shape {
        name: "containers",
        make: |n| plain("", "", "", &lines(n, |i| format!("      - name: c{i}\n        image: busybox\n")), ""),
    },
    Shape {
        name: "ports",
        make: |n| {
            let ports = lines(n, |i| format!("        - containerPort: {}\n          name: p{i}\n", 1 + i % 65535));
            plain("", "", "", &format!("        ports:\n{ports}"), "")
        },
    },
    Shape {
        name: "volumes",
        make: |n| {
            let v = lines(n, |i| format!("      - name: v{i}\n        emptyDir: {{}}\n"));
            plain("", "", &format!("      volumes:\n{v}"), "", "")
        },
    },
    Shape { name: "required node-selector terms", make: |n| plain("", "", &required_terms(n, "[a, b]"), "", "") },
    Shape { name: "preferred node-selector terms", make: |n| plain("", "", &preferred_terms(n), "", "") },
    Shape {
        name: "required terms vs n node labels",
        make: |n| {
            // No term matches (each label has another value): every term is tried and explained.
            let labels = lines(n, |i| format!("      k{i}: z\n"));
            let ds = ds("", "", &required_terms(n, "[a]"), "", "");
            (ds, format!("{NODES}{labels}"))
        },
    },
    Shape {
        name: "preferred terms vs n node labels",
        make: |n| {
            let labels = lines(n, |i| format!("      k{i}: a\n"));
            let ds = ds("", "", &preferred_terms(n), "", "");
            (ds, format!("{NODES}{labels}"))
        },
    },
    Shape {
        name: "nodeSelector vs n node labels",
        make: |n| {
            let selector = lines(n, |i| format!("        k{i}: a\n"));
            let labels = lines(n, |i| format!("      k{i}: a\n"));
            (ds("", "", &format!("      nodeSelector:\n{selector}"), "", ""), format!("{NODES}{labels}"))
        },
    },
    Shape {
        name: "tolerations",
        make: |n| {
            plain(
                "",
                "",
                &format!("      tolerations:\n{}", lines(n, |i| format!("      - {{key: t{i}, operator: Exists}}\n"))),
                "",
                "",
            )
        },
    },
    Shape {
        name: "invalid label keys (one error each)",
        make: |n| plain(&lines(n, |i| format!("        \"bad key {i}\": v\n")), "", "", "", ""),
    },
    Shape {
        name: "env",
        make: |n| {
            plain(
                "",
                "",
                "",
                &format!("        env:\n{}", lines(n, |i| format!("        - {{name: E{i}, value: v}}\n"))),
                "",
            )
        },
    },
    Shape {
        name: "map built from aliases",
        make: |n| {
            let k = (n as f64).sqrt() as usize + 1;
            let anchor = lines(k, |i| format!("        u{i}: 1\n"));
            let uses = lines(k, |i| format!("      x{i}: *a\n"));
            plain("", "", &format!("      unknownBase: &a\n{anchor}{uses}"), "", "")
        },
    },
];

/// A pod spec's node affinity with `n` required terms, one `k{i} In values` expression each.
fn required_terms(n: usize, values: &str) -> String {
    let terms = lines(n, |i| {
        format!("            - matchExpressions:\n              - {{key: k{i}, operator: In, values: {values}}}\n")
    });
    format!("      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n{terms}")
}

/// A pod spec's node affinity with `n` preferred terms of weight 1, `k{i} In [a]` each.
fn preferred_terms(n: usize) -> String {
    let terms = lines(n, |i| {
        format!("          - weight: 1\n            preference:\n              matchExpressions:\n              - {{key: k{i}, operator: In, values: [a]}}\n")
    });
    format!(
        "      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n{terms}"
    )
}
