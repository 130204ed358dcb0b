//! eTest (`onlinetest`, students only, designed in `docs/protocol-extensions.md`): the tests, one attempt
//! (start or resume, autosaved answers, hand-in) and the released result.

use hub_model::etest::{
    Answer, OnlineTest, SaveAnswerRequest, SubmitResponse, TestAttempt, TestList, TestResult, TestStatus,
};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "onlinetest";

impl HubClient {
    /// The student's tests with their status (and score once released).
    pub async fn etests(&self, pupil_id: &str) -> Result<Vec<OnlineTest>> {
        self.child_read(pupil_id, APP, || self.etests_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn etests_locked(&self) -> Result<Vec<OnlineTest>> {
        let list: TestList = self
            .call(
                "etest list",
                APP,
                "onlinetest/onlinetest/GetTests",
                Body::Json(serde_json::json!({})),
            )
            .await?;
        Ok(list.items)
    }

    /// Starts test `test_id`, or resumes the running attempt with its saved answers (so a renewal may
    /// replay it). A closed test is [`Error::Refused`] with [`crate::Refusal::NotOpen`].
    pub async fn etest_start(&self, pupil_id: &str, test_id: i64) -> Result<TestAttempt> {
        self.child_read(pupil_id, APP, || {
            self.call_checked(
                "etest start",
                APP,
                "onlinetest/onlinetest/Start",
                Body::Json(serde_json::json!({ "id": test_id })),
            )
        })
        .await
    }

    /// Saves (autosaves) one answer; saving the same answer twice is harmless. After the time is up the hub
    /// answers [`crate::Refusal::TimeUp`].
    pub async fn etest_save_answer(
        &self,
        pupil_id: &str,
        attempt_id: i64,
        question_id: i64,
        answer: Answer,
    ) -> Result<()> {
        let body = json(&SaveAnswerRequest::new(attempt_id, question_id, answer));
        self.child_read(pupil_id, APP, || async {
            let _: serde_json::Value = self
                .call_checked("etest answer", APP, "onlinetest/onlinetest/SaveAnswer", body.clone())
                .await?;
            Ok(())
        })
        .await
    }

    /// Hands in attempt `attempt_id` of test `test_id`. If the session dies on the way, the test list is
    /// read after renewal and the hand-in is only sent again when the test is not handed in yet.
    pub async fn etest_submit(&self, pupil_id: &str, test_id: i64, attempt_id: i64) -> Result<SubmitResponse> {
        let send = || async move {
            self.call_checked(
                "etest submit",
                APP,
                "onlinetest/onlinetest/Submit",
                Body::Json(serde_json::json!({ "attemptId": attempt_id })),
            )
            .await
        };
        let check = || async move {
            let tests = self.etests_locked().await?;
            let test = tests
                .iter()
                .find(|t| t.id == test_id)
                .ok_or(Error::InvalidInput("no such test"))?;
            Ok(matches!(test.status, TestStatus::Submitted | TestStatus::Graded).then(SubmitResponse::default))
        };
        self.child_write(pupil_id, APP, send, check).await
    }

    /// The released result of test `test_id`; before release [`crate::Refusal::NotReleased`].
    pub async fn etest_result(&self, pupil_id: &str, test_id: i64) -> Result<TestResult> {
        self.child_read(pupil_id, APP, || {
            self.call_checked(
                "etest result",
                APP,
                "onlinetest/onlinetest/GetResult",
                Body::Json(serde_json::json!({ "id": test_id })),
            )
        })
        .await
    }
}
