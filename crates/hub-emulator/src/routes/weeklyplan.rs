//! Veckoplan (`weeklyplan`, designed in `docs/protocol-extensions.md`): `weeklyplan/weeklyplan/appData` →
//! `{currentYear, currentWeek, weeks:[{year, week, title}], translations, urls{getWeek}}` and `GetWeek {year,
//! week}` → `{year, week, title, letter, information, homework, attachments, publishedBy, publishedDate}`.
//! A week without a plan answers the same shape with an empty letter, empty lists and `publishedBy`/
//! `publishedDate` `null`; missing `year`/`week` is an HTTP 500.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use chrono::Datelike as _;
use serde_json::{Value, json};

use crate::db::weeklyplan::{self, Week};
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;

/// Veckoplan (`weeklyplan`).
pub(crate) struct WeeklyPlan;
impl Module for WeeklyPlan {
    const CODE_NAME: Option<&'static str> = Some("weeklyplan");
}

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/weeklyplan/weeklyplan/appdata", post(app_data))
        .route("/weeklyplan/weeklyplan/getweek", post(get_week))
}

fn title(week: i64) -> String {
    format!("Vecka {week}")
}

async fn app_data(State(st): State<EmuState>, app: AppSession<WeeklyPlan>) -> Result<Json<Value>, EmuError> {
    let now = local_now(&st).date().iso_week();
    let weeks = {
        let conn = st.db();
        weeklyplan::weeks(&conn, app.pupil.school_id, &app.pupil.class_name)?
    };
    Ok(Json(json!({
        "currentYear": now.year(),
        "currentWeek": now.week(),
        "weeks": weeks.iter().map(|w| json!({ "year": w.year, "week": w.week, "title": title(w.week) })).collect::<Vec<_>>(),
        "translations": { "title": "Veckoplan", "letter": "Veckobrev", "information": "Information", "homework": "Läxor" },
        "urls": { "getWeek": "/weeklyplan/weeklyplan/GetWeek" },
    })))
}

fn week_json(year: i64, week: i64, w: Option<Week>) -> Value {
    match w {
        Some(w) => json!({
            "year": w.year,
            "week": w.week,
            "title": title(w.week),
            "letter": w.letter,
            "information": w.information,
            "homework": w.homework,
            "attachments": [],
            "publishedBy": w.published_by,
            "publishedDate": w.published_date,
        }),
        None => json!({
            "year": year,
            "week": week,
            "title": title(week),
            "letter": "",
            "information": [],
            "homework": [],
            "attachments": [],
            "publishedBy": null,
            "publishedDate": null,
        }),
    }
}

async fn get_week(State(st): State<EmuState>, app: AppSession<WeeklyPlan>, p: Params) -> Result<Json<Value>, EmuError> {
    let (Some(year), Some(week)) = (p.i64("year"), p.i64("week")) else {
        return Err(EmuError::Internal("year and week are required".into()));
    };
    let found = {
        let conn = st.db();
        weeklyplan::week(&conn, app.pupil.school_id, &app.pupil.class_name, year, week)?
    };
    Ok(Json(week_json(year, week, found)))
}
