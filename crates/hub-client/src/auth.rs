//! Password login over the relay chain of protocol §3.1.
//!
//! hub `/` → relay form (`oauth_token`) → mentor WebForms page → credentials → (PIN page) → a second relay
//! → `LoginCallback` → `IMHome` cookie → `isauthenticated`.

use hub_model::home::HomeData;
use url::Url;

use crate::client::{HubClient, Page};
use crate::error::{Error, Result};
use crate::html::{self, Form, LOGIN_BUTTON, PASSWORD_FIELD, USERNAME_FIELD};
use crate::session::Credentials;

impl HubClient {
    /// Logs in with a Mentor username and password.
    ///
    /// Wrong credentials give [`Error::LoginFailed`] with the school's own text; an empty password gives
    /// [`Error::EmptyPassword`]. Any earlier session of this client is discarded first.
    ///
    /// On success the password is kept in memory (zeroized when dropped, never logged) so an expired
    /// session can be renewed once without asking; [`HubClient::forget_credentials`] opts out.
    pub async fn login_password(&self, username: &str, password: &str) -> Result<()> {
        // Same lock order as a renewal; no read is in flight while the cookies change.
        let _flight = self.inner().renew_lock.lock().await;
        let mut selection = self.inner().switch_lock.write().await;
        *selection = None;
        self.forget_credentials();
        self.unpin_account();
        if let Some(home) = self.password_chain(username, password).await? {
            self.pin_account(&home);
        }
        self.set_credentials(Credentials::password(username, password));
        Ok(())
    }

    /// The §3.1 chain on a fresh cookie jar; returns the start page's `homeData` when the chain ended on it.
    pub(crate) async fn password_chain(&self, username: &str, password: &str) -> Result<Option<HomeData>> {
        self.clear_session();
        let start = self.get_page(self.hub_url("")?).await?;
        let login_page = match html::relay_form(&start.body) {
            Some(relay) => self.submit(&start.url, relay).await?,
            // Some deployments serve the mentor page directly; the form is the same either way.
            None => self.get_page(self.hosts().mentor.clone()).await?,
        };
        let mut form = html::login_form(&login_page.body).ok_or(Error::Page("mentor page without login form"))?;
        form.set("__EVENTTARGET", "");
        form.set("__EVENTARGUMENT", "");
        form.set(USERNAME_FIELD, username);
        form.set(PASSWORD_FIELD, password);
        form.set(LOGIN_BUTTON, "Logga in");
        let mut page = self.submit(&login_page.url, form).await?;

        if let Some(mut pin) = html::pin_form(&page.body) {
            tracing::debug!("skipping the PIN enrolment page");
            pin.set("__EVENTTARGET", "aDontActivatePin");
            pin.set("__EVENTARGUMENT", "");
            page = self.submit(&page.url, pin).await?;
        }

        if html::relay_form(&page.body).is_none() {
            return Err(rejection(&page, password));
        }
        let last = self.finish_relay(page).await?;
        if !self.is_authenticated().await? {
            // Clients have seen the callback not stick; one forced OAuth round is the documented fix.
            tracing::debug!("isauthenticated false after login, forcing a new callback");
            let forced = self
                .get_page(self.hub_url("authentication/authentication/login?apitype=im1&forceOAuth=true")?)
                .await?;
            self.finish_relay(forced).await?;
            if !self.is_authenticated().await? {
                return Err(Error::SessionExpired);
            }
            return Ok(None);
        }
        Ok(html::home_data(&last.body).ok())
    }

    /// Posts relay forms until none is left (normally one: mentor → `LoginCallback` → `/`).
    pub(crate) async fn finish_relay(&self, mut page: Page) -> Result<Page> {
        for _ in 0..3 {
            match html::relay_form(&page.body) {
                Some(relay) => page = self.submit(&page.url, relay).await?,
                None => return Ok(page),
            }
        }
        Err(Error::Page("relay loop"))
    }

    /// Posts `form` to its action, resolved against the page it came from.
    pub(crate) async fn submit(&self, page_url: &Url, form: Form) -> Result<Page> {
        let action = match form.action.as_deref() {
            Some(a) if !a.is_empty() => page_url.join(a).map_err(|_| Error::Page("bad form action"))?,
            _ => page_url.clone(),
        };
        self.post_form(action, &form.fields).await
    }
}

/// Why the credentials page came back instead of a relay: the school's text, or a generic one.
fn rejection(page: &Page, password: &str) -> Error {
    match html::error_message(&page.body) {
        Some(message) if password.is_empty() => Error::EmptyPassword { message },
        Some(message) => Error::LoginFailed { message },
        None if html::login_form(&page.body).is_some() => Error::LoginFailed {
            message: String::from("Inloggning misslyckades"),
        },
        None => Error::Page("unexpected page after the credentials"),
    }
}
