//! The `meeting` module (protocol §4.10): development-talk slots of one child, and booking, changing and
//! cancelling a slot (designed in `docs/protocol-extensions.md`).
//!
//! Writes are never replayed blindly: when the session dies under a booking, the bookings are read again
//! after renewal, and the write is only sent again when it did not reach the hub.

use hub_model::list::HubId;
use hub_model::meeting::{BookResponse, Booking, Bookings, PupilAvailabilities};

use crate::client::{Body, HubClient};
use crate::error::{Error, Refusal, Result};

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

    /// The child's booked meetings.
    pub async fn meeting_bookings(&self, pupil_id: &str) -> Result<Vec<Booking>> {
        self.child_read(pupil_id, APP, || self.bookings_locked()).await
    }

    async fn bookings_locked(&self) -> Result<Vec<Booking>> {
        let list: Bookings = self
            .call(
                "meeting bookings",
                APP,
                "meeting/meeting/GetBookings",
                Body::Json(serde_json::json!({})),
            )
            .await?;
        Ok(list.bookings)
    }

    /// Books slot `availability_id` for the child and returns the booking as the hub lists it.
    ///
    /// Refusals are [`Error::Refused`]: [`Refusal::SlotTaken`], [`Refusal::AlreadyBooked`] (use
    /// [`HubClient::rebook_meeting`]), [`Refusal::BookingClosed`], [`Refusal::NotFound`].
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let slots = client.meeting_availabilities("1234567890").await?;
    /// if let Some(free) = slots.availabilities.iter().find(|s| !s.is_booked()) {
    ///     let booking = client.book_meeting("1234567890", free.availability_id.as_str()).await?;
    ///     println!("booked {}", booking.time_range.unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn book_meeting(&self, pupil_id: &str, availability_id: &str) -> Result<Booking> {
        let slot = id_value(availability_id)?;
        let send = || async {
            let _: BookResponse = self
                .call_checked(
                    "meeting book",
                    APP,
                    "meeting/meeting/Book",
                    Body::Json(serde_json::json!({ "availabilityId": slot })),
                )
                .await?;
            self.booking_on(availability_id, None).await
        };
        let check = || async {
            Ok(self
                .bookings_locked()
                .await?
                .into_iter()
                .find(|b| b.availability_id.as_str() == availability_id))
        };
        self.child_write(pupil_id, APP, send, check).await
    }

    /// Moves booking `meeting_id` to slot `availability_id`; the old slot is only freed if the new one is
    /// taken. Refusals as for [`HubClient::book_meeting`], plus [`Refusal::CancelClosed`] after the deadline.
    pub async fn rebook_meeting(&self, pupil_id: &str, meeting_id: i64, availability_id: &str) -> Result<Booking> {
        let slot = id_value(availability_id)?;
        let send = || async {
            let _: BookResponse = self
                .call_checked(
                    "meeting rebook",
                    APP,
                    "meeting/meeting/Rebook",
                    Body::Json(serde_json::json!({ "meetingId": meeting_id, "availabilityId": slot })),
                )
                .await?;
            self.booking_on(availability_id, Some(meeting_id)).await
        };
        let check = || async {
            Ok(self
                .bookings_locked()
                .await?
                .into_iter()
                .find(|b| b.meeting_id == meeting_id && b.availability_id.as_str() == availability_id))
        };
        self.child_write(pupil_id, APP, send, check).await
    }

    /// Cancels booking `meeting_id`; after the deadline [`Refusal::CancelClosed`].
    pub async fn cancel_meeting(&self, pupil_id: &str, meeting_id: i64) -> Result<()> {
        let send = || async {
            let _: serde_json::Value = self
                .call_checked(
                    "meeting cancel",
                    APP,
                    "meeting/meeting/Cancel",
                    Body::Json(serde_json::json!({ "meetingId": meeting_id })),
                )
                .await?;
            Ok(())
        };
        let check = || async {
            let gone = !self.bookings_locked().await?.iter().any(|b| b.meeting_id == meeting_id);
            Ok(gone.then_some(()))
        };
        self.child_write(pupil_id, APP, send, check).await
    }

    /// The booking on `availability_id` after a successful write, read back from the hub.
    async fn booking_on(&self, availability_id: &str, meeting_id: Option<i64>) -> Result<Booking> {
        self.bookings_locked()
            .await?
            .into_iter()
            .find(|b| b.availability_id.as_str() == availability_id && meeting_id.is_none_or(|m| b.meeting_id == m))
            .ok_or(Error::Refused {
                code: Refusal::NotFound,
                message: String::new(),
            })
    }
}

/// A slot id as the hub sends it: a number when it is one, else the text.
fn id_value(id: &str) -> Result<serde_json::Value> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 {
        return Err(Error::InvalidInput("bad slot id"));
    }
    Ok(id.parse::<i64>().map_or_else(
        |_| serde_json::Value::from(HubId(id.to_owned()).0),
        serde_json::Value::from,
    ))
}
