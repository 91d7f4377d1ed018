//! How the API server's JSON decoder (sigs.k8s.io/json, a fork of Go's `encoding/json`) words a
//! value of the wrong type: `UnmarshalTypeError.Error()`, `json: cannot unmarshal number into Go
//! struct field PodSpec.spec.template.spec.tolerations of type v1.Toleration`. The Go types are
//! derived from the model's Rust types, which mirror k8s.io/api's.

/// Mirrors `UnmarshalTypeError.Error()` with its struct context.
pub fn unmarshal_type_error(value: &str, go_struct: &str, field_path: &str, go_type: &str) -> String {
    format!("json: cannot unmarshal {value} into Go struct field {go_struct}.{field_path} of type {go_type}")
}

/// The Go struct a model struct mirrors; `field` is the JSON field that holds it (one Rust type
/// stands for both key selectors).
pub fn go_struct_name(rust: &str, field: &str) -> String {
    let name = match rust {
        "HttpGetAction" => "HTTPGetAction",
        "TcpSocketAction" => "TCPSocketAction",
        "GrpcAction" => "GRPCAction",
        "PodDnsConfig" => "PodDNSConfig",
        "PodDnsConfigOption" => "PodDNSConfigOption",
        "KeySelector" if field == "secretKeyRef" => "SecretKeySelector",
        "KeySelector" => "ConfigMapKeySelector",
        other => other,
    };
    name.to_string()
}

/// `reflect.Type.String()` of the Go field a Rust type (`std::any::type_name`) decodes, where
/// it is certain: not for strings, which Go often declares as named types (`v1.Protocol`).
pub fn go_type(rust: &str, field: &str) -> Option<String> {
    let rust = rust.trim();
    if let Some(inner) = generic(rust, "Option") {
        // Go decodes through the pointer: the error names the element type.
        return go_type(inner, field);
    }
    if let Some(inner) = generic(rust, "Vec") {
        let item = if last(inner) == "String" { "string".to_string() } else { go_type(inner, field)? };
        return Some(format!("[]{item}"));
    }
    if let Some(args) = generic(rust, "BTreeMap") {
        return match args.split_once(',').map(|(k, v)| (last(k.trim()), last(v.trim()))) {
            Some(("String", "String")) => Some("map[string]string".into()),
            Some(("String", "Quantity")) => Some("v1.ResourceList".into()),
            _ => None,
        };
    }
    let go = match rust {
        "bool" => "bool",
        "i8" => "int8",
        "i16" => "int16",
        "i32" => "int32",
        "i64" => "int64",
        "u8" => "uint8",
        "u16" => "uint16",
        "u32" => "uint32",
        "u64" => "uint64",
        "f64" => "float64",
        _ if !rust.starts_with("daemonset_planner::model::") => return None,
        _ => {
            return Some(match last(rust) {
                "IntOrString" => "intstr.IntOrString".into(),
                "Quantity" => "resource.Quantity".into(),
                name => format!("v1.{}", go_struct_name(name, field)),
            })
        }
    };
    Some(go.to_string())
}

/// `T` of `path::Name<T>`.
fn generic<'a>(rust: &'a str, name: &str) -> Option<&'a str> {
    let open = rust.find('<')?;
    (last(&rust[..open]) == name && rust.ends_with('>')).then(|| &rust[open + 1..rust.len() - 1])
}

fn last(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_types_of_model_types() {
        let t = |rust: &str| go_type(rust, "");
        assert_eq!(t("core::option::Option<i64>").as_deref(), Some("int64"));
        assert_eq!(
            t("alloc::vec::Vec<daemonset_planner::model::core::Toleration>").as_deref(),
            Some("[]v1.Toleration")
        );
        assert_eq!(t("alloc::vec::Vec<alloc::string::String>").as_deref(), Some("[]string"));
        assert_eq!(
            t("alloc::collections::btree::map::BTreeMap<alloc::string::String, alloc::string::String>").as_deref(),
            Some("map[string]string")
        );
        assert_eq!(t("daemonset_planner::model::core::HttpGetAction").as_deref(), Some("v1.HTTPGetAction"));
        assert_eq!(
            go_type("daemonset_planner::model::core::KeySelector", "secretKeyRef").as_deref(),
            Some("v1.SecretKeySelector")
        );
        assert_eq!(t("alloc::string::String"), None);
    }
}
