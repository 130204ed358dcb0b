//! The `meeting` module (protocol §4.10): development-talk slots of one child.

use hub_model::meeting::PupilAvailabilities;

use crate::client::{Body, HubClient};
use crate::error::Result;

/// The module code name in `homeData.apps`.
pub const APP: &str = "meeting";

impl HubClient {
    /// The child's bookable slots, with `meetingId` set on the booked one.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let slots = client.meeting_availabilities("1234567890").await?;
    /// println!("{} slots", slots.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn meeting_availabilities(&self, pupil_id: &str) -> Result<PupilAvailabilities> {
        self.renewing(|| self.meeting_availabilities_once(pupil_id)).await
    }

    async fn meeting_availabilities_once(&self, pupil_id: &str) -> Result<PupilAvailabilities> {
        let _lease = self.lease(pupil_id, APP).await?;
        self.meeting_availabilities_locked().await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn meeting_availabilities_locked(&self) -> Result<PupilAvailabilities> {
        self.call(
            "meeting availabilities",
            APP,
            "Home/meeting/GetPupilAvailabilities",
            Body::Json(serde_json::json!({})),
        )
        .await
    }
}
