//! The client type, its builder, and the HTTP plumbing every area shares: redirects kept on known hosts,
//! the cookie jar, the start page and the child switch.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hub_model::home::HomeData;
use hub_model::{Account, AppCode, Child, PersonName, Role};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest_cookie_store::{CookieStore, CookieStoreMutex};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, Result};
use crate::hosts::{Hosts, check_scheme};
use crate::html;

/// How many redirects one logical request may follow; the login chain needs about five.
const MAX_REDIRECTS: usize = 10;

/// A response after redirects: the final URL, its status and body.
#[derive(Debug)]
pub(crate) struct Page {
    pub url: Url,
    pub status: StatusCode,
    pub body: String,
}

/// A request body for a hub endpoint: most take JSON, several also (or only) a form (protocol §2.3).
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// No body at all (`Content-Length: 0`), which the hub reads as "defaults".
    Empty,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    /// A GET with these query parameters, for the few endpoints recorded as GET (lärlogg).
    Query(Vec<(String, String)>),
}

/// The shared cookie jar type; pass one to [`HubClientBuilder::cookie_jar`] to keep or inspect a session.
pub type CookieJar = CookieStoreMutex;

/// The child the hub session has selected, as last verified, and that child's enabled modules.
#[derive(Debug)]
pub(crate) struct Selection {
    /// The session generation the selection was made in; a new login starts a new generation.
    pub generation: u64,
    pub pupil_id: String,
    pub apps: Vec<String>,
}

/// Builder for [`HubClient`].
#[derive(Clone)]
pub struct HubClientBuilder {
    hosts: Hosts,
    timeout: Duration,
    user_agent: String,
    jar: Option<Arc<CookieJar>>,
}

impl std::fmt::Debug for HubClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Deliberately omits the cookie jar, whose Debug output would show the session cookies.
        f.debug_struct("HubClientBuilder")
            .field("hosts", &self.hosts)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("has_jar", &self.jar.is_some())
            .finish()
    }
}

impl HubClientBuilder {
    /// Points the client at another host table (the emulator, another country's hub).
    pub fn hosts(mut self, hosts: Hosts) -> Self {
        self.hosts = hosts;
        self
    }

    /// Per-request timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses `jar` for the session cookies instead of a new empty jar, e.g. to persist a session.
    ///
    /// The jar holds live session secrets: whoever receives it must not log or display its values.
    pub fn cookie_jar(mut self, jar: Arc<CookieJar>) -> Self {
        self.jar = Some(jar);
        self
    }

    /// Builds the client, with an empty cookie jar unless one was given.
    pub fn build(self) -> Result<HubClient> {
        // rustls with ring: the provider that also type-checks for Android. Installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let jar = self
            .jar
            .unwrap_or_else(|| Arc::new(CookieStoreMutex::new(CookieStore::default())));
        let mut headers = HeaderMap::new();
        headers.insert("Accept-Language", HeaderValue::from_static("sv-SE,sv;q=0.9"));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(HubClient {
            inner: Arc::new(Inner {
                http,
                jar,
                hosts: self.hosts,
                switch_lock: tokio::sync::RwLock::new(None),
                generation: AtomicU64::new(0),
                credentials: std::sync::Mutex::new(None),
                account_id: std::sync::Mutex::new(None),
                renew_lock: tokio::sync::Mutex::new(()),
                renewals: AtomicU64::new(0),
                requests: AtomicU64::new(0),
            }),
        })
    }
}

/// One web session against the InfoMentor Hub.
///
/// Cloning is cheap and shares the session. The hub keeps the selected child in the session, so every
/// child switch goes through one queue per client.
///
/// ```no_run
/// # async fn demo() -> hub_client::Result<()> {
/// let client = hub_client::HubClient::builder().build()?;
/// client.login_password("karin", "hemligt").await?;
/// let account = client.account().await?;
/// println!("{} children", account.children.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HubClient {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    jar: Arc<CookieStoreMutex>,
    hosts: Hosts,
    /// The per-session child queue: held for writing while the selected child is changed and read back,
    /// and for reading by every child-scoped call, so reads for one child run in parallel and no switch
    /// happens under a read in flight.
    pub(crate) switch_lock: tokio::sync::RwLock<Option<Selection>>,
    /// Bumped whenever the cookies are cleared, which invalidates the remembered selection.
    pub(crate) generation: AtomicU64,
    /// What an expired session is renewed with (memory only).
    pub(crate) credentials: std::sync::Mutex<Option<crate::session::Credentials>>,
    /// `homeData.account.currentUser.id` of the logged-in account; a renewal must land on the same one.
    pub(crate) account_id: std::sync::Mutex<Option<String>>,
    /// Held by the one task renewing the session (single flight).
    pub(crate) renew_lock: tokio::sync::Mutex<()>,
    /// Successful renewals so far.
    pub(crate) renewals: AtomicU64,
    /// HTTP requests sent so far, redirects included.
    requests: AtomicU64,
}

/// Sends a request and counts it in [`HubClient::request_count`]; every request of the client goes through
/// this.
pub(crate) trait SendCounted {
    fn send_counted(self, client: &HubClient) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send;
}

impl SendCounted for reqwest::RequestBuilder {
    fn send_counted(self, client: &HubClient) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send {
        client.inner.requests.fetch_add(1, Ordering::Relaxed);
        self.send()
    }
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Deliberately omits the cookie jar.
        f.debug_struct("HubClient")
            .field("hosts", &self.inner.hosts)
            .finish_non_exhaustive()
    }
}

impl HubClient {
    /// A builder with InfoMentor's real hosts.
    pub fn builder() -> HubClientBuilder {
        HubClientBuilder {
            hosts: Hosts::infomentor(),
            timeout: Duration::from_secs(30),
            user_agent: format!("Skolhub/{}", env!("CARGO_PKG_VERSION")),
            jar: None,
        }
    }

    /// How many HTTP requests this client (and its clones) sent so far, each redirect followed counting as
    /// one; for diagnostics, tests and the refresh benchmark.
    pub fn request_count(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// The host table in use.
    pub fn hosts(&self) -> &Hosts {
        &self.inner.hosts
    }

    /// Forgets every cookie: the next call starts a new session.
    pub fn clear_session(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut store) = self.inner.jar.lock() {
            store.clear();
        }
    }

    /// Puts `cookies` (name, value) into the jar as if `url` had set them (host-only, path `/`): takes over a
    /// web session logged in elsewhere, e.g. the shell's login window. Returns how many were taken. The values
    /// are session credentials: never log them.
    pub fn adopt_cookies(&self, url: &Url, cookies: &[(String, String)]) -> usize {
        let Ok(mut store) = self.inner.jar.lock() else {
            return 0;
        };
        cookies
            .iter()
            .filter(|(name, value)| {
                let mut cookie = reqwest_cookie_store::RawCookie::new(name.clone(), value.clone());
                cookie.set_path("/");
                store.insert_raw(&cookie, url).is_ok()
            })
            .count()
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn hub_url(&self, path: &str) -> Result<Url> {
        self.inner
            .hosts
            .hub
            .join(path)
            .map_err(|_| Error::Config(format!("bad hub path {path}")))
    }

    /// GET, following redirects on the configured hosts.
    pub(crate) async fn get_page(&self, url: Url) -> Result<Page> {
        let resp = self.inner.http.get(url.clone()).send_counted(self).await?;
        self.follow(url, resp).await
    }

    /// POST a form, following redirects (as GET) on the configured hosts.
    pub(crate) async fn post_form(&self, url: Url, fields: &[(String, String)]) -> Result<Page> {
        check_scheme(&url)?;
        if !self.inner.hosts.owns(&url) {
            return Err(Error::Redirect("form posts outside the configured hosts"));
        }
        let resp = self
            .inner
            .http
            .post(url.clone())
            .form(fields)
            .send_counted(self)
            .await?;
        self.follow(url, resp).await
    }

    async fn follow(&self, mut url: Url, mut resp: reqwest::Response) -> Result<Page> {
        for _ in 0..MAX_REDIRECTS {
            if !resp.status().is_redirection() {
                let status = resp.status();
                let body = resp.text().await?;
                return Ok(Page { url, status, body });
            }
            url = self.redirect_target(&url, resp.headers())?;
            resp = self.inner.http.get(url.clone()).send_counted(self).await?;
        }
        Err(Error::Redirect("too many redirects"))
    }

    /// Resolves a `Location` and refuses anything off the four hosts (a link-injection defence).
    pub(crate) fn redirect_target(&self, from: &Url, headers: &HeaderMap) -> Result<Url> {
        let location = headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(Error::Redirect("redirect without location"))?;
        let next = from
            .join(location)
            .map_err(|_| Error::Redirect("unparsable location"))?;
        if !self.inner.hosts.owns(&next) {
            return Err(Error::Redirect("redirect outside the configured hosts"));
        }
        Ok(next)
    }

    /// POST (or, for [`Body::Query`], GET) to a hub JSON endpoint with the headers the hub's own JS sends.
    ///
    /// A redirect becomes [`Error::SessionExpired`] or, towards `HandleUnauthorizedRequest`, a
    /// [`Error::ModuleDisabled`] with an empty `app` for the caller to fill in; 429 becomes
    /// [`Error::RateLimited`].
    pub(crate) async fn post_json_raw(&self, path: &str, body: &Body) -> Result<(StatusCode, String)> {
        let url = self.hub_url(path)?;
        let origin = self.inner.hosts.hub.origin().ascii_serialization();
        let mut req = match body {
            Body::Query(query) => {
                let mut url = url;
                url.query_pairs_mut().extend_pairs(query);
                self.inner.http.get(url)
            }
            _ => self.inner.http.post(url),
        };
        req = req
            .header("X-Requested-With", "XMLHttpRequest")
            .header(ACCEPT, "application/json, text/javascript, */*; q=0.01")
            .header("Origin", origin)
            .header("Referer", self.inner.hosts.hub.as_str());
        req = match body {
            Body::Json(b) => req.json(b),
            Body::Form(fields) => req.form(fields),
            Body::Empty => req.header(reqwest::header::CONTENT_LENGTH, "0"),
            Body::Query(_) => req,
        };
        let resp = req.send_counted(self).await?;
        let status = resp.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = resp
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            return Err(Error::RateLimited { retry_after });
        }
        if status.is_redirection() {
            // Every redirect from a JSON endpoint leads to the login relay or the module-disabled page.
            let target = resp
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if target.contains("HandleUnauthorizedRequest") {
                return Err(Error::ModuleDisabled { app: String::new() });
            }
            return Err(Error::SessionExpired);
        }
        Ok((status, resp.text().await?))
    }

    /// `isauthenticated`: whether the hub still considers this session logged in.
    pub async fn is_authenticated(&self) -> Result<bool> {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        match self
            .post_json_raw(
                &format!("authentication/authentication/isauthenticated/?_={ms}"),
                &Body::Empty,
            )
            .await
        {
            Ok((status, body)) if status.is_success() => Ok(body.trim() == "true"),
            Ok((status, _)) => Err(Error::Status {
                status: status.as_u16(),
                what: "isauthenticated",
            }),
            Err(Error::SessionExpired) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Reads the hub start page and its `homeData`. A login page instead means the session is gone; it is
    /// renewed once when the client holds credentials.
    pub async fn home(&self) -> Result<HomeData> {
        self.renewing(|| self.load_home()).await
    }

    /// Reads the start page without renewal.
    pub(crate) async fn load_home(&self) -> Result<HomeData> {
        let page = self.get_page(self.hub_url("")?).await?;
        if html::relay_form(&page.body).is_some() || html::login_form(&page.body).is_some() {
            return Err(Error::SessionExpired);
        }
        if !page.status.is_success() {
            return Err(Error::Status {
                status: page.status.as_u16(),
                what: "start page",
            });
        }
        let home = html::home_data(&page.body)?;
        self.pin_account(&home);
        Ok(home)
    }

    /// Makes `pupil_id` the hub's selected child and verifies it from `homeData`.
    ///
    /// The hub sometimes answers the switch with HTTP 500 although it worked, so the status is ignored and
    /// the selection is read back; a mismatch is [`Error::SwitchFailed`], never silent.
    pub async fn select_child(&self, pupil_id: &str) -> Result<HomeData> {
        self.renewing(|| self.select_child_once(pupil_id)).await
    }

    async fn select_child_once(&self, pupil_id: &str) -> Result<HomeData> {
        let mut selection = self.inner.switch_lock.write().await;
        let generation = self.inner.generation.load(Ordering::SeqCst);
        *selection = None;
        let home = self.select_child_locked(pupil_id).await?;
        *selection = Some(Selection {
            generation,
            pupil_id: pupil_id.to_owned(),
            apps: home.apps.iter().map(|a| a.code_name.clone()).collect(),
        });
        Ok(home)
    }

    /// Switches without touching the queue; the caller holds `switch_lock` for writing.
    pub(crate) async fn select_child_locked(&self, pupil_id: &str) -> Result<HomeData> {
        let home = self.load_home().await?;
        if selected_id(&home) == Some(pupil_id) {
            return Ok(home);
        }
        let switch_id = home
            .account
            .pupils
            .iter()
            .find(|p| p.id == pupil_id)
            .and_then(|p| p.switch_id())
            .ok_or(Error::SwitchFailed)?
            .to_owned();
        self.switch_locked(pupil_id, &switch_id).await
    }

    /// Sends the switch to `switch_id` and verifies from `homeData` that `pupil_id` is now selected; the
    /// caller holds `switch_lock` for writing. Two round trips, the switch's own status ignored.
    pub(crate) async fn switch_locked(&self, pupil_id: &str, switch_id: &str) -> Result<HomeData> {
        let url = self.hub_url(&format!("Account/PupilSwitcher/SwitchPupil/{switch_id}"))?;
        let resp = self.inner.http.get(url.clone()).send_counted(self).await?;
        if resp.status().is_redirection() {
            // Only the hub's own pages are acceptable targets; the body of `/` is read below anyway.
            let target = self.redirect_target(&url, resp.headers())?;
            if target.path().to_ascii_lowercase().starts_with("/authentication/") {
                // The switch met a dead session and did nothing, whatever the start page says next.
                return Err(Error::SessionExpired);
            }
        } else if resp.status().is_success() {
            let body = resp.text().await?;
            if html::relay_form(&body).is_some() || html::login_form(&body).is_some() {
                return Err(Error::SessionExpired);
            }
        }
        let home = self.load_home().await?;
        if selected_id(&home) != Some(pupil_id) {
            return Err(Error::SwitchFailed);
        }
        Ok(home)
    }

    /// The account with every child and the modules the school enabled for each.
    ///
    /// `homeData.apps` only covers the selected child, so each other child is selected in turn and the
    /// original selection is restored.
    pub async fn account(&self) -> Result<Account> {
        self.renewing(|| self.account_once()).await
    }

    async fn account_once(&self) -> Result<Account> {
        let mut selection = self.inner.switch_lock.write().await;
        let generation = self.inner.generation.load(Ordering::SeqCst);
        *selection = None;
        let home = self.load_home().await?;
        let original = selected_id(&home).map(str::to_owned);
        let mut children = Vec::with_capacity(home.account.pupils.len());
        // The selected pupil may come without a switch link; another child's start page has it.
        let mut switch_ids = std::collections::HashMap::new();
        let mut learn = |home: &HomeData| {
            for p in &home.account.pupils {
                if let Some(id) = p.switch_id() {
                    switch_ids.entry(p.id.clone()).or_insert_with(|| id.to_owned());
                }
            }
        };
        learn(&home);
        for pupil in &home.account.pupils {
            let apps = if pupil.selected {
                home.apps.clone()
            } else {
                let other = self.select_child_locked(&pupil.id).await?;
                learn(&other);
                other.apps
            };
            children.push(Child {
                id: pupil.id.clone(),
                name: PersonName::from_hub(&pupil.name),
                switch_id: None,
                apps: apps.into_iter().map(|a| AppCode(a.code_name)).collect(),
            });
        }
        for child in &mut children {
            child.switch_id = switch_ids.get(&child.id).cloned();
        }
        if let Some(original) = original {
            let restored = self.select_child_locked(&original).await?;
            *selection = Some(Selection {
                generation,
                pupil_id: original,
                apps: restored.apps.into_iter().map(|a| a.code_name).collect(),
            });
        }
        let role = match home.account.current_user.role.as_deref() {
            Some(r) if r.eq_ignore_ascii_case("pupil") || r.eq_ignore_ascii_case("student") => Role::Student,
            _ => Role::Guardian,
        };
        Ok(Account {
            user_id: home.account.current_user.id.clone(),
            display_name: home.account.current_user.name.clone(),
            role,
            children,
            demo: false,
        })
    }

    /// Ends the web session on the hub and forgets the cookies and the credentials.
    pub async fn logout(&self) -> Result<()> {
        self.forget_credentials();
        self.unpin_account();
        let url = self.hub_url("Authentication/Authentication/LogOut?ApiType=IM1&ApiInstance=")?;
        let result = self.inner.http.get(url).send_counted(self).await;
        self.clear_session();
        result.map(drop).map_err(Error::from)
    }
}

/// `Retry-After` as delta-seconds or an HTTP date.
pub(crate) fn parse_retry_after(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

pub(crate) fn selected_id(home: &HomeData) -> Option<&str> {
    home.account.pupils.iter().find(|p| p.selected).map(|p| p.id.as_str())
}

/// Decodes a hub JSON body the way every call does, naming the field that drifted on failure.
///
/// Public so fixtures and tools can check a recorded body against the models.
///
/// ```
/// use hub_model::notifications::NotificationsResponse;
/// let err = hub_client::decode_json::<NotificationsResponse>("notifications", r#"{"notifications":[{"id":"x"}]}"#)
///     .unwrap_err();
/// assert!(matches!(err, hub_client::Error::Decode { ref path, .. } if path == "notifications[0].id"));
/// ```
pub fn decode_json<T: DeserializeOwned>(what: &'static str, body: &str) -> Result<T> {
    let value: serde_json::Value = serde_json::from_str(body.trim()).map_err(|e| Error::Decode {
        what,
        path: String::new(),
        message: e.to_string(),
    })?;
    decode_value(what, value)
}

/// Deserializes a JSON value, naming the field that drifted on failure.
pub(crate) fn decode_value<T: DeserializeOwned>(what: &'static str, value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        what,
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
