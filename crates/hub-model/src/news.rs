//! Wire shapes of the news list (`Communication/News/GetNewsList`, protocol §4.2).

use serde::{Deserialize, Serialize};

use crate::list::{Attachment, Items};
use crate::time::{LocalDateTime, empty_as_none};

/// `GetNewsList` → `{items, totalItemCount?}`, or a bare array (tolerated defensively).
pub type NewsList = Items<NewsItem>;

/// `GetNewsList` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewsListRequest {
    pub page_size: i64,
    pub sort_by: String,
}

impl Default for NewsListRequest {
    /// Everything, newest first, as the hub's own JS asks.
    fn default() -> Self {
        Self {
            page_size: -1,
            sort_by: "lastPublishDate___SORT_DESC".to_owned(),
        }
    }
}

/// One news item ("Information" on the start page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewsItem {
    pub id: i64,
    pub title: String,
    /// HTML.
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub published_date: Option<LocalDateTime>,
    /// Swedish long form ("27 januari 2025") or an ISO date; both are seen.
    #[serde(default)]
    pub published_date_string: Option<String>,
    #[serde(default)]
    pub published_by: Option<String>,
    #[serde(default)]
    pub news_image_url: Option<String>,
    #[serde(default)]
    pub news_thumbnail_image_url: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}
