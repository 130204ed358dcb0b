//! Wire shapes of Veckoplan (`weeklyplan`, designed in `docs/protocol-extensions.md`): the weeks that have a
//! plan, and one week's letter, information and homework.

use serde::{Deserialize, Serialize};

use crate::list::{Attachment, HubId};
use crate::time::{LocalDateTime, empty_as_none};

/// `weeklyplan/weeklyplan/appData` → the current ISO week and the weeks with a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WeeklyPlanIndex {
    pub current_year: i32,
    pub current_week: u32,
    #[serde(default)]
    pub weeks: Vec<WeekRef>,
}

/// A week that has a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WeekRef {
    pub year: i32,
    pub week: u32,
    #[serde(default)]
    pub title: Option<String>,
}

/// `weeklyplan/weeklyplan/GetWeek` request: an ISO year and week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WeekRequest {
    pub year: i32,
    pub week: u32,
}

impl WeekRequest {
    pub fn new(year: i32, week: u32) -> Self {
        Self { year, week }
    }
}

/// `GetWeek` → one week; a week without a plan comes back in the same shape, empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WeeklyPlan {
    pub year: i32,
    pub week: u32,
    #[serde(default)]
    pub title: Option<String>,
    /// The veckobrev, HTML; empty when there is none.
    #[serde(default)]
    pub letter: Option<String>,
    #[serde(default)]
    pub information: Vec<WeekInformation>,
    #[serde(default)]
    pub homework: Vec<Homework>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub published_by: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub published_date: Option<LocalDateTime>,
}

impl WeeklyPlan {
    /// Whether the school published anything for this week.
    pub fn is_empty(&self) -> bool {
        self.letter.as_deref().is_none_or(|l| l.trim().is_empty())
            && self.information.is_empty()
            && self.homework.is_empty()
            && self.attachments.is_empty()
    }
}

/// An information block of a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WeekInformation {
    #[serde(default)]
    pub title: String,
    /// HTML.
    #[serde(default)]
    pub text: String,
}

/// One homework ("läxa").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Homework {
    pub id: HubId,
    #[serde(default)]
    pub subject: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub due_date: Option<LocalDateTime>,
}
