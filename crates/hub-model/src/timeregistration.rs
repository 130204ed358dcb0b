//! Wire shapes of the fritidsschema (`TimeRegistration`, protocol §4.5): the week, saving days, comments.

use serde::{Deserialize, Serialize};

use crate::time::{LocalDate, LocalDateTime, empty_as_none};

/// `GetTimeRegistrations` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WeekRequest {
    /// Midnight of any day in the wanted week.
    pub date: LocalDateTime,
    /// `true` lets the hub jump to next week when this one has no school days left; reading back a save
    /// needs the exact week, so the client sends `false`.
    pub show_next_week_if_no_more_school_days: bool,
}

impl WeekRequest {
    /// The week containing `date`, never another one.
    pub fn containing(date: LocalDate) -> Self {
        Self {
            date: LocalDateTime(date.0.and_time(chrono::NaiveTime::MIN)),
            show_next_week_if_no_more_school_days: false,
        }
    }
}

/// `GetTimeRegistrations` → the week containing the asked date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimeRegistrationWeek {
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start_date: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end_date: Option<LocalDateTime>,
    #[serde(default)]
    pub days: Vec<Day>,
}

/// One day of the week as the hub reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Day {
    pub time_registration_id: i64,
    pub date: LocalDateTime,
    /// `None` when no times are registered.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start_date_time: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end_date_time: Option<LocalDateTime>,
    /// Ledig.
    #[serde(default)]
    pub on_leave: bool,
    #[serde(default)]
    pub is_locked: bool,
    #[serde(default)]
    pub is_school_closed: bool,
    #[serde(default)]
    pub school_closed_reason: Option<String>,
    /// Missing means "no": a write is only sent for days the hub explicitly marks editable.
    #[serde(default)]
    pub can_edit: bool,
    #[serde(default)]
    pub school_opening_time: Option<String>,
    #[serde(default)]
    pub school_closing_time: Option<String>,
    #[serde(default)]
    pub has_unread_comments: bool,
    #[serde(default)]
    pub has_comments: bool,
    #[serde(default)]
    pub can_edit_comment: bool,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub comment_changed: Option<bool>,
    #[serde(default)]
    pub comment_id: Option<i64>,
}

/// Why a day cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum WriteBlock {
    /// `canEdit` is false (or missing).
    NotEditable,
    /// `isLocked`: the school has locked the times.
    Locked,
    /// `isSchoolClosed`.
    SchoolClosed,
}

impl std::fmt::Display for WriteBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WriteBlock::NotEditable => "the day is not editable",
            WriteBlock::Locked => "the school has locked the day",
            WriteBlock::SchoolClosed => "the school is closed that day",
        })
    }
}

impl Day {
    /// Why this day cannot be written, or `None` if it can.
    pub fn write_block(&self) -> Option<WriteBlock> {
        if self.is_school_closed {
            Some(WriteBlock::SchoolClosed)
        } else if self.is_locked {
            Some(WriteBlock::Locked)
        } else if !self.can_edit {
            Some(WriteBlock::NotEditable)
        } else {
            None
        }
    }
}

/// `registrationType` of a saved day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RegistrationType {
    TimeReg,
    OnLeave,
}

/// A day to save: the day as read, with new times or leave, and the save flags the hub's JS adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SaveDay {
    pub time_registration_id: i64,
    pub date: LocalDateTime,
    pub start_date_time: Option<LocalDateTime>,
    pub end_date_time: Option<LocalDateTime>,
    pub on_leave: bool,
    pub is_locked: bool,
    pub is_school_closed: bool,
    pub school_closed_reason: Option<String>,
    pub can_edit: bool,
    pub school_opening_time: Option<String>,
    pub school_closing_time: Option<String>,
    pub has_unread_comments: bool,
    pub has_comments: bool,
    pub can_edit_comment: bool,
    pub has_changed: bool,
    pub registration_type: RegistrationType,
    pub comment_text: String,
    pub is_comment_updated: bool,
    pub comment_id: i64,
}

impl SaveDay {
    fn from_day(day: &Day, registration_type: RegistrationType) -> Self {
        Self {
            time_registration_id: day.time_registration_id,
            date: day.date,
            start_date_time: day.start_date_time,
            end_date_time: day.end_date_time,
            on_leave: day.on_leave,
            is_locked: day.is_locked,
            is_school_closed: day.is_school_closed,
            school_closed_reason: day.school_closed_reason.clone(),
            can_edit: day.can_edit,
            school_opening_time: day.school_opening_time.clone(),
            school_closing_time: day.school_closing_time.clone(),
            has_unread_comments: day.has_unread_comments,
            has_comments: day.has_comments,
            can_edit_comment: day.can_edit_comment,
            has_changed: true,
            registration_type,
            comment_text: String::new(),
            is_comment_updated: false,
            comment_id: 0,
        }
    }

    /// Care from `start` to `end`; `end` may fall on the next date for overnight care.
    pub fn times(day: &Day, start: LocalDateTime, end: LocalDateTime) -> Self {
        let mut save = Self::from_day(day, RegistrationType::TimeReg);
        save.start_date_time = Some(start);
        save.end_date_time = Some(end);
        save.on_leave = false;
        save
    }

    /// Ledig: no care this day.
    pub fn leave(day: &Day) -> Self {
        let mut save = Self::from_day(day, RegistrationType::OnLeave);
        save.start_date_time = None;
        save.end_date_time = None;
        save.on_leave = true;
        save
    }

    /// True when `day`, as read back, shows what this save asked for.
    ///
    /// The id is not compared: a day without registration may get a new `timeRegistrationId` once saved.
    pub fn is_reflected_in(&self, day: &Day) -> bool {
        day.date.date() == self.date.date()
            && day.on_leave == self.on_leave
            && (self.on_leave
                || (day.start_date_time == self.start_date_time && day.end_date_time == self.end_date_time))
    }
}

/// `SaveTimeRegistrations` request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SaveRequest {
    pub days: Vec<SaveDay>,
    /// The repeat pattern; its shape is not recorded, so the client always sends `null`.
    pub series: Option<serde_json::Value>,
}

impl SaveRequest {
    pub fn new(days: Vec<SaveDay>) -> Self {
        Self { days, series: None }
    }
}

/// `{success, notifications}`, the answer of saves; on failure the reason is in `notifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SaveResult {
    pub success: bool,
    #[serde(default)]
    pub notifications: Vec<ResultMessage>,
}

impl SaveResult {
    /// The server's texts for the user (Swedish): each `message`, or its `title` when there is none.
    pub fn messages(&self) -> Vec<String> {
        self.notifications
            .iter()
            .filter_map(|n| {
                [n.message.as_deref(), n.title.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(str::trim)
                    .find(|s| !s.is_empty())
                    .map(str::to_owned)
            })
            .collect()
    }
}

/// One entry of `notifications` in a save result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResultMessage {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// A stable machine key where the hub (or the emulator's extensions) sends one.
    #[serde(default)]
    pub code: Option<String>,
}

/// `GetComments` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommentsRequest {
    /// `YYYY-MM-DD`.
    pub date: String,
}

impl CommentsRequest {
    pub fn new(date: LocalDate) -> Self {
        Self { date: date.to_string() }
    }
}

/// `GetComments` → the comments and check-in/out of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Comments {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub teacher_comment: Option<String>,
    #[serde(default)]
    pub teacher_name: Option<String>,
    #[serde(default)]
    pub teacher_comment_date: Option<String>,
    #[serde(default)]
    pub user_comment: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub user_comment_date: Option<String>,
    #[serde(default)]
    pub checked_in: Option<String>,
    #[serde(default)]
    pub checked_out: Option<String>,
    #[serde(default)]
    pub can_edit: bool,
    #[serde(default)]
    pub times_locked_by_school: bool,
    #[serde(default)]
    pub parent_comment_id: Option<i64>,
    #[serde(default)]
    pub check_in_user_display_name: Option<String>,
    #[serde(default)]
    pub check_out_user_display_name: Option<String>,
    #[serde(default)]
    pub can_edit_comment: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(json: serde_json::Value) -> Day {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn save_day_carries_the_hub_flags_and_no_milliseconds() {
        let d = day(serde_json::json!({
            "timeRegistrationId": 5, "date": "2025-01-24T00:00:00", "startDateTime": null,
            "endDateTime": null, "canEdit": true
        }));
        assert_eq!(d.write_block(), None);
        let start = LocalDateTime::parse("2025-01-24T07:30:00.000").unwrap();
        let end = LocalDateTime::parse("2025-01-24T16:00:00").unwrap();
        let save = SaveDay::times(&d, start, end);
        let v = serde_json::to_value(SaveRequest::new(vec![save.clone()])).unwrap();
        assert_eq!(v["series"], serde_json::Value::Null);
        let s = &v["days"][0];
        assert_eq!(s["startDateTime"], "2025-01-24T07:30:00");
        assert_eq!(s["hasChanged"], true);
        assert_eq!(s["registrationType"], "TimeReg");
        assert_eq!(s["commentId"], 0);
        assert_eq!(s["isCommentUpdated"], false);
        assert!(!save.is_reflected_in(&d));
        assert_eq!(
            serde_json::to_value(SaveDay::leave(&d)).unwrap()["registrationType"],
            "OnLeave"
        );
    }

    #[test]
    fn write_blocks() {
        let base = serde_json::json!({"timeRegistrationId": 1, "date": "2025-01-24T00:00:00"});
        assert_eq!(day(base.clone()).write_block(), Some(WriteBlock::NotEditable));
        let mut locked = base.clone();
        locked["canEdit"] = true.into();
        locked["isLocked"] = true.into();
        assert_eq!(day(locked).write_block(), Some(WriteBlock::Locked));
        let mut closed = base;
        closed["canEdit"] = true.into();
        closed["isSchoolClosed"] = true.into();
        assert_eq!(day(closed).write_block(), Some(WriteBlock::SchoolClosed));
    }

    #[test]
    fn result_messages_prefer_message_then_title() {
        let r: SaveResult = serde_json::from_value(serde_json::json!({
            "success": false,
            "notifications": [
                {"message": "Tiden ligger utanför öppettiderna", "title": "Fel", "type": "Error"},
                {"message": null, "title": "Kunde inte spara", "type": "Error"},
                {"message": "", "title": "", "type": "Info"}
            ]
        }))
        .unwrap();
        assert_eq!(r.messages(), ["Tiden ligger utanför öppettiderna", "Kunde inte spara"]);
    }
}
