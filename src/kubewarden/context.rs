//! The cluster as the Kubewarden host serves it (`kubewarden`/`kubernetes`/`list_resources_all`,
//! through the SDK's `list_all_resources`), read by the planner's own cluster reader.

use std::marker::PhantomData;

use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::{ListableResource, Resource};
use kubewarden_policy_sdk::host_capabilities::kubernetes::{list_all_resources, ListAllResourcesRequest};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::api::cluster_lists::{ClusterKind, ClusterLists, NODES, PODDISRUPTION_BUDGETS, PODS, PRIORITY_CLASSES};
use crate::api::Cluster;

/// A list item kept as its JSON text, typed as `K` only for the list's apiVersion and kind
/// (which the SDK's `List` checks): k8s-openapi's structs are never built.
struct Raw<K>(Box<RawValue>, PhantomData<K>);

impl<K> Clone for Raw<K> {
    fn clone(&self) -> Self {
        Raw(self.0.clone(), PhantomData)
    }
}

impl<'de, K> Deserialize<'de> for Raw<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(|r| Raw(r, PhantomData))
    }
}

impl<K: Resource> Resource for Raw<K> {
    const API_VERSION: &'static str = K::API_VERSION;
    const GROUP: &'static str = K::GROUP;
    const KIND: &'static str = K::KIND;
    const VERSION: &'static str = K::VERSION;
    const URL_PATH_SEGMENT: &'static str = K::URL_PATH_SEGMENT;
    type Scope = K::Scope;
}

impl<K: ListableResource> ListableResource for Raw<K> {
    const LIST_KIND: &'static str = K::LIST_KIND;
}

/// Which of the cluster a review needs: nodes for placement, and for the scheduler's phase
/// also the pods, priority classes and disruption budgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Nodes,
    Scheduler,
}

/// Asks the host for what `needs` names; `Err` says why the cluster is not available.
pub fn load(needs: Needs) -> Result<Option<Cluster>, String> {
    if needs == Needs::Nothing {
        return Ok(None);
    }
    let mut lists = ClusterLists::new();
    read::<Node>(&NODES, &mut lists)?;
    if needs == Needs::Scheduler {
        read::<Pod>(&PODS, &mut lists)?;
        read::<PriorityClass>(&PRIORITY_CLASSES, &mut lists)?;
        read::<PodDisruptionBudget>(&PODDISRUPTION_BUDGETS, &mut lists)?;
    }
    lists.finish().map(Some).map_err(|e| format!("the cluster's resources cannot be read: {e}"))
}

fn read<K: ListableResource>(kind: &ClusterKind, lists: &mut ClusterLists) -> Result<(), String> {
    debug_assert_eq!((K::API_VERSION, K::KIND), (kind.api_version, kind.kind));
    let request = ListAllResourcesRequest {
        api_version: kind.api_version.to_string(),
        kind: kind.kind.to_string(),
        label_selector: None,
        field_selector: None,
        // Only what the planner reads: a node's images and managedFields are most of its bytes.
        field_masks: Some(kind.fields.iter().map(|f| f.to_string()).collect()),
    };
    let list = list_all_resources::<Raw<K>>(&request).map_err(|e| {
        format!(
            "the cluster context is not available: listing {}/{} failed (is the policy context-aware, with the resource in contextAwareResources?): {e}",
            kind.api_version, kind.kind
        )
    })?;
    for (i, item) in list.items.iter().enumerate() {
        lists
            .add_item(kind, i, item.0.get().as_bytes())
            .map_err(|e| format!("the cluster's resources cannot be read: {e}"))?;
    }
    Ok(())
}
