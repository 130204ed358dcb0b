//! Wire shapes of Närvaro (`attendance`, protocol §4.12), read only: today's and tomorrow's state, the
//! registered absences and the leave requests.

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::{LocalDateTime, empty_as_none};

/// `attendance/attendance/appData` (the fields the views use).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AttendanceOverview {
    #[serde(default)]
    pub paged_list: Option<AttendanceList>,
    #[serde(default)]
    pub leave_requests: Vec<LeaveRequest>,
    #[serde(default)]
    pub absence_today_sessions: Vec<AbsenceSession>,
    #[serde(default)]
    pub absence_tomorrow_sessions: Vec<AbsenceSession>,
    #[serde(default)]
    pub absent_today: bool,
    #[serde(default)]
    pub absence_today_comment: Option<String>,
    #[serde(default)]
    pub absent_tomorrow: bool,
    #[serde(default)]
    pub absence_tomorrow_comment: Option<String>,
    #[serde(default)]
    pub absence_today_locked: bool,
    #[serde(default)]
    pub absence_tomorrow_locked: bool,
    #[serde(default)]
    pub can_register_day_absence: bool,
    #[serde(default)]
    pub can_request_leave: bool,
    #[serde(default)]
    pub is_parent: bool,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub absence_today_date: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub absence_tomorrow_date: Option<LocalDateTime>,
}

/// A lesson of today or tomorrow with its absence state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AbsenceSession {
    #[serde(default)]
    pub title: String,
    /// "08:15 - 09:00".
    #[serde(default)]
    pub formatted_time_string: Option<String>,
    #[serde(default)]
    pub is_absent: bool,
}

/// `GetAttendanceList` → one page of registered absences.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AttendanceList {
    #[serde(default)]
    pub page: i64,
    #[serde(default)]
    pub page_size: i64,
    #[serde(default)]
    pub total_items: i64,
    #[serde(default)]
    pub items: Vec<Absence>,
    #[serde(default)]
    pub more: bool,
}

/// One registered absence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Absence {
    pub id: HubId,
    /// The date as the school writes it short; format not recorded, see [`Absence::date`].
    #[serde(default)]
    pub short_date: Option<String>,
    #[serde(default)]
    pub long_date: Option<String>,
    /// "08:15 - 09:00", empty for a whole day.
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub registered_by_name: Option<String>,
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub half_days_count: Option<f64>,
}

impl Absence {
    /// The date, when `shortDate` is one of the recorded spellings.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        self.short_date
            .as_deref()
            .and_then(|d| LocalDateTime::parse(d).ok())
            .map(|d| d.date())
    }
}

/// One leave request ("ledighetsansökan").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LeaveRequest {
    pub id: HubId,
    /// `Pending`, `Approved`, `Denied`, …
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub requester_comment: Option<String>,
    #[serde(default)]
    pub approver_comment: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub approved_by_title: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub from_date: Option<LocalDateTime>,
    #[serde(default)]
    pub from_time: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub to_date: Option<LocalDateTime>,
    #[serde(default)]
    pub to_time: Option<String>,
    #[serde(default)]
    pub date_range_title: Option<String>,
    #[serde(default)]
    pub can_delete: bool,
    #[serde(default)]
    pub is_awaiting_response_from_current_user: bool,
}
