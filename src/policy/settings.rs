//! Policy settings: the organisation's rules for DaemonSets, read from YAML or JSON and checked
//! before use (an unknown rule or a wrong type is an error with its line).

use serde::Deserialize;

use crate::input::de::decode;
use crate::input::{codes, parse_text, Filter, InputError};
use crate::model::{IntOrString, LabelSelector};

/// What a malformed review gets: `Fail` denies it (closed), `Ignore` admits it (open).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum FailurePolicy {
    #[default]
    Fail,
    Ignore,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Deny what the API server would reject (on by default).
    #[serde(default = "yes")]
    pub validation: bool,
    #[serde(default)]
    pub failure_policy: FailurePolicy,
    /// The DaemonSet must run on at least this share of the nodes given with the review.
    pub min_coverage: Option<Coverage>,
    /// Deny when the daemon pod would stay Pending (the scheduler's phase) on more than this
    /// percentage (0 to 100) of the nodes it targets; needs the cluster's nodes and pods.
    pub max_pending_percent: Option<f64>,
    /// Taints the DaemonSet must tolerate (the controller's own tolerations count).
    pub must_tolerate: Option<Vec<TaintSpec>>,
    /// Refuse a toleration without a key and with operator Exists: it tolerates every taint.
    #[serde(default)]
    pub forbid_tolerate_all: bool,
    /// The most the rollout may take down at once, as an integer or a percentage.
    pub max_unavailable: Option<IntOrString>,
    pub require_resources: Option<RequiredResources>,
    pub allow_host_network: Option<bool>,
    pub allow_host_ports: Option<bool>,
    pub allow_host_path: Option<bool>,
    /// hostPath volumes may only mount paths under these.
    pub allowed_host_paths: Option<Vec<String>>,
    /// Every image must start with one of these (`registry.k8s.io/`, `ghcr.io/acme/`).
    pub allowed_registries: Option<Vec<String>>,
    /// The Kubernetes release whose API server the validation answers as (default: the newest).
    #[serde(default)]
    pub kubernetes_version: crate::release::Release,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Coverage {
    /// 0 to 100.
    pub percent: f64,
    /// Count only the nodes this selects (for instance, Linux nodes).
    pub node_selector: Option<LabelSelector>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaintSpec {
    pub key: String,
    #[serde(default)]
    pub value: String,
    pub effect: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RequiredResources {
    #[serde(default)]
    pub requests: Vec<String>,
    #[serde(default)]
    pub limits: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            validation: true,
            failure_policy: FailurePolicy::Fail,
            min_coverage: None,
            max_pending_percent: None,
            must_tolerate: None,
            forbid_tolerate_all: false,
            max_unavailable: None,
            require_resources: None,
            allow_host_network: None,
            allow_host_ports: None,
            allow_host_path: None,
            allowed_host_paths: None,
            allowed_registries: None,
            kubernetes_version: Default::default(),
        }
    }
}

fn invalid(message: impl Into<String>) -> InputError {
    InputError::new(codes::INVALID_SETTINGS, message)
}

impl Settings {
    /// Reads settings from YAML or JSON text (empty text: the defaults).
    pub fn parse(text: &str) -> Result<Settings, InputError> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let docs = parse_text(text, Filter::All).map_err(|e| e.with_code(codes::INVALID_SETTINGS))?;
        Settings::from_node(&docs.docs[0])
    }

    pub fn from_node(node: &crate::input::Node) -> Result<Settings, InputError> {
        let settings: Settings = decode(node, "settings").map_err(|e| invalid(e.to_string()).at(e.pos))?;
        settings.check()?;
        Ok(settings)
    }

    /// The checks types alone do not make.
    pub fn check(&self) -> Result<(), InputError> {
        if let Some(c) = &self.min_coverage {
            if !(0.0..=100.0).contains(&c.percent) {
                return Err(invalid(format!(
                    "settings.minCoverage.percent: must be between 0 and 100, got {}",
                    c.percent
                )));
            }
            let selector: Option<&LabelSelector> = c.node_selector.as_ref();
            if let Err(e) = crate::scheduling::labels::label_selector_as_selector(selector) {
                return Err(invalid(format!("settings.minCoverage.nodeSelector: {e}")));
            }
        }
        if let Some(p) = self.max_pending_percent {
            if !(0.0..=100.0).contains(&p) {
                return Err(invalid(format!("settings.maxPendingPercent: must be between 0 and 100, got {p}")));
            }
        }
        for (i, t) in self.must_tolerate.iter().flatten().enumerate() {
            if !matches!(t.effect.as_str(), "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(invalid(format!(
                    "settings.mustTolerate[{i}].effect: must be NoSchedule, PreferNoSchedule or NoExecute, got {:?}",
                    t.effect
                )));
            }
            if t.key.is_empty() {
                return Err(invalid(format!("settings.mustTolerate[{i}].key: must be set")));
            }
        }
        if let Some(IntOrString::String(s)) = &self.max_unavailable {
            let ok = s.strip_suffix('%').and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| n <= 100);
            if !ok {
                return Err(invalid(format!(
                    "settings.maxUnavailable: must be an integer or a percentage such as \"25%\", got {s:?}"
                )));
            }
        }
        if let Some(IntOrString::Int(i)) = &self.max_unavailable {
            if *i < 0 {
                return Err(invalid("settings.maxUnavailable: must not be negative"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_checks_settings() {
        let s = Settings::parse(
            "mustTolerate:\n- {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}\nmaxUnavailable: 25%\n",
        )
        .unwrap();
        assert_eq!(s.must_tolerate.unwrap()[0].key, "node-role.kubernetes.io/control-plane");
        assert!(s.validation);
        assert_eq!(Settings::parse("").unwrap(), Settings::default());
        let e = Settings::parse("maxUnavailabel: 1\n").unwrap_err();
        assert_eq!((e.code, e.line), (codes::INVALID_SETTINGS, Some(1)));
        assert!(e.message.contains("unknown field `maxUnavailabel`"), "{}", e.message);
        let e = Settings::parse("minCoverage: {percent: 120}\n").unwrap_err();
        assert!(e.message.contains("between 0 and 100"));
        assert_eq!(Settings::parse("maxPendingPercent: 12.5\n").unwrap().max_pending_percent, Some(12.5));
        let e = Settings::parse("maxPendingPercent: -1\n").unwrap_err();
        assert_eq!(e.message, "settings.maxPendingPercent: must be between 0 and 100, got -1");
        let e = Settings::parse("maxPendingPercent: \"10%\"\n").unwrap_err();
        assert!(e.message.starts_with("settings.maxPendingPercent: expected"), "{}", e.message);
        let e = Settings::parse("allowedRegistries: registry.k8s.io\n").unwrap_err();
        assert_eq!(e.message, "settings.allowedRegistries: expected a list, got the string \"registry.k8s.io\"");
        let e = Settings::parse("failurePolicy: Sometimes\n").unwrap_err();
        assert!(e.message.contains("unknown variant `Sometimes`"), "{}", e.message);
    }
}
