//! Container environment validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `ValidateEnv`, `validateEnvVarValueFrom` and the selectors it checks, with the field labels
//! of `pkg/apis/core/pods` `ConvertDownwardAPIFieldLabel`.

use super::invalid_each;
use super::names::{is_config_map_key, is_qualified_name, name_is_dns_subdomain};
use super::validate_dns1123_label;
use super::volumes::validate_path_no_backsteps;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::container_fields::FileKeySelector;
use crate::model::{EnvVar, KeySelector, ObjectFieldSelector, PodSpec, Quantity, ResourceFieldSelector};

/// `validEnvDownwardAPIFieldPathExpressions`, sorted as its error lists them.
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// The labels `ConvertDownwardAPIFieldLabel` accepts for a v1 pod.
const POD_FIELD_LABELS: [&str; 15] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
    "spec.terminationGracePeriodSeconds",
];

/// `validContainerResourceFieldPathExpressions`, sorted.
const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// Mirrors `ValidateEnv` with relaxed variable names (the default since 1.32).
pub fn validate_env(vars: &[EnvVar], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, env) in vars.iter().enumerate() {
        let p = path.index(i);
        let name = env.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p.child("name"), ""));
        } else {
            errs.extend(invalid_each(&p.child("name"), name, is_relaxed_env_var_name(name)));
        }
        errs.extend(validate_env_var_value_from(env, &p.child("valueFrom")));
    }
    errs
}

/// Mirrors `IsRelaxedEnvVarName`: printable ASCII other than `=`.
pub fn is_relaxed_env_var_name(name: &str) -> Vec<String> {
    if name.chars().any(|ch| !(' '..='~').contains(&ch) || ch == '=') {
        vec!["a valid environment variable name must consist only of printable ASCII characters other than '='".into()]
    } else {
        Vec::new()
    }
}

/// Mirrors `validateEnvVarValueFrom` (`AllowEnvFilesValidation`: EnvFiles is on since 1.35).
fn validate_env_var_value_from(env: &EnvVar, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(from) = &env.value_from else { return errs };
    let mut sources = 0;
    if let Some(fs) = &from.field_ref {
        sources += 1;
        errs.extend(validate_object_field_selector(fs, &ENV_FIELD_PATHS, &p.child("fieldRef")));
    }
    if let Some(rs) = &from.resource_field_ref {
        sources += 1;
        errs.extend(validate_container_resource_field_selector(rs, false, &p.child("resourceFieldRef")));
    }
    if let Some(s) = &from.config_map_key_ref {
        sources += 1;
        errs.extend(validate_key_selector(s, &p.child("configMapKeyRef")));
    }
    if let Some(s) = &from.secret_key_ref {
        sources += 1;
        errs.extend(validate_key_selector(s, &p.child("secretKeyRef")));
    }
    if let Some(s) = &from.file_key_ref {
        sources += 1;
        errs.extend(validate_file_key_selector(s, &p.child("fileKeyRef")));
    }
    let empty = BadValue::Str(String::new());
    if sources == 0 {
        errs.push(FieldError::invalid(
            p,
            empty,
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`",
        ));
    } else if !env.value.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::invalid(p, empty, "may not be specified when `value` is not empty"));
    } else if sources > 1 {
        errs.push(FieldError::invalid(p, empty, "may not have more than one field specified at a time"));
    }
    errs
}

/// `validVolumeDownwardAPIFieldPathExpressions`, sorted as its error lists them.
pub const VOLUME_FIELD_PATHS: [&str; 5] =
    ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

/// Mirrors `validateObjectFieldSelector` against the given expressions (env or volume).
pub fn validate_object_field_selector(fs: &ObjectFieldSelector, expressions: &[&str], p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    // Defaulting sets an empty apiVersion to "v1" before validation runs.
    let version = fs.api_version.as_deref().filter(|v| !v.is_empty()).unwrap_or("v1");
    let field_path = fs.field_path.as_deref().unwrap_or("");
    if field_path.is_empty() {
        errs.push(FieldError::required(&p.child("fieldPath"), ""));
        return errs;
    }
    let conversion_error = if version != "v1" {
        Some(format!("unsupported pod version: {version}"))
    } else if let Some((path, _)) = split_maybe_subscripted_path(field_path) {
        (!matches!(path, "metadata.annotations" | "metadata.labels"))
            .then(|| format!("field label does not support subscript: {field_path}"))
    } else {
        (!POD_FIELD_LABELS.contains(&field_path) && field_path != "spec.host")
            .then(|| format!("field label not supported: {field_path}"))
    };
    if let Some(e) = conversion_error {
        errs.push(FieldError::invalid(
            &p.child("fieldPath"),
            BadValue::Str(field_path.into()),
            format!("error converting fieldPath: {e}"),
        ));
        return errs;
    }
    match split_maybe_subscripted_path(field_path) {
        Some(("metadata.annotations", key)) => {
            let key = key.to_lowercase();
            errs.extend(invalid_each(p, &key, is_qualified_name(&key)));
        }
        Some((_, key)) => errs.extend(invalid_each(p, key, is_qualified_name(key))),
        None => {
            // `spec.host` is the old name of `spec.nodeName`.
            let internal = if field_path == "spec.host" { "spec.nodeName" } else { field_path };
            if !expressions.contains(&internal) {
                errs.push(FieldError::not_supported(
                    &p.child("fieldPath"),
                    BadValue::Str(internal.into()),
                    expressions,
                ));
            }
        }
    }
    errs
}

/// Mirrors `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['key']` → (path, key).
fn split_maybe_subscripted_path(field_path: &str) -> Option<(&str, &str)> {
    let s = field_path.strip_suffix("']")?;
    let (path, key) = s.split_once("['")?;
    (!path.is_empty()).then_some((path, key))
}

/// Mirrors `validateContainerResourceFieldSelector` (hugepages prefixes allowed). A volume's
/// selector must name its container.
pub fn validate_container_resource_field_selector(rs: &ResourceFieldSelector, volume: bool, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let resource = rs.resource.as_deref().unwrap_or("");
    if volume && rs.container_name.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&p.child("containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(&p.child("resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errs.push(FieldError::not_supported(
            &p.child("resource"),
            BadValue::Str(resource.into()),
            &RESOURCE_FIELD_PATHS,
        ));
    }
    errs.extend(validate_container_resource_divisor(resource, rs.divisor.as_ref(), p));
    errs
}

/// `quantity.String()` when it is one of the divisors upstream accepts: `1` and the powers of
/// 1000 written with a decimal suffix (or none), the powers of 1024 written with a binary one,
/// and `1m`. Any other quantity prints as something else, which is all the check needs.
fn divisor_string(q: &Quantity) -> Option<&'static str> {
    const DECIMAL: [&str; 7] = ["1", "1k", "1M", "1G", "1T", "1P", "1E"];
    const BINARY: [&str; 7] = ["1", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];
    let text = q.text.trim();
    let suffix = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '+' | '-'));
    let exponent = suffix.starts_with(['e', 'E']);
    let binary = suffix.ends_with('i');
    if q.nanos == 1_000_000 && !exponent && !binary {
        return Some("1m");
    }
    (0..7u32).find_map(|n| {
        if binary && q.nanos == 1024i128.pow(n) * 1_000_000_000 {
            Some(BINARY[n as usize])
        } else if !binary && q.nanos == 1000i128.pow(n) * 1_000_000_000 && (n == 0 || !exponent) {
            Some(DECIMAL[n as usize])
        } else {
            None
        }
    })
}

/// Mirrors `validateContainerResourceDivisor`.
fn validate_container_resource_divisor(resource: &str, divisor: Option<&Quantity>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(d) = divisor.filter(|d| d.nanos != 0) else { return errs };
    let s = divisor_string(d);
    let sized = |s: Option<&str>| s.is_some_and(|s| s != "1m");
    let invalid = |what: &str| {
        let detail = match what {
            "cpu" => "only divisor's values 1m and 1 are supported with the cpu resource".to_string(),
            other => format!(
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {other} resource"
            ),
        };
        FieldError::invalid(&p.child("divisor"), BadValue::Str(resource.into()), detail)
    };
    match resource {
        "limits.cpu" | "requests.cpu" if !matches!(s, Some("1m" | "1")) => errs.push(invalid("cpu")),
        "limits.memory" | "requests.memory" if !sized(s) => errs.push(invalid("memory")),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" if !sized(s) => {
            errs.push(invalid("local ephemeral storage"))
        }
        _ => {}
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-")) && !sized(s) {
        errs.push(invalid("hugepages"));
    }
    errs
}

/// Mirrors `validateConfigMapKeySelector` and `validateSecretKeySelector` (the same rules).
fn validate_key_selector(s: &KeySelector, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let name = s.name.as_deref().unwrap_or("");
    errs.extend(invalid_each(&p.child("name"), name, name_is_dns_subdomain(name, false)));
    let key = s.key.as_deref().unwrap_or("");
    if key.is_empty() {
        errs.push(FieldError::required(&p.child("key"), ""));
    } else {
        errs.extend(invalid_each(&p.child("key"), key, is_config_map_key(key)));
    }
    errs
}

/// Mirrors `validateFileKeySelector`.
fn validate_file_key_selector(s: &FileKeySelector, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match s.key.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("key"), "")),
        key => errs.extend(invalid_each(&p.child("key"), key, is_relaxed_env_var_name(key))),
    }
    match s.volume_name.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("volumeName"), "")),
        name => errs.extend(validate_dns1123_label(name, &p.child("volumeName"))),
    }
    match s.path.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("path"), "")),
        path => errs.extend(validate_path_no_backsteps(path, &p.child("path"))),
    }
    errs
}

/// Mirrors `validateFileKeyRefVolumes`: a `fileKeyRef` names an `emptyDir` volume of the pod.
/// Containers are visited as `VisitContainersWithPath` does: init, regular, ephemeral.
pub fn validate_file_key_ref_volumes(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    // The last volume of a name wins, as in upstream's map.
    let mut empty_dir: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for v in spec.volumes.iter().flatten() {
        empty_dir.insert(v.name.as_deref().unwrap_or(""), v.is_empty_dir());
    }
    let lists = [
        ("initContainers", &spec.init_containers),
        ("containers", &spec.containers),
        ("ephemeralContainers", &spec.ephemeral_containers),
    ];
    for (field, list) in lists {
        for (i, c) in list.iter().flatten().enumerate() {
            for (j, env) in c.env.iter().flatten().enumerate() {
                let Some(r) = env.value_from.as_ref().and_then(|f| f.file_key_ref.as_ref()) else { continue };
                let name = r.volume_name.as_deref().unwrap_or("");
                let at = path.child(field).index(i).child("env").index(j).child("valueFrom.fileKeyRef.volumeName");
                match empty_dir.get(name) {
                    None => errs.push(FieldError {
                        error_type: crate::field::ErrorType::NotFound,
                        field: at.to_string(),
                        bad_value: BadValue::Str(name.into()),
                        detail: String::new(),
                    }),
                    Some(false) => errs.push(FieldError::invalid(
                        &at,
                        BadValue::Str(name.into()),
                        "referenced volume must be of type emptyDir",
                    )),
                    Some(true) => {}
                }
            }
        }
    }
    errs
}
