//! The mobile OAuth server (`im.infomentor.se`, protocol §3.3) and the device-authorization pairing of
//! `docs/protocol-extensions.md`:
//! - `GET /Authentication/Authentication/LoginOAuth2?authGuid=…&client_id=notificationapp&response_type=code&
//!   redirect_uri=InfomentorNotification://oauth2Callback&…` → 302 to the custom-scheme redirect with `code`;
//!   the GUID is the only credential (no cookies) and works once, within its lifetime;
//! - `POST /Authentication/OAuth2/Token` (form): `authorization_code`, `refresh_token` (rotating; a reused one
//!   ends the token family, unless its successor was never used: then the answer was lost and the grace rule
//!   of `db::oauth::refresh` answers anew) and the RFC 8628 device-code grant; errors are HTTP 400 `{error,
//!   error_description}` (`invalid_client` 401);
//! - `POST /Authentication/OAuth2/Revoke` `token` (RFC 7009: always 200);
//! - `POST /Authentication/OAuth2/DeviceAuthorization`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::db::oauth::{self, DeviceInfo, GrantError, TokenPair};
use crate::error::EmuError;
use crate::routes::gate::Params;
use crate::routes::{encode, found};
use crate::state::EmuState;

/// The only client the hub knows.
pub(crate) const CLIENT_ID: &str = "notificationapp";
/// The app's custom-scheme redirect.
pub(crate) const REDIRECT_URI: &str = "InfomentorNotification://oauth2Callback";
/// The scope the app asks for.
pub(crate) const SCOPE: &str = "IM2-API-NOTIFICATION";
/// The device-code grant type of RFC 8628.
pub(crate) const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/authentication/authentication/loginoauth2", get(login_oauth2))
        .route("/authentication/oauth2/token", post(token))
        .route("/authentication/oauth2/revoke", post(revoke))
        .route("/authentication/oauth2/deviceauthorization", post(device_authorization))
}

fn device_info(p: &Params, id: &str, name: &str, kind: &str) -> DeviceInfo {
    DeviceInfo {
        identifier: p.str(id).unwrap_or_default(),
        friendly_name: p.str(name).unwrap_or_else(|| "Okänd enhet".to_owned()),
        device_type: p.str(kind).unwrap_or_else(|| "Okänd".to_owned()),
    }
}

/// `LoginOAuth2`: trades the temporary authGuid for an authorization code.
async fn login_oauth2(State(st): State<EmuState>, p: Params) -> Result<Response, EmuError> {
    if p.str("client_id").as_deref() != Some(CLIENT_ID) {
        return Err(EmuError::BadRequest("unknown client_id".into()));
    }
    if p.str("response_type").as_deref() != Some("code") {
        return Err(EmuError::BadRequest("response_type must be code".into()));
    }
    let redirect_uri = p.str("redirect_uri").unwrap_or_else(|| REDIRECT_URI.to_owned());
    if !redirect_uri.eq_ignore_ascii_case(REDIRECT_URI) {
        return Err(EmuError::BadRequest("unknown redirect_uri".into()));
    }
    let Some(guid) = p.str("authGuid") else {
        return Err(EmuError::BadRequest("authGuid missing".into()));
    };
    let device = device_info(&p, "DeviceIdentifier", "DeviceFriendlyName", "DeviceType");
    let code = {
        let conn = st.db();
        oauth::code_for_guid(&conn, &guid, &redirect_uri, &device, st.now_ms())?
    };
    let Some(code) = code else {
        tracing::debug!("LoginOAuth2 with an unknown, used or expired authGuid");
        return Err(EmuError::BadRequest("authGuid unknown or expired".into()));
    };
    Ok(found(&format!("{REDIRECT_URI}?code={}", encode(&code))))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn tokens_json(st: &EmuState, pair: TokenPair) -> Response {
    Json(json!({
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": st.cfg.access_token_lifetime.as_secs(),
        "token_type": "Bearer",
    }))
    .into_response()
}

fn grant_answer(st: &EmuState, result: Result<TokenPair, GrantError>) -> Response {
    match result {
        Ok(pair) => tokens_json(st, pair),
        Err(err) => {
            let description = match err {
                GrantError::InvalidGrant => "The grant is invalid, expired, used or revoked.",
                GrantError::AuthorizationPending => "The user has not yet approved the device.",
                GrantError::SlowDown => "Polling too fast; add 5 seconds to the interval.",
                GrantError::ExpiredToken => "The device code has expired.",
                GrantError::AccessDenied => "The user denied the request.",
            };
            oauth_error(StatusCode::BAD_REQUEST, err.code(), description)
        }
    }
}

/// `OAuth2/Token`.
async fn token(State(st): State<EmuState>, p: Params) -> Result<Response, EmuError> {
    if p.str("client_id").as_deref() != Some(CLIENT_ID)
        || p.str("client_secret").is_some_and(|s| !s.eq_ignore_ascii_case("NONE"))
    {
        return Ok(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client.",
        ));
    }
    let now = st.now_ms();
    let ttl = st.access_ttl_ms();
    let missing = |what: &str| {
        Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("{what} is missing."),
        ))
    };
    let result = match p.str("grant_type").as_deref() {
        Some("authorization_code") => {
            let Some(code) = p.str("code") else {
                return missing("code");
            };
            let redirect_uri = p.str("redirect_uri");
            let mut conn = st.db();
            oauth::exchange_code(&mut conn, &code, redirect_uri.as_deref(), now, ttl)?
        }
        Some("refresh_token") => {
            let Some(refresh) = p.str("refresh_token") else {
                return missing("refresh_token");
            };
            let mut conn = st.db();
            oauth::refresh(&mut conn, &refresh, now, ttl)?
        }
        Some(DEVICE_GRANT) => {
            let Some(device_code) = p.str("device_code") else {
                return missing("device_code");
            };
            let mut conn = st.db();
            oauth::poll_device(&mut conn, &device_code, now, ttl)?
        }
        Some(_) => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The grant type is not supported.",
            ));
        }
        None => return missing("grant_type"),
    };
    Ok(grant_answer(&st, result))
}

/// `OAuth2/Revoke` `token`: ends the token family; unknown tokens are fine (RFC 7009 §2.2).
async fn revoke(State(st): State<EmuState>, p: Params) -> Result<Response, EmuError> {
    if let Some(t) = p.str("token") {
        let conn = st.db();
        if oauth::revoke_token(&conn, &t, st.now_ms())? {
            tracing::info!("token family revoked");
        }
    }
    Ok(StatusCode::OK.into_response())
}

/// `OAuth2/DeviceAuthorization`: a device code for polling and a user code for the hub page.
async fn device_authorization(State(st): State<EmuState>, p: Params) -> Result<Response, EmuError> {
    if p.str("client_id").as_deref() != Some(CLIENT_ID) {
        return Ok(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client.",
        ));
    }
    if p.str("scope").is_some_and(|s| s != SCOPE) {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_scope", "Unknown scope."));
    }
    let device = device_info(&p, "device_identifier", "device_friendly_name", "device_type");
    let (device_code, user_code) = {
        let conn = st.db();
        oauth::start_device_request(&conn, &device, st.now_ms())?
    };
    let verification_uri = format!("{}/account/pair/device", st.urls.hub);
    Ok(Json(json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri": verification_uri,
        "verification_uri_complete": format!("{verification_uri}?code={user_code}"),
        "expires_in": oauth::DEVICE_REQUEST_TTL_S,
        "interval": oauth::DEVICE_INTERVAL_S,
    }))
    .into_response())
}
