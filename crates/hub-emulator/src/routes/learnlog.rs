//! Lärlogg (protocol §4.14): `GET learnlog/learnlog/getlearnlogs?learnLogType=&pageNumber=&pageSize=` → a
//! bare array of entries, and `learnlog/learnlog/appData` (GET or POST) → `{entries, translations, urls}`.
//! `learnLogType` 1 = about the child (`groupName` ""), 2 = group entries, 0/missing = all; `pageNumber` is
//! 1-based. Lärlogg is not a start-page box in Skolhub's module table, so these endpoints answer every live
//! session for its selected pupil (children without entries get `[]`).

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::get;
use chrono::Timelike as _;
use serde_json::{Value, json};

use crate::db::learnlog::{self, Entry};
use crate::error::EmuError;
use crate::routes::communication::download_url;
use crate::routes::gate::{Always, AppSession, Params};
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(
            "/learnlog/learnlog/getlearnlogs",
            get(get_learnlogs).post(get_learnlogs),
        )
        .route("/learnlog/learnlog/appdata", get(app_data).post(app_data))
}

/// "den 24 augusti 2026 klockan 21:38".
fn swedish_prose(iso: &str) -> String {
    time::parse_date_time(iso).map_or_else(String::new, |t| {
        format!(
            "den {} klockan {:02}:{:02}",
            time::long_date(t.date()),
            t.hour(),
            t.minute()
        )
    })
}

fn entry_json(e: &Entry) -> Value {
    let media: Vec<Value> = e
        .image_id
        .map(|id| {
            json!({
                "fileId": id,
                "fileType": "Image",
                "fileExtension": ".png",
                "fileName": "Skogsdag på Ekbacken.png",
                "thumbnailUrl": format!("/Resources/Resource/Thumbnail/{id}?api=IM2&ModuleType=LearnLog&ConnectionId={}&width=320&height=240", e.id),
                "fileUrl": download_url(id, "LearnLog", e.id),
            })
        })
        .into_iter()
        .collect();
    json!({
        "id": e.id,
        "title": e.title,
        "text": e.text,
        "groupName": e.group_name,
        "lastModifiedOn": swedish_prose(&e.modified_at),
        "subjectsCoursesDisplayString": e.subjects,
        "comments": [],
        "media": media,
        "attachments": [],
    })
}

fn load(st: &EmuState, app: &AppSession<Always>, p: &Params) -> Result<Vec<Value>, EmuError> {
    let individual = match p.i64("learnLogType") {
        Some(1) => Some(true),
        Some(2) => Some(false),
        _ => None,
    };
    let entries = {
        let conn = st.db();
        learnlog::entries(&conn, &app.pupil.pupil_id, individual)?
    };
    let size = usize::try_from(p.i64("pageSize").unwrap_or(20).clamp(1, 200)).unwrap_or(20);
    let page = usize::try_from(p.i64("pageNumber").unwrap_or(1).max(1)).unwrap_or(1);
    Ok(entries
        .iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .map(entry_json)
        .collect())
}

async fn get_learnlogs(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    Ok(Json(Value::Array(load(&st, &app, &p)?)))
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    Ok(Json(json!({
        "entries": load(&st, &app, &p)?,
        "translations": { "title": "Lärlogg" },
        "urls": { "getLearnLogs": "/learnlog/learnlog/getlearnlogs" },
    })))
}
