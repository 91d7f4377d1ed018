//! The pod's resource claims: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validatePodResourceClaims` and `validatePodResourceClaim`.

use std::collections::HashSet;

use super::go_value::{go_struct, nullable, string};
use super::names::name_is_dns_subdomain;
use super::{invalid_each, validate_dns1123_label};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::pod_fields::PodResourceClaim;

/// Mirrors `validatePodResourceClaims` for a template (no pod metadata: the static-pod rule
/// does not apply).
pub fn validate_pod_resource_claims(claims: &[PodResourceClaim], path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names = HashSet::new();
    for (i, claim) in claims.iter().enumerate() {
        let p = path.index(i);
        let name = claim.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&p.child("name"), ""));
        } else if names.contains(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::Str(name.into())));
        } else {
            errs.extend(validate_dns1123_label(name, &p.child("name")));
            names.insert(name);
        }
        match (&claim.resource_claim_name, &claim.resource_claim_template_name) {
            (Some(_), Some(_)) => errs.push(FieldError::invalid(
                &p,
                render_claim(claim),
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
            )),
            (None, None) => errs.push(FieldError::invalid(
                &p,
                render_claim(claim),
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
            )),
            _ => {}
        }
        // `ValidateResourceClaimName` and `ValidateResourceClaimTemplateName` are NameIsDNSSubdomain.
        for (field, value) in [
            ("resourceClaimName", &claim.resource_claim_name),
            ("resourceClaimTemplateName", &claim.resource_claim_template_name),
        ] {
            if let Some(v) = value {
                errs.extend(invalid_each(&p.child(field), v, name_is_dns_subdomain(v, false)));
            }
        }
    }
    errs
}

/// The internal `core.PodResourceClaim` as a field error prints it.
fn render_claim(c: &PodResourceClaim) -> BadValue {
    go_struct(&[
        ("Name", string(c.name.as_ref())),
        ("ResourceClaimName", nullable(c.resource_claim_name.as_ref())),
        ("ResourceClaimTemplateName", nullable(c.resource_claim_template_name.as_ref())),
    ])
}
