//! Uppgifter (`task`, protocol §4.6) and the task dialogue (`docs/protocol-extensions.md`).

use hub_model::task::{MessageRole, SendTaskMessage, SendTaskMessageResponse, TaskDetail, TaskList, TaskMessage};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "task";

impl HubClient {
    /// The child's tasks with the overdue/due/done counts.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let tasks = client.tasks("1234567890").await?;
    /// println!("{} overdue", tasks.total_overdue);
    /// # Ok(()) }
    /// ```
    pub async fn tasks(&self, pupil_id: &str) -> Result<TaskList> {
        self.child_read(pupil_id, APP, || self.tasks_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn tasks_locked(&self) -> Result<TaskList> {
        self.call(
            "task list",
            APP,
            "Task/Task/GetTasks",
            Body::Json(serde_json::json!({})),
        )
        .await
    }

    /// One task with its attachments and the dialogue with the teacher; the hub marks it read.
    pub async fn task(&self, pupil_id: &str, task_id: i64) -> Result<TaskDetail> {
        self.child_read(pupil_id, APP, || self.task_locked(task_id)).await
    }

    async fn task_locked(&self, task_id: i64) -> Result<TaskDetail> {
        self.call(
            "task",
            APP,
            "task/task/GetTask",
            Body::Json(serde_json::json!({ "id": task_id })),
        )
        .await
    }

    /// Sends `text` to the task's dialogue and returns the message as the hub stored it.
    ///
    /// An empty text is [`Error::InvalidInput`] (nothing is sent). If the session dies on the way, the
    /// dialogue is read again after renewal and the message is only sent again when it is not there.
    pub async fn send_task_message(&self, pupil_id: &str, task_id: i64, text: &str) -> Result<TaskMessage> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidInput("empty message"));
        }
        let before: Vec<i64> = self
            .task(pupil_id, task_id)
            .await?
            .messages
            .iter()
            .map(|m| m.id)
            .collect();
        let before = &before;
        let send = || async move {
            let answer: SendTaskMessageResponse = self
                .call_checked(
                    "task message",
                    APP,
                    "task/task/SendMessage",
                    json(&SendTaskMessage::new(task_id, text)),
                )
                .await?;
            Ok(answer.message)
        };
        let check = || async move {
            let now = self.task_locked(task_id).await?;
            Ok(now
                .messages
                .into_iter()
                .find(|m| !before.contains(&m.id) && m.role != MessageRole::Teacher && m.text.trim() == text))
        };
        self.child_write(pupil_id, APP, send, check).await
    }
}
