//! Wire shapes of the development-talk booking (`Home/meeting/GetPupilAvailabilities`, protocol §4.10).

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::{LocalDateTime, empty_as_none};

/// `GetPupilAvailabilities` → the slots the selected pupil can book, and the booked one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PupilAvailabilities {
    #[serde(default)]
    pub total_count: i64,
    #[serde(default)]
    pub total_pages: i64,
    #[serde(default)]
    pub availabilities: Vec<Availability>,
}

/// One slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Availability {
    pub availability_id: HubId,
    /// Format not recorded; kept as the hub's text.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub time_from: Option<String>,
    #[serde(default)]
    pub string_date: Option<String>,
    #[serde(default)]
    pub time_range: Option<String>,
    #[serde(default)]
    pub registered_by: Option<String>,
    /// Type not recorded (text or id); kept as the hub's JSON.
    #[serde(default)]
    pub meeting_type: Option<serde_json::Value>,
    #[serde(default)]
    pub location: Option<String>,
    /// Set on the slot the pupil has booked.
    #[serde(default)]
    pub meeting_id: Option<i64>,
    #[serde(default)]
    pub meeting_link: Option<String>,
    #[serde(default)]
    pub bookings_close_before: Option<String>,
}

impl Availability {
    /// True for the slot this pupil has booked.
    pub fn is_booked(&self) -> bool {
        self.meeting_id.is_some()
    }
}

/// `meeting/meeting/GetBookings` → the pupil's booked meetings (designed in `docs/protocol-extensions.md`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bookings {
    #[serde(default)]
    pub bookings: Vec<Booking>,
}

/// One booked meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Booking {
    pub meeting_id: i64,
    pub availability_id: HubId,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub date: Option<LocalDateTime>,
    #[serde(default)]
    pub time_from: Option<String>,
    #[serde(default)]
    pub time_to: Option<String>,
    /// "tors 3 december".
    #[serde(default)]
    pub string_date: Option<String>,
    /// "14:00 - 14:20".
    #[serde(default)]
    pub time_range: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub meeting_type: Option<serde_json::Value>,
    #[serde(default)]
    pub meeting_link: Option<String>,
    #[serde(default)]
    pub teacher_name: Option<String>,
    #[serde(default)]
    pub booked_by: Option<String>,
    #[serde(default)]
    pub can_change: bool,
    #[serde(default)]
    pub can_cancel: bool,
    /// Local time, no zone; after it the booking can no longer be changed or cancelled.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub change_deadline: Option<LocalDateTime>,
}

/// `Book`/`Rebook` → `{success, meetingId}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BookResponse {
    #[serde(default)]
    pub meeting_id: Option<i64>,
}
