//! The plumbing every data area shares: the per-session child queue with the up-front module check, and
//! one JSON call that maps the hub's failure shapes (protocol §5) onto typed errors.

use std::sync::atomic::Ordering;

use serde::de::DeserializeOwned;
use tokio::sync::RwLockReadGuard;

use crate::client::{Body, HubClient, Selection, decode_json};
use crate::error::{Error, Result};
use crate::html;

/// What an empty 200 body means for an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    /// Only a dead session answers with nothing (the common case).
    MeansExpiry,
    /// "Nothing there" is a real answer (`GetCurrentConference`-like endpoints), once the session is
    /// confirmed alive.
    #[allow(dead_code, reason = "first used by the documentation area's GetCurrentConference")]
    MeansNone,
}

/// Proof that the hub session has `pupil_id` selected; no switch happens while it is held.
pub(crate) type ChildLease<'a> = RwLockReadGuard<'a, Option<Selection>>;

impl HubClient {
    /// Waits for the child queue, makes `pupil_id` the selected child if it is not already, and checks
    /// that `app` is enabled for it, before any request of the caller is sent.
    ///
    /// The selection is remembered per session generation, so reads for the child already selected cost no
    /// extra round trip and run in parallel.
    pub(crate) async fn lease(&self, pupil_id: &str, app: &str) -> Result<ChildLease<'_>> {
        let guard = self.lease_child(pupil_id, None).await?;
        if !lease_has(&guard, app) {
            return Err(Error::ModuleDisabled { app: app.to_owned() });
        }
        Ok(guard)
    }

    /// Waits for the child queue and makes `pupil_id` the selected child if it is not already; no module
    /// check. With the child's `switch_id` known (from [`hub_model::Account`]) a switch skips reading the
    /// start page first.
    pub(crate) async fn lease_child(&self, pupil_id: &str, switch_id: Option<&str>) -> Result<ChildLease<'_>> {
        let lock = &self.inner().switch_lock;
        // Read under the lock: a renewal changes the generation only while holding it for writing.
        let generation = || self.inner().generation.load(Ordering::SeqCst);
        let current = |s: &Option<Selection>| {
            s.as_ref()
                .is_some_and(|s| s.generation == generation() && s.pupil_id == pupil_id)
        };
        let guard = lock.read().await;
        if current(&guard) {
            return Ok(guard);
        }
        drop(guard);
        let mut write = lock.write().await;
        if !current(&write) {
            *write = None;
            let made_in = generation();
            let home = match switch_id {
                Some(switch_id) => self.switch_locked(pupil_id, switch_id).await?,
                None => self.select_child_locked(pupil_id).await?,
            };
            *write = Some(Selection {
                generation: made_in,
                pupil_id: pupil_id.to_owned(),
                apps: home.apps.into_iter().map(|a| a.code_name).collect(),
            });
        }
        Ok(write.downgrade())
    }

    /// POSTs `body` to the hub endpoint `path` and decodes the answer as `T`.
    ///
    /// `what` names the endpoint in errors and logs; `app` is the module a `HandleUnauthorizedRequest`
    /// answer is reported against.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        what: &'static str,
        app: &str,
        path: &str,
        body: Body,
    ) -> Result<T> {
        match self.call_inner(what, app, path, body, Empty::MeansExpiry).await? {
            Some(v) => Ok(v),
            None => Err(Error::EmptyBody { what }),
        }
    }

    /// Like [`HubClient::call`], for endpoints where an empty answer means "nothing".
    #[allow(dead_code, reason = "first used by the documentation area's GetCurrentConference")]
    pub(crate) async fn call_optional<T: DeserializeOwned>(
        &self,
        what: &'static str,
        app: &str,
        path: &str,
        body: Body,
    ) -> Result<Option<T>> {
        self.call_inner(what, app, path, body, Empty::MeansNone).await
    }

    async fn call_inner<T: DeserializeOwned>(
        &self,
        what: &'static str,
        app: &str,
        path: &str,
        body: Body,
        empty: Empty,
    ) -> Result<Option<T>> {
        tracing::debug!(what, "hub call");
        let (status, text) = self.post_json_raw(path, &body).await.map_err(|e| e.in_app(app))?;
        let trimmed = text.trim();
        let is_html = trimmed.starts_with('<');
        if (is_html || status.is_server_error()) && trimmed.contains("HandleUnauthorizedRequest") {
            return Err(Error::ModuleDisabled { app: app.to_owned() });
        }
        if is_html {
            if html::relay_form(&text).is_some() || html::login_form(&text).is_some() {
                return Err(Error::SessionExpired);
            }
            // The hub's app shell instead of JSON: a module switched off, unless the session is gone.
            tracing::debug!(what, "html instead of json");
            return Err(if self.is_authenticated().await? {
                Error::ModuleDisabled { app: app.to_owned() }
            } else {
                Error::SessionExpired
            });
        }
        if !status.is_success() {
            return Err(Error::Status {
                status: status.as_u16(),
                what,
            });
        }
        if trimmed.is_empty() {
            tracing::debug!(what, "empty body, asking isauthenticated");
            if !self.is_authenticated().await? {
                return Err(Error::SessionExpired);
            }
            return match empty {
                Empty::MeansNone => Ok(None),
                Empty::MeansExpiry => Err(Error::EmptyBody { what }),
            };
        }
        decode_json(what, trimmed).map(Some)
    }
}

/// Whether the module `app` is enabled for the child a lease holds.
pub(crate) fn lease_has(lease: &ChildLease<'_>, app: &str) -> bool {
    lease
        .as_ref()
        .is_some_and(|s| s.apps.iter().any(|a| a.eq_ignore_ascii_case(app)))
}

/// Serializes a request model; the models are plain data, so this cannot fail in practice.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Body {
    Body::Json(serde_json::to_value(value).unwrap_or(serde_json::Value::Null))
}
