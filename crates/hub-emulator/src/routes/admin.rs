//! The admin API for tests and demos, served on its own port: health, clock, the live sessions and their
//! expiry, reset, extra
//! guardians (for race and load tests), module switches per pupil, publishing news, calendar entries,
//! messages and a teacher's reply on a task (each with its notifications), development-talk slots and fault injection (`/admin/faults`; a reset
//! leaves the faults as they are, `/admin/faults/clear` switches them off).
//! JSON in and out; errors are `{"error": "…"}` with a 4xx/5xx status.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use rusqlite::OptionalExtension as _;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::db::{self, bankid, etest, meeting, messages, oauth, publish};
use crate::faults::Faults;
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/admin/health", get(health))
        .route("/admin/clock", get(clock).post(set_clock))
        .route("/admin/sessions", get(sessions))
        .route("/admin/expire-sessions", post(expire_sessions))
        .route("/admin/reset", post(reset))
        .route("/admin/guardians", post(add_guardians))
        .route("/admin/apps", post(set_app))
        .route("/admin/news", post(publish_news))
        .route("/admin/calendar", post(publish_calendar_entry))
        .route("/admin/messages", post(send_message))
        .route("/admin/task-messages", post(reply_on_task))
        .route("/admin/meeting-slots", post(add_meeting_slot))
        .route("/admin/meeting-slots/remove", post(remove_meeting_slot))
        .route("/admin/meeting-bookings", get(meeting_bookings))
        .route("/admin/device/approve", post(approve_device))
        .route("/admin/tokens/expire", post(expire_tokens))
        .route("/admin/bankid", post(drive_bankid))
        .route("/admin/etest/release", post(release_etest))
        .route("/admin/faults", get(faults).post(set_faults))
        .route("/admin/faults/clear", post(clear_faults))
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
/// The hub sessions alive now: `{hubSessions: [userId, …]}`, one entry per session (so a user logged in
/// twice is listed twice).
async fn sessions(State(st): State<EmuState>) -> AdminResult {
    let users = db::live_hub_sessions(&st.db(), st.now_ms())?;
    Ok(Json(json!({ "hubSessions": users })))
}

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

/// `{pupilId, count, password?}`: adds `count` fictitious guardians of the pupil (1–500), each able to log in
/// with the password chain. Returns their user names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GuardiansRequest {
    pupil_id: String,
    count: usize,
    password: Option<String>,
}

async fn add_guardians(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: GuardiansRequest = body_or_default(&body)?;
    if !(1..=500).contains(&req.count) {
        return Err(AdminError(StatusCode::BAD_REQUEST, "count must be 1 to 500".into()));
    }
    let password = req.password.unwrap_or_else(|| "demo".to_owned());
    let usernames = {
        let mut conn = st.db();
        if db::pupil_info(&conn, &req.pupil_id)?.is_none() {
            return Err(AdminError(StatusCode::NOT_FOUND, "no such pupil".into()));
        }
        db::add_guardians(&mut conn, &req.pupil_id, req.count, &password)?
    };
    tracing::info!(count = usernames.len(), "guardians added by admin");
    Ok(Json(json!({ "usernames": usernames, "password": password })))
}

/// `{pupilId, codeName, enabled, studentOnly?}`: the school turns a module on or off for a pupil (for example
/// `timetable` or `attendance`, which the Lekeberg demo has off because they live in Edlevo).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AppRequest {
    pupil_id: String,
    code_name: String,
    enabled: bool,
    #[serde(default)]
    student_only: bool,
}

async fn set_app(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: AppRequest = body_or_default(&body)?;
    let result = {
        let conn = st.db();
        db::set_pupil_app(&conn, &req.pupil_id, &req.code_name, req.enabled, req.student_only)?
    };
    match result {
        db::AppToggle::Done => {
            tracing::info!(code_name = %req.code_name, enabled = req.enabled, "module set by admin");
            Ok(Json(
                json!({ "pupilId": req.pupil_id, "codeName": req.code_name, "enabled": req.enabled }),
            ))
        }
        db::AppToggle::NoSuchPupil => Err(AdminError(StatusCode::NOT_FOUND, "no such pupil".into())),
        db::AppToggle::NoSuchApp => Err(AdminError(StatusCode::NOT_FOUND, "no such module".into())),
    }
}

/// The audience of published content: the whole school, or one class (`className`) or grade.
fn audience<'a>(
    conn: &rusqlite::Connection,
    class_name: Option<&'a str>,
    grade: Option<i64>,
) -> Result<publish::Audience<'a>, AdminError> {
    if class_name.is_some() && grade.is_some() {
        return Err(AdminError(
            StatusCode::BAD_REQUEST,
            "give className or grade, not both".into(),
        ));
    }
    let audience = publish::Audience {
        school_id: crate::demo::SCHOOL.id,
        class_name,
        grade,
    };
    if !publish::audience_exists(conn, audience)? {
        return Err(AdminError(StatusCode::NOT_FOUND, "no pupil in that audience".into()));
    }
    Ok(audience)
}

fn required<'a>(value: &'a str, what: &str) -> Result<&'a str, AdminError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AdminError(StatusCode::BAD_REQUEST, format!("{what} must not be empty")));
    }
    Ok(value)
}

/// `{title, content?, publishedBy?, className?, grade?}`: staff publish a news item now; every account linked
/// to a pupil in the audience gets a `News` notification.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewsRequest {
    title: String,
    content: Option<String>,
    published_by: Option<String>,
    class_name: Option<String>,
    grade: Option<i64>,
}

async fn publish_news(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: NewsRequest = body_or_default(&body)?;
    let title = required(&req.title, "title")?;
    let now = time::local_iso(time::to_local(st.clock.now()));
    let item = publish::News {
        title,
        content: req.content.as_deref().unwrap_or(""),
        published_by: req.published_by.as_deref().unwrap_or("Ekbackens skola"),
    };
    let (id, notified) = {
        let mut conn = st.db();
        let audience = audience(&conn, req.class_name.as_deref(), req.grade)?;
        publish::news(&mut conn, audience, &item, &now)?
    };
    tracing::info!(news_id = id, notified, "news published by admin");
    Ok(Json(json!({ "newsId": id, "notified": notified })))
}

/// `{title, date, startTime?, endTime?, text?, typeId?, publishedBy?, className?, grade?}`: staff add a
/// calendar entry (all day without times); the audience gets a `CalendarV2` notification.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CalendarRequest {
    title: String,
    date: String,
    start_time: Option<String>,
    end_time: Option<String>,
    text: Option<String>,
    type_id: Option<i64>,
    published_by: Option<String>,
    class_name: Option<String>,
    grade: Option<i64>,
}

async fn publish_calendar_entry(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: CalendarRequest = body_or_default(&body)?;
    let bad = |what: &str| AdminError(StatusCode::BAD_REQUEST, format!("invalid {what}"));
    let title = required(&req.title, "title")?;
    let date = time::parse_date(&req.date).ok_or_else(|| bad("date"))?;
    let type_id = req.type_id.unwrap_or(1);
    if !crate::demo::CALENDAR_TYPES.iter().any(|t| t.0 == type_id) {
        return Err(bad("typeId"));
    }
    let at = |t: &str| {
        chrono::NaiveTime::parse_from_str(t, "%H:%M")
            .map(|t| date.and_time(t))
            .map_err(|_| bad("time"))
    };
    let (start, end, all_day) = match (req.start_time.as_deref(), req.end_time.as_deref()) {
        (None, None) => (
            date.and_time(chrono::NaiveTime::MIN),
            date.and_time(chrono::NaiveTime::MIN),
            true,
        ),
        (Some(from), Some(to)) => (at(from)?, at(to)?, false),
        _ => return Err(bad("times: give both startTime and endTime or neither")),
    };
    if end < start {
        return Err(bad("times: endTime before startTime"));
    }
    let now = time::local_iso(time::to_local(st.clock.now()));
    let entry = publish::Entry {
        type_id,
        title,
        text: req.text.as_deref().unwrap_or(""),
        all_day,
        start,
        end,
        published_by: req.published_by.as_deref().unwrap_or("Ekbackens skola"),
    };
    let (id, notified) = {
        let mut conn = st.db();
        let audience = audience(&conn, req.class_name.as_deref(), req.grade)?;
        publish::calendar_entry(&mut conn, audience, &entry, &now)?
    };
    tracing::info!(entry_id = id, notified, "calendar entry published by admin");
    Ok(Json(json!({ "entryId": id, "notified": notified })))
}

/// `{pupilId, subject, body, senderName?, senderId?, toGuardians?, toPupil?}` (default: to the guardians):
/// a staff member sends a message about a pupil; each recipient gets a `MessageCreated` notification.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MessageRequest {
    pupil_id: String,
    subject: String,
    body: String,
    sender_name: Option<String>,
    sender_id: Option<i64>,
    to_guardians: Option<bool>,
    to_pupil: Option<bool>,
}

async fn send_message(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: MessageRequest = body_or_default(&body)?;
    let subject = required(&req.subject, "subject")?;
    let text = required(&req.body, "body")?;
    let to_guardians = req.to_guardians.unwrap_or(true);
    let to_pupil = req.to_pupil.unwrap_or(false);
    if !to_guardians && !to_pupil {
        return Err(AdminError(StatusCode::BAD_REQUEST, "a message needs recipients".into()));
    }
    let now = time::local_iso(time::to_local(st.clock.now()));
    let message = messages::NewMessage {
        pupil_id: &req.pupil_id,
        sender_id: req.sender_id.unwrap_or(770_100),
        sender_name: req.sender_name.as_deref().unwrap_or("Ekbackens skola"),
        subject,
        body: text,
        to_guardians,
        to_pupil,
    };
    let (id, notified) = {
        let mut conn = st.db();
        if db::pupil_info(&conn, &req.pupil_id)?.is_none() {
            return Err(AdminError(StatusCode::NOT_FOUND, "no such pupil".into()));
        }
        let tx = conn.transaction()?;
        let id = messages::insert(&tx, None, &message, &now, "New")?;
        let notified: i64 = tx.query_row(
            "SELECT count(*) FROM notifications WHERE url = ?1",
            [format!("/#/communication/messages/{id}")],
            |r| r.get(0),
        )?;
        tx.commit()?;
        (id, notified)
    };
    tracing::info!(message_id = id, notified, "message sent by admin");
    Ok(Json(json!({ "messageId": id, "notified": notified })))
}

/// `{taskId, text, author?}`: the teacher answers in a task's dialogue; the message is unread and the pupil's
/// accounts get an `Assignment` notification pointing at the task (protocol §4: `/#/task/show/<id>`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TaskReplyRequest {
    task_id: i64,
    text: String,
    author: Option<String>,
}

async fn reply_on_task(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: TaskReplyRequest = body_or_default(&body)?;
    let text = required(&req.text, "text")?;
    let author = req.author.as_deref().unwrap_or("Lena Holm");
    let now = time::local_iso(time::to_local(st.clock.now()));
    let (message_id, notified) = {
        let mut conn = st.db();
        let tx = conn.transaction()?;
        let task: Option<(String, String)> = tx
            .query_row("SELECT pupil_id, title FROM tasks WHERE id = ?1", [req.task_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((pupil_id, title)) = task else {
            return Err(AdminError(StatusCode::NOT_FOUND, "no such task".into()));
        };
        let message = db::task::add_message(&tx, req.task_id, author, "Teacher", text, &now)?;
        tx.execute("UPDATE task_messages SET unread = 1 WHERE id = ?1", [message.id])?;
        let notified = db::notifications::notify_pupil(
            &tx,
            &pupil_id,
            "Assignment",
            "AssignmentMessageCreated",
            "Assignment",
            &format!("Nytt meddelande: {title}"),
            author,
            &format!("/#/task/show/{}", req.task_id),
            &now,
        )?;
        tx.commit()?;
        (message.id, notified)
    };
    tracing::info!(task_id = req.task_id, message_id, notified, "task reply by admin");
    Ok(Json(json!({ "messageId": message_id, "notified": notified })))
}

/// A development-talk slot for a class: local date and times, and the booking deadline (local ISO).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SlotRequest {
    class_name: String,
    date: String,
    time_from: String,
    time_to: String,
    closes_at: String,
    teacher_name: Option<String>,
    location: Option<String>,
    meeting_type: Option<String>,
    meeting_link: Option<String>,
}

async fn add_meeting_slot(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: SlotRequest = body_or_default(&body)?;
    let bad = |what: &str| AdminError(StatusCode::BAD_REQUEST, format!("invalid {what}"));
    let date = time::parse_date(&req.date).ok_or_else(|| bad("date"))?;
    let closes_at = time::parse_date_time(&req.closes_at).ok_or_else(|| bad("closesAt"))?;
    for t in [&req.time_from, &req.time_to] {
        chrono::NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad("time"))?;
    }
    let id = {
        let conn = st.db();
        meeting::add_slot(
            &conn,
            &meeting::NewSlot {
                class_name: &req.class_name,
                date,
                time_from: &req.time_from,
                time_to: &req.time_to,
                closes_at: &time::local_iso(closes_at),
                teacher_name: req.teacher_name.as_deref().unwrap_or("Jonas Berg"),
                location: req.location.as_deref().unwrap_or("Klassrum"),
                meeting_type: req.meeting_type.as_deref().unwrap_or("Utvecklingssamtal"),
                meeting_link: req.meeting_link.as_deref(),
            },
        )?
    };
    Ok(Json(json!({ "availabilityId": id })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RemoveSlotRequest {
    availability_id: i64,
}

async fn remove_meeting_slot(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: RemoveSlotRequest = body_or_default(&body)?;
    let removed = {
        let mut conn = st.db();
        meeting::remove_slot(&mut conn, req.availability_id)?
    };
    if !removed {
        return Err(AdminError(StatusCode::NOT_FOUND, "no such slot".into()));
    }
    Ok(Json(json!({ "removed": true })))
}

/// Every row of the bookings table, so tests can count what the database holds.
async fn meeting_bookings(State(st): State<EmuState>) -> AdminResult {
    let rows = {
        let conn = st.db();
        meeting::all_bookings(&conn)?
    };
    let bookings: Vec<Value> = rows
        .into_iter()
        .map(|(meeting_id, slot_id, pupil_id, booked_by)| {
            json!({ "meetingId": meeting_id, "availabilityId": slot_id, "pupilId": pupil_id, "bookedBy": booked_by })
        })
        .collect();
    Ok(Json(json!({ "bookings": bookings })))
}

/// `{userCode, approve, username?}`: approves or denies a device-authorization code on behalf of an account
/// (default: the demo guardian), as the hub page would.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DeviceApproval {
    user_code: String,
    approve: bool,
    username: Option<String>,
}

async fn approve_device(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: DeviceApproval = body_or_default(&body)?;
    let username = req.username.as_deref().unwrap_or(crate::demo::GUARDIAN_USERNAME);
    let decision = {
        let conn = st.db();
        let Some(user) = db::user_by_username(&conn, username)? else {
            return Err(AdminError(StatusCode::NOT_FOUND, "no such user".into()));
        };
        oauth::decide_device_request(&conn, &req.user_code, &user.id, req.approve, st.now_ms())?
    };
    match decision {
        oauth::Decision::Done => Ok(Json(
            json!({ "status": if req.approve { "approved" } else { "denied" } }),
        )),
        oauth::Decision::Invalid => Err(AdminError(StatusCode::NOT_FOUND, "unknown or expired user code".into())),
        oauth::Decision::AlreadyHandled => Err(AdminError(StatusCode::CONFLICT, "user code already handled".into())),
    }
}

/// Expires every mobile access token now (refresh tokens keep working).
async fn expire_tokens(State(st): State<EmuState>) -> AdminResult {
    let expired = {
        let conn = st.db();
        oauth::expire_access_tokens(&conn, st.now_ms())?
    };
    Ok(Json(json!({ "accessTokens": expired })))
}

/// `{orderRef?, outcome}`: what the user's BankID app does with a step-up order (default: the newest pending
/// one). Outcomes: `started`/`userSign`/`noClient` (still pending), `complete` (marks the hub session
/// strong), or a failure hint code (`userCancel`, `expiredTransaction`, `cancelled`, `startFailed`,
/// `certificateErr`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BankIdRequest {
    order_ref: Option<String>,
    outcome: String,
}

async fn drive_bankid(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: BankIdRequest = body_or_default(&body)?;
    if !bankid::OUTCOMES.contains(&req.outcome.as_str()) {
        return Err(AdminError(
            StatusCode::BAD_REQUEST,
            format!("outcome must be one of {}", bankid::OUTCOMES.join(", ")),
        ));
    }
    let result = {
        let mut conn = st.db();
        bankid::drive(&mut conn, req.order_ref.as_deref(), &req.outcome)?
    };
    match result {
        bankid::Drive::Done { order_ref } => Ok(Json(json!({ "orderRef": order_ref, "outcome": req.outcome }))),
        bankid::Drive::NoOrder => Err(AdminError(StatusCode::NOT_FOUND, "no such pending order".into())),
        bankid::Drive::NotPending => Err(AdminError(StatusCode::CONFLICT, "order is no longer pending".into())),
    }
}

/// `{testId, teacherComment?}`: the teacher publishes a test's results.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReleaseRequest {
    test_id: i64,
    teacher_comment: Option<String>,
}

async fn release_etest(State(st): State<EmuState>, body: Bytes) -> AdminResult {
    let req: ReleaseRequest = body_or_default(&body)?;
    let released = {
        let conn = st.db();
        etest::release(&conn, req.test_id, req.teacher_comment.as_deref())?
    };
    if !released {
        return Err(AdminError(StatusCode::NOT_FOUND, "no such test".into()));
    }
    Ok(Json(json!({ "released": true })))
}

/// The hub's current fault configuration, counters as they stand.
async fn faults(State(st): State<EmuState>) -> Json<Faults> {
    Json(st.faults.get())
}

/// Replaces the whole fault configuration (omitted fields are off) and restarts the seeded sequence.
async fn set_faults(State(st): State<EmuState>, body: Bytes) -> Result<Json<Faults>, AdminError> {
    let raw: Value = body_or_default(&body)?;
    let faults: Faults = match raw {
        Value::Null => Faults::default(),
        Value::Object(_) => serde_json::from_value(raw)
            .map_err(|err| AdminError(StatusCode::BAD_REQUEST, format!("invalid faults: {err}")))?,
        _ => {
            return Err(AdminError(
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object".into(),
            ));
        }
    };
    faults
        .validate()
        .map_err(|msg| AdminError(StatusCode::BAD_REQUEST, msg))?;
    st.faults.set(faults);
    tracing::info!(faults = ?st.faults.get(), "faults set by admin");
    Ok(Json(st.faults.get()))
}

/// Back to the well-behaved hub.
async fn clear_faults(State(st): State<EmuState>) -> Json<Faults> {
    st.faults.clear();
    tracing::info!("faults cleared by admin");
    Json(st.faults.get())
}

async fn not_found() -> AdminError {
    AdminError(StatusCode::NOT_FOUND, "no such admin endpoint".into())
}
