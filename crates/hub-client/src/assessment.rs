//! Bedömningar and Betyg (`assessmentsv2`, protocol §4.8), readable only after the BankID step-up: every
//! method here answers [`Error::StepUpRequired`] until [`HubClient::stepup_collect`] reported `complete` for
//! this web session.

use hub_model::assessment::{AssessmentItems, AssessmentOverview, GradeReport};

use crate::client::{Body, HubClient};
use crate::error::{Error, Result};
use crate::stepup::ASSESSMENTS_APP as APP;

impl HubClient {
    /// Navigation (subjects, grids, tasks), academic years and the grade terms with their grades.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// match client.assessments("1234567890").await {
    ///     Err(hub_client::Error::StepUpRequired) => { /* start BankID, then ask again */ }
    ///     Ok(overview) => println!("{} terms", overview.grade_report_terms.len()),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn assessments(&self, pupil_id: &str) -> Result<AssessmentOverview> {
        self.child_read(pupil_id, APP, || self.assessments_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn assessments_locked(&self) -> Result<AssessmentOverview> {
        let overview: AssessmentOverview = self
            .call_checked("assessments", APP, "assessmentv2/assessmentv2/appData", Body::Empty)
            .await?;
        if overview.needs_stepup() {
            return Err(Error::StepUpRequired);
        }
        Ok(overview)
    }

    /// The grades of term `term_id` (a `key` of [`AssessmentOverview::grade_report_terms`]).
    pub async fn grades(&self, pupil_id: &str, term_id: &str) -> Result<GradeReport> {
        let term: i64 = term_id
            .trim()
            .parse()
            .map_err(|_| Error::InvalidInput("term id is not a number"))?;
        self.child_read(pupil_id, APP, || {
            self.call_checked(
                "grades",
                APP,
                "AssessmentV2/Grades/GetGrades",
                Body::Json(serde_json::json!({ "termId": term })),
            )
        })
        .await
    }

    /// The statements and marks of an assessment matrix (a grid of the navigation).
    pub async fn assessment_grid(&self, pupil_id: &str, grid_id: i64) -> Result<AssessmentItems> {
        let path = format!("AssessmentV2/AssessmentV2Grid/GetItems/{grid_id}");
        self.child_read(pupil_id, APP, || {
            self.call_checked("assessment grid", APP, &path, Body::Empty)
        })
        .await
    }

    /// The statements and marks of an assessed task.
    pub async fn assessment_task(&self, pupil_id: &str, task_id: i64) -> Result<AssessmentItems> {
        let path = format!("AssessmentV2/AssessmentV2Task/GetItems/{task_id}");
        self.child_read(pupil_id, APP, || {
            self.call_checked("assessment task", APP, &path, Body::Empty)
        })
        .await
    }
}
