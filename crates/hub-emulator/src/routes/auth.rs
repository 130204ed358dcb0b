//! Hub authentication endpoints (protocol §3.1, §3.4): the `openid_message` login relay, `LoginCallback`,
//! `isauthenticated` and `LogOut`.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::cookies;
use crate::db;
use crate::error::EmuError;
use crate::html;
use crate::routes::{form_fields, found};
use crate::session;
use crate::state::EmuState;

/// The hub's login relay page, where every unauthenticated road leads.
pub(crate) const LOGIN_RELAY_PATH: &str = "/Authentication/Authentication/Login?ReturnUrl=%2F";

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(
            "/authentication/authentication/login",
            get(login_relay).post(login_relay),
        )
        .route("/authentication/authentication/logincallback", get(login_callback))
        .route(
            "/authentication/authentication/isauthenticated",
            get(is_authenticated).post(is_authenticated),
        )
        .route("/authentication/authentication/logout", get(logout).post(logout))
}

/// `Login?ReturnUrl=…` and `login?apitype=im1&forceOAuth=true`: a fresh one-time relay token in a
/// self-submitting form aimed at the mentor site. The query does not change the page.
async fn login_relay(State(st): State<EmuState>) -> Result<Html<String>, EmuError> {
    let token = {
        let conn = st.db();
        db::issue_relay_token(&conn, st.now_ms())?
    };
    Ok(Html(html::relay_page(&st.urls.mentor, &token)))
}

/// `LoginCallback?apitype=im1&oauth_token=…&oauth_verifier=…`: redeems the one-time token, starts the hub
/// session (ending the user's previous one) and sets `.ASPXAUTH` and `IMHome`.
async fn login_callback(State(st): State<EmuState>, RawQuery(query): RawQuery) -> Result<Response, EmuError> {
    let params = form_fields(query.unwrap_or_default().as_bytes());
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    };
    let (Some(token), Some(verifier)) = (param("oauth_token"), param("oauth_verifier")) else {
        return Ok(found(LOGIN_RELAY_PATH));
    };
    let now = st.now_ms();
    let mut conn = st.db();
    let Some(login) = db::redeem_relay_token(&conn, token, verifier, now)? else {
        tracing::debug!("login callback with an unknown, unbound or reused relay token");
        return Ok(found(LOGIN_RELAY_PATH));
    };
    let pupils = db::account_pupils(&conn, &login.user_id)?;
    let Some(first) = pupils.first() else {
        return Err(EmuError::BadRequest("account has no pupils".into()));
    };
    let session = db::create_hub_session(&mut conn, &login, &first.pupil_id, now, st.lifetime_ms())?;
    drop(conn);
    tracing::info!(user = %login.user_id, "hub login");
    let mut resp = found("/");
    let headers = resp.headers_mut();
    headers.append(
        header::SET_COOKIE,
        cookies::set(cookies::ASPXAUTH, &session.aspxauth, "/"),
    );
    headers.append(header::SET_COOKIE, cookies::set(cookies::IMHOME, &session.imhome, "/"));
    Ok(resp)
}

/// Always 200 with JSON `true` or `false`.
async fn is_authenticated(State(st): State<EmuState>, headers: HeaderMap) -> Result<Json<bool>, EmuError> {
    Ok(Json(session::authenticate(&st, &headers)?.is_some()))
}

/// `LogOut?ApiType=IM1&ApiInstance=`: ends the hub session and the IM1 login behind it, then back to the
/// relay (which, without an IM1 login, ends at the password form).
async fn logout(State(st): State<EmuState>, headers: HeaderMap) -> Result<Response, EmuError> {
    if let Some(id) = cookies::get(&headers, cookies::ASPXAUTH) {
        let mut conn = st.db();
        db::end_hub_session(&mut conn, &id)?;
    }
    let mut resp = found(LOGIN_RELAY_PATH).into_response();
    let headers = resp.headers_mut();
    headers.append(header::SET_COOKIE, cookies::clear(cookies::ASPXAUTH, "/"));
    headers.append(header::SET_COOKIE, cookies::clear(cookies::IMHOME, "/"));
    Ok(resp)
}
