//! Wire shapes of `NotificationApp` (protocol §4.1): the notification list, aggregated over all children.

use serde::{Deserialize, Serialize};

use crate::time::{LocalDateTime, empty_as_none};

/// `GetNotifications` → `{notifications, timestamp}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NotificationsResponse {
    #[serde(default)]
    pub notifications: Vec<Notification>,
    /// The server's time of the answer, to pass back as `timestamp` on the next poll.
    #[serde(default)]
    pub timestamp: Option<String>,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Notification {
    pub id: i64,
    pub title: String,
    #[serde(default)]
    pub sub_title: Option<String>,
    #[serde(default)]
    pub subjects_courses: Option<String>,
    /// Local time, no zone.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub date_sent: Option<LocalDateTime>,
    #[serde(default)]
    pub app_type: AppType,
    pub state: NotificationState,
    /// The action name, e.g. `NewsItem`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// A hash route into the hub SPA, e.g. `/#/communication/news/<newsId>`.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub order_date: Option<LocalDateTime>,
    #[serde(default, rename = "pupilIM2Id")]
    pub pupil_im2_id: Option<i64>,
    /// `"<n>|<pupilId>|<code>"`: the middle part is the child's pupil id.
    #[serde(default)]
    pub pupil_source_id: Option<String>,
    #[serde(default)]
    pub currently_selected_pupil: bool,
    #[serde(default)]
    pub entity_type_string: Option<String>,
}

impl Notification {
    /// The pupil id this notification belongs to, from `pupilSourceId`.
    pub fn pupil_id(&self) -> Option<&str> {
        let mut parts = self.pupil_source_id.as_deref()?.split('|');
        parts.next()?;
        parts.next().filter(|p| !p.is_empty())
    }
}

/// `appType`; values the hub adds later land in [`AppType::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AppType {
    Timeline,
    Assignment,
    News,
    Assessment,
    WeeklyPlan,
    HomeWork,
    Portfolio,
    Calendar,
    CalendarV2,
    ParentMeeting,
    Uol,
    OnlineTest,
    Survey,
    Attendance,
    #[serde(rename = "IUP")]
    Iup,
    SpecialPlan,
    Journal,
    Consent,
    /// The hub's own `Unknown`, and any value this client does not know yet.
    #[default]
    #[serde(other)]
    Unknown,
}

/// `state`, also the target of `UpdateNotificationState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum NotificationState {
    New,
    Seen,
    Read,
    Cleared,
}

/// `UpdateNotificationState` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdateStateRequest {
    pub ids: Vec<i64>,
    pub state: NotificationState,
}

impl UpdateStateRequest {
    pub fn new(ids: Vec<i64>, state: NotificationState) -> Self {
        Self { ids, state }
    }
}

/// `{success}`, the answer of simple actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SuccessResponse {
    pub success: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_app_types_fall_back() {
        let n: Notification = serde_json::from_value(serde_json::json!({
            "id": 1, "title": "t", "state": "New", "appType": "Hologram",
            "pupilSourceId": "3104|1234567890|NEMANDI_SKOLI", "pupilIM2Id": 77
        }))
        .unwrap();
        assert_eq!(n.app_type, AppType::Unknown);
        assert_eq!(n.pupil_id(), Some("1234567890"));
        assert_eq!(n.pupil_im2_id, Some(77));
        let iup: AppType = serde_json::from_str("\"IUP\"").unwrap();
        assert_eq!(iup, AppType::Iup);
        assert!(serde_json::from_str::<NotificationState>("\"Gone\"").is_err());
    }
}
