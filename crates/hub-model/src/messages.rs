//! Wire shapes of Meddelanden (`Message/message`, protocol §4.11), read only.

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::{LocalDateTime, empty_as_none};

/// `GetMessages` → `{items, more, page}` (`page` always reports 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageList {
    #[serde(default)]
    pub items: Vec<MessageSummary>,
    #[serde(default)]
    pub more: bool,
}

/// A sender or recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageUser {
    pub id: HubId,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// One message in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageSummary {
    pub id: i64,
    #[serde(default)]
    pub message_context_type: Option<String>,
    #[serde(default)]
    pub sent_user: Option<MessageUser>,
    #[serde(default)]
    pub is_new: bool,
    #[serde(default)]
    pub message_subject: String,
    /// Date-only or a date-time (midnight then), local.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub time_sent: Option<LocalDateTime>,
}

/// `GetMessage {id}` → the summary fields plus the body and recipients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Message {
    #[serde(flatten)]
    pub summary: MessageSummary,
    #[serde(default)]
    pub message_body_plain_text: Option<String>,
    #[serde(default)]
    pub to_users: Vec<MessageUser>,
    #[serde(default)]
    pub message_folder: Option<String>,
}
