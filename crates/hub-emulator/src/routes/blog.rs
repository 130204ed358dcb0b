//! Blogg — the group timeline (`grouptimeline`): the recorded reads (protocol §4.15)
//! `grouptimeline/grouptimeline/appData` and `GroupTimeline/GroupTimeline/GetGroupTimelineEntries {page,
//! pageSize, groupId:-1, returnTimelineConfig}` → `{entries:[…], more}`, and the designed comments
//! `GetComments {entryId}` → `{comments:[{id, author, text, created}]}` and `AddComment {entryId, text}` →
//! `{success, comment}` (students only; guardians get code `NotAllowed`, an empty text `EmptyComment`).
//! `page` is 1-based; `pageSize` defaults to 50.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::blog::{self, Comment, Post};
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// Blogg (`grouptimeline`).
pub(crate) struct GroupTimeline;
impl Module for GroupTimeline {
    const CODE_NAME: Option<&'static str> = Some("grouptimeline");
}

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/grouptimeline/grouptimeline/appdata", post(app_data))
        .route(
            "/grouptimeline/grouptimeline/getgrouptimelineentries",
            post(get_entries),
        )
        .route("/grouptimeline/grouptimeline/getcomments", post(get_comments))
        .route("/grouptimeline/grouptimeline/addcomment", post(add_comment))
}

fn refusal(code: &str, message: &str) -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "Kommentaren sparades inte", "message": message, "code": code }],
    }))
}

fn entry_json(p: &Post, can_comment: bool) -> Value {
    let images: Vec<Value> = p
        .image_id
        .map(|id| {
            json!({
                "url": format!("/Resources/Resource/Download/{id}?api=IM2&ModuleType=None&ConnectionId=0"),
                "thumbnailUrl": format!("/Resources/Resource/Thumbnail/{id}?api=IM2&ModuleType=None&ConnectionId=0&width=320&height=240"),
            })
        })
        .into_iter()
        .collect();
    json!({
        "id": p.id,
        "title": p.title,
        "content": p.content,
        "publishedDate": p.published,
        "author": p.author,
        "groupName": format!("Klass {}", p.class_name),
        "images": images,
        "attachments": [],
        "commentCount": p.comment_count,
        "canComment": can_comment,
    })
}

fn comment_json(c: &Comment) -> Value {
    json!({ "id": c.id, "author": c.author, "text": c.text, "created": c.created })
}

async fn app_data(State(_st): State<EmuState>, app: AppSession<GroupTimeline>) -> Json<Value> {
    Json(json!({
        "groups": [{ "id": -1, "name": format!("Klass {}", app.pupil.class_name) }],
        "canComment": app.is_student(),
        "translations": { "title": "Blogg", "comments": "Kommentarer", "writeComment": "Skriv en kommentar" },
        "urls": {
            "getGroupTimelineEntries": "/GroupTimeline/GroupTimeline/GetGroupTimelineEntries",
            "getComments": "/GroupTimeline/GroupTimeline/GetComments",
            "addComment": "/GroupTimeline/GroupTimeline/AddComment",
        },
    }))
}

async fn get_entries(
    State(st): State<EmuState>,
    app: AppSession<GroupTimeline>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let page = usize::try_from(p.i64("page").unwrap_or(1).max(1)).unwrap_or(1);
    let size = usize::try_from(p.i64("pageSize").unwrap_or(50).clamp(1, 200)).unwrap_or(50);
    let posts = {
        let conn = st.db();
        blog::posts(&conn, app.pupil.school_id, &app.pupil.class_name)?
    };
    let can_comment = app.is_student();
    let start = (page - 1).saturating_mul(size);
    let entries: Vec<Value> = posts
        .iter()
        .skip(start)
        .take(size)
        .map(|p| entry_json(p, can_comment))
        .collect();
    Ok(Json(
        json!({ "entries": entries, "more": posts.len() > start.saturating_add(size) }),
    ))
}

fn entry_id(st: &EmuState, app: &AppSession<GroupTimeline>, p: &Params) -> Result<i64, EmuError> {
    let id = p
        .i64("entryId")
        .ok_or_else(|| EmuError::Internal("entryId missing".into()))?;
    let conn = st.db();
    if blog::post_in_class(&conn, app.pupil.school_id, &app.pupil.class_name, id)? {
        Ok(id)
    } else {
        Err(EmuError::Internal("no such entry".into()))
    }
}

async fn get_comments(
    State(st): State<EmuState>,
    app: AppSession<GroupTimeline>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = entry_id(&st, &app, &p)?;
    let comments = {
        let conn = st.db();
        blog::comments(&conn, id)?
    };
    Ok(Json(
        json!({ "comments": comments.iter().map(comment_json).collect::<Vec<_>>() }),
    ))
}

async fn add_comment(
    State(st): State<EmuState>,
    app: AppSession<GroupTimeline>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = entry_id(&st, &app, &p)?;
    if !app.is_student() {
        return Ok(refusal("NotAllowed", "Bara elever kan kommentera blogginlägg."));
    }
    let Some(text) = p.str("text") else {
        return Ok(refusal("EmptyComment", "Skriv en kommentar."));
    };
    let created = time::local_iso(local_now(&st));
    let comment = {
        let conn = st.db();
        blog::add_comment(&conn, id, &app.session.user.display_name(), &text, &created)?
    };
    Ok(Json(
        json!({ "success": true, "comment": comment_json(&comment), "notifications": [] }),
    ))
}
