//! Wire shapes of Uppgifter (`task`, protocol §4.6) and the task dialogue (`GetTask`/`SendMessage`, designed in
//! `docs/protocol-extensions.md`).

use serde::{Deserialize, Serialize};

use crate::list::Attachment;
use crate::time::{LocalDateTime, empty_as_none};

/// `Task/Task/GetTasks` → `{items, more, totalOverdue, totalDue, totalDone}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskList {
    #[serde(default)]
    pub items: Vec<Task>,
    /// How many more tasks the hub has beyond this page.
    #[serde(default)]
    pub more: i64,
    #[serde(default)]
    pub total_overdue: i64,
    #[serde(default)]
    pub total_due: i64,
    #[serde(default)]
    pub total_done: i64,
}

/// One task ("uppgift").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Task {
    pub id: i64,
    pub title: String,
    /// The hub's status key (`NotStarted`, `InProgress`, `Done`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// The status in the user's language ("Ej påbörjad").
    #[serde(default)]
    pub status_text: Option<String>,
    /// The due date as the hub displays it; format not recorded.
    #[serde(default)]
    pub due_date: Option<String>,
    /// The due date as a value; format not recorded, see [`Task::due`].
    #[serde(default)]
    pub due_date_date_value: Option<serde_json::Value>,
    #[serde(default)]
    pub subject: Option<String>,
    /// HTML.
    #[serde(default)]
    pub description: Option<String>,
    /// 0 = unread; the hub sends a number.
    #[serde(default)]
    pub read: Option<serde_json::Value>,
    #[serde(default)]
    pub has_unread_comments: bool,
    #[serde(default)]
    pub has_links: bool,
    #[serde(default)]
    pub has_files: bool,
    #[serde(default)]
    pub milestone_count: i64,
    #[serde(default)]
    pub milestones_complete: i64,
    #[serde(default)]
    pub assigned_on: Option<String>,
    #[serde(default)]
    pub is_overdue: bool,
    #[serde(default)]
    pub is_within_current_timeframe: bool,
}

impl Task {
    /// The due date and time, from `dueDateDateValue` or else `dueDate`, when either is a recorded spelling.
    pub fn due(&self) -> Option<LocalDateTime> {
        let value = self.due_date_date_value.as_ref().and_then(serde_json::Value::as_str);
        value
            .into_iter()
            .chain(self.due_date.as_deref())
            .find_map(|s| LocalDateTime::parse(s).ok())
    }

    /// Whether the task is marked read (`read` non-zero or `true`).
    pub fn is_read(&self) -> bool {
        match &self.read {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
            _ => false,
        }
    }

    /// Whether the hub reports the task as done.
    pub fn is_done(&self) -> bool {
        self.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("done"))
    }
}

/// `task/task/GetTask {id}` → the task, its attachments and the dialogue with the teacher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskDetail {
    #[serde(flatten)]
    pub task: Task,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub messages: Vec<TaskMessage>,
}

/// Who wrote a dialogue message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MessageRole {
    Teacher,
    Pupil,
    Guardian,
    /// A role this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// One message of a task dialogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskMessage {
    pub id: i64,
    #[serde(default)]
    pub author: Option<String>,
    pub role: MessageRole,
    pub text: String,
    /// Local time, no zone.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub sent: Option<LocalDateTime>,
}

/// `task/task/SendMessage` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SendTaskMessage {
    pub task_id: i64,
    pub text: String,
}

impl SendTaskMessage {
    pub fn new(task_id: i64, text: impl Into<String>) -> Self {
        Self {
            task_id,
            text: text.into(),
        }
    }
}

/// `SendMessage` → `{success, message}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SendTaskMessageResponse {
    pub message: TaskMessage,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_date_comes_from_either_field() {
        let t: Task = serde_json::from_str(
            r#"{"id":1,"title":"T","dueDate":"fre 24 jan","dueDateDateValue":"2025-01-24T00:00:00","read":0}"#,
        )
        .unwrap();
        assert_eq!(t.due().unwrap().to_string(), "2025-01-24T00:00:00");
        assert!(!t.is_read());
        let t: Task = serde_json::from_str(r#"{"id":1,"title":"T","dueDate":"2025-01-24","read":1}"#).unwrap();
        assert_eq!(t.due().unwrap().date().to_string(), "2025-01-24");
        assert!(t.is_read());
        let t: Task = serde_json::from_str(r#"{"id":1,"title":"T","dueDate":"fre 24 jan"}"#).unwrap();
        assert_eq!(t.due(), None);
    }

    #[test]
    fn unknown_roles_do_not_fail_the_dialogue() {
        let m: TaskMessage =
            serde_json::from_str(r#"{"id":1,"role":"Mentor","text":"Hej","sent":"2025-01-20T10:00:00"}"#).unwrap();
        assert_eq!(m.role, MessageRole::Unknown);
    }
}
