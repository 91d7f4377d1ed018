//! metav1 types: ObjectMeta and LabelSelector.

use serde::Deserialize;

use super::StringMap;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Option<StringMap>,
    pub annotations: Option<StringMap>,
    pub finalizers: Option<Vec<String>>,
    pub owner_references: Option<Vec<OwnerReference>>,
    pub resource_version: Option<String>,
    pub generation: Option<i64>,
    pub uid: Option<String>,
    pub managed_fields: Option<Vec<super::pod_fields::ManagedFieldsEntry>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub uid: Option<String>,
    pub controller: Option<bool>,
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.LabelSelector`: a nil selector selects nothing, an empty one everything.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl LabelSelector {
    /// Semantic equality as `apiequality.Semantic.DeepEqual` sees it: nil and empty are equal.
    pub fn semantically_equal(a: Option<&LabelSelector>, b: Option<&LabelSelector>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.match_labels.clone().unwrap_or_default() == b.match_labels.clone().unwrap_or_default()
                    && exprs_equal(a.match_expressions.as_deref(), b.match_expressions.as_deref())
            }
            _ => false,
        }
    }
}

fn exprs_equal(a: Option<&[LabelSelectorRequirement]>, b: Option<&[LabelSelectorRequirement]>) -> bool {
    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.key == y.key
                && x.operator == y.operator
                && x.values.as_deref().unwrap_or_default() == y.values.as_deref().unwrap_or_default()
        })
}
