//! Dokumentation (`documentation`, protocol §4.9): journal, portfolio with comments, IUP, åtgärdsprogram and
//! the utvecklingssamtal form.

use hub_model::documentation::{
    Conference, DocumentationAppData, IupData, IupFilter, JournalEntry, JournalList, Portfolio, PortfolioComment,
    PortfolioCommentRequest, PortfolioCommentResponse, PortfolioDetail, PortfolioDetailResponse, SpecialPlan,
};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Refusal, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "documentation";

/// How many journal notes to ask for.
const JOURNAL_PAGE: u32 = 50;

impl HubClient {
    /// Which documentation tabs the school shows for the child.
    pub async fn documentation_tabs(&self, pupil_id: &str) -> Result<DocumentationAppData> {
        self.child_read(pupil_id, APP, || {
            self.call("documentation", APP, "documentation/documentation/appData", Body::Empty)
        })
        .await
    }

    /// The child's journal notes ("anteckningar").
    pub async fn journal(&self, pupil_id: &str) -> Result<Vec<JournalEntry>> {
        self.child_read(pupil_id, APP, || async {
            let list: JournalList = self
                .call(
                    "journal",
                    APP,
                    "Documentation/Journal/GetJournalList",
                    Body::Json(serde_json::json!({ "pageSize": JOURNAL_PAGE })),
                )
                .await?;
            Ok(list.entries)
        })
        .await
    }

    /// The current semester's portfolio.
    pub async fn portfolio(&self, pupil_id: &str) -> Result<Portfolio> {
        self.child_read(pupil_id, APP, || self.portfolio_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn portfolio_locked(&self) -> Result<Portfolio> {
        self.call("portfolio", APP, "Documentation/Portfolio/AppData", Body::Empty)
            .await
    }

    /// One portfolio item with its file and comments; the hub marks it read. An unknown item is
    /// [`Error::Refused`] with [`Refusal::NotFound`].
    pub async fn portfolio_item(&self, pupil_id: &str, item_id: i64) -> Result<PortfolioDetail> {
        self.child_read(pupil_id, APP, || self.portfolio_item_locked(item_id))
            .await
    }

    async fn portfolio_item_locked(&self, item_id: i64) -> Result<PortfolioDetail> {
        let answer: PortfolioDetailResponse = self
            .call(
                "portfolio item",
                APP,
                &format!("Documentation/Portfolio/GetPortfolioDetail/{item_id}"),
                Body::Empty,
            )
            .await?;
        match answer.portfolio_detail {
            Some(detail) if answer.success => Ok(detail),
            _ => Err(Error::Refused {
                code: Refusal::NotFound,
                message: String::new(),
            }),
        }
    }

    /// Comments a portfolio item; never sent twice across a session renewal.
    pub async fn add_portfolio_comment(&self, pupil_id: &str, item_id: i64, text: &str) -> Result<PortfolioComment> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidInput("empty comment"));
        }
        let before: Vec<_> = self
            .portfolio_item(pupil_id, item_id)
            .await?
            .comment
            .into_iter()
            .map(|c| c.id)
            .collect();
        let before = &before;
        let send = || async move {
            let answer: PortfolioCommentResponse = self
                .call_checked(
                    "portfolio comment",
                    APP,
                    "Documentation/Portfolio/SavePortfolioComment/",
                    json(&PortfolioCommentRequest::new(item_id, text)),
                )
                .await?;
            Ok(answer.comment_item)
        };
        let check = || async move {
            let now = self.portfolio_item_locked(item_id).await?;
            Ok(now
                .comment
                .into_iter()
                .find(|c| !before.contains(&c.id) && c.text.trim() == text))
        };
        self.child_write(pupil_id, APP, send, check).await
    }

    /// The IUP terms and versions.
    pub async fn iup_versions(&self, pupil_id: &str) -> Result<IupFilter> {
        self.child_read(pupil_id, APP, || {
            self.call("iup filter", APP, "Documentation/IUP/GetPupilIUPFilter", Body::Empty)
        })
        .await
    }

    /// One IUP version's questions and answers.
    pub async fn iup(&self, pupil_id: &str, iup_id: i64) -> Result<IupData> {
        self.child_read(pupil_id, APP, || {
            self.call(
                "iup",
                APP,
                "Documentation/IUP/GetPupilIUPData",
                Body::Json(serde_json::json!({ "iupId": iup_id })),
            )
        })
        .await
    }

    /// The åtgärdsprogram versions.
    pub async fn special_plan(&self, pupil_id: &str) -> Result<SpecialPlan> {
        self.child_read(pupil_id, APP, || {
            self.call(
                "special plan",
                APP,
                "Documentation/SpecialPlan/GetSpecialPlan",
                Body::Empty,
            )
        })
        .await
    }

    /// The utvecklingssamtal preparation form's state; `None` when the child has none (the hub's empty
    /// answer, told apart from a dead session with `isauthenticated`).
    pub async fn conference_form(&self, pupil_id: &str) -> Result<Option<Conference>> {
        self.child_read(pupil_id, APP, || self.conference_form_locked()).await
    }

    async fn conference_form_locked(&self) -> Result<Option<Conference>> {
        self.call_optional(
            "conference form",
            APP,
            "Documentation/Conference/GetCurrentConference",
            Body::Json(serde_json::json!({})),
        )
        .await
    }
}
