//! Wire shapes of eTest (`onlinetest`, students only, designed in `docs/protocol-extensions.md`).

use serde::{Deserialize, Serialize};

use crate::time::{LocalDateTime, empty_as_none};

/// `onlinetest/onlinetest/GetTests` → `{items}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TestList {
    #[serde(default)]
    pub items: Vec<OnlineTest>,
}

/// Where a test stands for the student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum TestStatus {
    NotStarted,
    InProgress,
    Submitted,
    Graded,
    #[serde(other)]
    Unknown,
}

/// One test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OnlineTest {
    pub id: i64,
    pub title: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub opens_at: LocalDateTime,
    pub closes_at: LocalDateTime,
    #[serde(default)]
    pub duration_minutes: Option<i64>,
    pub status: TestStatus,
    /// Set once the result is released.
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub max_score: Option<f64>,
}

/// `Start {id}` → the attempt with its questions (and the answers saved so far, when resuming).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TestAttempt {
    pub attempt_id: i64,
    /// The server submits at this time.
    pub ends_at: LocalDateTime,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// The kind of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options.
    Multiple,
    /// Free text.
    Text,
    #[serde(other)]
    Unknown,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Question {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub text: String,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    /// The answer saved so far.
    #[serde(default)]
    pub answer: Option<SavedAnswer>,
}

/// A choice of a single/multiple question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionOption {
    pub id: i64,
    pub text: String,
}

/// An answer as saved on the server.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SavedAnswer {
    #[serde(default)]
    pub option_ids: Vec<i64>,
    #[serde(default)]
    pub text: Option<String>,
}

/// An answer to save: chosen options, or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Answer {
    Options(Vec<i64>),
    Text(String),
}

/// `SaveAnswer` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SaveAnswerRequest {
    pub attempt_id: i64,
    pub question_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl SaveAnswerRequest {
    pub fn new(attempt_id: i64, question_id: i64, answer: Answer) -> Self {
        let (option_ids, text) = match answer {
            Answer::Options(ids) => (Some(ids), None),
            Answer::Text(t) => (None, Some(t)),
        };
        Self {
            attempt_id,
            question_id,
            option_ids,
            text,
        }
    }
}

/// `Submit` → `{success, submittedAt}`; `submittedAt` is `None` when the hand-in was confirmed by re-reading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubmitResponse {
    #[serde(default, deserialize_with = "empty_as_none")]
    pub submitted_at: Option<LocalDateTime>,
}

/// `GetResult {id}` → the released result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TestResult {
    pub score: f64,
    pub max_score: f64,
    #[serde(default)]
    pub questions: Vec<QuestionResult>,
    #[serde(default)]
    pub teacher_comment: Option<String>,
}

/// How one question went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionResult {
    pub id: i64,
    pub correct: bool,
    #[serde(default)]
    pub points: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_send_only_their_own_field() {
        let a = SaveAnswerRequest::new(1, 2, Answer::Options(vec![3]));
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"attemptId":1,"questionId":2,"optionIds":[3]})
        );
        let t = SaveAnswerRequest::new(1, 2, Answer::Text("svar".into()));
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"attemptId":1,"questionId":2,"text":"svar"})
        );
    }
}
