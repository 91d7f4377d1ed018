//! The Kubernetes releases this build answers for, and what differs between them
//! (`../shared/docs/kubernetes-versions.md`).

use serde::Serialize;

/// A supported Kubernetes minor release.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Release {
    #[serde(rename = "1.35")]
    V1_35,
    #[serde(rename = "1.36")]
    V1_36,
    /// The newest supported release, the default.
    #[default]
    #[serde(rename = "1.37")]
    V1_37,
}

impl Release {
    pub const ALL: [Release; 3] = [Release::V1_35, Release::V1_36, Release::V1_37];

    /// `"1.35"`, as `kubernetesVersion` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Release::V1_35 => "1.35",
            Release::V1_36 => "1.36",
            Release::V1_37 => "1.37",
        }
    }

    /// The message for a release this build does not answer for.
    pub fn unsupported(text: &str) -> String {
        let all: Vec<&str> = Release::ALL.iter().map(|r| r.as_str()).collect();
        format!("unsupported Kubernetes release {text:?}: supported releases are {}", all.join(", "))
    }

    /// Reads `"1.35"`, `"v1.35"` or `"1.35.4"`; `None` for an unsupported release.
    pub fn parse(text: &str) -> Option<Release> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let minor = text.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
        Release::ALL.into_iter().find(|r| r.as_str() == minor)
    }
}

/// The scheduler's words that differ by release (kube-scheduler plugins' `ErrReason*` and the
/// preemption plugin's status), for the placement reasons and the FailedScheduling text.
impl Release {
    /// The TaintToleration filter's reason. Since 1.35 (#134740) it no longer names the taint;
    /// 1.36 and 1.37 keep the text (tainttoleration `Filter` in each release).
    pub fn untolerated_taint_reason(self) -> &'static str {
        "node(s) had untolerated taint(s)"
    }

    /// What `FailedScheduling` appends when the default preemption finds a node: nothing before
    /// 1.37; from 1.37 (#140180, `DefaultPreemption` status) `preemption: found a potential
    /// placement for pod on node <node>, preempting <n> victims`, with no final period.
    pub fn preemption_success_suffix(self, node: &str, victims: usize) -> Option<String> {
        (self >= Release::V1_37).then(|| {
            format!("preemption: found a potential placement for pod on node {node}, preempting {victims} victims")
        })
    }
}

/// Read from settings files as `"1.35"`, refusing an unsupported release.
impl<'de> serde::Deserialize<'de> for Release {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Release, D::Error> {
        let text = String::deserialize(d)?;
        Release::parse(&text).ok_or_else(|| serde::de::Error::custom(Release::unsupported(&text)))
    }
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spellings_users_write() {
        assert_eq!(Release::parse("1.35"), Some(Release::V1_35));
        assert_eq!(Release::parse("v1.36"), Some(Release::V1_36));
        assert_eq!(Release::parse("1.37.2"), Some(Release::V1_37));
        assert_eq!(Release::parse("1.34"), None);
        assert_eq!(Release::parse(""), None);
        assert_eq!(Release::default().as_str(), "1.37");
    }

    #[test]
    fn preemption_success_is_told_from_1_37() {
        assert_eq!(Release::V1_36.preemption_success_suffix("n1", 2), None);
        assert_eq!(
            Release::V1_37.preemption_success_suffix("n1", 2).as_deref(),
            Some("preemption: found a potential placement for pod on node n1, preempting 2 victims")
        );
    }
}
