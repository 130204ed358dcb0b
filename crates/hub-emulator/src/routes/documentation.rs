//! Dokumentation (protocol §4.9): appData, the journal, the portfolio with comments, IUP, the special plan
//! (åtgärdsprogram) with its versions, and the utvecklingssamtal form (`GetCurrentConference`, which answers an
//! empty 200 body for a pupil without a form, as recorded) with its history.
//!
//! Designed where the doc has no shape: journal entries are `{id, title, text, date, author}`; a
//! `SavePortfolioComment` with an empty text is refused with code `EmptyComment`; special-plan versions are
//! `{id, title, displayVersion, date, decidedBy, isComplete}` and `GetSpecialPlanVersion {id}` adds
//! `sections:[{title, text}]`; history items are the form shape with `status:"Completed"`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::db::documentation::{self as doc, PortfolioItem};
use crate::demo;
use crate::error::EmuError;
use crate::routes::communication::download_url;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// Dokumentation (`documentation`).
pub(crate) struct Documentation;
impl Module for Documentation {
    const CODE_NAME: Option<&'static str> = Some("documentation");
}

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/documentation/documentation/appdata", post(app_data))
        .route("/documentation/journal/getjournallist", post(journal))
        .route("/documentation/portfolio/appdata", get(portfolio).post(portfolio))
        .route("/documentation/portfolio/getportfoliosbysemester", post(portfolio))
        .route(
            "/documentation/portfolio/getportfoliodetail/{id}",
            get(portfolio_detail).post(portfolio_detail),
        )
        .route("/documentation/portfolio/saveportfoliocomment", post(save_comment))
        .route("/documentation/iup/getpupiliupfilter", post(iup_filter).get(iup_filter))
        .route("/documentation/iup/getpupiliupdata", post(iup_data))
        .route(
            "/documentation/specialplan/getspecialplan",
            post(special_plan).get(special_plan),
        )
        .route(
            "/documentation/specialplan/getspecialplanversion",
            post(special_plan_version).get(special_plan_version),
        )
        .route(
            "/documentation/conference/getcurrentconference",
            post(current_conference),
        )
        .route(
            "/documentation/conference/gethistoryconferencelist",
            post(conference_history),
        )
}

async fn app_data(State(_st): State<EmuState>, app: AppSession<Documentation>) -> Json<Value> {
    Json(json!({
        "tabs": ["journal", "portfolio", "iup", "specialPlan", "conference"],
        "thirdSecurityInitData": null,
        "isGuardian": !app.is_student(),
        "loggedInUserIM2Id": app.session.user.id.parse::<i64>().unwrap_or(0),
        "translations": { "journal": "Anteckningar", "portfolio": "Portfolio", "iup": "IUP", "specialPlan": "Åtgärdsprogram", "conference": "Utvecklingssamtal" },
        "urls": {
            "getJournalList": "/Documentation/Journal/GetJournalList",
            "getPupilIUPFilter": "/Documentation/IUP/GetPupilIUPFilter",
            "getPupilIUPData": "/Documentation/IUP/GetPupilIUPData",
            "portfolioAppData": "/Documentation/Portfolio/AppData",
            "getSpecialPlan": "/Documentation/SpecialPlan/GetSpecialPlan",
            "getSpecialPlanVersion": "/Documentation/SpecialPlan/GetSpecialPlanVersion",
        },
    }))
}

async fn journal(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let size = usize::try_from(p.i64("pageSize").unwrap_or(50).max(1)).unwrap_or(50);
    let entries = {
        let conn = st.db();
        doc::journal(&conn, &app.pupil.pupil_id)?
    };
    Ok(Json(json!({
        "entries": entries.iter().take(size).map(|(id, date, author, title, text)| json!({
            "id": id, "title": title, "text": text, "date": date, "author": author,
        })).collect::<Vec<_>>(),
    })))
}

fn user_json(id: &str, name: &str, kind: &str) -> Value {
    let initial: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
    json!({
        "displayName": name,
        "avatarId": null,
        "hasAvatar": false,
        "avatarUrl": null,
        "id": id,
        "title": name,
        "type": kind,
        "colourCode": "#4a7fb5",
        "initial": initial,
    })
}

fn item_json(item: &PortfolioItem) -> Value {
    json!({
        "id": item.id,
        "title": item.title,
        "publishDate": item.published,
        "publisherName": item.publisher,
        "courseSubjectList": [{ "shortName": item.subject_short, "fullName": item.subject_full }],
        "fileType": "Image",
        "thumbnailUrl": download_url(demo::SKOGSDAG_IMAGE, "Portfolio", item.id),
        "isRead": item.read,
    })
}

/// The current semester: autumn from August, spring otherwise.
fn semester(st: &EmuState) -> (String, String, &'static str) {
    let today = local_now(st).date();
    let year = chrono::Datelike::year(&today);
    if chrono::Datelike::month(&today) >= 8 {
        (
            format!("{year}-08-01T00:00:00"),
            format!("{year}-12-31T00:00:00"),
            "Autumn",
        )
    } else {
        (
            format!("{year}-01-01T00:00:00"),
            format!("{year}-07-31T00:00:00"),
            "Spring",
        )
    }
}

/// `Portfolio/AppData?semesterType=` and `GetPortfoliosBySemester`.
async fn portfolio(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    _p: Params,
) -> Result<Json<Value>, EmuError> {
    let items = {
        let conn = st.db();
        doc::portfolio(&conn, &app.pupil.pupil_id)?
    };
    let (start, end, kind) = semester(&st);
    Ok(Json(json!({
        "pagedList": { "items": items.iter().map(item_json).collect::<Vec<_>>(), "page": 1, "pageSize": 50, "totalItemCount": items.len() },
        "unreadCount": items.iter().filter(|i| !i.read).count(),
        "totalItemCount": items.len(),
        "semesterTypeList": {
            "currentStartDate": start,
            "currentEndDate": end,
            "currentSemesterType": kind,
            "pupilPortfolioSemester": [{ "startDate": start, "endDate": end, "semesterType": kind }],
        },
        "isShowCourses": false,
        "translations": { "title": "Portfolio", "comment": "Kommentera" },
        "urls": {
            "getPortfolioDetail": "/Documentation/Portfolio/GetPortfolioDetail/",
            "savePortfolioComment": "/Documentation/Portfolio/SavePortfolioComment/",
            "deleteComment": "/Documentation/Portfolio/DeleteComment/",
            "getPortfoliosBySemester": "/Documentation/Portfolio/GetPortfoliosBySemester",
        },
    })))
}

fn comment_json(c: &doc::PortfolioComment, viewer: &str, parent: i64) -> Value {
    let (id, user_id, author, text, created) = c;
    json!({
        "text": text,
        "id": id,
        "dateTime": created,
        "permissions": if user_id == viewer { json!(["Edit", "Delete"]) } else { json!([]) },
        "user": user_json(user_id, author, "Guardian"),
        "parentId": parent,
        "createdBy": author,
        "createdById": user_id,
        "canManageComment": user_id == viewer,
        "creationDate": created,
    })
}

async fn portfolio_detail(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    Path(id): Path<String>,
) -> Result<Json<Value>, EmuError> {
    let id: i64 = id.parse().map_err(|_| EmuError::Internal("bad id".into()))?;
    let (item, comments) = {
        let conn = st.db();
        let Some(item) = doc::portfolio_item(&conn, &app.pupil.pupil_id, id)? else {
            return Ok(Json(json!({ "success": false, "portfolioDetail": null })));
        };
        doc::mark_portfolio_read(&conn, id)?;
        (item, doc::portfolio_comments(&conn, id)?)
    };
    let pupil_name = format!("{} {}", app.pupil.first_name, app.pupil.last_name);
    let url = download_url(demo::SKOGSDAG_IMAGE, "Portfolio", item.id);
    Ok(Json(json!({
        "success": true,
        "portfolioDetail": {
            "id": item.id,
            "originalImage": url,
            "title": item.title,
            "courseSubjectList": [{ "shortName": item.subject_short, "fullName": item.subject_full }],
            "publishDate": item.published,
            "publisherUser": user_json("6300000001", &item.publisher, "Staff"),
            "pupil": user_json(&app.pupil.pupil_id, &pupil_name, "Pupil"),
            "fileType": "Image",
            "fileName": "Skogsdag på Ekbacken.png",
            "fileExtension": ".png",
            "extensionType": "image",
            "portfolioResourceId": demo::SKOGSDAG_IMAGE,
            "comment": comments.iter().map(|c| comment_json(c, &app.session.user.id, item.id)).collect::<Vec<_>>(),
            "translations": { "comments": "Kommentarer" },
            "urls": { "downloadPortfolio": url },
        },
    })))
}

/// `SavePortfolioComment/ {comment, returnComment, connectionId, connectionType}`.
async fn save_comment(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = p
        .i64("connectionId")
        .ok_or_else(|| EmuError::Internal("connectionId missing".into()))?;
    let Some(text) = p.str("comment") else {
        return Ok(Json(json!({
            "success": false,
            "notifications": [{ "type": "Error", "title": "Kommentaren sparades inte", "message": "Skriv en kommentar.", "code": "EmptyComment" }],
        })));
    };
    let user = &app.session.user;
    let created = time::local_iso(local_now(&st));
    let comment = {
        let conn = st.db();
        if doc::portfolio_item(&conn, &app.pupil.pupil_id, id)?.is_none() {
            return Err(EmuError::Internal("no such portfolio item".into()));
        }
        let cid = doc::add_portfolio_comment(&conn, id, &user.id, &user.display_name(), &text, &created)?;
        (cid, user.id.clone(), user.display_name(), text, created)
    };
    Ok(Json(
        json!({ "success": true, "commentItem": comment_json(&comment, &user.id, id) }),
    ))
}

async fn iup_filter(State(st): State<EmuState>, app: AppSession<Documentation>) -> Result<Json<Value>, EmuError> {
    let versions = {
        let conn = st.db();
        doc::iup_versions(&conn, &app.pupil.pupil_id)?
    };
    let terms: Vec<Value> = versions
        .iter()
        .map(|(id, term, _)| {
            json!({ "name": format!("{term} {}", chrono::Datelike::year(&local_now(&st).date())),
                    "versions": [{ "id": id, "displayVersion": "Version 1", "isComplete": true }] })
        })
        .collect();
    Ok(Json(json!({ "terms": terms })))
}

async fn iup_data(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = p
        .i64("iupId")
        .ok_or_else(|| EmuError::Internal("iupId missing".into()))?;
    let versions = {
        let conn = st.db();
        doc::iup_versions(&conn, &app.pupil.pupil_id)?
    };
    let Some((_, _, questions)) = versions.into_iter().find(|(v, _, _)| *v == id) else {
        return Err(EmuError::Internal("no such IUP".into()));
    };
    let questions: Value = serde_json::from_str(&questions).unwrap_or(Value::Array(Vec::new()));
    Ok(Json(json!({ "questions": questions })))
}

/// `GetSpecialPlan` → `{versions:[{id, title, displayVersion, date, decidedBy, isComplete}]}`, version 1 first.
async fn special_plan(State(st): State<EmuState>, app: AppSession<Documentation>) -> Result<Json<Value>, EmuError> {
    let versions = {
        let conn = st.db();
        doc::special_plans(&conn, &app.pupil.pupil_id)?
    };
    Ok(Json(json!({
        "versions": (1..).zip(versions.iter()).map(|(n, v): (i64, _)| special_plan_summary(n, v)).collect::<Vec<_>>(),
    })))
}

fn special_plan_summary(n: i64, v: &doc::SpecialPlanVersion) -> Value {
    json!({
        "id": v.id,
        "title": v.title,
        "displayVersion": format!("Version {n}"),
        "date": v.decided,
        "decidedBy": v.decided_by,
        "isComplete": v.complete,
    })
}

/// `GetSpecialPlanVersion {id}` → the summary plus `sections:[{title, text}]`; a missing id or another pupil's
/// version is an HTTP 500.
async fn special_plan_version(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let Some(id) = p.i64("id") else {
        return Err(EmuError::Internal("GetSpecialPlanVersion needs an id".into()));
    };
    let versions = {
        let conn = st.db();
        doc::special_plans(&conn, &app.pupil.pupil_id)?
    };
    let Some((n, v)) = (1..).zip(versions.iter()).find(|(_, v): &(i64, _)| v.id == id) else {
        return Err(EmuError::Internal("no such special plan version".into()));
    };
    let mut out = special_plan_summary(n, v);
    out["sections"] = serde_json::from_str(&v.sections).unwrap_or_else(|_| json!([]));
    Ok(Json(out))
}

fn conference_json(id: i64, status: &str, changed: &str) -> Value {
    let info = match status {
        "HomeReady" => "Redo för hemmet att fylla i",
        "Completed" => "Genomfört",
        _ => "Skapat av läraren",
    };
    json!({ "id": id, "status": status, "lastChangesInfo": format!("{info} {changed}"), "changeStatusDate": changed })
}

/// An empty 200 body when the pupil has no form.
async fn current_conference(State(st): State<EmuState>, app: AppSession<Documentation>) -> Result<Response, EmuError> {
    let conference = {
        let conn = st.db();
        doc::conference(&conn, &app.pupil.pupil_id)?
    };
    Ok(match conference {
        Some((id, status, changed)) => Json(conference_json(id, &status, &changed)).into_response(),
        None => StatusCode::OK.into_response(),
    })
}

/// `GetHistoryConferenceList` → earlier, completed forms, newest first.
async fn conference_history(
    State(st): State<EmuState>,
    app: AppSession<Documentation>,
) -> Result<Json<Value>, EmuError> {
    let history = {
        let conn = st.db();
        doc::conference_history(&conn, &app.pupil.pupil_id)?
    };
    Ok(Json(Value::Array(
        history
            .iter()
            .map(|(id, changed)| conference_json(*id, "Completed", changed))
            .collect(),
    )))
}
