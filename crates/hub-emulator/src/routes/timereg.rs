//! Fritidsschema (protocol §4.5): the week of booked care times, saving them with the hub's validation, and
//! day comments.
//!
//! Validation answers HTTP 200 `{success:false, notifications:[{message, title, type:"Error"}]}` with Swedish
//! texts and saves nothing (all days of a request or none): a locked day (before today), a day the school is
//! closed (studiedag, weekend), times outside the opening hours 06:30–18:00, an end not after the start, or
//! only one of the two times. Weeks are Monday to Friday; `startDate`/`endDate` are that Monday and Friday.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::{Value, json};

use crate::db::seed_time;
use crate::db::timereg::{self, DayChange};
use crate::demo;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Params, TimeRegistration, local_now};
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/timeregistration/timeregistration/appdata", post(app_data))
        .route(
            "/timeregistration/timeregistration/gettimeregistrations",
            post(get_time_registrations),
        )
        .route(
            "/timeregistration/timeregistration/savetimeregistrations",
            post(save_time_registrations),
        )
        .route("/timeregistration/timeregistration/getcomments", post(get_comments))
        .route("/timeregistration/timeregistration/savecomment", post(save_comment))
}

const SAVE_FAILED: &str = "Det gick inte att spara";

fn error(message: String) -> Value {
    json!({ "message": message, "title": SAVE_FAILED, "type": "Error" })
}

fn failure(messages: Vec<String>) -> Json<Value> {
    Json(json!({ "success": false, "notifications": messages.into_iter().map(error).collect::<Vec<_>>() }))
}

fn success() -> Json<Value> {
    Json(json!({ "success": true, "notifications": [] }))
}

fn offset_text(st: &EmuState) -> String {
    let seconds = time::stockholm_offset(st.clock.now()).local_minus_utc();
    format!("{:02}:{:02}:00", seconds / 3600, (seconds % 3600) / 60)
}

async fn app_data(State(st): State<EmuState>, app: AppSession<TimeRegistration>) -> Result<Json<Value>, EmuError> {
    let today = local_now(&st).date();
    let days = {
        let conn = st.db();
        timereg::week(&conn, &app.pupil.pupil_id, app.pupil.school_id, time::monday_of(today))?
    };
    let dates: Vec<String> = days
        .iter()
        .filter(|d| d.start_at.is_some())
        .map(|d| time::midnight_iso(d.date))
        .collect();
    Ok(Json(json!({
        "timeRegistrationDates": dates,
        "currentCulture": "sv-SE",
        "currentTimeZoneOffset": offset_text(&st),
        "translations": {
            "title": "Fritidsschema",
            "repeatEvery": "Upprepa varje",
            "copyToSiblings": "Kopiera till syskon",
            "cannotScheduleOutsideOpeningHours": "Det går inte att boka tid utanför fritids öppettider",
            "endTimeNextDay": "Sluttiden är nästa dag",
            "onLeave": "Ledig",
            "schoolClosed": "Stängt",
            "save": "Spara",
        },
        "urls": {
            "getTimeRegistrations": "/TimeRegistration/TimeRegistration/GetTimeRegistrations/",
            "saveTimeRegistrations": "/TimeRegistration/TimeRegistration/SaveTimeRegistrations/",
            "getCalendarData": "/TimeRegistration/TimeRegistration/GetCalendarData/",
            "getComments": "/TimeRegistration/TimeRegistration/GetComments/",
            "saveComment": "/TimeRegistration/TimeRegistration/SaveComment/",
        },
    })))
}

/// `GetTimeRegistrations` `{date?, showNextWeekIfNoMoreSchoolDays?}` → the Monday–Friday week of `date`.
async fn get_time_registrations(
    State(st): State<EmuState>,
    app: AppSession<TimeRegistration>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let today = local_now(&st).date();
    let mut date = params
        .str("date")
        .as_deref()
        .and_then(time::parse_date)
        .unwrap_or(today);
    if params.bool("showNextWeekIfNoMoreSchoolDays") == Some(true) && time::is_weekend(date) {
        date = time::monday_of(date) + TimeDelta::days(7);
    }
    let monday = time::monday_of(date);
    let days = {
        let conn = st.db();
        timereg::week(&conn, &app.pupil.pupil_id, app.pupil.school_id, monday)?
    };
    let days: Vec<Value> = days
        .iter()
        .map(|d| {
            let locked = d.date < today;
            let closed = d.closed_reason.is_some();
            json!({
                "timeRegistrationId": d.id,
                "date": time::midnight_iso(d.date),
                "startDateTime": d.start_at,
                "endDateTime": d.end_at,
                "onLeave": d.on_leave,
                "isLocked": locked,
                "isSchoolClosed": closed,
                "schoolClosedReason": d.closed_reason.clone().unwrap_or_default(),
                "canEdit": !locked && !closed,
                "schoolOpeningTime": demo::FRITIDS_OPENS,
                "schoolClosingTime": demo::FRITIDS_CLOSES,
                "hasUnreadComments": d.unread_comments > 0,
                "hasComments": d.comments > 0,
                "canEditComment": !locked,
            })
        })
        .collect();
    Ok(Json(json!({
        "startDate": time::midnight_iso(monday),
        "endDate": time::midnight_iso(monday + TimeDelta::days(4)),
        "days": days,
    })))
}

/// Checks one SaveDay against the rules; the change to apply or the Swedish reason it is refused.
fn validate_day(day: &Value, today: NaiveDate, closed: Option<&str>) -> Result<Option<DayChange>, String> {
    let p = Params(day.as_object().cloned().unwrap_or_default());
    if p.bool("hasChanged") == Some(false) {
        return Ok(None);
    }
    let Some(date) = p.str("date").as_deref().and_then(time::parse_date) else {
        return Err("Dagen saknar ett giltigt datum.".to_owned());
    };
    let name = time::day_text(date);
    if date < today {
        return Err(format!("Tiderna för {name} är låsta och kan inte längre ändras."));
    }
    if let Some(reason) = closed {
        return Err(format!(
            "Fritids är stängt {name} ({reason}). Det går inte att boka tid den dagen."
        ));
    }
    let on_leave = p.bool("onLeave") == Some(true)
        || p.str("registrationType")
            .is_some_and(|t| t.eq_ignore_ascii_case("OnLeave"));
    if on_leave {
        return Ok(Some(DayChange {
            date,
            times: None,
            on_leave: true,
        }));
    }
    let start = p.str("startDateTime");
    let end = p.str("endDateTime");
    let (start, end) = match (start, end) {
        (None, None) => {
            return Ok(Some(DayChange {
                date,
                times: None,
                on_leave: false,
            }));
        }
        (Some(s), Some(e)) => (time::parse_date_time(&s), time::parse_date_time(&e)),
        _ => return Err(format!("Ange både start- och sluttid för {name}.")),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return Err(format!("Tiderna för {name} kunde inte läsas."));
    };
    if start.date() != date {
        return Err(format!("Starttiden måste ligga på {name}."));
    }
    if end <= start {
        return Err(format!("Sluttiden måste vara senare än starttiden ({name})."));
    }
    let opens: NaiveDateTime = date.and_time(seed_time(demo::FRITIDS_OPENS));
    let closes: NaiveDateTime = date.and_time(seed_time(demo::FRITIDS_CLOSES));
    if start < opens || end > closes {
        return Err(format!(
            "Det går inte att boka tid utanför fritids öppettider {}–{} ({name}).",
            demo::FRITIDS_OPENS,
            demo::FRITIDS_CLOSES
        ));
    }
    Ok(Some(DayChange {
        date,
        times: Some((time::local_iso(start), time::local_iso(end))),
        on_leave: false,
    }))
}

/// `SaveTimeRegistrations` `{days:[SaveDay], series}`; `series` (shape unrecorded) is accepted and ignored.
async fn save_time_registrations(
    State(st): State<EmuState>,
    app: AppSession<TimeRegistration>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let today = local_now(&st).date();
    let Some(Value::Array(days)) = params.get("days").cloned() else {
        return Ok(failure(vec!["Det finns inga dagar att spara.".to_owned()]));
    };
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    {
        let conn = st.db();
        for day in &days {
            let date = day.get("date").and_then(Value::as_str).and_then(time::parse_date);
            let closed = match date {
                Some(d) if time::is_weekend(d) => Some("Helg".to_owned()),
                Some(d) => timereg::closed_reason(&conn, app.pupil.school_id, d)?,
                None => None,
            };
            match validate_day(day, today, closed.as_deref()) {
                Ok(Some(change)) => changes.push(change),
                Ok(None) => {}
                Err(message) => errors.push(message),
            }
        }
    }
    if !errors.is_empty() {
        tracing::debug!(errors = errors.len(), "time registrations refused");
        return Ok(failure(errors));
    }
    {
        let mut conn = st.db();
        timereg::save(&mut conn, &app.pupil.pupil_id, &changes)?;
    }
    tracing::debug!(days = changes.len(), "time registrations saved");
    Ok(success())
}

/// `GetComments` `{date}` → the day's staff comment, the account's own comment and check-in/out.
async fn get_comments(
    State(st): State<EmuState>,
    app: AppSession<TimeRegistration>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let date = params
        .str("date")
        .as_deref()
        .and_then(time::parse_date)
        .ok_or_else(|| EmuError::Internal("GetComments needs a date".into()))?;
    let locked = date < local_now(&st).date();
    let c = {
        let conn = st.db();
        timereg::comments(&conn, &app.pupil.pupil_id, &app.session.user.id, date)?
    };
    let (teacher_comment, teacher_name, teacher_date) = match c.teacher {
        Some((text, name, at)) => (Some(text), Some(name), Some(at)),
        None => (None, None, None),
    };
    let (own_id, user_comment, user_name, user_date) = match c.own {
        Some((id, text, name, at)) => (Some(id), Some(text), Some(name), Some(at)),
        None => (None, None, None, None),
    };
    Ok(Json(json!({
        "date": time::midnight_iso(date),
        "teacherComment": teacher_comment,
        "teacherName": teacher_name,
        "teacherCommentDate": teacher_date,
        "userComment": user_comment,
        "userName": user_name,
        "userCommentDate": user_date,
        "checkedIn": c.checks.checked_in.unwrap_or_default(),
        "checkedOut": c.checks.checked_out.unwrap_or_default(),
        "canEdit": !locked,
        "timesLockedBySchool": locked,
        "parentCommentId": own_id,
        "checkInUserDisplayName": c.checks.check_in_by.unwrap_or_default(),
        "checkOutUserDisplayName": c.checks.check_out_by.unwrap_or_default(),
        "canEditComment": !locked,
    })))
}

/// `SaveComment` `{commentId (parentCommentId, or 0 for a new one), commentText, timeRegistrationId}`.
async fn save_comment(
    State(st): State<EmuState>,
    app: AppSession<TimeRegistration>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let now = local_now(&st);
    let comment_id = params.i64("commentId").unwrap_or(0);
    let text = params.str("commentText").unwrap_or_default();
    let Some(registration) = params.i64("timeRegistrationId") else {
        return Ok(failure(vec!["Dagen kunde inte hittas.".to_owned()]));
    };
    let conn = st.db();
    let Some(date) = timereg::day_by_id(&conn, &app.pupil.pupil_id, registration)? else {
        return Ok(failure(vec!["Dagen kunde inte hittas.".to_owned()]));
    };
    if date < now.date() {
        return Ok(failure(vec![format!(
            "Det går inte att kommentera {}, dagen är låst.",
            time::day_text(date)
        )]));
    }
    if text.is_empty() {
        return Ok(failure(vec!["Skriv en kommentar.".to_owned()]));
    }
    let saved = timereg::save_comment(
        &conn,
        &app.pupil.pupil_id,
        date,
        &app.session.user.id,
        &app.session.user.display_name(),
        comment_id,
        &text,
        &time::local_iso(now),
    )?;
    drop(conn);
    if !saved {
        return Ok(failure(vec!["Kommentaren kan inte ändras.".to_owned()]));
    }
    Ok(success())
}
