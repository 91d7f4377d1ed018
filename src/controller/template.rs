//! The pod template as the controller holds it: after the API server's defaulting
//! (pkg/apis/core/v1/defaults.go), as JSON, so every field reaches the hash and the patch.

use serde_json::{json, Map, Value as Json};

use crate::defaults::default_pull_policy;

fn default_str(obj: &mut Map<String, Json>, key: &str, value: &str) {
    if obj.get(key).and_then(Json::as_str).is_none_or(str::is_empty) {
        obj.insert(key.into(), value.into());
    }
}

fn default_value(obj: &mut Map<String, Json>, key: &str, value: Json) {
    if obj.get(key).is_none_or(Json::is_null) {
        obj.insert(key.into(), value);
    }
}

fn default_zero_int(obj: &mut Map<String, Json>, key: &str, value: i64) {
    if obj.get(key).and_then(Json::as_i64).is_none_or(|v| v == 0) {
        obj.insert(key.into(), value.into());
    }
}

fn objects(v: Option<&mut Json>) -> impl Iterator<Item = &mut Map<String, Json>> {
    v.and_then(Json::as_array_mut).into_iter().flatten().filter_map(Json::as_object_mut)
}

/// The template with `SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Probe`,
/// `SetDefaults_HTTPGetAction`, `SetDefaults_Volume` (and its sources) and
/// `SetDefaults_ObjectFieldSelector` applied, the way a stored DaemonSet carries it.
pub fn defaulted_template(template: Option<&Json>) -> Json {
    let mut t = template.filter(|t| t.is_object()).cloned().unwrap_or_else(|| json!({}));
    let Some(obj) = t.as_object_mut() else { return t };
    let spec = obj.entry("spec").or_insert_with(|| json!({}));
    if let Some(spec) = spec.as_object_mut() {
        set_defaults_pod_spec(spec);
        convert_pod_spec_round_trip(spec);
    }
    t
}

/// Mirrors `Convert_v1_PodSpec_To_core_PodSpec` then `Convert_core_PodSpec_To_v1_PodSpec`
/// (pkg/apis/core/v1/conversion.go): `serviceAccount` is an alias the stored object always
/// carries equal to `serviceAccountName`, which wins when both are set.
fn convert_pod_spec_round_trip(spec: &mut Map<String, Json>) {
    let text = |k: &str| spec.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    let name = Some(text("serviceAccountName")).filter(|n| !n.is_empty()).unwrap_or_else(|| text("serviceAccount"));
    if name.is_empty() {
        spec.remove("serviceAccountName");
        spec.remove("serviceAccount");
    } else {
        spec.insert("serviceAccountName".into(), name.clone().into());
        spec.insert("serviceAccount".into(), name.into());
    }
}

/// Mirrors `SetDefaults_PodSpec` and the defaults of what it holds.
fn set_defaults_pod_spec(spec: &mut Map<String, Json>) {
    default_str(spec, "dnsPolicy", "ClusterFirst");
    default_str(spec, "restartPolicy", "Always");
    default_value(spec, "securityContext", json!({}));
    default_value(spec, "terminationGracePeriodSeconds", json!(30));
    default_str(spec, "schedulerName", "default-scheduler");
    for key in ["initContainers", "containers", "ephemeralContainers"] {
        for c in objects(spec.get_mut(key)) {
            set_defaults_container(c);
        }
    }
    for v in objects(spec.get_mut("volumes")) {
        set_defaults_volume(v);
    }
}

/// Mirrors `SetDefaults_Container`; `resources` is a struct in Go, so it is always marshalled.
fn set_defaults_container(c: &mut Map<String, Json>) {
    if c.get("imagePullPolicy").and_then(Json::as_str).is_none_or(str::is_empty) {
        let image = c.get("image").and_then(Json::as_str).unwrap_or("");
        let policy = default_pull_policy(image);
        c.insert("imagePullPolicy".into(), policy.into());
    }
    default_str(c, "terminationMessagePath", "/dev/termination-log");
    default_str(c, "terminationMessagePolicy", "File");
    default_value(c, "resources", json!({}));
    for p in objects(c.get_mut("ports")) {
        default_str(p, "protocol", "TCP");
    }
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get_mut(key).and_then(Json::as_object_mut) {
            for (k, v) in
                [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)]
            {
                default_zero_int(p, k, v);
            }
            set_defaults_http_get(p.get_mut("httpGet"));
        }
    }
    if let Some(l) = c.get_mut("lifecycle").and_then(Json::as_object_mut) {
        for key in ["postStart", "preStop"] {
            if let Some(h) = l.get_mut(key).and_then(Json::as_object_mut) {
                set_defaults_http_get(h.get_mut("httpGet"));
            }
        }
    }
    for e in objects(c.get_mut("env")) {
        if let Some(f) = e.get_mut("valueFrom").and_then(|v| v.get_mut("fieldRef")).and_then(Json::as_object_mut) {
            default_str(f, "apiVersion", "v1");
        }
    }
}

/// Mirrors `SetDefaults_HTTPGetAction`.
fn set_defaults_http_get(h: Option<&mut Json>) {
    if let Some(h) = h.and_then(Json::as_object_mut) {
        default_str(h, "path", "/");
        default_str(h, "scheme", "HTTP");
    }
}

/// Mirrors `SetDefaults_Volume` and the volume-source defaults (mode 0644 = 420).
fn set_defaults_volume(v: &mut Map<String, Json>) {
    // `name` is the only key of a volume that is not a source.
    if v.iter().all(|(k, val)| k == "name" || val.is_null()) {
        v.insert("emptyDir".into(), json!({}));
    }
    if let Some(h) = v.get_mut("hostPath").and_then(Json::as_object_mut) {
        default_value(h, "type", json!(""));
    }
    for key in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(s) = v.get_mut(key).and_then(Json::as_object_mut) {
            default_value(s, "defaultMode", json!(420));
            if key == "downwardAPI" {
                for item in objects(s.get_mut("items")) {
                    if let Some(f) = item.get_mut("fieldRef").and_then(Json::as_object_mut) {
                        default_str(f, "apiVersion", "v1");
                    }
                }
            }
            if key == "projected" {
                for src in objects(s.get_mut("sources")) {
                    if let Some(t) = src.get_mut("serviceAccountToken").and_then(Json::as_object_mut) {
                        default_value(t, "expirationSeconds", json!(3600));
                    }
                }
            }
        }
    }
}

/// Mirrors `getPatch` (pkg/controller/daemon/update.go): the template under
/// `spec.template` with `"$patch": "replace"`, compact JSON with sorted keys.
pub fn get_patch(template: &Json) -> String {
    let mut t = template.clone();
    if let Some(obj) = t.as_object_mut() {
        obj.insert("$patch".into(), "replace".into());
    }
    canonical_json(&json!({"spec": {"template": t}}))
}

/// Compact JSON with object keys sorted, as Go's encoding/json writes a map.
pub fn canonical_json(v: &Json) -> String {
    fn sorted(v: &Json) -> Json {
        match v {
            Json::Object(m) => {
                let mut entries: Vec<(&String, &Json)> = m.iter().collect();
                crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
                let mut out = serde_json::Map::new();
                for (k, v) in entries {
                    out.insert(k.clone(), sorted(v));
                }
                Json::Object(out)
            }
            Json::Array(a) => Json::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(v)).unwrap_or_default()
}
