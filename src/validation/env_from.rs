//! `envFrom`: kubernetes/kubernetes `pkg/apis/core/validation` `ValidateEnvFrom`,
//! `validateConfigMapEnvSource` and `validateSecretEnvSource`.

use super::env::is_relaxed_env_var_name;
use super::invalid_each;
use super::names::name_is_dns_subdomain;
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::container_fields::{EnvFromSource, EnvSourceRef};

/// Mirrors `ValidateEnvFrom` with relaxed prefixes (the default since 1.32). The one-source
/// errors name the list, not the entry, as upstream does.
pub fn validate_env_from(sources: &[EnvFromSource], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, ev) in sources.iter().enumerate() {
        let p = path.index(i);
        if let Some(prefix) = ev.prefix.as_deref().filter(|s| !s.is_empty()) {
            errs.extend(invalid_each(&p.child("prefix"), prefix, is_relaxed_env_var_name(prefix)));
        }
        let mut n = 0;
        for (field, source) in [("configMapRef", &ev.config_map_ref), ("secretRef", &ev.secret_ref)] {
            if let Some(s) = source {
                n += 1;
                errs.extend(validate_env_source_ref(s, &p.child(field)));
            }
        }
        let empty = BadValue::Str(String::new());
        if n == 0 {
            errs.push(FieldError::invalid(path, empty, "must specify one of: `configMapRef` or `secretRef`"));
        } else if n > 1 {
            errs.push(FieldError::invalid(path, empty, "may not have more than one field specified at a time"));
        }
    }
    errs
}

/// `validateConfigMapEnvSource` and `validateSecretEnvSource` (the same rules; both names are
/// DNS subdomains, prefixes allowed).
fn validate_env_source_ref(s: &EnvSourceRef, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match s.name.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&p.child("name"), "")),
        name => errs.extend(invalid_each(&p.child("name"), name, name_is_dns_subdomain(name, true))),
    }
    errs
}
