//! Blogg, the group timeline (`grouptimeline`, protocol §4.15, comments designed in
//! `docs/protocol-extensions.md`).

use hub_model::blog::{AddCommentResponse, BlogComment, BlogComments, BlogPage, BlogRequest};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "grouptimeline";

/// Posts per page, as the hub's own JS asks.
pub const PAGE_SIZE: u32 = 50;

impl HubClient {
    /// Page `page` (1-based) of the class blog, newest first; `more` says whether another page exists.
    pub async fn blog(&self, pupil_id: &str, page: u32) -> Result<BlogPage> {
        self.child_read(pupil_id, APP, || self.blog_locked(page)).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn blog_locked(&self, page: u32) -> Result<BlogPage> {
        self.call(
            "blog",
            APP,
            "GroupTimeline/GroupTimeline/GetGroupTimelineEntries",
            json(&BlogRequest::page(page, PAGE_SIZE)),
        )
        .await
    }

    /// The comments of one post.
    pub async fn blog_comments(&self, pupil_id: &str, entry_id: i64) -> Result<Vec<BlogComment>> {
        self.child_read(pupil_id, APP, || self.blog_comments_locked(entry_id))
            .await
    }

    async fn blog_comments_locked(&self, entry_id: i64) -> Result<Vec<BlogComment>> {
        let list: BlogComments = self
            .call(
                "blog comments",
                APP,
                "GroupTimeline/GroupTimeline/GetComments",
                Body::Json(serde_json::json!({ "entryId": entry_id })),
            )
            .await?;
        Ok(list.comments)
    }

    /// Comments a post (students only: others get [`Error::Refused`] with
    /// [`crate::Refusal::NotAllowed`]). Never sent twice across a session renewal.
    pub async fn add_blog_comment(&self, pupil_id: &str, entry_id: i64, text: &str) -> Result<BlogComment> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidInput("empty comment"));
        }
        let before: Vec<_> = self
            .blog_comments(pupil_id, entry_id)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let before = &before;
        let send = || async move {
            let answer: AddCommentResponse = self
                .call_checked(
                    "blog comment",
                    APP,
                    "GroupTimeline/GroupTimeline/AddComment",
                    Body::Json(serde_json::json!({ "entryId": entry_id, "text": text })),
                )
                .await?;
            Ok(answer.comment)
        };
        let check = || async move {
            let now = self.blog_comments_locked(entry_id).await?;
            Ok(now
                .into_iter()
                .find(|c| !before.contains(&c.id) && c.text.trim() == text))
        };
        self.child_write(pupil_id, APP, send, check).await
    }
}
