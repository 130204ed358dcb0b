//! The hub start page with `IMHome.home.homeData` (protocol §3.5), the pupil switch (§3.6) and the hub's
//! answer to unknown paths.

use axum::Router;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::db::{self, Role};
use crate::error::EmuError;
use crate::html::{self, SwitcherEntry};
use crate::routes::found;
use crate::routes::gate::local_now;
use crate::session::{self, HubSession};
use crate::state::EmuState;
use crate::time;

/// The path prefix of `switchPupilUrl`, as the hub spells it.
const SWITCH_PUPIL_PATH: &str = "/Account/PupilSwitcher/SwitchPupil/";

pub(crate) fn router() -> Router<EmuState> {
    Router::new().route("/", get(home)).route(
        "/account/pupilswitcher/switchpupil/{id}",
        get(switch_pupil).post(switch_pupil),
    )
}

/// `GET /`: the start page for the session's account and selected pupil.
async fn home(State(st): State<EmuState>, session: HubSession) -> Result<Html<String>, EmuError> {
    let conn = st.db();
    let pupils = db::account_pupils(&conn, &session.user.id)?;
    let selected = pupils
        .iter()
        .find(|p| p.pupil_id == session.selected_pupil_id)
        .or(pupils.first());
    let apps = match selected {
        Some(pupil) => db::pupil_apps(
            &conn,
            &pupil.pupil_id,
            session.user.role == Role::Pupil,
            &time::local_iso(local_now(&st)),
        )?,
        None => Vec::new(),
    };
    drop(conn);

    let selected_id = selected.map(|p| p.pupil_id.as_str());
    let pupils_json: Vec<Value> = pupils
        .iter()
        .map(|p| {
            let is_selected = Some(p.pupil_id.as_str()) == selected_id;
            json!({
                "id": p.pupil_id,
                "name": format!("{}, {}", p.last_name, p.first_name),
                "selected": is_selected,
                "switchPupilUrl": (!is_selected).then(|| format!("{SWITCH_PUPIL_PATH}{}", p.switch_id)),
                "hybridMappingId": format!("{}|{}|NEMANDI_SKOLI", p.hybrid_instance, p.pupil_id),
            })
        })
        .collect();
    let apps_json: Vec<Value> = apps
        .iter()
        .map(|a| json!({ "codeName": a.code_name, "title": a.title }))
        .collect();
    let home_data = json!({
        "account": {
            "currentUser": {
                "id": session.user.id,
                "name": session.user.display_name(),
                "role": session.user.role.as_str(),
            },
            "pupils": pupils_json,
        },
        "apps": apps_json,
    });
    let switcher: Vec<SwitcherEntry> = pupils
        .iter()
        .map(|p| SwitcherEntry {
            name: format!("{} {}", p.first_name, p.last_name),
            switch_url: (Some(p.pupil_id.as_str()) != selected_id)
                .then(|| format!("{SWITCH_PUPIL_PATH}{}", p.switch_id)),
        })
        .collect();
    let selected_name = selected
        .map(|p| format!("{} {}", p.first_name, p.last_name))
        .unwrap_or_default();
    Ok(Html(html::home_page(
        &home_data,
        &selected_name,
        &session.user.display_name(),
        &switcher,
    )))
}

/// `GET /Account/PupilSwitcher/SwitchPupil/<switchId>`: selects that pupil in the session and goes to `/`.
/// Only a switch id of the account's own pupils switches; anything else (a pupil id, a stranger's switch id)
/// silently leaves the selection as it was. With `switch_pupil_returns_500` the answer is a 500 error page
/// although the switch took effect.
async fn switch_pupil(
    State(st): State<EmuState>,
    session: HubSession,
    Path(switch_id): Path<String>,
) -> Result<Response, EmuError> {
    {
        let conn = st.db();
        let pupils = db::account_pupils(&conn, &session.user.id)?;
        match pupils.iter().find(|p| p.switch_id == switch_id) {
            Some(pupil) => {
                db::select_pupil(&conn, &session.id, &pupil.pupil_id)?;
                tracing::debug!(pupil = %pupil.pupil_id, "pupil switched");
            }
            None => tracing::debug!("switch id not on this account; selection unchanged"),
        }
    }
    if st.cfg.switch_pupil_returns_500 {
        let status = StatusCode::INTERNAL_SERVER_ERROR;
        return Ok((status, Html(html::error_page(500, "Runtime Error"))).into_response());
    }
    Ok(found("/"))
}

/// Unknown hub paths: the login relay when unauthenticated (forms authentication guards everything), else
/// the ASP.NET 404 page.
pub(crate) async fn fallback(
    State(st): State<EmuState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, EmuError> {
    match session::authenticate(&st, &headers)? {
        Some(_) => Err(EmuError::NotFound),
        None => {
            let return_url = uri.path_and_query().map_or("/", |pq| pq.as_str());
            Ok(session::login_redirect(return_url))
        }
    }
}
