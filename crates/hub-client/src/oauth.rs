//! Mobile-app pairing and token login (protocol §3.3) and device-code pairing
//! (`docs/protocol-extensions.md`, RFC 8628 style).
//!
//! * [`HubClient::pair_this_device`]: from a logged-in web session, `GetAuthenticationData` → fill the
//!   `LoginOAuth2` template → take `code` from the custom-scheme redirect (never followed) → token exchange.
//!   Its steps are public for a login window: [`HubClient::authorization_url`], [`callback_code`] on the
//!   window's navigations, [`HubClient::exchange_code`].
//! * [`HubClient::start_device_pairing`] / [`HubClient::poll_device_pairing`]: pairing without a web
//!   session; the user approves the code on the hub's "Konfigurera app" page from another device.
//! * [`OAuthSession`]: a paired device's tokens plus the persistence callback. Refresh tokens **rotate**:
//!   the new refresh token is handed to the callback, which must succeed before the new access token is
//!   used. 400/401/403 from the token endpoint → [`Error::NeedsPairing`]. A crash between the school's
//!   answer and the store leaves the spent token stored; its successor was never used, which the school's
//!   grace rule (`docs/protocol-extensions.md`, "Refresh-token rotation and lost answers") forgives.
//! * [`HubClient::sso_login`]: the SSO bridge from an access token to hub cookies, validated to land on
//!   the configured mentor site; 401 → refresh and retry once.
//!
//! No token, code or authGuid is ever logged or put in an error message.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hub_model::home::HomeData;
use hub_model::pairing::{ApiAccount, DeviceCodePrompt, PairedDevice};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, LOCATION, USER_AGENT};
use serde::Deserialize;
use url::Url;
use zeroize::Zeroize;

use crate::client::{Body, HubClient, SendCounted, decode_json};
use crate::error::{Error, Result};
use crate::html;
use crate::session::Credentials;

/// The only OAuth client the hub knows (the mobile app's).
pub const CLIENT_ID: &str = "notificationapp";
/// The app's custom-scheme redirect; the client takes `code` from it and never follows it.
pub const REDIRECT_URI: &str = "InfomentorNotification://oauth2Callback";
/// The scope the app asks for.
pub const SCOPE: &str = "IM2-API-NOTIFICATION";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The headers the Android app sends to the mobile API (protocol §3.3 step 6).
const APP_USER_AGENT: &str = "InfoMentor/1.0.85 (Android; 35)";
const APP_VERSION: &str = "Android_V_1.0.85";
/// An access token this close to its expiry is refreshed before use.
const EXPIRY_MARGIN: chrono::TimeDelta = chrono::TimeDelta::seconds(30);
/// The group used for module errors of pairing calls on the hub.
const PAIR_APP: &str = "pair";

/// A paired device's tokens. `Debug` shows only the expiry; the strings are zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSet {
    /// Bearer token for the mobile API (about ten minutes).
    pub access_token: String,
    /// Long-lived, single-use: every refresh returns a new one and the old one stops working.
    pub refresh_token: String,
    /// When the access token expires, by this machine's clock.
    pub expires_at: DateTime<Utc>,
}

impl TokenSet {
    /// A token set from stored values, e.g. a refresh token from the keychain with no access token yet
    /// (pass an empty access token and a past `expires_at`; the first use refreshes).
    pub fn new(access_token: String, refresh_token: String, expires_at: DateTime<Utc>) -> Self {
        Self {
            access_token,
            refresh_token,
            expires_at,
        }
    }

    /// Only a refresh token, as after a restart: the first use refreshes.
    pub fn from_refresh_token(refresh_token: String) -> Self {
        Self::new(String::new(), refresh_token, DateTime::<Utc>::MIN_UTC)
    }

    /// Whether the access token is missing or (about to be) expired.
    pub fn needs_refresh(&self) -> bool {
        self.access_token.is_empty() || self.expires_at - EXPIRY_MARGIN <= Utc::now()
    }

    fn from_response(resp: TokenResponse) -> Self {
        let ttl = chrono::TimeDelta::seconds(resp.expires_in.unwrap_or(600).min(86_400) as i64);
        Self::new(resp.access_token.clone(), resp.refresh_token.clone(), Utc::now() + ttl)
    }
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Drop for TokenSet {
    fn drop(&mut self) {
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

/// The error a [`TokenStore`] reports; its text ends up in [`Error::Persist`], so it must hold no secret.
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// Durably stores a new refresh token (e.g. in the OS keychain). Called after every rotation, before the
/// new access token is used; if it fails the refresh fails with [`Error::Persist`].
pub type TokenStore = Arc<dyn Fn(&str) -> std::result::Result<(), StoreError> + Send + Sync>;

/// A paired device's tokens and where rotated refresh tokens go. Cloning shares the tokens; refreshes are
/// serialized, so concurrent users never spend one refresh token twice.
#[derive(Clone)]
pub struct OAuthSession {
    inner: Arc<SessionInner>,
}

struct SessionInner {
    tokens: tokio::sync::Mutex<Held>,
    store: TokenStore,
}

impl std::fmt::Debug for OAuthSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OAuthSession(..)")
    }
}

impl OAuthSession {
    /// Wraps `tokens`; `store` receives every rotated refresh token.
    pub fn new(tokens: TokenSet, store: TokenStore) -> Self {
        Self {
            inner: Arc::new(SessionInner {
                tokens: tokio::sync::Mutex::new(Held {
                    set: tokens,
                    unsaved: false,
                }),
                store,
            }),
        }
    }

    /// A copy of the current tokens.
    pub async fn tokens(&self) -> TokenSet {
        self.inner.tokens.lock().await.set.clone()
    }
}

/// The current tokens, and whether the refresh token among them still has to reach the store.
struct Held {
    set: TokenSet,
    /// A rotation whose store call failed: the old refresh token is spent and this one exists only here,
    /// so it is stored (again) before anything uses the set.
    unsaved: bool,
}

/// Where to send a login window to pair this device: from [`HubClient::authorization_url`].
/// `Debug` hides the URL (its authGuid is a temporary credential).
#[derive(Clone)]
pub struct AuthorizationRequest {
    /// The filled `LoginOAuth2` URL on the configured OAuth host.
    pub url: Url,
    /// The custom-scheme redirect that carries the code ([`REDIRECT_URI`]); a navigation there must be
    /// stopped and read with [`callback_code`].
    pub redirect_uri: &'static str,
}

impl std::fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("url", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// `GetAuthenticationData` (protocol §3.3 step 2). `authenticationUrl` carries a temporary credential.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationData {
    authentication_url: String,
    #[serde(default)]
    client_id: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl Drop for TokenResponse {
    fn drop(&mut self) {
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
}

#[derive(Deserialize)]
struct DeviceAuthorizationResponse {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    interval: Option<u64>,
}

/// A device-code pairing in progress. Show [`DevicePairing::prompt`]; poll with
/// [`HubClient::poll_device_pairing`] every [`DevicePairing::interval`].
pub struct DevicePairing {
    /// What to show the user.
    pub prompt: DeviceCodePrompt,
    device_code: String,
    interval: Duration,
    expires_at: std::time::Instant,
}

impl std::fmt::Debug for DevicePairing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevicePairing")
            .field("prompt", &self.prompt)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl Drop for DevicePairing {
    fn drop(&mut self) {
        self.device_code.zeroize();
    }
}

impl DevicePairing {
    /// How long to wait before the next poll; grows by 5 s after each `slow_down`.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Whether the code has expired by this machine's clock.
    pub fn is_expired(&self) -> bool {
        std::time::Instant::now() >= self.expires_at
    }
}

/// The outcome of one device-code poll.
#[derive(Debug)]
#[non_exhaustive]
pub enum DevicePoll {
    /// Not approved yet (`authorization_pending`); wait [`DevicePairing::interval`] and poll again.
    Pending,
    /// Polled too fast (`slow_down`); the interval was raised by 5 s.
    SlowDown,
    /// Approved: persist the refresh token, then wrap the set in an [`OAuthSession`].
    Paired(TokenSet),
    /// The code expired before anyone approved it (`expired_token`); start over.
    Expired,
    /// The user pressed "Neka" (`access_denied`).
    Denied,
}

impl HubClient {
    /// Pairs this device from the logged-in web session (protocol §3.3 steps 2–4) and returns its tokens:
    /// [`HubClient::authorization_url`], the `LoginOAuth2` call whose custom-scheme redirect is read but never
    /// followed, then [`HubClient::exchange_code`].
    ///
    /// The caller persists `refresh_token` and then builds an [`OAuthSession`].
    pub async fn pair_this_device(&self, device_id: &str, name: &str, device_type: &str) -> Result<TokenSet> {
        let request = self.authorization_url(device_id, name, device_type).await?;
        tracing::debug!("requesting an authorization code");
        let resp = self.http().get(request.url.clone()).send_counted(self).await?;
        if !resp.status().is_redirection() {
            return Err(oauth_status(resp.status(), "LoginOAuth2"));
        }
        let location = resp
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(Error::Redirect("LoginOAuth2 without location"))?;
        let location = Url::parse(location).map_err(|_| Error::Redirect("unparsable LoginOAuth2 location"))?;
        let code = callback_code(&location).ok_or(Error::Redirect(
            "LoginOAuth2 redirected somewhere else than the app callback",
        ))??;
        let tokens = self.exchange_code(&code).await?;
        tracing::info!("device paired");
        Ok(tokens)
    }

    /// The `LoginOAuth2` URL that pairs this device (protocol §3.3 steps 2–3), for a login window or browser:
    /// `GetAuthenticationData` on the logged-in web session, its template filled in, checked to point at the
    /// configured OAuth host. Opening it ends in a navigation to [`REDIRECT_URI`]; read the code from it with
    /// [`callback_code`] and trade it with [`HubClient::exchange_code`].
    ///
    /// The URL carries a temporary credential (the authGuid): it is single-use and must not be logged.
    pub async fn authorization_url(
        &self,
        device_id: &str,
        name: &str,
        device_type: &str,
    ) -> Result<AuthorizationRequest> {
        let data: AuthenticationData = self
            .renewing(|| {
                self.call(
                    "pairing data",
                    PAIR_APP,
                    "account/pair/GetAuthenticationData",
                    Body::Empty,
                )
            })
            .await?;
        if data.client_id.as_deref().is_some_and(|c| c != CLIENT_ID) {
            return Err(Error::InvalidInput("unexpected OAuth client in the pairing data"));
        }
        let url = self.login_oauth2_url(&data.authentication_url, device_id, name, device_type)?;
        Ok(AuthorizationRequest {
            url,
            redirect_uri: REDIRECT_URI,
        })
    }

    /// Trades an authorization code from the app callback for tokens (`authorization_code` grant, protocol
    /// §3.3 step 4). A code works once; a used, unknown or expired one is [`Error::OAuth`] `invalid_grant`.
    ///
    /// The caller persists `refresh_token` and then builds an [`OAuthSession`].
    pub async fn exchange_code(&self, code: &str) -> Result<TokenSet> {
        if code.is_empty() {
            return Err(Error::InvalidInput("empty authorization code"));
        }
        let resp = self
            .http()
            .post(self.oauth_url("Authentication/OAuth2/Token")?)
            .form(&[
                ("code", code),
                ("client_id", CLIENT_ID),
                ("client_secret", "NONE"),
                ("redirect_uri", REDIRECT_URI),
                ("grant_type", "authorization_code"),
            ])
            .send_counted(self)
            .await?;
        token_answer(resp).await
    }

    /// Fills the `LoginOAuth2` template and checks it points at the configured OAuth host.
    fn login_oauth2_url(&self, template: &str, device_id: &str, name: &str, device_type: &str) -> Result<Url> {
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
        let filled = template
            .replace("{DeviceIdentifier}", &enc(device_id))
            .replace("{DeviceFriendlyName}", &enc(name))
            .replace("{DeviceType}", &enc(device_type));
        let mut url = Url::parse(&filled).map_err(|_| Error::Page("unparsable pairing template"))?;
        if !same_origin(&url, &self.hosts().oauth) {
            return Err(Error::Redirect("pairing template outside the OAuth host"));
        }
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.to_ascii_lowercase()).collect();
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in [
                ("scope", SCOPE),
                ("redirect_uri", REDIRECT_URI),
                ("client_id", CLIENT_ID),
                ("response_type", "code"),
            ] {
                if !present.iter().any(|p| p == k) {
                    q.append_pair(k, v);
                }
            }
        }
        Ok(url)
    }

    /// Starts pairing this device without a web session: the user enters the shown code on the hub from a
    /// device that is logged in.
    pub async fn start_device_pairing(&self, device_id: &str, name: &str, device_type: &str) -> Result<DevicePairing> {
        let resp = self
            .http()
            .post(self.oauth_url("Authentication/OAuth2/DeviceAuthorization")?)
            .form(&[
                ("client_id", CLIENT_ID),
                ("scope", SCOPE),
                ("device_identifier", device_id),
                ("device_friendly_name", name),
                ("device_type", device_type),
            ])
            .send_counted(self)
            .await?;
        let status = resp.status();
        let body = resp.text().await?;
        if !status.is_success() {
            return Err(oauth_error(status, &body, "device authorization"));
        }
        let d: DeviceAuthorizationResponse = decode_json("device authorization", &body)?;
        let expires_in = d.expires_in.unwrap_or(600);
        let interval = d.interval.unwrap_or(5).max(1);
        Ok(DevicePairing {
            prompt: DeviceCodePrompt::new(
                d.user_code.clone(),
                d.verification_uri.clone(),
                d.verification_uri_complete.clone(),
                expires_in,
                interval,
            ),
            device_code: d.device_code.clone(),
            interval: Duration::from_secs(interval),
            expires_at: std::time::Instant::now() + Duration::from_secs(expires_in),
        })
    }

    /// Polls once for the user's decision. Does not sleep: wait [`DevicePairing::interval`] between polls.
    pub async fn poll_device_pairing(&self, pairing: &mut DevicePairing) -> Result<DevicePoll> {
        let resp = self
            .http()
            .post(self.oauth_url("Authentication/OAuth2/Token")?)
            .form(&[
                ("grant_type", DEVICE_GRANT),
                ("device_code", pairing.device_code.as_str()),
                ("client_id", CLIENT_ID),
            ])
            .send_counted(self)
            .await?;
        let status = resp.status();
        if status.is_success() {
            return Ok(DevicePoll::Paired(token_answer(resp).await?));
        }
        let body = resp.text().await?;
        let code = serde_json::from_str::<OAuthErrorBody>(&body).ok().map(|e| e.error);
        Ok(match code.as_deref() {
            Some("authorization_pending") => DevicePoll::Pending,
            Some("slow_down") => {
                pairing.interval += Duration::from_secs(5);
                DevicePoll::SlowDown
            }
            Some("expired_token") => DevicePoll::Expired,
            Some("access_denied") => DevicePoll::Denied,
            _ => return Err(oauth_error(status, &body, "device token")),
        })
    }

    /// Refreshes `session`'s tokens now (rotation): the new refresh token is stored through the session's
    /// [`TokenStore`] before the new set is kept. 400/401/403 → [`Error::NeedsPairing`].
    ///
    /// If the store fails the new tokens are kept in memory only and every later use first retries the
    /// store ([`Error::Persist`] until it succeeds); the spent refresh token is never sent again.
    pub async fn refresh(&self, session: &OAuthSession) -> Result<TokenSet> {
        let mut held = session.inner.tokens.lock().await;
        persist_pending(session, &mut held)?;
        self.refresh_locked(session, &mut held).await
    }

    async fn refresh_locked(&self, session: &OAuthSession, held: &mut Held) -> Result<TokenSet> {
        let tokens = &held.set;
        if tokens.refresh_token.is_empty() {
            return Err(Error::NeedsPairing);
        }
        tracing::debug!("refreshing the access token");
        let resp = self
            .http()
            .post(self.oauth_url("Authentication/OAuth2/Token")?)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens.refresh_token.as_str()),
                ("client_id", CLIENT_ID),
                ("client_secret", "NONE"),
                ("scope", SCOPE),
            ])
            .send_counted(self)
            .await?;
        if matches!(
            resp.status(),
            StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
        ) {
            tracing::info!(
                status = resp.status().as_u16(),
                "refresh token rejected; the device must be paired again"
            );
            return Err(Error::NeedsPairing);
        }
        let fresh = token_answer(resp).await?;
        // The old refresh token is spent now: the new one must be stored before anything can use it.
        held.set = fresh.clone();
        held.unsaved = true;
        persist_pending(session, held)?;
        Ok(fresh)
    }

    /// A valid access token of `session`, refreshed first when it is missing or expiring.
    async fn access_token(&self, session: &OAuthSession, force_refresh: bool) -> Result<String> {
        let mut held = session.inner.tokens.lock().await;
        persist_pending(session, &mut held)?;
        if force_refresh || held.set.needs_refresh() {
            self.refresh_locked(session, &mut held).await?;
        }
        Ok(held.set.access_token.clone())
    }

    /// GET on the mobile API with the bearer token and the app's headers; a 401 refreshes and retries once.
    async fn api_get(&self, session: &OAuthSession, path: &str, what: &'static str) -> Result<String> {
        let url = self
            .hosts()
            .api
            .join(path)
            .map_err(|_| Error::Config(format!("bad api path {path}")))?;
        for attempt in 0..2 {
            let mut token = self.access_token(session, attempt > 0).await?;
            let resp = self
                .http()
                .get(url.clone())
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .header(USER_AGENT, APP_USER_AGENT)
                .header("X-IMHomeApp-Version", APP_VERSION)
                .send_counted(self)
                .await;
            token.zeroize();
            let resp = resp?;
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED {
                tracing::debug!(what, "access token refused; refreshing once");
                continue;
            }
            if !status.is_success() {
                return Err(Error::Status {
                    status: status.as_u16(),
                    what,
                });
            }
            return Ok(resp.text().await?);
        }
        Err(Error::NeedsPairing)
    }

    /// Logs the web session in from `session`'s access token (the SSO bridge, protocol §3.3 step 6) and
    /// keeps `session` as the credentials that renew it.
    pub async fn sso_login(&self, session: &OAuthSession) -> Result<()> {
        // Same lock order as a renewal; no read is in flight while the cookies change.
        let _flight = self.inner().renew_lock.lock().await;
        let mut selection = self.inner().switch_lock.write().await;
        *selection = None;
        self.forget_credentials();
        self.unpin_account();
        if let Some(home) = self.sso_bridge(session).await? {
            self.pin_account(&home);
        }
        self.set_credentials(Credentials::oauth(session.clone()));
        Ok(())
    }

    /// The bridge itself on a fresh cookie jar; returns the start page's `homeData` when the chain ended there.
    pub(crate) async fn sso_bridge(&self, session: &OAuthSession) -> Result<Option<HomeData>> {
        let body = self.api_get(session, "NA1/Authentication/sso", "sso bridge").await?;
        let raw: String =
            serde_json::from_str(body.trim()).map_err(|_| Error::Page("sso answer is not a JSON string"))?;
        let url = sso_target(&raw, &self.hosts().mentor)?;
        self.clear_session();
        let page = self.get_page(url).await?;
        let last = self.finish_relay(page).await?;
        if let Ok(home) = html::home_data(&last.body) {
            return Ok(Some(home));
        }
        if !self.is_authenticated().await? {
            return Err(Error::SessionExpired);
        }
        Ok(None)
    }

    /// The account and its children from the mobile API (`NA1/account/Account`), without a web session.
    pub async fn account_from_api(&self, session: &OAuthSession) -> Result<ApiAccount> {
        let body = self.api_get(session, "NA1/account/Account", "api account").await?;
        decode_json("api account", &body)
    }

    /// Revokes `session`'s refresh token (unpair) and, if it renews this client, forgets it.
    pub async fn revoke(&self, session: &OAuthSession) -> Result<()> {
        let tokens = session.inner.tokens.lock().await;
        let resp = self
            .http()
            .post(self.oauth_url("Authentication/OAuth2/Revoke")?)
            .form(&[("token", tokens.set.refresh_token.as_str())])
            .send_counted(self)
            .await?;
        drop(tokens);
        if let Some(c) = self.credentials()
            && c.oauth_session().is_some_and(|s| Arc::ptr_eq(&s.inner, &session.inner))
        {
            self.forget_credentials();
        }
        if !resp.status().is_success() {
            return Err(oauth_status(resp.status(), "revoke"));
        }
        Ok(())
    }

    /// The devices paired to the logged-in account (`account/pair/GetDevices`).
    pub async fn paired_devices(&self) -> Result<Vec<PairedDevice>> {
        self.renewing(|| self.call("paired devices", PAIR_APP, "account/pair/GetDevices", Body::Empty))
            .await
    }

    /// Unpairs one device of the logged-in account (`account/pair/RevokeDevice`); its tokens stop working.
    pub async fn revoke_device(&self, device_id: &str) -> Result<()> {
        let body = Body::Json(serde_json::json!({ "deviceId": device_id }));
        let answer: PairAnswer = self
            .renewing(|| self.call("revoke device", PAIR_APP, "account/pair/RevokeDevice", body.clone()))
            .await?;
        answer.into_result()
    }

    /// Approves (or denies) another device's pairing code from this logged-in session, as the hub's
    /// "Konfigurera app" page does (`account/pair/ApproveDevice`). A write: never replayed.
    pub async fn approve_device(&self, user_code: &str, approve: bool) -> Result<()> {
        let body = Body::Json(serde_json::json!({ "userCode": user_code, "approve": approve }));
        let answer: PairAnswer = self
            .call("approve device", PAIR_APP, "account/pair/ApproveDevice", body)
            .await?;
        answer.into_result()
    }

    fn oauth_url(&self, path: &str) -> Result<Url> {
        self.hosts()
            .oauth
            .join(path)
            .map_err(|_| Error::Config(format!("bad oauth path {path}")))
    }

    /// Renewal with OAuth credentials: the SSO bridge, refreshing as needed.
    pub(crate) async fn renew_oauth(&self, session: &OAuthSession) -> Result<Option<HomeData>> {
        self.sso_bridge(session).await
    }
}

/// Stores a rotated refresh token that has not reached the store yet; until it has, nothing uses the set.
fn persist_pending(session: &OAuthSession, held: &mut Held) -> Result<()> {
    if held.unsaved {
        (session.inner.store)(&held.set.refresh_token).map_err(|e| Error::Persist(e.to_string()))?;
        held.unsaved = false;
    }
    Ok(())
}

/// `{success, notifications:[{message}]}` of the pairing actions.
#[derive(Deserialize)]
struct PairAnswer {
    success: bool,
    #[serde(default)]
    notifications: Vec<PairNote>,
}

#[derive(Deserialize)]
struct PairNote {
    #[serde(default)]
    message: Option<String>,
}

impl PairAnswer {
    fn into_result(self) -> Result<()> {
        if self.success {
            Ok(())
        } else {
            Err(Error::Rejected {
                messages: self.notifications.into_iter().filter_map(|n| n.message).collect(),
            })
        }
    }
}

/// The URL `NA1/Authentication/sso` answered, accepted only on the configured mentor site (scheme, host,
/// port and path prefix, the path compared case-insensitively as its casing varies).
fn sso_target(raw: &str, mentor: &Url) -> Result<Url> {
    let url = Url::parse(raw).map_err(|_| Error::Page("sso answer is not a URL"))?;
    if !same_origin(&url, mentor)
        || !url
            .path()
            .to_ascii_lowercase()
            .starts_with(&mentor.path().to_ascii_lowercase())
    {
        return Err(Error::Redirect("sso bridge pointed outside the mentor site"));
    }
    Ok(url)
}

/// The code of a navigation to the app callback [`REDIRECT_URI`] (the custom-scheme redirect of `LoginOAuth2`):
/// `None` when `url` is anywhere else (let that navigation go on), `Some(Err)` for a callback with `error=`
/// ([`Error::OAuth`]) or without a code. Scheme and host compare case-insensitively; the redirect is never
/// followed. The code is a credential: never log it.
pub fn callback_code(url: &Url) -> Option<Result<String>> {
    let expected = Url::parse(REDIRECT_URI).ok()?;
    if !url.scheme().eq_ignore_ascii_case(expected.scheme())
        || !url
            .host_str()
            .unwrap_or_default()
            .eq_ignore_ascii_case(expected.host_str().unwrap_or_default())
    {
        return None;
    }
    if let Some((_, e)) = url.query_pairs().find(|(k, _)| k == "error") {
        let error = if e.len() <= 64 && e.bytes().all(|b| b.is_ascii_graphic()) {
            e.into_owned()
        } else {
            "invalid_request".to_owned()
        };
        return Some(Err(Error::OAuth { error }));
    }
    Some(
        url.query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .filter(|c| !c.is_empty())
            .ok_or(Error::Page("app callback without code")),
    )
}

/// Decodes a token endpoint answer; an error body becomes [`Error::OAuth`].
async fn token_answer(resp: reqwest::Response) -> Result<TokenSet> {
    let status = resp.status();
    let body = resp.text().await?;
    if !status.is_success() {
        return Err(oauth_error(status, &body, "token"));
    }
    let parsed: TokenResponse = serde_json::from_str(body.trim()).map_err(|e| Error::Decode {
        what: "token answer",
        path: String::new(),
        // The serde message can quote input; keep only its category.
        message: format!("{:?}", e.classify()),
    })?;
    Ok(TokenSet::from_response(parsed))
}

fn oauth_error(status: StatusCode, body: &str, what: &'static str) -> Error {
    match serde_json::from_str::<OAuthErrorBody>(body) {
        Ok(e) if e.error.len() <= 64 && e.error.bytes().all(|b| b.is_ascii_graphic()) => {
            Error::OAuth { error: e.error }
        }
        _ => oauth_status(status, what),
    }
}

fn oauth_status(status: StatusCode, what: &'static str) -> Error {
    Error::Status {
        status: status.as_u16(),
        what,
    }
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(v: &str) -> Option<Result<String>> {
        callback_code(&Url::parse(v).unwrap())
    }

    #[test]
    fn the_code_comes_only_from_the_app_callback() {
        let got = code("InfomentorNotification://oauth2Callback?code=abc%2B1&state=x");
        assert_eq!(got.unwrap().unwrap(), "abc+1");
        // Scheme and host compare case-insensitively (url lowercases them).
        assert_eq!(
            code("infomentornotification://OAUTH2CALLBACK?code=z").unwrap().unwrap(),
            "z"
        );
        for elsewhere in [
            "https://evil.example/cb?code=abc",
            "https://hub.infomentor.se/?code=abc",
            "infomentornotification://other?code=abc",
            "infomentor://oauth2Callback?code=abc",
        ] {
            assert!(code(elsewhere).is_none(), "{elsewhere}");
        }
        assert!(matches!(
            code("InfomentorNotification://oauth2Callback?error=access_denied"),
            Some(Err(Error::OAuth { ref error })) if error == "access_denied"
        ));
        assert!(matches!(
            code("InfomentorNotification://oauth2Callback?error=has%20a%20space"),
            Some(Err(Error::OAuth { ref error })) if error == "invalid_request"
        ));
        assert!(matches!(
            code("InfomentorNotification://oauth2Callback"),
            Some(Err(Error::Page(_)))
        ));
        assert!(matches!(
            code("InfomentorNotification://oauth2Callback?code="),
            Some(Err(Error::Page(_)))
        ));
    }

    #[test]
    fn an_authorization_request_hides_its_url() {
        let r = AuthorizationRequest {
            url: Url::parse("https://im.infomentor.se/LoginOAuth2?authGuid=secret-guid").unwrap(),
            redirect_uri: REDIRECT_URI,
        };
        assert!(!format!("{r:?}").contains("secret-guid"));
    }

    #[test]
    fn the_sso_bridge_only_goes_to_the_mentor_site() {
        let mentor = Url::parse("https://infomentor.se/swedish/production/mentor/").unwrap();
        assert!(
            sso_target(
                "https://infomentor.se/Swedish/Production/mentor/Oryggi/Sso.aspx?t=1",
                &mentor
            )
            .is_ok()
        );
        for bad in [
            "https://evil.example/swedish/production/mentor/x",
            "http://infomentor.se/swedish/production/mentor/x",
            "https://infomentor.se:8443/swedish/production/mentor/x",
            "https://infomentor.se/other/path",
            "https://infomentor.se.evil.example/swedish/production/mentor/",
        ] {
            assert!(matches!(sso_target(bad, &mentor), Err(Error::Redirect(_))), "{bad}");
        }
        assert!(matches!(sso_target("not a url", &mentor), Err(Error::Page(_))));
    }

    #[test]
    fn token_sets_redact_and_know_when_to_refresh() {
        let t = TokenSet::from_refresh_token("rt-secret-123".into());
        assert!(t.needs_refresh());
        assert!(!format!("{t:?}").contains("rt-secret"));
        let fresh = TokenSet::new("at".into(), "rt".into(), Utc::now() + chrono::TimeDelta::minutes(10));
        assert!(!fresh.needs_refresh());
        let expiring = TokenSet::new("at".into(), "rt".into(), Utc::now() + chrono::TimeDelta::seconds(10));
        assert!(expiring.needs_refresh());
    }

    #[test]
    fn oauth_errors_keep_only_a_plain_code() {
        let e = oauth_error(StatusCode::BAD_REQUEST, r#"{"error":"invalid_grant"}"#, "token");
        assert!(matches!(e, Error::OAuth { ref error } if error == "invalid_grant"));
        let e = oauth_error(
            StatusCode::BAD_REQUEST,
            r#"{"error":"has spaces and a token abc"}"#,
            "token",
        );
        assert!(matches!(e, Error::Status { status: 400, .. }));
        let e = oauth_error(StatusCode::BAD_GATEWAY, "<html>", "token");
        assert!(matches!(e, Error::Status { status: 502, .. }));
    }
}
