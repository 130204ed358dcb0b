//! Wire shapes of Lärlogg (protocol §4.14): entries with their media.

use serde::{Deserialize, Serialize};

use crate::list::{Attachment, HubId};
use crate::time::LocalDateTime;

/// `learnlog/learnlog/getlearnlogs` entry type filter (`learnLogType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum LearnLogKind {
    /// Everything (0).
    #[default]
    All,
    /// About the child only (1).
    Individual,
    /// The child's groups (2).
    Group,
}

impl LearnLogKind {
    /// The hub's number for the kind.
    pub fn code(self) -> u8 {
        match self {
            Self::All => 0,
            Self::Individual => 1,
            Self::Group => 2,
        }
    }
}

/// One entry (the preschool/fritids "veckobrev" channel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearnLogEntry {
    pub id: HubId,
    #[serde(default)]
    pub title: String,
    /// HTML.
    #[serde(default)]
    pub text: Option<String>,
    /// Empty when the entry is about the child alone.
    #[serde(default)]
    pub group_name: Option<String>,
    /// Swedish prose, "den 24 augusti 2026 klockan 21:38"; see [`LearnLogEntry::modified`].
    #[serde(default)]
    pub last_modified_on: Option<String>,
    #[serde(default)]
    pub subjects_courses_display_string: Option<String>,
    #[serde(default)]
    pub media: Vec<LearnLogMedia>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl LearnLogEntry {
    /// `lastModifiedOn` as a local time, when it is in the recorded prose (or an ISO spelling).
    pub fn modified(&self) -> Option<LocalDateTime> {
        let raw = self.last_modified_on.as_deref()?;
        LocalDateTime::parse_swedish(raw)
            .or_else(|_| LocalDateTime::parse(raw))
            .ok()
    }

    /// Whether the entry is about the child alone rather than a group.
    pub fn is_individual(&self) -> bool {
        self.group_name.as_deref().is_none_or(|g| g.trim().is_empty())
    }
}

/// An image or video of an entry; the thumbnail only works at its pre-generated size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearnLogMedia {
    pub file_id: HubId,
    /// `Image` or `Video`.
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub file_extension: Option<String>,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    #[serde(default)]
    pub file_url: Option<String>,
}
