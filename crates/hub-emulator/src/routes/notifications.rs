//! Notifications (protocol §4.1): the list aggregated across all of the account's pupils, the app bootstrap
//! (POST only; a GET gets the hub's error page) and state updates.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::{self, notifications};
use crate::error::EmuError;
use crate::routes::gate::{Always, AppSession, Params, local_now};
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(
            "/notificationapp/notificationapp/getnotifications",
            post(get_notifications),
        )
        .route(
            "/notificationapp/notificationapp/appdata",
            post(app_data).get(app_data_get),
        )
        .route(
            "/notificationapp/notificationapp/updatenotificationstate",
            post(update_state),
        )
        .route(
            "/notificationapp/notificationapp/updateassessmentnotificationstate",
            post(update_state),
        )
}

/// The account's notifications in the §4.1 shape.
fn notification_list(st: &EmuState, app: &AppSession<Always>, since: Option<&str>) -> Result<Vec<Value>, EmuError> {
    let conn = st.db();
    let pupils = db::account_pupil_infos(&conn, &app.session.user.id)?;
    let rows = notifications::for_user(&conn, &app.session.user.id, since)?;
    drop(conn);
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            let pupil = pupils.iter().find(|p| p.pupil_id == n.pupil_id)?;
            Some(json!({
                "id": n.id,
                "title": n.title,
                "subTitle": n.sub_title,
                "subjectsCourses": n.subjects_courses,
                "dateSent": n.date_sent,
                "appType": n.app_type,
                "state": n.state,
                "type": n.type_name,
                "url": n.url,
                "orderDate": n.date_sent,
                "pupilIM2Id": pupil.im2_id,
                "pupilSourceId": pupil.hybrid_mapping_id(),
                "currentlySelectedPupil": pupil.pupil_id == app.session.selected_pupil_id,
                "entityTypeString": n.entity_type,
            }))
        })
        .collect())
}

/// `GetNotifications` `{timestamp?}`: with a timestamp, only notifications sent at or after it (epoch 0 = all).
async fn get_notifications(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let since = params
        .str("timestamp")
        .and_then(|t| time::parse_date_time(&t))
        .map(time::local_iso);
    let list = notification_list(&st, &app, since.as_deref())?;
    Ok(Json(json!({
        "notifications": list,
        "timestamp": time::local_iso(local_now(&st)),
    })))
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Always>) -> Result<Json<Value>, EmuError> {
    let list = notification_list(&st, &app, None)?;
    Ok(Json(json!({
        "notifications": list,
        "timestamp": time::local_iso(local_now(&st)),
        "translations": {
            "title": "Notiser",
            "notificationsCleared": "Notiserna har rensats",
            "noNotifications": "Du har inga notiser",
            "pupilName": "Elev",
            "clearList": "Rensa listan",
            "undo": "Ångra",
            "timeFormatToday": "'Idag' HH:mm",
            "timeFormatYesterday": "'Igår' HH:mm",
            "timeFormatOther": "d MMM HH:mm",
            "new": "Ny",
        },
        "urls": {
            "getAppNotifications": "/NotificationApp/NotificationApp/GetNotifications",
            "updateState": "/NotificationApp/NotificationApp/UpdateNotificationState",
        },
    })))
}

/// `appData` must be POSTed; the hub answers a GET with its error page (ML).
async fn app_data_get(_app: AppSession<Always>) -> EmuError {
    EmuError::NotFound
}

/// `UpdateNotificationState` `{ids, state}`; ids of other accounts are ignored, an unknown state fails.
async fn update_state(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let state = params.str("state").and_then(|s| {
        notifications::STATES
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&s))
            .copied()
    });
    let ids: Vec<i64> = match params.get("ids") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
            .collect(),
        // A form post carries `ids=1,2,3`.
        Some(Value::String(s)) => s.split(',').filter_map(|id| id.trim().parse().ok()).collect(),
        Some(Value::Number(n)) => n.as_i64().into_iter().collect(),
        _ => Vec::new(),
    };
    let Some(state) = state else {
        return Ok(Json(json!({ "success": false })));
    };
    let changed = {
        let mut conn = st.db();
        notifications::set_state(&mut conn, &app.session.user.id, &ids, state)?
    };
    tracing::debug!(changed, state, "notification state updated");
    Ok(Json(json!({ "success": !ids.is_empty() })))
}
