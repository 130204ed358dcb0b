//! Närvaro (protocol §4.12, read only): `attendance/attendance/appData`, `GetAttendanceList`,
//! `GetLeaveRequestList` and `GetLeaveRequest {id}`, in the recorded shapes, for the selected pupil.
//!
//! Choices where the record is silent: the emulator does not take absence reports or leave requests (Lekeberg
//! reports absence in Edlevo), so every `can*`/`show*Button` flag is false; `GetAttendanceList` pages with a
//! 1-based `page` and `pageSize` (default 20, clamped to 1–100), newest first; `shortDate` is `YYYY-MM-DD`,
//! `longDate` "tis 8 september 2026", `time` "08:15 - 09:15" or "" for a whole day (two half days);
//! `absenceTodaySessions`/`absenceTomorrowSessions` are that day's lessons from the timetable (breaks left out);
//! a leave request's dates are midnight ISO with `fromTime`/`toTime` null (whole days); a missing or foreign id in
//! `GetLeaveRequest` is an HTTP 500.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use chrono::{Datelike as _, NaiveDate, TimeDelta, Timelike as _};
use serde_json::{Value, json};

use crate::db::attendance::{self, Absence, LeaveRequest};
use crate::db::timetable;
use crate::demo;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// Närvaro (`attendance`).
pub(crate) struct Attendance;
impl Module for Attendance {
    const CODE_NAME: Option<&'static str> = Some("attendance");
}

const LIST_URL: &str = "/attendance/attendance/GetAttendanceList";
const DEFAULT_PAGE_SIZE: i64 = 20;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/attendance/attendance/appdata", post(app_data).get(app_data))
        .route("/attendance/attendance/getattendancelist", post(get_list))
        .route("/attendance/attendance/getleaverequestlist", post(get_leave_requests))
        .route("/attendance/attendance/getleaverequest", post(get_leave_request))
}

fn long_date(d: NaiveDate) -> String {
    format!("{} {}", time::day_text(d), d.year())
}

fn absence_json(a: &Absence) -> Value {
    json!({
        "id": a.id,
        "shortDate": a.date.to_string(),
        "longDate": long_date(a.date),
        "time": a.times.as_ref().map(|(from, to)| format!("{from} - {to}")).unwrap_or_default(),
        "subject": a.subject,
        "reason": a.reason,
        "comment": a.comment,
        "registeredByName": a.registered_by,
        "establishmentName": demo::SCHOOL_NAME,
        "minutes": a.minutes,
        "halfDaysCount": a.half_days,
    })
}

fn header(text: &str, field: &str, sortable: bool) -> Value {
    json!({ "displayText": text, "isSortable": sortable, "sortField": field, "sortBy": field, "sortDesc": field == "date" })
}

fn attendance_list(st: &EmuState, app: &AppSession<Attendance>, page: i64, size: i64) -> Result<Value, EmuError> {
    let all = {
        let conn = st.db();
        attendance::absences(&conn, &app.pupil.pupil_id)?
    };
    let page = page.max(1);
    let size = size.clamp(1, 100);
    let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(20);
    let items: Vec<Value> = all.iter().skip(skip).take(take).map(absence_json).collect();
    Ok(json!({
        "translations": { "title": "Frånvaro", "noItems": "Ingen registrerad frånvaro", "minutes": "minuter" },
        "headers": {
            "date": header("Datum", "date", true),
            "time": header("Tid", "time", false),
            "subject": header("Ämne", "subject", true),
            "reason": header("Orsak", "reason", true),
        },
        "filters": [],
        "listUrl": LIST_URL,
        "itemUrl": "/attendance/attendance/GetAttendanceItem",
        "page": page,
        "pageSize": size,
        "totalItems": all.len(),
        "items": items,
        "allItemIds": all.iter().map(|a| a.id).collect::<Vec<_>>(),
        "more": all.len() > skip.saturating_add(take),
    }))
}

fn leave_json(l: &LeaveRequest) -> Value {
    let range = if l.from_date == l.to_date {
        time::long_date(l.from_date)
    } else {
        format!("{} – {}", time::long_date(l.from_date), time::long_date(l.to_date))
    };
    let approved_by = match (l.status.as_str(), &l.approver_name) {
        ("Approved", Some(name)) => format!("Godkänd av {name}"),
        ("Denied", Some(name)) => format!("Avslagen av {name}"),
        _ => String::new(),
    };
    json!({
        "id": l.id,
        "status": l.status,
        "requesterComment": l.requester_comment,
        "approverComment": l.approver_comment,
        "createdBy": l.created_by_name,
        "approvedByTitle": approved_by,
        "createdByTitle": format!("Skapad av {}", l.created_by_name),
        "fromDate": time::midnight_iso(l.from_date),
        "fromTime": null,
        "toDate": time::midnight_iso(l.to_date),
        "toTime": null,
        "updatedDate": l.updated_at,
        "dateRangeTitle": range,
        "secondaryParentApproverId": null,
        "secondaryParentApproverName": null,
        "secondaryParentStatus": "NotRequired",
        "secondaryParentApprovalDate": null,
        "secondaryParentApprovalDateText": "",
        "secondaryApprovalText": "",
        "canDelete": false,
        "canApprove": false,
        "canDeny": false,
        "showDeleteButton": false,
        "showApproveButton": false,
        "showDenyButton": false,
        "isAwaitingResponseFromCurrentUser": false,
    })
}

fn leave_list(st: &EmuState, app: &AppSession<Attendance>) -> Result<Vec<Value>, EmuError> {
    let conn = st.db();
    Ok(attendance::leave_requests(&conn, &app.pupil.pupil_id)?
        .iter()
        .map(leave_json)
        .collect())
}

/// A day's lessons as absence sessions; `absent` marks them all (a whole-day absence).
fn sessions(st: &EmuState, app: &AppSession<Attendance>, day: NaiveDate, absent: bool) -> Result<Vec<Value>, EmuError> {
    let conn = st.db();
    let lessons = timetable::lessons(&conn, app.pupil.school_id, &app.pupil.class_name, day, day)?;
    Ok(lessons
        .iter()
        .filter(|l| l.title != "Lunch")
        .map(|l| {
            json!({
                "title": l.title,
                "formattedTimeString": format!("{} - {}", l.start_time, l.end_time),
                "isAbsent": absent,
                "isLocked": true,
            })
        })
        .collect())
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Attendance>) -> Result<Json<Value>, EmuError> {
    let now = local_now(&st);
    let today = now.date();
    let tomorrow = today + TimeDelta::days(1);
    let (absences, guardians) = {
        let conn = st.db();
        let guardians: i64 = crate::db::cached_row(
            &conn,
            "SELECT count(*) FROM guardian_pupil WHERE pupil_id = ?1",
            [&app.pupil.pupil_id],
            |r| r.get(0),
        )?;
        (attendance::absences(&conn, &app.pupil.pupil_id)?, guardians)
    };
    let whole_day = |d: NaiveDate| absences.iter().find(|a| a.date == d && a.times.is_none());
    let (absent_today, absent_tomorrow) = (whole_day(today), whole_day(tomorrow));
    Ok(Json(json!({
        "pagedList": attendance_list(&st, &app, 1, DEFAULT_PAGE_SIZE)?,
        "leaveRequests": leave_list(&st, &app)?,
        "absenceTodaySessions": sessions(&st, &app, today, absent_today.is_some())?,
        "absenceTomorrowSessions": sessions(&st, &app, tomorrow, absent_tomorrow.is_some())?,
        "autoConfirmAbsence": false,
        "absentToday": absent_today.is_some(),
        "absenceTodayComment": absent_today.map(|a| a.comment.clone()),
        "absentTomorrow": absent_tomorrow.is_some(),
        "absenceTomorrowComment": absent_tomorrow.map(|a| a.comment.clone()),
        "absenceTodayLocked": now.hour() >= 8,
        "absenceTomorrowLocked": false,
        "canRegisterDayAbsence": false,
        "canRegisterSessionAbsence": false,
        "isIcelandic": false,
        "canRegisterSession": false,
        "showSubjects": true,
        "showComment": true,
        "showFilter": false,
        "isPlaySchool": false,
        "absenceTodayDate": time::midnight_iso(today),
        "absenceTomorrowDate": time::midnight_iso(tomorrow),
        "canAddSicknessToday": false,
        "canAddSicknessTomorrow": false,
        "isParent": !app.is_student(),
        "hasLeaveLicence": true,
        "canRequestLeave": false,
        "hasLeaveTwoGuardiansLicence": false,
        "isOnlyOneGuardianRegistered": guardians == 1,
        "isOver18Pupil": false,
        "translations": {
            "title": "Frånvaro",
            "today": "Idag",
            "tomorrow": "Imorgon",
            "leaveRequests": "Ledighetsansökningar",
        },
        "urls": {
            "registerAttendance": "/attendance/attendance/registerAttendance",
            "registerSessionAttendance": "/attendance/attendance/registerSessionAttendance",
            "saveAbsenceComment": "/attendance/attendance/saveAbsenceComment",
            "createLeaveRequest": "/attendance/attendance/createLeaveRequest",
            "getLeaveRequestList": "/attendance/attendance/GetLeaveRequestList",
            "deleteLeaveRequest": "/attendance/attendance/deleteLeaveRequest",
            "setSecondaryStatus": "/attendance/attendance/SetSecondaryStatus",
        },
    })))
}

async fn get_list(State(st): State<EmuState>, app: AppSession<Attendance>, p: Params) -> Result<Json<Value>, EmuError> {
    let page = p.i64("page").unwrap_or(1);
    let size = p.i64("pageSize").unwrap_or(DEFAULT_PAGE_SIZE);
    Ok(Json(attendance_list(&st, &app, page, size)?))
}

async fn get_leave_requests(State(st): State<EmuState>, app: AppSession<Attendance>) -> Result<Json<Value>, EmuError> {
    Ok(Json(Value::Array(leave_list(&st, &app)?)))
}

async fn get_leave_request(
    State(st): State<EmuState>,
    app: AppSession<Attendance>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let Some(id) = p.i64("id") else {
        return Err(EmuError::Internal("GetLeaveRequest needs an id".into()));
    };
    let found = {
        let conn = st.db();
        attendance::leave_request(&conn, &app.pupil.pupil_id, id)?
    };
    let Some(request) = found else {
        return Err(EmuError::Internal("no such leave request".into()));
    };
    Ok(Json(leave_json(&request)))
}
