//! Meddelanden (protocol §4.11), scoped to the selected child: `Message/message/GetMessages` (form as SX/FM
//! send it, or JSON `{page}` as DX does) → `{items:[{id, messageContextType, sentUser:{id, displayName}, isNew,
//! messageSubject, timeSent}], more, page:0}` and `Message/message/GetMessage {id}` → the summary fields plus
//! `messageBodyPlainText`, `toUsers:[{id, displayName}]`, `messageFolder`.
//!
//! Choices where the record is silent: messages are not a start-page module, so every live session may read
//! them (like notifications); `page` is 1-based (0 or less reads page 1) and the answer always reports `page:0`,
//! as observed; `pageSize` defaults to 20 and is clamped to 1–100; `messageText` searches subject, body and
//! sender; `sentItems:"true"` lists the account's sent messages, which are none (nobody has recorded sending);
//! `timeSent` is a date (`YYYY-MM-DD`, DX appends `T00:00:00`); `messageContextType` is `"Message"`;
//! `GetMessage` marks the message read for this account; a missing id or a message the account cannot see is
//! an HTTP 500, the hub's answer to a null model.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::messages::{self, Message};
use crate::error::EmuError;
use crate::routes::gate::{Always, AppSession, Params};
use crate::state::EmuState;

const DEFAULT_PAGE_SIZE: i64 = 20;
const MAX_PAGE_SIZE: i64 = 100;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/message/message/getmessages", post(get_messages).get(get_messages))
        .route("/message/message/getmessage", post(get_message).get(get_message))
}

/// A user id as the hub's JSON number.
fn user_id(id: &str) -> Value {
    id.parse::<i64>().map_or_else(|_| Value::from(id), Value::from)
}

fn summary(m: &Message) -> Value {
    json!({
        "id": m.id,
        "messageContextType": "Message",
        "sentUser": { "id": m.sender_id, "displayName": m.sender_name },
        "isNew": m.is_new,
        "messageSubject": m.subject,
        "timeSent": m.sent_at.get(..10).unwrap_or(&m.sent_at),
    })
}

async fn get_messages(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    let page = usize::try_from(p.i64("page").unwrap_or(1).max(1)).unwrap_or(1);
    let size = usize::try_from(p.i64("pageSize").unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE)).unwrap_or(20);
    let sent_items = p.bool("sentItems").unwrap_or(false);
    let search = p.str("messageText");
    let all = if sent_items {
        Vec::new()
    } else {
        let conn = st.db();
        messages::inbox(
            &conn,
            &app.pupil.pupil_id,
            &app.session.user.id,
            app.session.user.role,
            search.as_deref(),
        )?
    };
    let skip = (page - 1).saturating_mul(size);
    let items: Vec<Value> = all.iter().skip(skip).take(size).map(summary).collect();
    let more = all.len() > skip.saturating_add(size);
    Ok(Json(json!({ "items": items, "more": more, "page": 0 })))
}

async fn get_message(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    let Some(id) = p.i64("id") else {
        return Err(EmuError::Internal("GetMessage needs an id".into()));
    };
    let (message, to) = {
        let conn = st.db();
        let Some(m) = messages::open(
            &conn,
            &app.pupil.pupil_id,
            &app.session.user.id,
            app.session.user.role,
            id,
        )?
        else {
            return Err(EmuError::Internal("no such message".into()));
        };
        let to = messages::recipients(&conn, &app.pupil.pupil_id, &m)?;
        (m, to)
    };
    let mut out = summary(&message);
    out["messageBodyPlainText"] = Value::from(message.body.as_str());
    out["toUsers"] = to
        .iter()
        .map(|(id, name)| json!({ "id": user_id(id), "displayName": name }))
        .collect();
    out["messageFolder"] = Value::from("Inbox");
    Ok(Json(out))
}
