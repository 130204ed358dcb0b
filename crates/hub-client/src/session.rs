//! Session renewal (protocol §3.4): what the client logs in again with, and the one-renewal-then-replay
//! rule every read goes through.
//!
//! A read that finds the session dead (the login relay instead of JSON, a redirect to the login, an empty
//! 200 with `isauthenticated` false) renews **once** — with the remembered password or the OAuth refresh
//! token — checks that the new session belongs to the same account (`homeData.account.currentUser.id`),
//! restores the selected child and replays the read once. Concurrent reads that all meet the dead session
//! share one renewal. Writes never go through [`HubClient::renewing`]: each write decides after renewal
//! (see `save_fritids`).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use hub_model::home::HomeData;
use zeroize::Zeroizing;

use crate::client::{HubClient, Selection, selected_id};
use crate::error::{Error, Result};
use crate::oauth::OAuthSession;

/// What a session is renewed with once it expires.
///
/// Held in memory only. A password is zeroized when the last copy is dropped; `Debug` never shows a
/// secret (not even the user name).
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
}

#[derive(Clone)]
pub(crate) enum Kind {
    Password {
        username: Arc<Zeroizing<String>>,
        password: Arc<Zeroizing<String>>,
    },
    OAuth(OAuthSession),
}

impl Credentials {
    /// A Mentor username and password (protocol §3.1).
    pub fn password(username: &str, password: &str) -> Self {
        Self {
            kind: Kind::Password {
                username: Arc::new(Zeroizing::new(username.to_owned())),
                password: Arc::new(Zeroizing::new(password.to_owned())),
            },
        }
    }

    /// A paired device's OAuth session (protocol §3.3): the web session is renewed through the SSO
    /// bridge, refreshing (and persisting the rotated refresh token) as needed.
    pub fn oauth(session: OAuthSession) -> Self {
        Self {
            kind: Kind::OAuth(session),
        }
    }

    pub(crate) fn oauth_session(&self) -> Option<&OAuthSession> {
        match &self.kind {
            Kind::OAuth(s) => Some(s),
            Kind::Password { .. } => None,
        }
    }

    /// True for a password, false for an OAuth token set.
    pub fn is_password(&self) -> bool {
        matches!(self.kind, Kind::Password { .. })
    }

    pub(crate) fn kind(&self) -> &Kind {
        &self.kind
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.kind {
            Kind::Password { .. } => "Credentials::Password(..)",
            Kind::OAuth(_) => "Credentials::OAuth(..)",
        })
    }
}

impl HubClient {
    /// Sets what an expired session is renewed with. [`HubClient::login_password`] sets this itself.
    pub fn set_credentials(&self, credentials: Credentials) {
        if let Ok(mut slot) = self.inner().credentials.lock() {
            *slot = Some(credentials);
        }
    }

    /// Forgets the credentials: an expired session is then reported as [`Error::SessionExpired`].
    pub fn forget_credentials(&self) {
        if let Ok(mut slot) = self.inner().credentials.lock() {
            *slot = None;
        }
    }

    /// Whether an expired session can be renewed without asking the user.
    pub fn can_renew(&self) -> bool {
        self.credentials().is_some()
    }

    /// How many times this client renewed its session (for diagnostics and tests).
    pub fn session_renewals(&self) -> u64 {
        self.inner().renewals.load(Ordering::SeqCst)
    }

    /// The account id (`currentUser.id`) this client's sessions are pinned to, once known.
    pub fn account_id(&self) -> Option<String> {
        self.inner().account_id.lock().ok().and_then(|id| id.clone())
    }

    pub(crate) fn credentials(&self) -> Option<Credentials> {
        self.inner().credentials.lock().ok().and_then(|c| c.clone())
    }

    /// Pins the session to `home`'s account unless it is pinned already.
    pub(crate) fn pin_account(&self, home: &HomeData) {
        if let Ok(mut id) = self.inner().account_id.lock()
            && id.is_none()
        {
            *id = Some(home.account.current_user.id.clone());
        }
    }

    pub(crate) fn unpin_account(&self) {
        if let Ok(mut id) = self.inner().account_id.lock() {
            *id = None;
        }
    }

    fn generation(&self) -> u64 {
        self.inner().generation.load(Ordering::SeqCst)
    }

    /// Runs the read `op`; if it finds the session dead, renews once and runs it once more.
    ///
    /// `op` must be a read (or an idempotent write): it may run twice.
    pub(crate) async fn renewing<T, F, Fut>(&self, op: F) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let seen = self.generation();
        match op().await {
            Err(Error::SessionExpired) => {}
            other => return other,
        }
        self.renew(seen).await?;
        op().await
    }

    /// Renews the session that was current at generation `seen`, unless another task already did.
    ///
    /// Single flight: one task logs in, the others wait and then replay on the new session. Holds the child
    /// queue for writing throughout, so no read runs while the cookies change and none can see the new
    /// session's default child as its own.
    pub(crate) async fn renew(&self, seen: u64) -> Result<()> {
        let _flight = self.inner().renew_lock.lock().await;
        if self.generation() != seen {
            // Renewed (or logged in again) while this task waited: just replay.
            return Ok(());
        }
        let Some(credentials) = self.credentials() else {
            return Err(Error::SessionExpired);
        };
        let mut selection = self.inner().switch_lock.write().await;
        let previous = selection.take().map(|s| s.pupil_id);
        let expected = self.account_id();
        tracing::info!("the hub session expired; renewing it once");
        match self
            .renew_locked(&credentials, expected.as_deref(), previous.as_deref())
            .await
        {
            Ok(restored) => {
                *selection = restored;
                self.inner().renewals.fetch_add(1, Ordering::SeqCst);
                tracing::debug!("session renewed");
                Ok(())
            }
            Err(e) => {
                // Whatever half-session the attempt left behind is not used.
                self.clear_session();
                tracing::info!(error = %e, "session renewal failed");
                Err(match e {
                    Error::Transport(_)
                    | Error::RateLimited { .. }
                    | Error::NeedsPairing
                    | Error::Persist(_)
                    | Error::AccountChanged => e,
                    _ => Error::SessionExpired,
                })
            }
        }
    }

    async fn renew_locked(
        &self,
        credentials: &Credentials,
        expected: Option<&str>,
        previous: Option<&str>,
    ) -> Result<Option<Selection>> {
        let home = match credentials.kind() {
            Kind::Password { username, password } => self.password_chain(username, password).await?,
            Kind::OAuth(session) => self.renew_oauth(session).await?,
        };
        let home = match home {
            Some(home) => home,
            None => self.load_home().await?,
        };
        match expected {
            Some(id) if id != home.account.current_user.id => return Err(Error::AccountChanged),
            Some(_) => {}
            None => self.pin_account(&home),
        }
        let Some(pupil_id) = previous else {
            return Ok(None);
        };
        let home = if selected_id(&home) == Some(pupil_id) {
            home
        } else {
            match self.select_child_locked(pupil_id).await {
                Ok(home) => home,
                // The child is gone from the account: keep the renewed session; the replay's own switch
                // reports it.
                Err(Error::SwitchFailed) => return Ok(None),
                Err(e) => return Err(e),
            }
        };
        Ok(Some(Selection {
            generation: self.generation(),
            pupil_id: pupil_id.to_owned(),
            apps: home.apps.into_iter().map(|a| a.code_name).collect(),
        }))
    }
}
