//! The mobile API (`api-im.infomentor.se`, protocol §3.3 steps 6–7), both behind `Authorization: Bearer`:
//! - `GET /NA1/Authentication/sso` → 200 with a JSON-quoted one-time URL on the mentor site which, when
//!   fetched, logs the IM1 session in and 302s to the hub login relay;
//! - `GET /NA1/account/Account` → PascalCase `{UserId, FirstName, LastName, Pupils:[{UserRoleId, FirstName,
//!   LastName}]}`, `UserRoleId` being the `SwitchPupil` id.
//!
//! A missing, unknown, expired or revoked token answers 401 with `WWW-Authenticate: Bearer
//! error="invalid_token"` and an empty body.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::db::{self, User, oauth};
use crate::error::EmuError;
use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/na1/authentication/sso", get(sso))
        .route("/na1/account/account", get(account))
}

fn unauthorized() -> Response {
    let mut resp = StatusCode::UNAUTHORIZED.into_response();
    resp.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    resp
}

/// The user behind the request's bearer token; `None` when it is missing, unknown, expired or revoked.
fn bearer_user(st: &EmuState, headers: &HeaderMap) -> Result<Option<User>, EmuError> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().to_owned())
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let conn = st.db();
    let Some(user_id) = oauth::user_for_access_token(&conn, &token, st.now_ms())? else {
        return Ok(None);
    };
    Ok(db::user_by_id(&conn, &user_id)?)
}

async fn sso(State(st): State<EmuState>, headers: HeaderMap) -> Result<Response, EmuError> {
    let Some(user) = bearer_user(&st, &headers)? else {
        return Ok(unauthorized());
    };
    let token = {
        let conn = st.db();
        oauth::issue_sso(&conn, &user.id, st.now_ms())?
    };
    Ok(Json(Value::String(st.urls.mentor_sso(&token))).into_response())
}

/// Ids are numbers here, as the .NET API serializes its integer ids.
fn number(id: &str) -> Value {
    id.parse::<i64>()
        .map_or_else(|_| Value::String(id.to_owned()), Value::from)
}

async fn account(State(st): State<EmuState>, headers: HeaderMap) -> Result<Response, EmuError> {
    let Some(user) = bearer_user(&st, &headers)? else {
        return Ok(unauthorized());
    };
    let pupils = {
        let conn = st.db();
        db::account_pupils(&conn, &user.id)?
    };
    Ok(Json(json!({
        "UserId": number(&user.id),
        "FirstName": user.first_name,
        "LastName": user.last_name,
        "Pupils": pupils.iter().map(|p| json!({
            "UserRoleId": number(&p.switch_id),
            "FirstName": p.first_name,
            "LastName": p.last_name,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}
