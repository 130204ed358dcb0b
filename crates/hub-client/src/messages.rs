//! Meddelanden (`Message/message`, protocol §4.11): the inbox of the selected child, read only.
//!
//! No module code name is recorded for messages, so there is no up-front module check; a school without
//! them answers like a disabled module, which becomes [`crate::Error::ModuleDisabled`].

use hub_model::messages::{Message, MessageList};

use crate::client::{Body, HubClient};
use crate::error::Result;

/// The name message errors are reported under.
pub const APP: &str = "messages";

/// Messages per page (the hub allows at most 100).
pub const PAGE_SIZE: u32 = 50;

impl HubClient {
    /// Page `page` (1-based) of the child's inbox, newest first; `more` says whether another page exists.
    ///
    /// Form-encoded, as the most careful clients send it.
    pub async fn messages(&self, pupil_id: &str, page: u32) -> Result<MessageList> {
        self.renewing(|| async {
            let _lease = self.lease_child(pupil_id, None).await?;
            self.messages_locked(page).await
        })
        .await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn messages_locked(&self, page: u32) -> Result<MessageList> {
        let form = vec![
            ("page".to_owned(), page.max(1).to_string()),
            ("pageSize".to_owned(), PAGE_SIZE.to_string()),
            ("messageText".to_owned(), String::new()),
            ("inbox".to_owned(), "true".to_owned()),
            ("sentItems".to_owned(), "false".to_owned()),
        ];
        self.call("messages", APP, "Message/message/GetMessages", Body::Form(form))
            .await
    }

    /// One message with its plain-text body and recipients; the hub marks it read.
    pub async fn message(&self, pupil_id: &str, message_id: i64) -> Result<Message> {
        let form = vec![("id".to_owned(), message_id.to_string())];
        self.renewing(|| async {
            let _lease = self.lease_child(pupil_id, None).await?;
            self.call("message", APP, "Message/message/GetMessage", Body::Form(form.clone()))
                .await
        })
        .await
    }
}
