//! Planeringar (`uolv2`, protocol §4.7): the plans of one child, one plan, its tasks.

use hub_model::plan::{Uol, UolList, UolRequest, UolTask, UolTasks};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::Result;

/// The module code name in `homeData.apps`.
pub const APP: &str = "uolv2";

impl HubClient {
    /// The child's plans (every state) of the current academic year, with their subjects.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let plans = client.plans("1234567890").await?;
    /// for uol in &plans.uols {
    ///     println!("{} ({})", uol.title, plans.subject_names(uol).join(", "));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn plans(&self, pupil_id: &str) -> Result<UolList> {
        self.child_read(pupil_id, APP, || self.plans_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn plans_locked(&self) -> Result<UolList> {
        self.call(
            "plan list",
            APP,
            "UolV2/UolV2/GetUols",
            Body::Json(serde_json::json!({})),
        )
        .await
    }

    /// One plan with its sections. The body key is exactly `id` (the hub answers 500 to `uolId`).
    pub async fn plan(&self, pupil_id: &str, uol_id: i64) -> Result<Uol> {
        self.child_read(pupil_id, APP, || {
            self.call("plan", APP, "UolV2/UolV2/GetUol", json(&UolRequest::new(uol_id)))
        })
        .await
    }

    /// The tasks linked to a plan; the hub's empty answer for a plan without tasks is an empty list.
    pub async fn plan_tasks(&self, pupil_id: &str, uol_id: i64) -> Result<Vec<UolTask>> {
        self.child_read(pupil_id, APP, || async move {
            let tasks: Option<UolTasks> = self
                .call_optional(
                    "plan tasks",
                    APP,
                    "UolV2/UolV2/GetAllTasks",
                    json(&UolRequest::new(uol_id)),
                )
                .await?;
            Ok(tasks.unwrap_or_default().tasks)
        })
        .await
    }
}
