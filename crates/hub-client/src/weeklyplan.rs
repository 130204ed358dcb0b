//! Veckoplan (`weeklyplan`, designed in `docs/protocol-extensions.md`): the weeks with a plan and one week.

use chrono::{Datelike, NaiveDate};
use hub_model::weeklyplan::{WeekRequest, WeeklyPlan, WeeklyPlanIndex};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "weeklyplan";

impl HubClient {
    /// The current ISO week and the weeks that have a plan.
    pub async fn weekly_plan_weeks(&self, pupil_id: &str) -> Result<WeeklyPlanIndex> {
        self.child_read(pupil_id, APP, || {
            self.call("weekly plan weeks", APP, "weeklyplan/weeklyplan/appData", Body::Empty)
        })
        .await
    }

    /// The plan of ISO week `week` of `year`: letter, information, homework. A week without a plan comes back
    /// empty ([`WeeklyPlan::is_empty`]). A week that does not exist is [`Error::InvalidInput`].
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let week = client.weekly_plan("1234567890", 2025, 4).await?;
    /// for h in &week.homework {
    ///     println!("{}: {}", h.subject.as_deref().unwrap_or(""), h.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn weekly_plan(&self, pupil_id: &str, year: i32, week: u32) -> Result<WeeklyPlan> {
        if NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).is_none() {
            return Err(Error::InvalidInput("no such ISO week"));
        }
        self.child_read(pupil_id, APP, || self.weekly_plan_locked(year, week))
            .await
    }

    /// The plan of the ISO week containing `date`.
    pub async fn weekly_plan_for(&self, pupil_id: &str, date: NaiveDate) -> Result<WeeklyPlan> {
        let w = date.iso_week();
        self.weekly_plan(pupil_id, w.year(), w.week()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn weekly_plan_locked(&self, year: i32, week: u32) -> Result<WeeklyPlan> {
        self.call(
            "weekly plan",
            APP,
            "weeklyplan/weeklyplan/GetWeek",
            json(&WeekRequest::new(year, week)),
        )
        .await
    }
}
