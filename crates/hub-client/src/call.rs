//! The plumbing every data area shares: the per-session child queue with the up-front module check, and
//! one JSON call that maps the hub's failure shapes (protocol §5) onto typed errors.

use std::sync::atomic::Ordering;

use serde_json::Value;

use serde::de::DeserializeOwned;
use tokio::sync::RwLockReadGuard;

use crate::client::{Body, HubClient, Selection, decode_json, decode_value};
use crate::error::{Error, Refusal, Result};
use crate::html;

/// What an empty 200 body means for an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    /// Only a dead session answers with nothing (the common case).
    MeansExpiry,
    /// "Nothing there" is a real answer (`GetCurrentConference`-like endpoints), once the session is
    /// confirmed alive.
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
    pub(crate) async fn call_optional<T: DeserializeOwned>(
        &self,
        what: &'static str,
        app: &str,
        path: &str,
        body: Body,
    ) -> Result<Option<T>> {
        self.call_inner(what, app, path, body, Empty::MeansNone).await
    }

    /// Like [`HubClient::call`] for endpoints that may answer with the business-error shape
    /// `{success:false, notifications:[{code, message}]}`, which becomes a typed error (see [`refusal`]).
    pub(crate) async fn call_checked<T: DeserializeOwned>(
        &self,
        what: &'static str,
        app: &str,
        path: &str,
        body: Body,
    ) -> Result<T> {
        let value: Value = self.call(what, app, path, body).await?;
        decode_value(what, refusal(value)?)
    }

    /// A child-scoped read: switches to `pupil_id` through the queue, checks `app` is enabled up front, runs
    /// `op` under the lease, and renews and replays once if the session was dead.
    pub(crate) async fn child_read<T, F, Fut>(&self, pupil_id: &str, app: &str, op: F) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let op = &op;
        self.renewing(|| async move {
            let _lease = self.lease(pupil_id, app).await?;
            op().await
        })
        .await
    }

    /// A child-scoped write that is never replayed blindly: `send` runs under a lease; if it meets a dead
    /// session, the session is renewed and `check` (also under a lease) re-reads the hub. When `check`
    /// finds the write already done, its answer is returned; otherwise `send` runs once more.
    pub(crate) async fn child_write<T, S, SF, C, CF>(&self, pupil_id: &str, app: &str, send: S, check: C) -> Result<T>
    where
        S: Fn() -> SF,
        SF: Future<Output = Result<T>>,
        C: FnOnce() -> CF,
        CF: Future<Output = Result<Option<T>>>,
    {
        let seen = self.inner().generation.load(Ordering::SeqCst);
        let first = match self.lease(pupil_id, app).await {
            Ok(_lease) => send().await,
            Err(e) => Err(e),
        };
        match first {
            Err(Error::SessionExpired) => {}
            other => return other,
        }
        self.renew(seen).await?;
        let _lease = self.lease(pupil_id, app).await?;
        if let Some(done) = check().await? {
            tracing::debug!("the write had reached the hub before the session expired");
            return Ok(done);
        }
        send().await
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

/// The business-error shape as a typed error: `StrongAuthenticationRequired` is [`Error::StepUpRequired`], other
/// codes [`Error::Refused`], a refusal without a code [`Error::Rejected`]. Anything else passes through.
pub(crate) fn refusal(value: Value) -> Result<Value> {
    if value.get("success").and_then(Value::as_bool) != Some(false) {
        return Ok(value);
    }
    let notes: Vec<&Value> = value
        .get("notifications")
        .and_then(Value::as_array)
        .map(|ns| ns.iter().collect())
        .unwrap_or_default();
    let text = |n: &Value| n.get("message").and_then(Value::as_str).map(str::to_owned);
    if let Some(note) = notes.iter().find(|n| n.get("code").and_then(Value::as_str).is_some()) {
        let code = note.get("code").and_then(Value::as_str).unwrap_or_default();
        if code == "StrongAuthenticationRequired" {
            return Err(Error::StepUpRequired);
        }
        return Err(Error::Refused {
            code: Refusal::from_code(code),
            message: text(note).unwrap_or_default(),
        });
    }
    Err(Error::Rejected {
        messages: notes.into_iter().filter_map(text).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_become_typed_errors() {
        let ok = serde_json::json!({"success": true, "meetingId": 3});
        assert_eq!(refusal(ok.clone()).unwrap(), ok);
        let plain = serde_json::json!({"id": 1});
        assert_eq!(refusal(plain.clone()).unwrap(), plain);
        let taken = serde_json::json!({"success": false, "notifications": [
            {"type": "Error", "title": "Bokningen", "message": "Tiden är redan bokad.", "code": "SlotTaken"}]});
        assert!(
            matches!(refusal(taken), Err(Error::Refused { code: Refusal::SlotTaken, ref message }) if message == "Tiden är redan bokad.")
        );
        let strong = serde_json::json!({"success": false, "notifications": [{"code": "StrongAuthenticationRequired"}]});
        assert!(matches!(refusal(strong), Err(Error::StepUpRequired)));
        let odd = serde_json::json!({"success": false, "notifications": [{"code": "Nytt", "message": "x"}]});
        assert!(matches!(refusal(odd), Err(Error::Refused { code: Refusal::Other(ref c), .. }) if c == "Nytt"));
        let bare = serde_json::json!({"success": false, "notifications": [{"message": "Nej"}]});
        assert!(matches!(refusal(bare), Err(Error::Rejected { ref messages }) if messages == &["Nej"]));
        let empty = serde_json::json!({"success": false});
        assert!(matches!(refusal(empty), Err(Error::Rejected { ref messages }) if messages.is_empty()));
    }
}
