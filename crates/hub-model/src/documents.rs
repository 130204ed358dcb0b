//! Wire shapes of the documents list (`Communication/Documents/GetDocumentsList`, protocol §4.2).

use serde::{Deserialize, Serialize};

use crate::list::{HubId, Items};

/// `GetDocumentsList` → `{totalItemCount, items}`.
pub type DocumentList = Items<Document>;

/// The request body shared by the documents and links lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListRequest {
    /// `""` for all types, or `"1,2"`.
    pub type_ids: String,
    pub sort_by: String,
    pub page: i64,
    pub page_size: i64,
}

impl Default for ListRequest {
    /// All types, newest first, one page with everything.
    fn default() -> Self {
        Self {
            type_ids: String::new(),
            sort_by: "lastPublishDate___SORT_DESC".to_owned(),
            page: 1,
            page_size: -1,
        }
    }
}

/// One document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Document {
    pub id: HubId,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The document type id (the keys of `linkTypeFilters`).
    #[serde(default, rename = "type")]
    pub kind: Option<HubId>,
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub file_size: Option<i64>,
    /// A `/Resources/Resource/Download/<id>?…` path.
    #[serde(default)]
    pub file_url: Option<String>,
    #[serde(default)]
    pub published_date_string: Option<String>,
}
