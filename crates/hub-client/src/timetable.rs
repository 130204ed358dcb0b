//! Schema (`timetable`, protocol §4.4): lessons for a date range.

use chrono::{NaiveDate, Offset, TimeZone};
use hub_model::list::Items;
use hub_model::timetable::{Lesson, TimetableAppData, TimetableRequest};

use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "timetable";

/// The longest range one read may cover.
const MAX_DAYS: i64 = 366;

impl HubClient {
    /// The child's lessons from `from` to `to` (both inclusive), breaks included (see [`Lesson::is_break`]).
    ///
    /// Sent form-encoded, as most clients do; the answer may be a bare array or `{items}`.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let monday = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    /// let friday = chrono::NaiveDate::from_ymd_opt(2026, 9, 11).unwrap();
    /// for lesson in client.timetable("1234567890", monday, friday).await? {
    ///     println!("{} {}", lesson.start, lesson.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn timetable(&self, pupil_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<Lesson>> {
        if to < from || (to - from).num_days() > MAX_DAYS {
            return Err(Error::InvalidInput(
                "timetable range must be forward and at most a year",
            ));
        }
        let form = timetable_form(from, to);
        self.child_read(pupil_id, APP, || self.lessons_locked(form.clone()))
            .await
    }

    /// The lessons of `from`–`to` (a range already checked); the caller holds a lease on the child.
    pub(crate) async fn timetable_locked(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Lesson>> {
        self.lessons_locked(timetable_form(from, to)).await
    }

    async fn lessons_locked(&self, form: Vec<(String, String)>) -> Result<Vec<Lesson>> {
        let list: Items<Lesson> = self
            .call(
                "timetable",
                APP,
                "timetable/timetable/gettimetablelist",
                Body::Form(form),
            )
            .await?;
        Ok(list.items)
    }

    /// The hub's rolling window of about five school days from today.
    pub async fn timetable_window(&self, pupil_id: &str) -> Result<TimetableAppData> {
        self.child_read(pupil_id, APP, || {
            self.call("timetable window", APP, "timetable/timetable/appData", Body::Empty)
        })
        .await
    }
}

/// The form body of `gettimetablelist`, with Europe/Stockholm's offset on `from` in minutes (recorded as
/// ignored by the hub).
fn timetable_form(from: NaiveDate, to: NaiveDate) -> Vec<(String, String)> {
    let offset = chrono_tz::Europe::Stockholm
        .offset_from_utc_date(&from)
        .fix()
        .local_minus_utc()
        / 60;
    let request = TimetableRequest::new(from, to, offset);
    vec![
        ("UTCOffset".to_owned(), request.utc_offset.to_string()),
        ("start".to_owned(), request.start),
        ("end".to_owned(), request.end),
    ]
}
