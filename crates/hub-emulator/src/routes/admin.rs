//! The admin API for tests and demos, served on its own port: health, clock, session expiry and reset.
//! JSON in and out; errors are `{"error": "…"}` with a 4xx/5xx status.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::db;
use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/admin/health", get(health))
        .route("/admin/clock", get(clock).post(set_clock))
        .route("/admin/expire-sessions", post(expire_sessions))
        .route("/admin/reset", post(reset))
        .fallback(not_found)
}

/// An admin failure, answered as JSON.
#[derive(Debug)]
struct AdminError(StatusCode, String);

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        if self.0.is_server_error() {
            tracing::error!(error = %self.1, "admin request failed");
        }
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<rusqlite::Error> for AdminError {
    fn from(err: rusqlite::Error) -> Self {
        AdminError(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
    }
}

impl From<anyhow::Error> for AdminError {
    fn from(err: anyhow::Error) -> Self {
        AdminError(StatusCode::INTERNAL_SERVER_ERROR, format!("{err:#}"))
    }
}

type AdminResult = Result<Json<Value>, AdminError>;

/// Parses an optional JSON body; an empty body means "all defaults".
fn body_or_default<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, AdminError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|err| AdminError(StatusCode::BAD_REQUEST, format!("invalid JSON body: {err}")))
}

fn clock_json(st: &EmuState) -> Value {
    json!({
        "now": st.clock.now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "offsetSeconds": st.clock.offset().num_seconds(),
    })
}

async fn health(State(st): State<EmuState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "now": st.clock.now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "urls": *st.urls,
    }))
}

async fn clock(State(st): State<EmuState>) -> Json<Value> {
    Json(clock_json(&st))
}

/// Exactly one of the fields: an absolute time, an offset from real time, or a step forward (negative
/// steps go back).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockRequest {
    now: Option<DateTime<Utc>>,
    offset_seconds: Option<i64>,
    advance_seconds: Option<i64>,
}

async fn set_clock(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: ClockRequest = body_or_default(&body)?;
    let seconds = |s: i64| {
        TimeDelta::try_seconds(s).ok_or_else(|| AdminError(StatusCode::BAD_REQUEST, "seconds out of range".into()))
    };
    match (req.now, req.offset_seconds, req.advance_seconds) {
        (Some(now), None, None) => st.clock.set(now),
        (None, Some(offset), None) => st.clock.set_offset(seconds(offset)?),
        (None, None, Some(step)) => st.clock.advance(seconds(step)?),
        _ => {
            return Err(AdminError(
                StatusCode::BAD_REQUEST,
                "give exactly one of now, offsetSeconds, advanceSeconds".into(),
            ));
        }
    }
    tracing::info!(offset_seconds = st.clock.offset().num_seconds(), "emulator clock set");
    Ok(Json(clock_json(&st)))
}

/// Expires every live hub and IM1 session now, as a server-side timeout would.
async fn expire_sessions(State(st): State<EmuState>) -> AdminResult {
    let (hub, mentor) = {
        let conn = st.db();
        db::expire_sessions(&conn, st.now_ms())?
    };
    tracing::info!(hub, mentor, "sessions expired by admin");
    Ok(Json(json!({ "hubSessions": hub, "mentorSessions": mentor })))
}

/// Reseeds the demo school and returns the clock to real time.
async fn reset(State(st): State<EmuState>) -> AdminResult {
    st.reset()?;
    tracing::info!("emulator reset");
    Ok(Json(json!({ "status": "ok" })))
}

async fn not_found() -> AdminError {
    AdminError(StatusCode::NOT_FOUND, "no such admin endpoint".into())
}
