//! Request types of the shell's Tauri commands: what the UI sends. Responses are the area types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A read scoped to one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRequest {
    /// The 10-digit pupil id (`Child::id`).
    pub child_id: String,
}

/// A read of one child over a date range (inclusive), e.g. the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RangeRequest {
    pub child_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A read of one child around one date, e.g. the fritids week containing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateRequest {
    pub child_id: String,
    pub date: NaiveDate,
}

/// Username and password for `login_password`. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordLogin {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for PasswordLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordLogin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A device code to show for "Använd annan enhet": the code, where to enter it, and a QR of that address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairingCode {
    /// `ABCD-EFGH`; short-lived and useless without the user's own web login, so safe to display.
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    /// Seconds until the code expires.
    pub expires_in: u64,
    /// Seconds the UI waits between polls.
    pub interval: u64,
    /// An SVG document of the QR code for `verification_uri_complete` (or `verification_uri`).
    pub qr_svg: String,
}

/// Where a "Använd annan enhet" pairing stands after one poll.
///
/// The IPC enums are externally tagged (`"expired"`, `{"pending": {"interval": 5}}`): an internally tagged
/// enum is decoded through serde's buffered `Content`, a second copy of every payload type's decoder in the
/// UI's bundle (here the whole `Account`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PairingStatus {
    /// Not approved yet; poll again after `interval` seconds.
    Pending { interval: u64 },
    /// Approved; the app is logged in as this account.
    Paired { account: crate::Account },
    /// The code expired; offer a new one.
    Expired,
    /// The user pressed "Neka" on the other device.
    Denied,
    /// Something else went wrong.
    Failed { error: crate::CmdError },
}

/// The name of the shell's event that tells the UI where the school connection stands.
pub const SESSION_STATE_EVENT: &str = "session-state";

/// Where the connection to the school stands; the payload of [`SESSION_STATE_EVENT`]. The UI shows a banner
/// for everything but `Ok`, never a surprise logout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SessionState {
    /// Logged in and the last call to the school worked.
    Ok,
    /// The session ran out and is being renewed silently (refresh token or stored password).
    Renewing,
    /// The school cannot be reached; cached data is shown and writes wait in the queue.
    Offline,
    /// Renewal failed for good (token revoked, password changed): the user must log in again.
    NeedsLogin,
}

/// One item of one child, e.g. a task (`task_get`), a plan (`plan_get`) or a blog post's comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemRequest {
    pub child_id: String,
    /// The hub's id of the task, plan or post.
    pub id: i64,
}

/// Text a user writes to one item of one child: a task dialogue message, a blog comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemTextRequest {
    pub child_id: String,
    pub id: i64,
    pub text: String,
}

/// A contact card in one child's class list: a classmate, or a staff member with its `establishmentId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactCardRequest {
    pub child_id: String,
    /// The classmate's or staff member's id from the class list.
    pub contact_id: String,
    pub staff: bool,
    pub establishment_id: Option<String>,
}

/// An image of one child's box (a blog post's picture) by its hub-relative address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageRequest {
    pub child_id: String,
    pub url: String,
}

/// Books a free development-talk slot for one child (`meeting_book`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingBookRequest {
    pub child_id: String,
    pub availability_id: String,
}

/// Moves a booked talk to another slot (`meeting_rebook`), or cancels it (`meeting_cancel`, no slot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingChangeRequest {
    pub child_id: String,
    pub meeting_id: i64,
    /// The new slot; `None` for a cancellation.
    #[serde(default)]
    pub availability_id: Option<String>,
}

/// The grades of one term (`key` of a grade term) for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GradesRequest {
    pub child_id: String,
    pub term_id: String,
}

/// A student's answer to one eTest question (`etest_answer`): chosen options, or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EtestAnswerRequest {
    pub child_id: String,
    pub attempt_id: i64,
    pub question_id: i64,
    #[serde(default)]
    pub option_ids: Vec<i64>,
    /// Set for a text question; the options are then ignored.
    #[serde(default)]
    pub text: Option<String>,
}

/// Hands in an eTest attempt (`etest_submit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EtestSubmitRequest {
    pub child_id: String,
    pub test_id: i64,
    pub attempt_id: i64,
}

/// The name of the shell's event that reports a queued write the school refused; payload [`WriteConflictEvent`].
pub const WRITE_CONFLICT_EVENT: &str = "write-conflict";

/// Fritidsschema changes for one child (times or ledig per day, built with `SaveDay::times` / `SaveDay::leave`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FritidsSaveRequest {
    pub child_id: String,
    pub days: Vec<crate::timeregistration::SaveDay>,
}

/// What became of a write sent through the shell's write queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WriteOutcome {
    /// The school has it.
    Saved,
    /// Stored on this device (the school cannot be reached or the session needs a login); sent later.
    Queued,
    /// The school refused it; `message` says why, in Swedish, and `code` names a refusal the UI can word in
    /// the user's language (`crate::codes`).
    Conflict {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
}

/// A queued write the school refused, shown until the user dismisses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteConflict {
    pub id: i64,
    pub message: String,
    /// The refusal's code, when it has one the UI translates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The payload of [`WRITE_CONFLICT_EVENT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteConflictEvent {
    pub message: String,
}

/// The name of the shell's event that reports queued writes the school now has (sent by a replay, not the
/// write the user just made); payload [`WritesSentEvent`]. Views re-read and drop their "waiting" marks.
pub const WRITES_SENT_EVENT: &str = "writes-sent";

/// The payload of [`WRITES_SENT_EVENT`]: the queue ids of the writes the school now has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WritesSentEvent {
    pub ids: Vec<i64>,
}

/// The name of the shell's event that reports notifications the background poll found for the first time
/// (and showed as OS notifications); payload [`NotificationsNewEvent`]. The open window reads the
/// notifications and the selected child's boxes again, so badges and lists follow without a tap.
pub const NOTIFICATIONS_NEW_EVENT: &str = "notifications-new";

/// The payload of [`NOTIFICATIONS_NEW_EVENT`]: how many notifications were new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationsNewEvent {
    pub count: usize,
}

/// One write kept on this device and not yet at the school, as much as a view needs to show it as waiting.
/// A fritids save of several days is listed once per day (same `id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingWrite {
    /// The queue's id of the write.
    pub id: i64,
    /// What it does: `fritidsSave`, `meetingBook`, `meetingRebook`, `meetingCancel`, `taskMessage`,
    /// `blogComment`, `portfolioComment`, `etestAnswer`, `etestSubmit` or `contactVisibility`.
    pub kind: String,
    /// The child it is for (none for the account's own settings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_id: Option<String>,
    /// What it writes to: the task, blog entry or portfolio item id, the fritids day (`2026-12-01`), the
    /// meeting (moved or cancelled) or the slot (booked), the eTest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// A message's or comment's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// When it was queued on this device (none for writes queued by an older version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The [`PendingWrite::kind`] of a task message.
pub const PENDING_TASK_MESSAGE: &str = "taskMessage";
/// The [`PendingWrite::kind`] of a blog comment.
pub const PENDING_BLOG_COMMENT: &str = "blogComment";
/// The [`PendingWrite::kind`] of a portfolio comment.
pub const PENDING_PORTFOLIO_COMMENT: &str = "portfolioComment";
/// The [`PendingWrite::kind`] of a fritids save (one entry per day).
pub const PENDING_FRITIDS_SAVE: &str = "fritidsSave";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cross_the_ipc_as_iso_strings_and_passwords_stay_out_of_debug() {
        let r = RangeRequest {
            child_id: "1".into(),
            from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"childId": "1", "from": "2026-12-01", "to": "2026-12-31"})
        );
        let login = PasswordLogin {
            username: "karin".into(),
            password: "hemligt".into(),
        };
        assert!(!format!("{login:?}").contains("hemligt"));
    }
}

#[cfg(test)]
mod pairing_tests {
    use super::*;

    #[test]
    fn ipc_enums_are_externally_tagged_for_the_ui() {
        assert_eq!(
            serde_json::to_value(PairingStatus::Pending { interval: 5 }).unwrap(),
            serde_json::json!({"pending": {"interval": 5}})
        );
        assert_eq!(
            serde_json::to_value(WriteOutcome::Conflict {
                message: "Låst".into(),
                code: None,
            })
            .unwrap(),
            serde_json::json!({"conflict": {"message": "Låst"}})
        );
        assert_eq!(
            serde_json::to_value(SessionState::NeedsLogin).unwrap(),
            serde_json::json!("needsLogin")
        );
        assert_eq!(
            serde_json::to_value(PairingStatus::Denied).unwrap(),
            serde_json::json!("denied")
        );
    }
}

/// Where a read command may take its answer from: the optional `source` argument of every read command
/// (absent means `School`). Views ask for `Cache` first to show something at once, then for `School`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReadSource {
    /// The school's answer; the cached one only when the school cannot be reached.
    #[default]
    School,
    /// The cached answer when there is one, else the school's.
    Cache,
}

/// A read command's answer with its age: `cached` when it came from the device's cache (shown with
/// "Uppdaterad hh:mm"), else just fetched from the school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fresh<T> {
    pub value: T,
    /// When the school gave this answer.
    pub fetched_at: chrono::DateTime<chrono::Utc>,
    pub cached: bool,
}

#[cfg(test)]
mod fresh_tests {
    use super::*;

    #[test]
    fn a_cached_answer_crosses_the_ipc_with_its_age_and_source_defaults_to_the_school() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-12T13:32:00Z")
            .unwrap()
            .to_utc();
        let fresh = Fresh {
            value: vec![1],
            fetched_at: at,
            cached: true,
        };
        let json = serde_json::to_value(&fresh).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"value": [1], "fetchedAt": "2026-11-12T13:32:00Z", "cached": true})
        );
        assert_eq!(serde_json::from_value::<Fresh<Vec<i32>>>(json).unwrap(), fresh);
        assert_eq!(serde_json::to_value(ReadSource::Cache).unwrap(), "cache");
        assert_eq!(ReadSource::default(), ReadSource::School);
    }
}

/// The calendar subscription: a file the shell rewrites after each background poll, on while it exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarSubscription {
    pub enabled: bool,
    /// The file's path, for showing; `None` while off.
    #[serde(default)]
    pub path: Option<String>,
    /// The same file as a `file://` address for a calendar app; `None` while off.
    #[serde(default)]
    pub url: Option<String>,
}

/// An attachment (news, task, blog post, weekly plan) to save in Downloads and open: its link from the
/// item and its title, the file name when the school sends none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRequest {
    pub url: String,
    pub title: String,
}

/// What became of a write that creates or changes something the UI shows: the outcome and, once the
/// school has it, what the school stored (the booking, the message, the comment):
/// `{"outcome": "saved", "value": {…}}`, `{"outcome": "queued", "value": null}`,
/// `{"outcome": {"conflict": {"message": "…"}}, "value": null}`. Not flattened: serde decodes a flattened
/// field through its buffered `Content`, a second decoder of every `T` in the UI's bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteAnswer<T> {
    pub outcome: WriteOutcome,
    /// Set when `outcome` is `saved` and the school answered with the stored object.
    #[serde(default = "none")]
    pub value: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

#[cfg(test)]
mod write_answer_tests {
    use super::*;

    #[test]
    fn write_answers_encode_and_decode_back() {
        let saved = WriteAnswer {
            outcome: WriteOutcome::Saved,
            value: Some(7),
        };
        let json = serde_json::to_value(&saved).unwrap();
        assert_eq!(json, serde_json::json!({"outcome": "saved", "value": 7}));
        assert_eq!(serde_json::from_value::<WriteAnswer<i32>>(json).unwrap(), saved);
        let conflict = WriteAnswer::<i32> {
            outcome: WriteOutcome::Conflict {
                message: "Tiden hann bokas".into(),
                code: Some(crate::codes::SLOT_TAKEN.into()),
            },
            value: None,
        };
        let json = serde_json::to_value(&conflict).unwrap();
        assert_eq!(json["outcome"]["conflict"]["message"], "Tiden hann bokas");
        assert_eq!(json["outcome"]["conflict"]["code"], crate::codes::SLOT_TAKEN);
        assert_eq!(serde_json::from_value::<WriteAnswer<i32>>(json).unwrap(), conflict);
        let queued: WriteAnswer<i32> = serde_json::from_value(serde_json::json!({"outcome": "queued"})).unwrap();
        assert_eq!(queued.outcome, WriteOutcome::Queued);
        assert_eq!(queued.value, None);
    }
}

/// The `code` of the `failed` pairing status when the "Använd denna enhet" login window timed out: the UI
/// words it itself ("Tiden för inloggningen tog slut").
pub const LOGIN_WINDOW_TIMED_OUT: &str = "LoginWindowTimedOut";

/// One account added on this device, as `accounts_list` shows it (issue 5: several accounts, one active).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceAccount {
    /// The device's own id of the account (not the school's user id); what `account_switch` takes.
    pub id: String,
    /// The name the school gives the account, once known.
    pub name: Option<String>,
    /// Guardian or student, once known.
    pub role: Option<crate::Role>,
    /// The school's host (and port), e.g. `hub.infomentor.se`.
    pub school: String,
    /// Whether this is the account in use.
    pub active: bool,
}
