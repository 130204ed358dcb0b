//! Schema (protocol §4.4): `timetable/timetable/gettimetablelist` (form or JSON `{UTCOffset, start, end}`) → a
//! bare array of Lesson, and `timetable/timetable/appData` → `{items, minDate, maxDate, startingHour,
//! endingHour, numberOfDays, shortDatePattern, appendRoomNameToTitle, translations}` for a rolling window of
//! five school days from today (date parameters are ignored, as on the real hub).
//!
//! Choices where the record is silent: `start`/`end` are inclusive dates (`YYYY-MM-DD`, `YYYY/MM/DD` or a
//! date-time); a missing or unreadable date is an HTTP 500 like `getentries`; `end` before `start` gives `[]`;
//! more than 366 days is an HTTP 500. `UTCOffset` is accepted and ignored. Breaks (`Lunch`) are lessons.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use chrono::{NaiveDate, TimeDelta};
use serde_json::{Value, json};

use crate::db::timetable::{self, Lesson};
use crate::demo;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// Schema (`timetable`).
pub(crate) struct Timetable;
impl Module for Timetable {
    const CODE_NAME: Option<&'static str> = Some("timetable");
}

/// The longest range one `gettimetablelist` call may cover.
const MAX_DAYS: i64 = 366;
/// School days in the appData window.
const WINDOW_DAYS: usize = 5;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(
            "/timetable/timetable/gettimetablelist",
            post(get_timetable_list).get(get_timetable_list),
        )
        .route("/timetable/timetable/appdata", post(app_data).get(app_data))
}

fn lesson_json(l: &Lesson) -> Value {
    let at = |hhmm: &str| format!("{}T{hhmm}:00", l.date);
    json!({
        "start": at(&l.start_time),
        "end": at(&l.end_time),
        "title": l.title,
        "startTime": l.start_time,
        "endTime": l.end_time,
        "notes": { "roomInfo": l.room, "timetableNotes": l.note, "tutors": l.tutors },
        "allDay": false,
        "establishmentName": demo::SCHOOL_NAME,
        "details": "",
    })
}

fn read(st: &EmuState, app: &AppSession<Timetable>, from: NaiveDate, to: NaiveDate) -> Result<Vec<Value>, EmuError> {
    let conn = st.db();
    let lessons = timetable::lessons(&conn, app.pupil.school_id, &app.pupil.class_name, from, to)?;
    Ok(lessons.iter().map(lesson_json).collect())
}

async fn get_timetable_list(
    State(st): State<EmuState>,
    app: AppSession<Timetable>,
    p: Params,
) -> Result<Json<Vec<Value>>, EmuError> {
    let date = |key: &str| p.str(key).as_deref().and_then(time::parse_date);
    let (Some(from), Some(to)) = (date("start"), date("end")) else {
        return Err(EmuError::Internal("gettimetablelist needs start and end".into()));
    };
    if to - from > TimeDelta::days(MAX_DAYS) {
        return Err(EmuError::Internal("timetable range too long".into()));
    }
    Ok(Json(read(&st, &app, from, to)?))
}

/// The first `n` weekdays from `from` (itself included when it is one).
fn school_days(from: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut days = Vec::with_capacity(n);
    let mut day = from;
    while days.len() < n {
        if !time::is_weekend(day) {
            days.push(day);
        }
        day += TimeDelta::days(1);
    }
    days
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Timetable>) -> Result<Json<Value>, EmuError> {
    let days = school_days(local_now(&st).date(), WINDOW_DAYS);
    let (first, last) = (days[0], days[WINDOW_DAYS - 1]);
    let items = read(&st, &app, first, last)?;
    Ok(Json(json!({
        "items": items,
        "minDate": time::midnight_iso(first),
        "maxDate": time::midnight_iso(last),
        "startingHour": "08:00:00",
        "endingHour": "17:00:00",
        "numberOfDays": WINDOW_DAYS,
        "shortDatePattern": "yyyy-MM-dd",
        "appendRoomNameToTitle": false,
        "translations": {
            "title": "Schema",
            "today": "Idag",
            "room": "Sal",
            "teacher": "Lärare",
            "noLessons": "Inga lektioner",
        },
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_skips_weekends() {
        let saturday = NaiveDate::from_ymd_opt(2026, 9, 12).unwrap();
        let days = school_days(saturday, 5);
        assert_eq!(days[0], NaiveDate::from_ymd_opt(2026, 9, 14).unwrap());
        assert_eq!(days[4], NaiveDate::from_ymd_opt(2026, 9, 18).unwrap());
    }
}
