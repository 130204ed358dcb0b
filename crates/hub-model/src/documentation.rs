//! Wire shapes of Dokumentation (`documentation`, protocol §4.9): journal, portfolio with comments, IUP,
//! åtgärdsprogram and the utvecklingssamtal form. Item shapes the record leaves open follow the emulator's
//! choices in `docs/protocol-extensions.md` and are tolerant.

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::{LocalDateTime, empty_as_none};

/// `documentation/documentation/appData` → the tabs the school shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DocumentationAppData {
    /// `journal`, `portfolio`, `iup`, `specialPlan`, `conference`.
    #[serde(default)]
    pub tabs: Vec<String>,
    #[serde(default)]
    pub is_guardian: bool,
}

/// `Documentation/Journal/GetJournalList {pageSize}` → `{entries}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JournalList {
    #[serde(default)]
    pub entries: Vec<JournalEntry>,
}

/// One journal note ("anteckning"); the record has no item shape, so every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JournalEntry {
    #[serde(default)]
    pub id: Option<HubId>,
    #[serde(default)]
    pub title: Option<String>,
    /// HTML.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub date: Option<LocalDateTime>,
    #[serde(default)]
    pub author: Option<String>,
}

/// `Documentation/Portfolio/AppData` / `GetPortfoliosBySemester` → one semester's portfolio.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Portfolio {
    #[serde(default)]
    pub paged_list: PortfolioPage,
    #[serde(default)]
    pub unread_count: i64,
    #[serde(default)]
    pub total_item_count: i64,
    #[serde(default)]
    pub semester_type_list: Option<SemesterList>,
}

/// `pagedList` of the portfolio.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioPage {
    #[serde(default)]
    pub items: Vec<PortfolioItem>,
}

/// One portfolio item in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioItem {
    pub id: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub publish_date: Option<LocalDateTime>,
    #[serde(default)]
    pub publisher_name: Option<String>,
    #[serde(default)]
    pub course_subject_list: Vec<CourseSubject>,
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    #[serde(default)]
    pub is_read: Option<bool>,
}

/// A subject or course an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CourseSubject {
    #[serde(default)]
    pub short_name: Option<String>,
    #[serde(default)]
    pub full_name: Option<String>,
}

/// The semesters the portfolio can show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SemesterList {
    #[serde(default, deserialize_with = "empty_as_none")]
    pub current_start_date: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub current_end_date: Option<LocalDateTime>,
    #[serde(default)]
    pub current_semester_type: Option<serde_json::Value>,
}

/// `GetPortfolioDetail/{id}` → `{success, portfolioDetail}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioDetailResponse {
    #[serde(default)]
    pub success: bool,
    #[serde(default)]
    pub portfolio_detail: Option<PortfolioDetail>,
}

/// One portfolio item with its file and comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioDetail {
    pub id: i64,
    #[serde(default)]
    pub title: String,
    /// Hub-relative download path of the image or file.
    #[serde(default)]
    pub original_image: Option<String>,
    #[serde(default)]
    pub course_subject_list: Vec<CourseSubject>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub publish_date: Option<LocalDateTime>,
    #[serde(default)]
    pub publisher_user: Option<PortfolioUser>,
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub comment: Vec<PortfolioComment>,
}

/// A user on a portfolio item or comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioUser {
    #[serde(default)]
    pub id: Option<HubId>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub initial: Option<String>,
    #[serde(default)]
    pub colour_code: Option<String>,
}

/// A comment on a portfolio item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioComment {
    pub id: HubId,
    pub text: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub date_time: Option<LocalDateTime>,
    #[serde(default)]
    pub user: Option<PortfolioUser>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub can_manage_comment: bool,
}

/// `SavePortfolioComment/` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioCommentRequest {
    pub comment: String,
    pub return_comment: bool,
    /// The portfolio item's id.
    pub connection_id: i64,
    pub connection_type: String,
}

impl PortfolioCommentRequest {
    /// A new comment on portfolio item `item_id`.
    pub fn new(item_id: i64, comment: impl Into<String>) -> Self {
        Self {
            comment: comment.into(),
            return_comment: true,
            connection_id: item_id,
            connection_type: "Portfolio".to_owned(),
        }
    }
}

/// `SavePortfolioComment/` → `{success, commentItem}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortfolioCommentResponse {
    pub comment_item: PortfolioComment,
}

/// `Documentation/IUP/GetPupilIUPFilter` → the IUP terms and their versions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IupFilter {
    #[serde(default)]
    pub terms: Vec<IupTerm>,
}

/// A term of IUPs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IupTerm {
    pub name: String,
    #[serde(default)]
    pub versions: Vec<IupVersion>,
}

/// One IUP version; read it with its `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IupVersion {
    pub id: i64,
    #[serde(default)]
    pub display_version: Option<String>,
    #[serde(default)]
    pub is_complete: bool,
}

/// `Documentation/IUP/GetPupilIUPData {iupId}` → the questions and answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IupData {
    #[serde(default)]
    pub questions: Vec<IupQuestion>,
}

/// One IUP question; the answer may be HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IupQuestion {
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub answer: Option<String>,
}

/// `Documentation/SpecialPlan/GetSpecialPlan` → `{versions}` (åtgärdsprogram; item shape not recorded).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SpecialPlan {
    #[serde(default)]
    pub versions: Vec<serde_json::Value>,
}

/// `Documentation/Conference/GetCurrentConference` → the utvecklingssamtal preparation form's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Conference {
    pub id: i64,
    /// `New`, `HomeReady` (the home should fill it in), `Completed`, …
    pub status: String,
    #[serde(default)]
    pub last_changes_info: Option<String>,
}

impl Conference {
    /// Whether the form waits for the home.
    pub fn needs_home(&self) -> bool {
        self.status.eq_ignore_ascii_case("HomeReady")
    }
}
