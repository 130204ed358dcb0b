//! "Använd denna enhet": pairing through a login window (protocol §3.3).
//!
//! The shell opens a separate window ("hub-login") at the hub's app-variant login page. The window has no
//! capability, so no IPC: it only shows the school's pages. When it reaches the logged-in hub start page its
//! hub cookies go into a fresh client, which asks for the pairing URL (`GetAuthenticationData`); the window
//! is sent there, and its navigation to the app callback (`InfomentorNotification://oauth2Callback?code=…`)
//! is stopped and the code traded for tokens. The pairing then ends like "Använd annan enhet": refresh token
//! in the keychain, SSO login, session installed, window closed. Avbryt and closing the window end an attempt
//! as `expired`; the timeout (10 minutes; `--login-timeout-seconds=N` or `SKOLHUB_LOGIN_TIMEOUT_SECONDS` for
//! tests) ends it as `failed` with the code [`LOGIN_WINDOW_TIMED_OUT`] and closes the window. The UI follows
//! the attempt with `pairing_this_device_status`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use hub_client::{Hosts, HubClient, OAuthSession, callback_code};
use hub_model::ipc::{LOGIN_WINDOW_TIMED_OUT, PairingStatus};
use hub_model::{Account, CmdError, ErrorKind};
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use crate::error::from_client;
use crate::keychain::{Secret, unavailable};
use crate::pairing;
use crate::state::AppState;

/// The login window's label; it is in no capability, so it has no IPC.
pub(crate) const WINDOW: &str = "hub-login";

/// How long an attempt may take before it ends by itself, unless configured (see [`timeout`]).
const TIMEOUT: Duration = Duration::from_secs(600);

/// The attempt's time limit: `--login-timeout-seconds=N` on the command line (WebDriver tests can pass
/// arguments per app instance, not environment variables), else `SKOLHUB_LOGIN_TIMEOUT_SECONDS`, else ten
/// minutes; at least one second.
fn timeout() -> Duration {
    let arg = std::env::args().find_map(|a| a.strip_prefix("--login-timeout-seconds=").map(str::to_owned));
    timeout_from(
        arg.or_else(|| std::env::var("SKOLHUB_LOGIN_TIMEOUT_SECONDS").ok())
            .as_deref(),
    )
}

fn timeout_from(configured: Option<&str>) -> Duration {
    configured
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(TIMEOUT, |secs| Duration::from_secs(secs.max(1)))
}

/// How a timed-out attempt ends: the UI words it from the code.
fn timed_out() -> PairingStatus {
    PairingStatus::Failed {
        error: CmdError::new(
            ErrorKind::Rejected,
            "Tiden för inloggningen tog slut och fönstret stängdes. Försök igen.",
        )
        .with_code(LOGIN_WINDOW_TIMED_OUT),
    }
}

/// How often the UI should ask for the status while an attempt runs.
const POLL_SECS: u64 = 1;

/// Where the attempts stand; managed next to [`AppState`]. Each attempt has a round number, so a late
/// answer of an older one (a closed window, a timeout) never changes the current one.
#[derive(Default)]
pub(crate) struct ThisDevice {
    inner: Mutex<Attempt>,
}

#[derive(Default)]
struct Attempt {
    round: u64,
    status: Option<PairingStatus>,
}

impl ThisDevice {
    /// Starts a new attempt (ending any older one) and returns its round.
    pub(crate) fn begin(&self) -> u64 {
        let mut a = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        a.round += 1;
        a.status = Some(PairingStatus::Pending { interval: POLL_SECS });
        a.round
    }

    /// Whether `round` is the attempt in progress and still pending.
    pub(crate) fn is_pending(&self, round: u64) -> bool {
        let a = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        a.round == round && matches!(a.status, Some(PairingStatus::Pending { .. }))
    }

    /// Ends attempt `round` with `status` if it is still the pending one; true when it did.
    pub(crate) fn finish(&self, round: u64, status: PairingStatus) -> bool {
        let mut a = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if a.round != round || !matches!(a.status, Some(PairingStatus::Pending { .. })) {
            return false;
        }
        a.status = Some(status);
        true
    }

    /// Ends the attempt in progress as cancelled (`expired` for the UI: nothing to show but the choices).
    pub(crate) fn cancel(&self) {
        let mut a = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        a.round += 1;
        a.status = Some(PairingStatus::Expired);
    }

    /// Where the latest attempt stands; without one, `expired`.
    pub(crate) fn status(&self) -> PairingStatus {
        let a = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        a.status.clone().unwrap_or(PairingStatus::Expired)
    }
}

/// The hub's app-variant login page. Only https or loopback hubs get a window.
pub(crate) fn login_url(hosts: &Hosts) -> Result<Url, CmdError> {
    let hub = &hosts.hub;
    let loopback = matches!(hub.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if hub.scheme() != "https" && !loopback {
        return Err(CmdError::new(
            ErrorKind::Internal,
            "Skolans adress är inte säker (https).",
        ));
    }
    let mut url = hub
        .join("Authentication/Authentication/Login")
        .map_err(|_| CmdError::new(ErrorKind::Internal, "Skolans inloggningssida saknas."))?;
    url.set_query(Some("ReturnUrl=%2F&isimhapp=1"));
    Ok(url)
}

/// Whether the window shows the logged-in hub: a page on the hub's origin outside its login pages.
pub(crate) fn is_hub_start(url: &Url, hub: &Url) -> bool {
    url.origin() == hub.origin() && !url.path().to_ascii_lowercase().starts_with("/authentication")
}

/// Whether the window may go to `url`: web pages only (the app callback is handled before this).
fn allowed(url: &Url) -> bool {
    matches!(url.scheme(), "https" | "http" | "about")
}

/// Opens the login window for a new attempt (closing an older window first).
pub(crate) fn start(app: &AppHandle) -> Result<(), CmdError> {
    let state = app.state::<AppState>();
    let flow = app.state::<ThisDevice>();
    let url = login_url(state.hosts())?;
    let hub = state.hosts().hub.clone();
    if let Some(old) = app.get_webview_window(WINDOW) {
        flow.cancel();
        let _ = old.destroy();
    }
    let round = flow.begin();
    // The account's id exists before the school hands out its refresh token.
    state.login_id();
    let authorizing = std::sync::Arc::new(AtomicBool::new(false));
    let (nav_app, load_app) = (app.clone(), app.clone());
    let window = WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::External(url))
        .title("Logga in – InfoMentor")
        .inner_size(520.0, 720.0)
        .on_navigation(move |url| match callback_code(url) {
            None => allowed(url),
            Some(code) => {
                let app = nav_app.clone();
                tauri::async_runtime::spawn(async move {
                    let code = code.map_err(from_client);
                    let status = match complete(&app, round, code).await {
                        Ok(account) => PairingStatus::Paired { account },
                        Err(error) => PairingStatus::Failed { error },
                    };
                    app.state::<ThisDevice>().finish(round, status);
                    close(&app);
                });
                false
            }
        })
        .on_page_load(move |window, payload| {
            if payload.event() != PageLoadEvent::Finished
                || !is_hub_start(payload.url(), &hub)
                || authorizing.swap(true, Ordering::SeqCst)
            {
                return;
            }
            let (app, hub) = (load_app.clone(), hub.clone());
            tauri::async_runtime::spawn(async move {
                if let Err(error) = authorize(&app, &window, &hub, round).await {
                    tracing::warn!(kind = ?error.kind, "login window: no pairing URL");
                    if app.state::<ThisDevice>().finish(round, PairingStatus::Failed { error }) {
                        close(&app);
                    }
                }
            });
        })
        .build()
        .map_err(|e| crate::error::internal("login window", e))?;
    let closed = app.clone();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Destroyed) {
            closed.state::<ThisDevice>().finish(round, PairingStatus::Expired);
        }
    });
    let (timer, limit) = (app.clone(), timeout());
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(limit).await;
        if timer.state::<ThisDevice>().finish(round, timed_out()) {
            tracing::info!(seconds = limit.as_secs(), "login window timed out");
            close(&timer);
        }
    });
    Ok(())
}

/// The window is logged in: its hub cookies become a client's session, which gets the pairing URL; the
/// window goes there.
async fn authorize(app: &AppHandle, window: &tauri::WebviewWindow, hub: &Url, round: u64) -> Result<(), CmdError> {
    let cookies: Vec<(String, String)> = window
        .cookies_for_url(hub.clone())
        .map_err(|e| crate::error::internal("login window cookies", e))?
        .iter()
        .map(|c| (c.name().to_owned(), c.value().to_owned()))
        .collect();
    let client = app.state::<AppState>().real_client()?;
    client.adopt_cookies(hub, &cookies);
    let (id, name, kind) = pairing::device_identity();
    let request = client.authorization_url(&id, &name, &kind).await.map_err(from_client)?;
    if app.state::<ThisDevice>().is_pending(round) {
        window
            .navigate(request.url)
            .map_err(|e| crate::error::internal("login window", e))?;
    }
    Ok(())
}

/// The code came back: trade it, store the refresh token first, log in through the SSO bridge and install
/// the session, exactly as a device-code pairing ends.
async fn complete(app: &AppHandle, round: u64, code: Result<String, CmdError>) -> Result<Account, CmdError> {
    let code = code?;
    let state = app.state::<AppState>();
    let client: HubClient = state.real_client()?;
    let tokens = client.exchange_code(&code).await.map_err(from_client)?;
    // The new account's id was made when the attempt started; the token goes under it before it is used.
    let id = state.login_id();
    let keychain = state.keychain_of(&id);
    keychain
        .set(Secret::RefreshToken, &tokens.refresh_token)
        .map_err(|e| unavailable(&e))?;
    let session = OAuthSession::new(tokens, pairing::token_store(keychain.clone()));
    client.sso_login(&session).await.map_err(from_client)?;
    if !app.state::<ThisDevice>().is_pending(round) {
        // Cancelled while the code was traded: no pairing may stay behind to log in at the next start.
        let _ = keychain.delete(Secret::RefreshToken);
        return Err(CmdError::new(ErrorKind::Internal, "Inloggningen avbröts."));
    }
    state.adopt(client, Some(session), id).await
}

/// Closes the login window, if it is open.
pub(crate) fn close(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(WINDOW) {
        let _ = window.destroy();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hosts with `hub` set as is (`Hosts::parse` already refuses plain http off loopback; this checks the
    /// window's own guard).
    fn hosts(hub: &str) -> Hosts {
        let mut hosts = Hosts::infomentor();
        hosts.hub = Url::parse(hub).unwrap();
        hosts
    }

    #[test]
    fn the_login_page_is_the_hubs_app_variant_on_https_or_loopback_only() {
        let url = login_url(&hosts("https://hub.infomentor.se/")).unwrap();
        assert_eq!(
            url.as_str(),
            "https://hub.infomentor.se/Authentication/Authentication/Login?ReturnUrl=%2F&isimhapp=1"
        );
        assert!(login_url(&hosts("http://127.0.0.1:4000/")).is_ok());
        assert!(login_url(&hosts("http://hub.example.se/")).is_err());
    }

    #[test]
    fn only_the_hubs_own_pages_outside_login_count_as_logged_in() {
        let hub = Url::parse("https://hub.infomentor.se/").unwrap();
        let at = |u: &str| is_hub_start(&Url::parse(u).unwrap(), &hub);
        assert!(at("https://hub.infomentor.se/"));
        assert!(at("https://hub.infomentor.se/#/"));
        assert!(!at(
            "https://hub.infomentor.se/Authentication/Authentication/Login?ReturnUrl=%2F"
        ));
        assert!(!at(
            "https://hub.infomentor.se/authentication/authentication/logincallback"
        ));
        assert!(!at("https://infomentor.se/swedish/production/mentor/"));
        assert!(!at("http://hub.infomentor.se/"));
    }

    #[test]
    fn the_window_may_show_web_pages_but_no_other_scheme() {
        assert!(allowed(&Url::parse("https://hub.infomentor.se/").unwrap()));
        assert!(!allowed(&Url::parse("file:///etc/passwd").unwrap()));
        assert!(!allowed(&Url::parse("javascript:alert(1)").unwrap()));
    }

    #[test]
    fn the_timeout_is_ten_minutes_unless_configured_and_ends_with_its_code() {
        assert_eq!(timeout_from(None), Duration::from_secs(600));
        assert_eq!(timeout_from(Some("3")), Duration::from_secs(3));
        assert_eq!(timeout_from(Some(" 45 ")), Duration::from_secs(45));
        assert_eq!(timeout_from(Some("0")), Duration::from_secs(1));
        assert_eq!(timeout_from(Some("soon")), Duration::from_secs(600));
        let PairingStatus::Failed { error } = timed_out() else {
            panic!("a timeout is a failed attempt")
        };
        assert_eq!(error.code.as_deref(), Some(LOGIN_WINDOW_TIMED_OUT));
        assert!(
            error.message.contains("Tiden för inloggningen tog slut"),
            "{}",
            error.message
        );
    }

    #[test]
    fn an_attempt_ends_once_and_a_late_answer_of_an_older_one_changes_nothing() {
        let flow = ThisDevice::default();
        assert_eq!(flow.status(), PairingStatus::Expired, "nothing started");
        let first = flow.begin();
        assert_eq!(flow.status(), PairingStatus::Pending { interval: POLL_SECS });
        let second = flow.begin();
        assert!(!flow.finish(first, PairingStatus::Denied), "an older round is over");
        assert!(flow.is_pending(second));
        let error = CmdError::new(ErrorKind::Internal, "x");
        assert!(flow.finish(second, PairingStatus::Failed { error: error.clone() }));
        assert!(
            !flow.finish(second, PairingStatus::Expired),
            "the window closing afterwards"
        );
        assert_eq!(flow.status(), PairingStatus::Failed { error });
        let third = flow.begin();
        flow.cancel();
        assert!(!flow.is_pending(third));
        assert_eq!(flow.status(), PairingStatus::Expired);
    }
}
