//! BankID step-up for the hub session (`docs/protocol-extensions.md`, "säkrare inloggning"):
//! `authentication/stepup/Start {method}` → `{orderRef, autoStartToken, qrStartToken}` (the QR secret stays
//! on the server), `Collect {orderRef}` → `{status, hintCode, qrData}` and `Cancel {orderRef}`.
//!
//! `method` is `sameDevice` (autostart token), `otherDevice` (animated QR) or `bankid` (same as
//! `otherDevice`). An order of another session, or an unknown one, is refused with the business-error shape
//! and code `NoSuchOrder`; a missing `orderRef` is an HTTP 500 like any missing action parameter.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::bankid;
use crate::error::EmuError;
use crate::routes::gate::{Always, AppSession, Params};
use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/authentication/stepup/start", post(start))
        .route("/authentication/stepup/collect", post(collect))
        .route("/authentication/stepup/cancel", post(cancel))
}

fn no_such_order() -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{
            "type": "Error",
            "title": "BankID",
            "message": "Inloggningen med BankID finns inte längre. Försök igen.",
            "code": "NoSuchOrder",
        }],
    }))
}

fn order_ref(p: &Params) -> Result<String, EmuError> {
    p.str("orderRef")
        .ok_or_else(|| EmuError::Internal("orderRef missing".into()))
}

async fn start(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    let same_device = match p.str("method").as_deref() {
        Some(m) if m.eq_ignore_ascii_case("sameDevice") => true,
        None => false,
        Some(m) if m.eq_ignore_ascii_case("otherDevice") || m.eq_ignore_ascii_case("bankid") => false,
        Some(_) => return Err(EmuError::Internal("unknown step-up method".into())),
    };
    let order = {
        let conn = st.db();
        bankid::start(&conn, &app.session.id, same_device, st.now_ms())?
    };
    tracing::info!("BankID step-up started");
    Ok(Json(json!({
        "orderRef": order.order_ref,
        "autoStartToken": order.auto_start_token,
        "qrStartToken": order.qr_start_token,
    })))
}

async fn collect(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    let order_ref = order_ref(&p)?;
    let state = {
        let conn = st.db();
        bankid::collect(&conn, &app.session.id, &order_ref, st.now_ms())?
    };
    Ok(match state {
        Some(s) => Json(json!({ "status": s.status, "hintCode": s.hint_code, "qrData": s.qr_data })),
        None => no_such_order(),
    })
}

async fn cancel(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    let order_ref = order_ref(&p)?;
    let found = {
        let conn = st.db();
        bankid::cancel(&conn, &app.session.id, &order_ref)?
    };
    Ok(if found {
        Json(json!({ "success": true, "notifications": [] }))
    } else {
        no_such_order()
    })
}
