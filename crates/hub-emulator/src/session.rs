//! The hub session as handlers see it: found from the `.ASPXAUTH` and `IMHome` cookies, valid until the
//! login's lifetime ends, and carrying the server-side selected pupil (protocol §3.4, §3.6).
//!
//! [`HubSession`] is an extractor whose rejection is what the real hub does for an unauthenticated request
//! to an HTML page: a 302 to the login relay. JSON endpoints that answer an expired session with an empty
//! 200 instead (protocol §5) call [`authenticate`] directly.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse as _, Response};

use crate::cookies;
use crate::db::{self, User};
use crate::error::EmuError;
use crate::routes::{encode, found};
use crate::state::EmuState;

/// An authenticated hub session.
#[derive(Debug, Clone)]
pub(crate) struct HubSession {
    /// The `.ASPXAUTH` value, the session's key.
    pub id: String,
    pub user: User,
    pub selected_pupil_id: String,
    /// Strongly authenticated through the BankID step-up.
    pub strong: bool,
}

/// The session these cookies name, if it is live.
///
/// A request that carries a live `.ASPXAUTH` without its `IMHome` ends that session (and the IM1 login
/// behind it): FM found that dropping only `IMHome` does not renew and disturbs the server-side state, so
/// following the relay afterwards leads to the password form.
pub(crate) fn authenticate(st: &EmuState, headers: &HeaderMap) -> Result<Option<HubSession>, EmuError> {
    let Some(auth) = cookies::get(headers, cookies::ASPXAUTH) else {
        return Ok(None);
    };
    let mut conn = st.db();
    let Some(row) = db::hub_session(&conn, &auth)? else {
        return Ok(None);
    };
    if cookies::get(headers, cookies::IMHOME).as_deref() != Some(row.imhome.as_str()) {
        tracing::debug!("hub session without its IMHome cookie; ending it");
        db::end_hub_session(&mut conn, &row.id)?;
        return Ok(None);
    }
    if row.expires_at <= st.now_ms() {
        return Ok(None);
    }
    if row.wrong_municipality {
        // CG: a login that skipped the IdP fields lands in another municipality, where every hub call 302s.
        return Ok(None);
    }
    let Some(user) = db::user_by_id(&conn, &row.user_id)? else {
        return Ok(None);
    };
    Ok(Some(HubSession {
        id: row.id,
        user,
        selected_pupil_id: row.selected_pupil_id,
        strong: row.strong_auth,
    }))
}

/// The hub's answer to an unauthenticated page request: 302 to the login relay with a `ReturnUrl`.
pub(crate) fn login_redirect(return_url: &str) -> Response {
    found(&format!(
        "/Authentication/Authentication/Login?ReturnUrl={}",
        encode(return_url)
    ))
}

/// The path and query the client asked for, before normalization.
pub(crate) fn return_url(parts: &Parts) -> String {
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map(|original| &original.0)
        .unwrap_or(&parts.uri);
    uri.path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned())
}

impl FromRequestParts<EmuState> for HubSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &EmuState) -> Result<Self, Response> {
        match authenticate(st, &parts.headers) {
            Ok(Some(session)) => Ok(session),
            Ok(None) => Err(login_redirect(&return_url(parts))),
            Err(err) => Err(err.into_response()),
        }
    }
}
