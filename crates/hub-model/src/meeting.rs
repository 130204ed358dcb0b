//! Wire shapes of the development-talk booking (`Home/meeting/GetPupilAvailabilities`, protocol §4.10).

use serde::{Deserialize, Serialize};

use crate::list::HubId;

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
