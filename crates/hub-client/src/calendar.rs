//! The `calendarv2` module (protocol §4.3): entries for a date range and the iCal subscription address.

use chrono::NaiveDate;
use hub_model::Items;
use hub_model::calendar::{CalendarEntry, EntriesRequest};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "calendarv2";

impl HubClient {
    /// The child's calendar entries from `from` to `to`, both inclusive.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// use chrono::NaiveDate;
    /// let from = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    /// let to = NaiveDate::from_ymd_opt(2025, 1, 12).unwrap();
    /// let entries = client.calendar("1234567890", from, to).await?;
    /// # Ok(()) }
    /// ```
    pub async fn calendar(&self, pupil_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEntry>> {
        self.renewing(|| self.calendar_once(pupil_id, from, to)).await
    }

    async fn calendar_once(&self, pupil_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEntry>> {
        if from > to {
            return Err(Error::InvalidInput("calendar range ends before it starts"));
        }
        let _lease = self.lease(pupil_id, APP).await?;
        self.calendar_locked(from, to).await
    }

    /// The read itself; the caller holds a lease on the child and checked the range.
    pub(crate) async fn calendar_locked(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEntry>> {
        // The recorded answer is a bare array; `Items` also takes `{items}` should the hub wrap it.
        let entries: Items<CalendarEntry> = self
            .call(
                "calendar entries",
                APP,
                "calendarv2/calendarv2/getentries",
                json(&EntriesRequest::new(from.into(), to.into())),
            )
            .await?;
        Ok(entries.items)
    }

    /// The child's iCal subscription address (`webcal://…`), to hand to a calendar app.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let uri = client.ical_uri("1234567890").await?;
    /// # Ok(()) }
    /// ```
    pub async fn ical_uri(&self, pupil_id: &str) -> Result<String> {
        self.renewing(|| self.ical_uri_once(pupil_id)).await
    }

    async fn ical_uri_once(&self, pupil_id: &str) -> Result<String> {
        let _lease = self.lease(pupil_id, APP).await?;
        let uri: String = self
            .call(
                "ical subscription uri",
                APP,
                "calendarv2/calendarv2/geticalsubscriptionuri",
                Body::Empty,
            )
            .await?;
        Ok(uri)
    }
}
