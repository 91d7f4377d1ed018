//! Seccomp and AppArmor profiles, as fields and as the deprecated annotations:
//! kubernetes/kubernetes `pkg/apis/core/validation` `validateSeccompProfileField`,
//! `ValidateAppArmorProfileField`, `ValidateSeccompPodAnnotations`,
//! `ValidateAppArmorPodAnnotations` and the annotation-versus-field consistency checks.

use super::go_value::{go_struct, nullable, render_struct, string};
use super::named;
use super::volumes::validate_local_descending_path;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::SecurityProfile;
use crate::model::{Container, PodSpec, StringMap};

const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_CONTAINER_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
const RUNTIME_DEFAULT: &str = "runtime/default";
const DOCKER_DEFAULT: &str = "docker/default";
const UNCONFINED: &str = "unconfined";
const LOCALHOST_PREFIX: &str = "localhost/";
const PROFILE_TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
const MAX_LOCALHOST_PROFILE_LENGTH: usize = 4095;

/// `{"Type":…,"LocalhostProfile":…}`, the internal `SeccompProfile` / `AppArmorProfile`.
pub fn render_profile(p: &SecurityProfile) -> String {
    render_struct(&[("Type", string(p.type_.as_ref())), ("LocalhostProfile", nullable(p.localhost_profile.as_ref()))])
}

/// Mirrors `validateSeccompProfileField` (with `validateSeccompProfileType`).
pub fn validate_seccomp_profile_field(sp: Option<&SecurityProfile>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(sp) = sp else { return errs };
    let type_ = sp.type_.as_deref().unwrap_or("");
    match type_ {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(FieldError::required(&path.child("type"), "type is required when seccompProfile is set")),
        other => errs.push(FieldError::not_supported(&path.child("type"), named(other), &PROFILE_TYPES)),
    }
    let localhost = path.child("localhostProfile");
    match (type_, sp.localhost_profile.as_deref()) {
        ("Localhost", None) => {
            errs.push(FieldError::required(&localhost, "must be set when seccomp type is Localhost"))
        }
        ("Localhost", Some(profile)) => errs.extend(validate_local_descending_path(profile, &localhost)),
        (_, Some(_)) => errs.push(FieldError::invalid(
            &localhost,
            go_struct(&[
                ("Type", string(sp.type_.as_ref())),
                ("LocalhostProfile", nullable(sp.localhost_profile.as_ref())),
            ]),
            "can only be set when seccomp type is Localhost",
        )),
        _ => {}
    }
    errs
}

/// Mirrors `ValidateAppArmorProfileField`.
pub fn validate_app_armor_profile_field(profile: Option<&SecurityProfile>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(profile) = profile else { return errs };
    let localhost = path.child("localhostProfile");
    match profile.type_.as_deref().unwrap_or("") {
        "Localhost" => match profile.localhost_profile.as_deref() {
            None => errs.push(FieldError::required(&localhost, "must be set when AppArmor type is Localhost")),
            Some(p) => {
                if p.trim() != p {
                    errs.push(FieldError::invalid(
                        &localhost,
                        BadValue::Str(p.into()),
                        "must not be padded with whitespace",
                    ));
                } else if p.is_empty() {
                    errs.push(FieldError::required(&localhost, "must be set when AppArmor type is Localhost"));
                }
                if p.len() > MAX_LOCALHOST_PROFILE_LENGTH {
                    errs.push(FieldError::too_long(&localhost, MAX_LOCALHOST_PROFILE_LENGTH));
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(p) = &profile.localhost_profile {
                errs.push(FieldError::invalid(
                    &localhost,
                    BadValue::Str(p.clone()),
                    "can only be set when AppArmor type is Localhost",
                ));
            }
        }
        "" => errs.push(FieldError::required(&path.child("type"), "type is required when appArmorProfile is set")),
        other => errs.push(FieldError::not_supported(&path.child("type"), named(other), &PROFILE_TYPES)),
    }
    errs
}

/// Mirrors `ValidateSeccompProfile` for an annotation's value.
fn validate_seccomp_profile(p: &str, path: &Path) -> ErrorList {
    if p == RUNTIME_DEFAULT || p == DOCKER_DEFAULT || p == UNCONFINED {
        return ErrorList::new();
    }
    if let Some(rest) = p.strip_prefix(LOCALHOST_PREFIX) {
        return validate_local_descending_path(rest, path);
    }
    ErrorList(vec![FieldError::invalid(path, BadValue::Str(p.into()), "must be a valid seccomp profile")])
}

/// Mirrors `ValidateSeccompPodAnnotations`: the pod's annotation, then each container's (Go
/// walks the map in random order; sorted here).
pub fn validate_seccomp_pod_annotations(annotations: &StringMap, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(p) = annotations.get(SECCOMP_POD_ANNOTATION) {
        errs.extend(validate_seccomp_profile(p, &path.child(SECCOMP_POD_ANNOTATION)));
    }
    for (k, p) in annotations.iter().filter(|(k, _)| k.starts_with(SECCOMP_CONTAINER_PREFIX)) {
        errs.extend(validate_seccomp_profile(p, &path.child(k)));
    }
    errs
}

/// Mirrors `ValidateAppArmorPodAnnotations`.
pub fn validate_app_armor_pod_annotations(annotations: &StringMap, spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let names: std::collections::HashSet<&str> =
        visit_containers(spec, &Path::default()).map(|(c, _)| c.name.as_deref().unwrap_or("")).collect();
    for (k, p) in annotations {
        let Some(container) = k.strip_prefix(APPARMOR_CONTAINER_PREFIX) else { continue };
        if !names.contains(container) {
            errs.push(FieldError::invalid(&path.key(k), BadValue::Str(container.into()), "container not found"));
        }
        let known = p.is_empty() || p == RUNTIME_DEFAULT || p == UNCONFINED || p.starts_with(LOCALHOST_PREFIX);
        if !known {
            errs.push(FieldError::invalid(
                &path.key(k),
                BadValue::Str(p.clone()),
                format!("invalid AppArmor profile name: {}", crate::field::go_quote(p)),
            ));
        }
    }
    errs
}

/// Mirrors `validateSeccompAnnotationsAndFields`: where a field and its annotation both exist,
/// they must agree.
pub fn validate_seccomp_annotations_and_fields(annotations: &StringMap, spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let pod_field = spec.security_context.as_ref().and_then(|sc| sc.seccomp_profile.as_ref());
    if let (Some(field), Some(a)) = (pod_field, annotations.get(SECCOMP_POD_ANNOTATION)) {
        errs.extend(annotation_matches_field(a, field, "seccomp", &path.child("securityContext.seccompProfile")));
    }
    for (c, p) in visit_containers(spec, path) {
        let Some(field) = c.security_context.as_ref().and_then(|sc| sc.seccomp_profile.as_ref()) else { continue };
        let key = format!("{SECCOMP_CONTAINER_PREFIX}{}", c.name.as_deref().unwrap_or(""));
        if let Some(a) = annotations.get(&key) {
            errs.extend(annotation_matches_field(a, field, "seccomp", &p.child("securityContext.seccompProfile")));
        }
    }
    errs
}

/// Mirrors `validateAppArmorAnnotationsAndFieldsMatchOnCreate`: a container's profile is its own
/// or the pod's; Windows pods are skipped.
pub fn validate_app_armor_annotations_and_fields_match(
    annotations: &StringMap,
    spec: &PodSpec,
    path: &Path,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if spec.os.as_ref().and_then(|o| o.name.as_deref()) == Some("windows") {
        return errs;
    }
    let pod_profile = spec.security_context.as_ref().and_then(|sc| sc.app_armor_profile.as_ref());
    for (c, p) in visit_containers(spec, path) {
        let own = c.security_context.as_ref().and_then(|sc| sc.app_armor_profile.as_ref());
        let Some(profile) = own.or(pod_profile) else { continue };
        let key = format!("{APPARMOR_CONTAINER_PREFIX}{}", c.name.as_deref().unwrap_or(""));
        if let Some(a) = annotations.get(&key) {
            errs.extend(annotation_matches_field(a, profile, "apparmor", &p.child("securityContext.appArmorProfile")));
        }
    }
    errs
}

/// `validateSeccompAnnotationsAndFieldsMatch` and the AppArmor switch: both compare the same way
/// (seccomp also takes `docker/default` for RuntimeDefault).
fn annotation_matches_field(annotation: &str, field: &SecurityProfile, kind: &str, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let type_mismatch =
        || FieldError::forbidden(&path.child("type"), format!("{kind} type in annotation and field must match"));
    match field.type_.as_deref().unwrap_or("") {
        "Unconfined" if annotation != UNCONFINED => errs.push(type_mismatch()),
        "RuntimeDefault" if annotation != RUNTIME_DEFAULT && !(kind == "seccomp" && annotation == DOCKER_DEFAULT) => {
            errs.push(type_mismatch())
        }
        "Localhost" => match annotation.strip_prefix(LOCALHOST_PREFIX) {
            None => errs.push(type_mismatch()),
            Some(name) if field.localhost_profile.as_deref() != Some(name) => errs.push(FieldError::forbidden(
                &path.child("localhostProfile"),
                format!("{kind} profile in annotation and field must match"),
            )),
            Some(_) => {}
        },
        _ => {}
    }
    errs
}

/// Mirrors `podshelper.VisitContainersWithPath`: init containers, containers, then ephemeral
/// containers, each with its path.
pub fn visit_containers<'a>(spec: &'a PodSpec, path: &Path) -> impl Iterator<Item = (&'a Container, Path)> {
    let lists = [
        ("initContainers", spec.init_containers.as_deref()),
        ("containers", spec.containers.as_deref()),
        ("ephemeralContainers", spec.ephemeral_containers.as_deref()),
    ];
    let path = path.clone();
    lists.into_iter().flat_map(move |(name, list)| {
        let p = path.child(name);
        list.unwrap_or_default().iter().enumerate().map(move |(i, c)| (c, p.index(i)))
    })
}
