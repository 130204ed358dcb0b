//! Notifications (protocol §4.1): one list aggregated over all children, and marking them seen or read.

use hub_model::notifications::{NotificationState, NotificationsResponse, SuccessResponse, UpdateStateRequest};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The name notification errors are reported under; notifications belong to no child's module list.
const APP: &str = "notifications";

impl HubClient {
    /// All notifications of the account, for every child at once; no child switch is needed.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// use hub_model::notifications::NotificationState;
    /// let list = client.notifications().await?;
    /// let unread = list.notifications.iter().filter(|n| n.state == NotificationState::New).count();
    /// println!("{unread} new");
    /// # Ok(()) }
    /// ```
    pub async fn notifications(&self) -> Result<NotificationsResponse> {
        self.renewing(|| self.notifications_once()).await
    }

    async fn notifications_once(&self) -> Result<NotificationsResponse> {
        self.call(
            "notifications",
            APP,
            "NotificationApp/NotificationApp/GetNotifications",
            Body::Json(serde_json::json!({})),
        )
        .await
    }

    /// Sets the state of the notifications `ids`; `success:false` is [`Error::Rejected`].
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// use hub_model::notifications::NotificationState;
    /// client.update_notification_state(&[101, 102], NotificationState::Read).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_notification_state(&self, ids: &[i64], state: NotificationState) -> Result<()> {
        self.renewing(|| self.update_notification_state_once(ids, state)).await
    }

    /// Sets the state of assessment notifications (`appType` `Assessment`), which the hub keeps apart
    /// (`UpdateAssessmentNotificationState`).
    pub async fn update_assessment_notification_state(&self, ids: &[i64], state: NotificationState) -> Result<()> {
        self.renewing(|| self.update_state_once(ids, state, "UpdateAssessmentNotificationState"))
            .await
    }

    async fn update_notification_state_once(&self, ids: &[i64], state: NotificationState) -> Result<()> {
        self.update_state_once(ids, state, "UpdateNotificationState").await
    }

    async fn update_state_once(&self, ids: &[i64], state: NotificationState, action: &str) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let request = UpdateStateRequest::new(ids.to_vec(), state);
        let answer: SuccessResponse = self
            .call(
                "notification state update",
                APP,
                &format!("NotificationApp/NotificationApp/{action}"),
                json(&request),
            )
            .await?;
        if answer.success {
            Ok(())
        } else {
            Err(Error::Rejected { messages: Vec::new() })
        }
    }
}
