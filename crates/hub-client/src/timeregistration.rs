//! The `timeregistration` module (protocol §4.5): the fritidsschema week, saving days and day comments.
//!
//! A save is checked against the hub's own view of each day before it is sent, and confirmed by reading
//! the week back afterwards: the hub's `success:true` alone was not trusted by any client that writes.

use chrono::NaiveDate;
use hub_model::LocalDate;
use hub_model::timeregistration::{
    Comments, CommentsRequest, Day, SaveDay, SaveRequest, SaveResult, TimeRegistrationWeek, WeekRequest,
};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "timeregistration";

impl HubClient {
    /// The child's fritids week that contains `date`.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
    /// for day in client.fritids_week("1234567890", date).await?.days {
    ///     println!("{} {:?}-{:?}", day.date, day.start_date_time, day.end_date_time);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn fritids_week(&self, pupil_id: &str, date: NaiveDate) -> Result<TimeRegistrationWeek> {
        self.renewing(|| self.fritids_week_once(pupil_id, date)).await
    }

    async fn fritids_week_once(&self, pupil_id: &str, date: NaiveDate) -> Result<TimeRegistrationWeek> {
        let _lease = self.lease(pupil_id, APP).await?;
        self.week_locked(date).await
    }

    pub(crate) async fn week_locked(&self, date: NaiveDate) -> Result<TimeRegistrationWeek> {
        self.call(
            "time registration week",
            APP,
            "TimeRegistration/TimeRegistration/GetTimeRegistrations/",
            json(&WeekRequest::containing(LocalDate(date))),
        )
        .await
    }

    /// Saves `days` for the child and returns them as the hub reports them afterwards.
    ///
    /// Before sending, every day is looked up in the hub's current week: a day with `canEdit` false,
    /// `isLocked` or `isSchoolClosed` gives [`Error::NotEditable`] and nothing is sent. `success:false`
    /// gives [`Error::Rejected`] with the school's texts. After `success:true` the weeks are read back; a
    /// day that does not show the change gives [`Error::NotConfirmed`].
    ///
    /// A save is never replayed blindly. If the session turns out to be dead, it is renewed once and the
    /// weeks are read again: when they already show every change (the save got through before the session
    /// died) that is the result; otherwise the days are checked and sent once more.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// use hub_model::LocalDateTime;
    /// use hub_model::timeregistration::SaveDay;
    /// let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
    /// let week = client.fritids_week("1234567890", date).await?;
    /// let friday = &week.days[4];
    /// let start = LocalDateTime::parse("2025-01-24T07:30:00").unwrap();
    /// let end = LocalDateTime::parse("2025-01-24T16:00:00").unwrap();
    /// client.save_fritids("1234567890", &[SaveDay::times(friday, start, end)]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn save_fritids(&self, pupil_id: &str, days: &[SaveDay]) -> Result<Vec<Day>> {
        if days.is_empty() {
            return Ok(Vec::new());
        }
        let seen = self.inner().generation.load(std::sync::atomic::Ordering::SeqCst);
        match self.save_fritids_once(pupil_id, days).await {
            Err(Error::SessionExpired) => {}
            other => return other,
        }
        self.renew(seen).await?;
        let _lease = self.lease(pupil_id, APP).await?;
        let now = self.weeks_for(days).await?;
        if let Some(done) = reflected(&now, days) {
            tracing::debug!("the save had reached the hub before the session expired");
            return Ok(done);
        }
        self.save_locked(days, &now).await
    }

    async fn save_fritids_once(&self, pupil_id: &str, days: &[SaveDay]) -> Result<Vec<Day>> {
        // One lease for the whole read-check-write-read: no child switch can slip in between.
        let _lease = self.lease(pupil_id, APP).await?;
        let before = self.weeks_for(days).await?;
        self.save_locked(days, &before).await
    }

    /// Checks `days` against `before`, sends them and confirms by reading back; the caller holds a lease.
    async fn save_locked(&self, days: &[SaveDay], before: &[TimeRegistrationWeek]) -> Result<Vec<Day>> {
        for save in days {
            let current = find_day(before, save).ok_or(Error::InvalidInput("day is not in the hub's week"))?;
            if let Some(reason) = current.write_block() {
                return Err(Error::NotEditable {
                    date: current.date.date(),
                    reason,
                });
            }
        }
        let result: SaveResult = self
            .call(
                "time registration save",
                APP,
                "TimeRegistration/TimeRegistration/SaveTimeRegistrations/",
                json(&SaveRequest::new(days.to_vec())),
            )
            .await?;
        if !result.success {
            return Err(Error::Rejected {
                messages: result.messages(),
            });
        }
        let after = self.weeks_for(days).await?;
        days.iter()
            .map(|save| match find_day(&after, save) {
                Some(day) if save.is_reflected_in(day) => Ok(day.clone()),
                _ => Err(Error::NotConfirmed { date: save.date.date() }),
            })
            .collect()
    }

    /// The weeks covering `days`, one read per distinct week.
    async fn weeks_for(&self, days: &[SaveDay]) -> Result<Vec<TimeRegistrationWeek>> {
        let mut weeks: Vec<TimeRegistrationWeek> = Vec::new();
        for save in days {
            if find_day(&weeks, save).is_none() {
                weeks.push(self.week_locked(save.date.date()).await?);
            }
        }
        Ok(weeks)
    }

    /// The teacher's and the guardian's comments and the check-in/out times of one day.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
    /// let comments = client.fritids_comments("1234567890", date).await?;
    /// # Ok(()) }
    /// ```
    pub async fn fritids_comments(&self, pupil_id: &str, date: NaiveDate) -> Result<Comments> {
        self.renewing(|| self.fritids_comments_once(pupil_id, date)).await
    }

    async fn fritids_comments_once(&self, pupil_id: &str, date: NaiveDate) -> Result<Comments> {
        let _lease = self.lease(pupil_id, APP).await?;
        // Form-encoded, as the most careful client sends it; the hub binds either form.
        let request = CommentsRequest::new(LocalDate(date));
        self.call(
            "time registration comments",
            APP,
            "TimeRegistration/TimeRegistration/GetComments/",
            Body::Form(vec![("date".to_owned(), request.date)]),
        )
        .await
    }
}

/// The hub's days for `days` when every one of them already shows its change.
fn reflected(weeks: &[TimeRegistrationWeek], days: &[SaveDay]) -> Option<Vec<Day>> {
    days.iter()
        .map(|save| find_day(weeks, save).filter(|day| save.is_reflected_in(day)).cloned())
        .collect()
}

/// The hub's day for `save`, matched by date: an unregistered day's id may change when it is saved.
fn find_day<'a>(weeks: &'a [TimeRegistrationWeek], save: &SaveDay) -> Option<&'a Day> {
    weeks
        .iter()
        .flat_map(|w| &w.days)
        .find(|d| d.date.date() == save.date.date())
}
