//! The feature gates that change what a DaemonSet's API server, controller or scheduler does,
//! with each release's default (`pkg/features/kube_features.go` per release, as recorded in
//! `../shared/docs/kubernetes-versions.md`), and the overrides a caller sets (`featureGates`).

use crate::release::Release;

/// A Kubernetes feature gate this build models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    TaintTolerationComparisonOperators,
    StrictIPCIDRValidation,
    ContainerRestartRules,
    RestartAllContainersOnContainerExits,
    NodeDeclaredFeatures,
    SELinuxMount,
    ClusterTrustBundleProjection,
    PodCertificateRequest,
    HostnameOverride,
    ImageVolume,
    ProcMountType,
    UserNamespacesSupport,
    PodLevelResources,
    ContainerStopSignals,
    InPlacePodLevelResourcesVerticalScaling,
    GenericWorkload,
    SidecarContainers,
}

/// A gate's state in one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spec {
    /// Settable; the default given.
    Default(bool),
    /// Locked to the value given (GA or deprecated): setting the other value is refused.
    Locked(bool),
    /// Not a gate of this release (removed).
    Absent,
}

use Spec::{Absent, Default as D, Locked as L};

impl Feature {
    pub const ALL: [Feature; 17] = [
        Feature::TaintTolerationComparisonOperators,
        Feature::StrictIPCIDRValidation,
        Feature::ContainerRestartRules,
        Feature::RestartAllContainersOnContainerExits,
        Feature::NodeDeclaredFeatures,
        Feature::SELinuxMount,
        Feature::ClusterTrustBundleProjection,
        Feature::PodCertificateRequest,
        Feature::HostnameOverride,
        Feature::ImageVolume,
        Feature::ProcMountType,
        Feature::UserNamespacesSupport,
        Feature::PodLevelResources,
        Feature::ContainerStopSignals,
        Feature::InPlacePodLevelResourcesVerticalScaling,
        Feature::GenericWorkload,
        Feature::SidecarContainers,
    ];

    /// The gate's name, as `--feature-gates` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Feature::TaintTolerationComparisonOperators => "TaintTolerationComparisonOperators",
            Feature::StrictIPCIDRValidation => "StrictIPCIDRValidation",
            Feature::ContainerRestartRules => "ContainerRestartRules",
            Feature::RestartAllContainersOnContainerExits => "RestartAllContainersOnContainerExits",
            Feature::NodeDeclaredFeatures => "NodeDeclaredFeatures",
            Feature::SELinuxMount => "SELinuxMount",
            Feature::ClusterTrustBundleProjection => "ClusterTrustBundleProjection",
            Feature::PodCertificateRequest => "PodCertificateRequest",
            Feature::HostnameOverride => "HostnameOverride",
            Feature::ImageVolume => "ImageVolume",
            Feature::ProcMountType => "ProcMountType",
            Feature::UserNamespacesSupport => "UserNamespacesSupport",
            Feature::PodLevelResources => "PodLevelResources",
            Feature::ContainerStopSignals => "ContainerStopSignals",
            Feature::InPlacePodLevelResourcesVerticalScaling => "InPlacePodLevelResourcesVerticalScaling",
            Feature::GenericWorkload => "GenericWorkload",
            Feature::SidecarContainers => "SidecarContainers",
        }
    }

    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The gate in `release`: its default, or the value it is locked to.
    pub fn spec(self, release: Release) -> Spec {
        use Release::*;
        let [v35, v36, v37] = match self {
            Feature::TaintTolerationComparisonOperators => [D(false), D(false), D(false)],
            Feature::StrictIPCIDRValidation => [D(false), D(true), D(true)],
            Feature::ContainerRestartRules => [D(true), D(true), D(true)],
            Feature::RestartAllContainersOnContainerExits => [D(false), D(true), D(true)],
            Feature::NodeDeclaredFeatures => [D(false), D(true), L(true)],
            Feature::SELinuxMount => [D(false), D(false), D(true)],
            Feature::ClusterTrustBundleProjection => [D(false), D(false), D(true)],
            Feature::PodCertificateRequest => [D(false), D(false), D(true)],
            Feature::HostnameOverride => [D(true), D(true), L(true)],
            // GA and locked from 1.36 (kube_features.go: `LockToDefault: true`, "remove in 1.39").
            Feature::ImageVolume | Feature::ProcMountType | Feature::UserNamespacesSupport => {
                [D(true), L(true), L(true)]
            }
            Feature::PodLevelResources => [D(true), D(true), D(true)],
            Feature::ContainerStopSignals => [D(false), D(false), D(false)],
            Feature::InPlacePodLevelResourcesVerticalScaling => [D(false), D(true), D(true)],
            Feature::GenericWorkload => [D(false), D(false), D(false)],
            Feature::SidecarContainers => [L(true), L(true), Absent],
        };
        match release {
            V1_35 => v35,
            V1_36 => v36,
            V1_37 => v37,
        }
    }

    /// On by default in `release` (false for a gate the release no longer has).
    pub fn default_in(self, release: Release) -> bool {
        matches!(self.spec(release), D(true) | L(true))
    }
}

/// The gates a caller set (`featureGates`); the others keep the release's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeatureGates {
    set: u32,
    on: u32,
}

impl FeatureGates {
    fn bit(f: Feature) -> u32 {
        1 << Feature::ALL.iter().position(|g| *g == f).unwrap_or(0)
    }

    /// Sets a gate as `--feature-gates=Name=value` does in `release`; refuses what the
    /// component would refuse to start with (`featuregate.(*featureGate).SetFromMap`).
    pub fn set(&mut self, name: &str, on: bool, release: Release) -> Result<(), String> {
        let Some(f) = Feature::from_name(name).filter(|f| f.spec(release) != Absent) else {
            return Err(format!("unrecognized feature gate: {name}"));
        };
        if let L(locked) = f.spec(release) {
            if locked != on {
                return Err(format!("cannot set feature gate {name} to {on}, feature is locked to {locked}"));
            }
        }
        self.set |= Self::bit(f);
        if on {
            self.on |= Self::bit(f);
        } else {
            self.on &= !Self::bit(f);
        }
        Ok(())
    }

    /// The gate as set, else the release's default.
    pub fn enabled(&self, f: Feature, release: Release) -> bool {
        if self.set & Self::bit(f) != 0 {
            self.on & Self::bit(f) != 0
        } else {
            f.default_in(release)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_release_and_overrides_win() {
        assert!(!Feature::StrictIPCIDRValidation.default_in(Release::V1_35));
        assert!(Feature::StrictIPCIDRValidation.default_in(Release::V1_36));
        assert!(Feature::SELinuxMount.default_in(Release::V1_37));
        let mut g = FeatureGates::default();
        g.set("StrictIPCIDRValidation", false, Release::V1_36).unwrap();
        assert!(!g.enabled(Feature::StrictIPCIDRValidation, Release::V1_36));
        assert!(g.enabled(Feature::ContainerRestartRules, Release::V1_36));
        assert_eq!(g.set("Nope", true, Release::V1_35), Err("unrecognized feature gate: Nope".into()));
        assert_eq!(
            g.set("HostnameOverride", false, Release::V1_37),
            Err("cannot set feature gate HostnameOverride to false, feature is locked to true".into())
        );
        assert!(g.set("SidecarContainers", true, Release::V1_37).is_err());
        // Beta in 1.35, GA and locked from 1.36.
        assert!(g.set("ImageVolume", false, Release::V1_35).is_ok());
        for gate in ["ImageVolume", "ProcMountType", "UserNamespacesSupport"] {
            for release in [Release::V1_36, Release::V1_37] {
                assert_eq!(
                    g.set(gate, false, release),
                    Err(format!("cannot set feature gate {gate} to false, feature is locked to true"))
                );
            }
        }
    }
}
