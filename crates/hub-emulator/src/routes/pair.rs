//! Pairing on the hub: the recorded `account/pair/GetAuthenticationData` (protocol §3.3 step 2) and the
//! "Konfigurera app" pages designed in `docs/protocol-extensions.md`: the device-approval page
//! `GET /account/pair/device[?code=]`, `ApproveDevice`, `GetDevices` and `RevokeDevice`.
//!
//! All need a live hub session: the page 302s to the login relay (with its `ReturnUrl`), the JSON endpoints
//! answer like every gated hub endpoint. Refusals are HTTP 200 `{success:false, notifications:[…]}` with the
//! codes `InvalidCode` (unknown or expired user code), `AlreadyHandled` and `NotFound` (device).

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::{get, post};
use chrono::DateTime;
use serde_json::{Value, json};

use crate::db::oauth::{self, Decision};
use crate::error::EmuError;
use crate::html::escape;
use crate::routes::gate::{Always, AppSession, Params};
use crate::routes::oauth::CLIENT_ID;
use crate::routes::{encode, form_fields, found};
use crate::session::HubSession;
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/account/pair/getauthenticationdata", post(get_authentication_data))
        .route("/account/pair/device", get(device_page))
        .route("/account/pair/approvedevice", post(approve_device))
        .route("/account/pair/getdevices", post(get_devices))
        .route("/account/pair/revokedevice", post(revoke_device))
}

/// Epoch milliseconds as a local ISO time.
pub(crate) fn local_ms(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms).map_or_else(String::new, |t| time::local_iso(time::to_local(t)))
}

fn refusal(code: &str, message: &str) -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "Det gick inte att koppla enheten", "message": message, "code": code }],
    }))
}

fn ok() -> Json<Value> {
    Json(json!({ "success": true, "notifications": [] }))
}

/// `POST account/pair/GetAuthenticationData` → the pairing bootstrap with a temporary authGuid.
async fn get_authentication_data(State(st): State<EmuState>, app: AppSession<Always>) -> Result<Json<Value>, EmuError> {
    let (guid, expires_at) = {
        let conn = st.db();
        oauth::issue_auth_guid(&conn, &app.session.user.id, st.now_ms())?
    };
    let oauth_base = &st.urls.oauth;
    Ok(Json(json!({
        "apiUrl": st.urls.api,
        "authenticationUrl": format!(
            "{oauth_base}/Authentication/Authentication/LoginOAuth2?authGuid={guid}\
             &DeviceIdentifier={{DeviceIdentifier}}&DeviceFriendlyName={{DeviceFriendlyName}}&DeviceType={{DeviceType}}"
        ),
        "tokenUrl": format!("{oauth_base}/Authentication/OAuth2/Token"),
        "clientId": CLIENT_ID,
        "expirationTime": local_ms(expires_at),
        "revokeRefreshTokenUrl": format!("{oauth_base}/Authentication/OAuth2/Revoke"),
    })))
}

const PAGE_HEAD: &str = "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\" />\n\
<title>Konfigurera app - InfoMentor</title>\n</head>\n<body>\n<h1>Konfigurera app</h1>\n";

/// `GET account/pair/device[?code=ABCD-EFGH][&result=approved|denied|invalid]`: enter a code, or see the
/// device that shows it and approve or deny it; the paired devices are listed below.
async fn device_page(
    State(st): State<EmuState>,
    session: HubSession,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, EmuError> {
    let q = form_fields(query.unwrap_or_default().as_bytes());
    let param = |name: &str| {
        q.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let now = st.now_ms();
    let (request, devices) = {
        let conn = st.db();
        let request = match param("code") {
            Some(code) => oauth::device_request(&conn, &code, now)?,
            None => None,
        };
        (request, oauth::devices(&conn, &session.user.id)?)
    };
    let mut page = String::from(PAGE_HEAD);
    match param("result").as_deref() {
        Some("approved") => page.push_str("<p class=\"result success\">Enheten är godkänd.</p>\n"),
        Some("denied") => page.push_str("<p class=\"result\">Enheten nekades.</p>\n"),
        Some("invalid") => page.push_str("<p class=\"result error\">Koden är ogiltig eller har gått ut.</p>\n"),
        _ => {}
    }
    match (&request, param("code")) {
        (Some(req), _) if !req.expired && req.status == "pending" => {
            page.push_str(&format!(
                "<p>En enhet vill ansluta till ditt konto:</p>\n<dl class=\"device\">\n\
                 <dt>Enhet</dt><dd id=\"device-name\">{name}</dd>\n<dt>Typ</dt><dd id=\"device-type\">{kind}</dd>\n\
                 <dt>Kod</dt><dd id=\"user-code\">{code}</dd>\n</dl>\n\
                 <form id=\"approve-device\" method=\"post\" action=\"/account/pair/ApproveDevice\">\n\
                 <input type=\"hidden\" name=\"userCode\" value=\"{code}\" />\n\
                 <button type=\"submit\" name=\"approve\" value=\"true\">Godkänn</button>\n\
                 <button type=\"submit\" name=\"approve\" value=\"false\">Neka</button>\n</form>\n",
                name = escape(&req.device.friendly_name),
                kind = escape(&req.device.device_type),
                code = escape(&req.user_code),
            ));
        }
        (_, Some(_)) if param("result").is_none() => {
            page.push_str("<p class=\"result error\">Koden är ogiltig eller har gått ut.</p>\n");
        }
        _ => {}
    }
    if request.as_ref().is_none_or(|r| r.expired || r.status != "pending") {
        page.push_str(
            "<form id=\"enter-code\" method=\"get\" action=\"/account/pair/device\">\n\
             <label for=\"code\">Ange koden som visas i appen</label>\n\
             <input type=\"text\" id=\"code\" name=\"code\" value=\"\" autocomplete=\"off\" />\n\
             <button type=\"submit\">Fortsätt</button>\n</form>\n",
        );
    }
    page.push_str("<h2>Kopplade enheter</h2>\n<ul id=\"devices\">\n");
    for d in &devices {
        page.push_str(&format!(
            "<li data-device-id=\"{id}\">{name} ({kind}), kopplad {paired}</li>\n",
            id = escape(&d.id),
            name = escape(&d.friendly_name),
            kind = escape(&d.device_type),
            paired = escape(&local_ms(d.paired_at)),
        ));
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    Ok(Html(page))
}

/// `POST account/pair/ApproveDevice {userCode, approve}`. A JSON call gets JSON; the page's own form post
/// (form-encoded) is sent back to the page with the result.
async fn approve_device(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    headers: HeaderMap,
    p: Params,
) -> Result<Response, EmuError> {
    let from_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let code = p.str("userCode").unwrap_or_default();
    let approve = p.bool("approve").unwrap_or(false);
    let decision = {
        let conn = st.db();
        oauth::decide_device_request(&conn, &code, &app.session.user.id, approve, st.now_ms())?
    };
    if from_form {
        let result = match decision {
            Decision::Done if approve => "approved",
            Decision::Done => "denied",
            Decision::Invalid | Decision::AlreadyHandled => "invalid",
        };
        return Ok(found(&format!(
            "/account/pair/device?result={result}&code={}",
            encode(&code)
        )));
    }
    Ok(match decision {
        Decision::Done => ok(),
        Decision::Invalid => refusal("InvalidCode", "Koden är ogiltig eller har gått ut."),
        Decision::AlreadyHandled => refusal("AlreadyHandled", "Koden har redan använts."),
    }
    .into_response())
}

/// `POST account/pair/GetDevices` → the account's paired devices.
async fn get_devices(State(st): State<EmuState>, app: AppSession<Always>) -> Result<Json<Value>, EmuError> {
    let devices = {
        let conn = st.db();
        oauth::devices(&conn, &app.session.user.id)?
    };
    Ok(Json(Value::Array(
        devices
            .iter()
            .map(|d| {
                json!({
                    "deviceId": d.id,
                    "friendlyName": d.friendly_name,
                    "deviceType": d.device_type,
                    "pairedAt": local_ms(d.paired_at),
                    "lastUsed": local_ms(d.last_used),
                })
            })
            .collect(),
    )))
}

/// `POST account/pair/RevokeDevice {deviceId}`: the device's tokens stop working at once.
async fn revoke_device(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = p.str("deviceId").unwrap_or_default();
    let revoked = {
        let conn = st.db();
        oauth::revoke_device(&conn, &app.session.user.id, &id, st.now_ms())?
    };
    Ok(if revoked {
        ok()
    } else {
        refusal("NotFound", "Enheten finns inte.")
    })
}
