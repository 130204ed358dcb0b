//! Uppgifter (protocol §4.6) with the designed dialogue (`task/task/GetTask`, `SendMessage`), and
//! Planeringar (§4.7, `uolv2`) with its recorded quirks: `GetUol` binds only the exact key `id` (`uolId` or
//! `Id` → HTTP 500), and `GetAllTasks` answers a plan without tasks with an empty 200 body.
//!
//! Task wire conventions we chose: `status` is `NotStarted`/`InProgress`/`Done` with Swedish `statusText`;
//! `dueDate` is the Swedish day text (`fre 4 december`) and `dueDateDateValue` the local ISO midnight;
//! `assignedOn` is local ISO.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::task::{self as db_task, Message, Task, Uol};
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// Uppgifter (`task`).
pub(crate) struct Tasks;
impl Module for Tasks {
    const CODE_NAME: Option<&'static str> = Some("task");
}

/// Planeringar (`uolv2`).
pub(crate) struct Plans;
impl Module for Plans {
    const CODE_NAME: Option<&'static str> = Some("uolv2");
}

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/task/task/appdata", post(task_app_data))
        .route("/task/task/gettasks", post(get_tasks))
        .route("/task/task/gettask", post(get_task))
        .route("/task/task/sendmessage", post(send_message))
        .route("/uolv2/uolv2/appdata", post(uol_app_data))
        .route("/uolv2/uolv2/getuols", post(get_uols))
        .route("/uolv2/uolv2/getuol", post(get_uol))
        .route("/uolv2/uolv2/getalltasks", post(get_all_tasks))
}

fn status_text(status: &str) -> &'static str {
    match status {
        "Done" => "Inlämnad",
        "InProgress" => "Påbörjad",
        _ => "Ej påbörjad",
    }
}

fn today_iso(st: &EmuState) -> String {
    time::midnight_iso(local_now(st).date())
}

fn is_overdue(t: &Task, today: &str) -> bool {
    t.status != "Done" && t.due_date.as_str() < today
}

fn task_json(t: &Task, today: &str) -> Value {
    let due = time::parse_date_time(&t.due_date).map(|d| d.date());
    json!({
        "id": t.id,
        "status": t.status,
        "statusText": status_text(&t.status),
        "dueDate": due.map(time::day_text),
        "dueDateDateValue": t.due_date,
        "subject": t.subject,
        "title": t.title,
        "description": t.description,
        "read": i64::from(t.read),
        "hasUnreadComments": t.has_unread_comments,
        "hasLinks": false,
        "hasFiles": false,
        "hasReferences": false,
        "showOptionalPartsMessage": false,
        "milestoneCount": t.milestone_count,
        "milestonesComplete": t.milestones_complete,
        "assignedOn": t.assigned_on,
        "isOverdue": is_overdue(t, today),
        "isWithinCurrentTimeframe": t.status != "Done",
        "showOnedriveResource": false,
    })
}

fn task_results(tasks: &[Task], today: &str) -> Value {
    json!({
        "items": tasks.iter().map(|t| task_json(t, today)).collect::<Vec<_>>(),
        "more": 0,
        "totalOverdue": tasks.iter().filter(|t| is_overdue(t, today)).count(),
        "totalDue": tasks.iter().filter(|t| t.status != "Done" && !is_overdue(t, today)).count(),
        "totalDone": tasks.iter().filter(|t| t.status == "Done").count(),
    })
}

async fn task_app_data(State(st): State<EmuState>, app: AppSession<Tasks>) -> Result<Json<Value>, EmuError> {
    let today = today_iso(&st);
    let tasks = {
        let conn = st.db();
        db_task::tasks(&conn, &app.pupil.pupil_id)?
    };
    let year = crate::db::assessment::academic_year(local_now(&st).date());
    let mut subjects: Vec<&str> = tasks.iter().map(|t| t.subject.as_str()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    Ok(Json(json!({
        "maxUploadSize": 52_428_800,
        "allowedMimeTypes": ["application/pdf", "image/jpeg", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        "allowedExtensions": [".pdf", ".jpg", ".jpeg", ".png", ".docx"],
        "taskResults": task_results(&tasks, &today),
        "filterOption": {
            "subjects": subjects.iter().map(|s| json!({ "key": s, "value": s, "selected": false })).collect::<Vec<_>>(),
            "teachers": [],
            "academicYears": { "options": [{ "key": year.to_string(), "value": format!("{year}/{}", year + 1), "selected": true }] },
            "courses": [],
            "showCoursesFilter": false,
        },
        "isRestricted": false,
        "messageSubjectSize": 200,
        "canSendMessages": true,
        "translations": { "title": "Uppgifter", "overdue": "Försenade", "due": "Kommande", "done": "Klara" },
        "urls": {
            "getTask": "/task/task/GetTask",
            "getTasks": "/task/task/GetTasks",
            "setNote": "/task/task/SetNote",
            "uploadHandIn": "/task/task/UploadHandIn",
            "downloadHandIn": "/task/task/DownloadHandIn",
            "deleteHandIn": "/task/task/DeleteHandIn",
            "editMilestones": "/task/task/EditMilestones",
            "addComment": "/task/task/AddComment",
            "setMilestoneStatus": "/task/task/SetMilestoneStatus",
            "setTaskStatus": "/task/task/SetTaskStatus",
            "acknowledgeOptionalParts": "/task/task/AcknowledgeOptionalParts",
            "addOffice365File": "/task/task/AddOffice365File",
            "uploadThirdPartyHandIns": "/task/task/UploadThirdPartyHandIns",
            "sendMessage": "/task/task/SendMessage",
        },
    })))
}

/// `GetTasks` accepts `{}`, `{page, pageSize}` or the filter body; filters are ignored.
async fn get_tasks(State(st): State<EmuState>, app: AppSession<Tasks>, _p: Params) -> Result<Json<Value>, EmuError> {
    let today = today_iso(&st);
    let tasks = {
        let conn = st.db();
        db_task::tasks(&conn, &app.pupil.pupil_id)?
    };
    Ok(Json(task_results(&tasks, &today)))
}

fn message_json(m: &Message) -> Value {
    json!({ "id": m.id, "author": m.author, "role": m.role, "text": m.text, "sent": m.sent })
}

/// `GetTask {id}` → the task plus `attachments` and `messages`; opening it marks it read.
async fn get_task(State(st): State<EmuState>, app: AppSession<Tasks>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = p.i64("id").ok_or_else(|| EmuError::Internal("id missing".into()))?;
    let today = today_iso(&st);
    let (task, messages) = {
        let conn = st.db();
        let Some(task) = db_task::task(&conn, &app.pupil.pupil_id, id)? else {
            return Err(EmuError::Internal("no such task".into()));
        };
        let messages = db_task::messages(&conn, id)?;
        db_task::mark_read(&conn, id)?;
        (task, messages)
    };
    let mut body = task_json(&task, &today);
    body["attachments"] = json!([]);
    body["messages"] = Value::Array(messages.iter().map(message_json).collect());
    Ok(Json(body))
}

/// `SendMessage {taskId, text}` → `{success, message}`; an empty text is refused with `EmptyMessage`.
async fn send_message(State(st): State<EmuState>, app: AppSession<Tasks>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = p
        .i64("taskId")
        .ok_or_else(|| EmuError::Internal("taskId missing".into()))?;
    let Some(text) = p.str("text") else {
        return Ok(Json(json!({
            "success": false,
            "notifications": [{ "type": "Error", "title": "Meddelandet skickades inte", "message": "Skriv ett meddelande.", "code": "EmptyMessage" }],
        })));
    };
    let role = if app.is_student() { "Pupil" } else { "Guardian" };
    let sent = time::local_iso(local_now(&st));
    let message = {
        let conn = st.db();
        if db_task::task(&conn, &app.pupil.pupil_id, id)?.is_none() {
            return Err(EmuError::Internal("no such task".into()));
        }
        db_task::add_message(&conn, id, &app.session.user.display_name(), role, &text, &sent)?
    };
    Ok(Json(
        json!({ "success": true, "message": message_json(&message), "notifications": [] }),
    ))
}

fn academic_years(st: &EmuState, has_uols: bool) -> (i64, Value) {
    let year = i64::from(crate::db::assessment::academic_year(local_now(st).date()));
    (
        year,
        json!([{ "id": year, "title": format!("{year}/{}", year + 1), "selected": true, "hasUols": has_uols }]),
    )
}

fn uol_summary(u: &Uol) -> Value {
    json!({ "id": u.id, "title": u.title, "subjects": [u.subject_id], "state": u.state })
}

fn uol_subjects(uols: &[Uol]) -> Vec<Value> {
    let mut subjects: Vec<(i64, &str)> = uols.iter().map(|u| (u.subject_id, u.subject.as_str())).collect();
    subjects.sort_unstable_by_key(|(_, name)| *name);
    subjects.dedup();
    (1i64..)
        .zip(subjects)
        .map(|(order, (id, name))| json!({ "id": id, "name": name, "order": order }))
        .collect()
}

/// Filters plans by `stateFilter` (`"active,finished"`); none means all.
fn filtered(uols: Vec<Uol>, p: &Params) -> Vec<Uol> {
    match p.str("stateFilter") {
        Some(filter) => {
            let states: Vec<String> = filter.split(',').map(|s| s.trim().to_ascii_lowercase()).collect();
            uols.into_iter().filter(|u| states.contains(&u.state)).collect()
        }
        None => uols,
    }
}

async fn uol_app_data(State(st): State<EmuState>, app: AppSession<Plans>) -> Result<Json<Value>, EmuError> {
    let uols = {
        let conn = st.db();
        db_task::uols(&conn, &app.pupil)?
    };
    let (year, years) = academic_years(&st, !uols.is_empty());
    Ok(Json(json!({
        "uols": uols.iter().map(uol_summary).collect::<Vec<_>>(),
        "subjects": uol_subjects(&uols),
        "academicYears": years,
        "currentAcademicYearId": year,
        "hasChosenPreviousAcademicYear": false,
        "lastChanged": time::local_iso(local_now(&st)),
        "stateFilter": "active,finished",
        "subjectFilter": "",
        "translations": { "title": "Planeringar", "active": "Pågående", "finished": "Avslutade" },
        "urls": {
            "getUol": "/UolV2/UolV2/GetUol",
            "getUols": "/UolV2/UolV2/GetUols",
            "persistFilter": "/UolV2/UolV2/PersistFilter",
            "allObjectives": "/UolV2/UolV2/GetAllObjectives",
            "allTasks": "/UolV2/UolV2/GetAllTasks",
            "allTimelineEntries": "/UolV2/UolV2/GetTimelineEntries",
        },
    })))
}

async fn get_uols(State(st): State<EmuState>, app: AppSession<Plans>, p: Params) -> Result<Json<Value>, EmuError> {
    let uols = {
        let conn = st.db();
        filtered(db_task::uols(&conn, &app.pupil)?, &p)
    };
    let (year, years) = academic_years(&st, !uols.is_empty());
    Ok(Json(json!({
        "uols": uols.iter().map(uol_summary).collect::<Vec<_>>(),
        "subjects": uol_subjects(&uols),
        "academicYears": years,
        "currentAcademicYearId": year,
    })))
}

/// The plan id from the body, binding only the exact key `id` as the hub's action does.
fn exact_id(p: &Params) -> Result<i64, EmuError> {
    match p.0.get("id") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| EmuError::Internal("The parameters dictionary contains a null entry for parameter 'id'".into()))
}

fn date_text(iso: &str) -> String {
    time::parse_date(iso).map_or_else(|| iso.to_owned(), time::long_date)
}

async fn get_uol(State(st): State<EmuState>, app: AppSession<Plans>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = exact_id(&p)?;
    let uol = {
        let conn = st.db();
        db_task::uols(&conn, &app.pupil)?.into_iter().find(|u| u.id == id)
    };
    let Some(u) = uol else {
        return Err(EmuError::Internal("no such plan".into()));
    };
    let term = time::parse_date(&u.start_date)
        .map(|d| if chrono::Datelike::month(&d) >= 8 { "Ht" } else { "Vt" })
        .unwrap_or("Ht");
    Ok(Json(json!({
        "id": u.id,
        "title": u.title,
        "disableEdit": true,
        "hasAssessments": false,
        "subjects": [u.subject_id],
        "sections": [
            {
                "type": "uol",
                "title": u.title,
                "hasNew": false,
                "overview": [
                    { "label": "Termin", "value": term },
                    { "label": "Startdatum", "value": date_text(&u.start_date) },
                    { "label": "Slutdatum", "value": date_text(&u.end_date) },
                    { "label": "Årskurs", "value": u.grade.to_string() },
                    { "label": "Lärare", "value": u.teacher },
                    { "label": "Beskrivning", "value": u.description },
                ],
                "sections": [{ "fields": [{ "label": "Ämne", "value": u.subject }] }],
            },
            {
                "type": "syllabus",
                "title": "Centralt innehåll",
                "hasNew": false,
                "overview": [],
                "sections": [{ "fields": [{ "label": u.subject, "value": u.syllabus }] }],
            },
        ],
    })))
}

/// `GetAllTasks {id}`: the plan's tasks, or an empty 200 body when it has none.
async fn get_all_tasks(State(st): State<EmuState>, app: AppSession<Plans>, p: Params) -> Result<Response, EmuError> {
    let id = exact_id(&p)?;
    let tasks = {
        let conn = st.db();
        db_task::uol_tasks(&conn, &app.pupil.pupil_id, id)?
    };
    if tasks.is_empty() {
        return Ok(StatusCode::OK.into_response());
    }
    let items: Vec<Value> = tasks
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "dueDate": t.due_date,
                "status": t.status,
                "milestoneCount": t.milestone_count,
                "milestonesComplete": t.milestones_complete,
            })
        })
        .collect();
    Ok(Json(json!({ "tasks": items })).into_response())
}
