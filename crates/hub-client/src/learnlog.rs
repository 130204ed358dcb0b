//! Lärlogg (protocol §4.14): `getlearnlogs` is a GET with query parameters and a bare array answer.
//!
//! No module code name for lärlogg is recorded, so no up-front module check is made; a school without it
//! answers like a disabled module, which becomes [`crate::Error::ModuleDisabled`].

use hub_model::learnlog::{LearnLogEntry, LearnLogKind};
use hub_model::list::Items;

use crate::client::{Body, HubClient};
use crate::error::Result;

/// The name lärlogg errors are reported under.
pub const APP: &str = "learnlog";

/// Entries per page.
pub const PAGE_SIZE: u32 = 20;

impl HubClient {
    /// Page `page` (1-based) of the child's lärlogg entries of `kind`, newest first.
    pub async fn learnlog(&self, pupil_id: &str, kind: LearnLogKind, page: u32) -> Result<Vec<LearnLogEntry>> {
        let query = vec![
            ("learnLogType".to_owned(), kind.code().to_string()),
            ("pageNumber".to_owned(), page.max(1).to_string()),
            ("pageSize".to_owned(), PAGE_SIZE.to_string()),
        ];
        self.renewing(|| async {
            let _lease = self.lease_child(pupil_id, None).await?;
            let list: Items<LearnLogEntry> = self
                .call(
                    "learnlog",
                    APP,
                    "learnlog/learnlog/getlearnlogs",
                    Body::Query(query.clone()),
                )
                .await?;
            Ok(list.items)
        })
        .await
    }
}
