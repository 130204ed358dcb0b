//! Wire shapes of the links list (`Communication/Links/GetLinksList`, protocol §4.2).

use serde::{Deserialize, Serialize};

use crate::list::{HubId, Items};
use crate::time::{LocalDateTime, empty_as_none};

/// `GetLinksList` → `{totalItemCount, items}`; the request is [`crate::documents::ListRequest`].
pub type LinkList = Items<Link>;

/// One link a school published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Link {
    pub id: HubId,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<HubId>,
    /// An external URL; the UI opens it in the system browser, the client never fetches it.
    pub url: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub published_date: Option<LocalDateTime>,
    #[serde(default)]
    pub published_date_string: Option<String>,
    #[serde(default)]
    pub published_by: Option<String>,
}
