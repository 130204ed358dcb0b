//! The `communication` module (protocol §4.2): news, documents and links of one child.

use hub_model::documents::{Document, DocumentList, ListRequest};
use hub_model::links::{Link, LinkList};
use hub_model::news::{NewsItem, NewsList, NewsListRequest};

use crate::call::json;
use crate::client::HubClient;
use crate::error::Result;

/// The module code name in `homeData.apps`.
pub const APP: &str = "communication";

impl HubClient {
    /// The child's news, newest first.
    ///
    /// Switches to the child through the session queue and returns [`crate::Error::ModuleDisabled`] without
    /// a request when the school has not enabled `communication` for the child.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// for item in client.news("1234567890").await? {
    ///     println!("{}", item.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn news(&self, pupil_id: &str) -> Result<Vec<NewsItem>> {
        self.renewing(|| self.news_once(pupil_id)).await
    }

    async fn news_once(&self, pupil_id: &str) -> Result<Vec<NewsItem>> {
        let _lease = self.lease(pupil_id, APP).await?;
        self.news_locked().await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn news_locked(&self) -> Result<Vec<NewsItem>> {
        let list: NewsList = self
            .call(
                "news list",
                APP,
                "Communication/News/GetNewsList",
                json(&NewsListRequest::default()),
            )
            .await?;
        Ok(list.items)
    }

    /// The child's documents; download one with [`HubClient::download`] and its `fileUrl`.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let docs = client.documents("1234567890").await?;
    /// # Ok(()) }
    /// ```
    pub async fn documents(&self, pupil_id: &str) -> Result<Vec<Document>> {
        self.renewing(|| self.documents_once(pupil_id)).await
    }

    async fn documents_once(&self, pupil_id: &str) -> Result<Vec<Document>> {
        let _lease = self.lease(pupil_id, APP).await?;
        self.documents_locked().await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn documents_locked(&self) -> Result<Vec<Document>> {
        let list: DocumentList = self
            .call(
                "documents list",
                APP,
                "Communication/Documents/GetDocumentsList",
                json(&ListRequest::default()),
            )
            .await?;
        Ok(list.items)
    }

    /// The links the school published for the child.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let links = client.links("1234567890").await?;
    /// # Ok(()) }
    /// ```
    pub async fn links(&self, pupil_id: &str) -> Result<Vec<Link>> {
        self.renewing(|| self.links_once(pupil_id)).await
    }

    async fn links_once(&self, pupil_id: &str) -> Result<Vec<Link>> {
        let _lease = self.lease(pupil_id, APP).await?;
        self.links_locked().await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn links_locked(&self) -> Result<Vec<Link>> {
        let list: LinkList = self
            .call(
                "links list",
                APP,
                "Communication/Links/GetLinksList",
                json(&ListRequest::default()),
            )
            .await?;
        Ok(list.items)
    }
}
