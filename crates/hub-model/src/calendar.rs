//! Wire shapes of `calendarv2` (protocol §4.3): entries for a date range and the iCal subscription.

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::{LocalDate, LocalDateTime, empty_as_none};

/// `getentries` request body; the web app writes both dates as `YYYY/MM/DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EntriesRequest {
    pub start_date: String,
    pub end_date: String,
}

impl EntriesRequest {
    /// Both dates are inclusive; the hub answers HTTP 500 when either is missing.
    pub fn new(from: LocalDate, to: LocalDate) -> Self {
        Self {
            start_date: from.to_slash_string(),
            end_date: to.to_slash_string(),
        }
    }
}

/// One calendar entry (`getentries` answers a bare array of these).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CalendarEntry {
    pub id: i64,
    #[serde(default)]
    pub o365_event_id: Option<HubId>,
    #[serde(default)]
    pub google_event_id: Option<HubId>,
    pub title: String,
    /// HTML.
    #[serde(default)]
    pub text: Option<String>,
    /// HTML, usually the same as `text`.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub calendar_entry_type_id: Option<i64>,
    #[serde(default)]
    pub is_all_day_event: bool,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start_date_full: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end_date_full: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start_date: Option<LocalDate>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end_date: Option<LocalDate>,
    /// Swedish short form, e.g. `ons 08 jan`.
    #[serde(default)]
    pub formatted_start_date: Option<String>,
    #[serde(default)]
    pub formatted_end_date: Option<String>,
    /// `HH:MM`, or empty for all-day entries.
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub has_attachments: bool,
    #[serde(default)]
    pub subjects: Vec<Subject>,
    #[serde(default)]
    pub courses: Vec<serde_json::Value>,
    #[serde(default)]
    pub url: Option<String>,
}

impl CalendarEntry {
    /// An assignment mirrored into the calendar (`url` starting `/task/show/`); clients usually drop these.
    pub fn is_assignment(&self) -> bool {
        self.url.as_deref().is_some_and(|u| {
            u.trim_start_matches(['/', '#'])
                .to_ascii_lowercase()
                .starts_with("task/show/")
        })
    }
}

/// `subjects[]` of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Subject {
    pub id: HubId,
    pub title: String,
}
