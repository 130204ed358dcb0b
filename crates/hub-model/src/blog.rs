//! Wire shapes of Blogg, the group timeline (`grouptimeline`, protocol §4.15 and `docs/protocol-extensions.md`).

use serde::{Deserialize, Serialize};

use crate::list::{Attachment, HubId};
use crate::time::{LocalDateTime, empty_as_none};

/// `GetGroupTimelineEntries` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogRequest {
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    /// `-1` = every group of the pupil.
    pub group_id: i64,
    pub return_timeline_config: bool,
}

impl BlogRequest {
    /// Page `page` (1-based) of `page_size` entries of every group, as the hub's own JS asks.
    pub fn page(page: u32, page_size: u32) -> Self {
        Self {
            page: page.max(1),
            page_size,
            group_id: -1,
            return_timeline_config: true,
        }
    }
}

/// `GetGroupTimelineEntries` → `{entries, more}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogPage {
    #[serde(default)]
    pub entries: Vec<BlogEntry>,
    /// Whether a next page exists.
    #[serde(default)]
    pub more: bool,
}

/// One blog post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogEntry {
    pub id: i64,
    #[serde(default)]
    pub title: String,
    /// HTML.
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub published_date: Option<LocalDateTime>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub images: Vec<BlogImage>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub comment_count: i64,
    /// Only students may comment.
    #[serde(default)]
    pub can_comment: bool,
}

/// An image of a post: both are hub-relative `/Resources/Resource/…` paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogImage {
    pub url: String,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
}

/// `GetComments {entryId}` → `{comments}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogComments {
    #[serde(default)]
    pub comments: Vec<BlogComment>,
}

/// A comment on a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlogComment {
    pub id: HubId,
    #[serde(default)]
    pub author: Option<String>,
    pub text: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub created: Option<LocalDateTime>,
}

/// `AddComment` → `{success, comment}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AddCommentResponse {
    pub comment: BlogComment,
}
