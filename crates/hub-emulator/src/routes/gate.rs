//! The guard in front of every JSON data endpoint (protocol §2.3, §5): session, module gating and lenient
//! request bodies, as extractors so each new endpoint gets them by naming a type.
//!
//! [`AppSession<M>`] answers like the real hub when the request cannot be served:
//! - no live session: a 302 to the login relay (`/Authentication/Authentication/Login?ReturnUrl=…`), the
//!   HTML-instead-of-JSON answer most clients detect — except for the endpoints in [`EMPTY_WHEN_EXPIRED`],
//!   which answer **200 with an empty body** (C14's observation). We picked the two list reads a widget polls,
//!   `NotificationApp/NotificationApp/GetNotifications` and `Communication/News/GetNewsList`, so clients must
//!   handle both shapes; everything else redirects;
//! - the module `M` is not in the selected pupil's `homeData.apps`: a 302 to
//!   [`UNAUTHORIZED_PATH`]`?ReturnUrl=…` (a URL containing `HandleUnauthorizedRequest`, as CF saw), which
//!   serves a small HTML page.
//!
//! [`Params`] reads a JSON body, a form body, an empty body (`{}`) and the query string alike, with
//! ASP.NET's case-insensitive key matching.

use std::marker::PhantomData;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value};

use crate::db::{self, PupilInfo, Role};
use crate::error::EmuError;
use crate::routes::{encode, form_fields, found};
use crate::session::{self, HubSession};
use crate::state::EmuState;
use crate::time;

/// Where a request for a disabled module is sent.
pub(crate) const UNAUTHORIZED_PATH: &str = "/Authentication/Authentication/HandleUnauthorizedRequest";

/// Normalized paths whose answer to a dead session is an empty 200 instead of the login relay.
pub(crate) const EMPTY_WHEN_EXPIRED: [&str; 2] = [
    "/notificationapp/notificationapp/getnotifications",
    "/communication/news/getnewslist",
];

pub(crate) fn router() -> Router<EmuState> {
    Router::new().route(
        "/authentication/authentication/handleunauthorizedrequest",
        get(unauthorized_page).post(unauthorized_page),
    )
}

async fn unauthorized_page() -> Html<&'static str> {
    Html(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\" /><title>InfoMentor</title></head>\n\
         <body>\n<h1>Behörighet saknas</h1>\n<p>Du har inte behörighet till den här sidan.</p>\n\
         <p><a href=\"/\">Till startsidan</a></p>\n</body>\n</html>\n",
    )
}

/// A hub module (app) whose endpoints only answer while it is enabled for the selected pupil.
pub(crate) trait Module: Send + Sync + 'static {
    /// The `homeData.apps[].codeName`, or `None` for endpoints every session may call.
    const CODE_NAME: Option<&'static str>;
}

/// Notifications are not a start-page module: every session may read them.
pub(crate) struct Always;
impl Module for Always {
    const CODE_NAME: Option<&'static str> = None;
}

/// Information: news, documents, links (`communication`).
pub(crate) struct Communication;
impl Module for Communication {
    const CODE_NAME: Option<&'static str> = Some("communication");
}

/// Kalender (`calendarv2`).
pub(crate) struct Calendar;
impl Module for Calendar {
    const CODE_NAME: Option<&'static str> = Some("calendarv2");
}

/// Fritidsschema (`timeregistration`).
pub(crate) struct TimeRegistration;
impl Module for TimeRegistration {
    const CODE_NAME: Option<&'static str> = Some("timeregistration");
}

/// Utvecklingssamtal (`meeting`).
pub(crate) struct Meeting;
impl Module for Meeting {
    const CODE_NAME: Option<&'static str> = Some("meeting");
}

/// Bedömningar (`assessmentsv2`).
pub(crate) struct Assessments;
impl Module for Assessments {
    const CODE_NAME: Option<&'static str> = Some("assessmentsv2");
}

/// A live hub session whose selected pupil has module `M` enabled.
pub(crate) struct AppSession<M> {
    pub session: HubSession,
    /// The session's selected pupil.
    pub pupil: PupilInfo,
    _module: PhantomData<M>,
}

impl<M> AppSession<M> {
    /// True when the pupil's own student account is logged in.
    pub(crate) fn is_student(&self) -> bool {
        self.session.user.role == Role::Pupil
    }
}

/// The current Stockholm wall-clock time on the emulator clock.
pub(crate) fn local_now(st: &EmuState) -> chrono::NaiveDateTime {
    time::to_local(st.clock.now())
}

impl<M: Module> FromRequestParts<EmuState> for AppSession<M> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &EmuState) -> Result<Self, Response> {
        let Some(session) = session::authenticate(st, &parts.headers).map_err(IntoResponse::into_response)? else {
            if EMPTY_WHEN_EXPIRED.contains(&parts.uri.path()) {
                return Err(StatusCode::OK.into_response());
            }
            return Err(session::login_redirect(&session::return_url(parts)));
        };
        let now = time::local_iso(local_now(st));
        let (pupil, enabled) = {
            let conn = st.db();
            let pupil =
                db::pupil_info(&conn, &session.selected_pupil_id).map_err(|e| EmuError::from(e).into_response())?;
            let enabled = match (M::CODE_NAME, &pupil) {
                (None, _) => true,
                (Some(code), Some(p)) => db::pupil_apps(&conn, &p.pupil_id, session.user.role == Role::Pupil, &now)
                    .map_err(|e| EmuError::from(e).into_response())?
                    .iter()
                    .any(|a| a.code_name == code),
                (Some(_), None) => false,
            };
            (pupil, enabled)
        };
        let Some(pupil) = pupil else {
            return Err(EmuError::NotFound.into_response());
        };
        if !enabled {
            tracing::debug!(module = M::CODE_NAME, "module not enabled for the selected pupil");
            let location = format!("{UNAUTHORIZED_PATH}?ReturnUrl={}", encode(&session::return_url(parts)));
            return Err(found(&location));
        }
        Ok(AppSession {
            session,
            pupil,
            _module: PhantomData,
        })
    }
}

/// The request's parameters from a JSON object body, a form body or the query string (the body wins).
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(pub Map<String, Value>);

impl Params {
    /// The value of `key`, matched case-insensitively like ASP.NET model binding.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .get(key)
            .or_else(|| self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
            .filter(|v| !v.is_null())
    }

    /// A string or number as text; empty strings count as missing.
    pub(crate) fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A number, or a string holding one.
    pub(crate) fn i64(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A boolean, or `"true"`/`"false"` from a form.
    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = Response;

    async fn from_request(req: Request, st: &S) -> Result<Self, Response> {
        let mut map = Map::new();
        if let Some(query) = req.uri().query() {
            for (k, v) in form_fields(query.as_bytes()) {
                map.insert(k, Value::String(v));
            }
        }
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        let body = Bytes::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let trimmed = body.trim_ascii();
        if trimmed.is_empty() {
            return Ok(Params(map));
        }
        if json_type || trimmed.starts_with(b"{") {
            match serde_json::from_slice::<Value>(trimmed) {
                Ok(Value::Object(obj)) => map.extend(obj),
                Ok(Value::Null) => {}
                Ok(_) | Err(_) => {
                    // The model binder cannot bind it and the action fails, as the real hub's does.
                    return Err(EmuError::Internal("request body is not a JSON object".into()).into_response());
                }
            }
        } else {
            for (k, v) in form_fields(trimmed) {
                map.insert(k, Value::String(v));
            }
        }
        Ok(Params(map))
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::StatusCode;
    use serde_json::json;
    use tower::ServiceExt as _;

    use super::*;
    use crate::config::{Config, Urls};
    use crate::routes::hub_router;

    async fn answer(method: &str, path: &str) -> Response {
        let st = EmuState::new(Config::default(), Urls::on_loopback(1, 2, 3, 4, 5)).unwrap();
        let req = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        hub_router(st).oneshot(req).await.unwrap()
    }

    #[tokio::test]
    async fn dead_sessions_get_empty_200_or_the_relay_per_endpoint() {
        for path in EMPTY_WHEN_EXPIRED {
            let resp = answer("POST", &path.to_ascii_uppercase()).await;
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            let body = axum::body::to_bytes(resp.into_body(), 1024).await.unwrap();
            assert!(body.is_empty(), "{path}");
        }
        let resp = answer("POST", "/Communication/Documents/GetDocumentsList").await;
        assert_eq!(resp.status(), StatusCode::FOUND);
        assert_eq!(
            resp.headers()[header::LOCATION],
            "/Authentication/Authentication/Login?ReturnUrl=%2FCommunication%2FDocuments%2FGetDocumentsList"
        );
        let page = answer(
            "GET",
            "/Authentication/Authentication/HandleUnauthorizedRequest?ReturnUrl=%2F",
        )
        .await;
        assert_eq!(page.status(), StatusCode::OK);
    }

    #[test]
    fn params_are_case_insensitive_and_typed_leniently() {
        let Value::Object(map) = json!({"StartDate": "2025/01/08", "id": "42", "n": 7, "flag": "true", "empty": ""})
        else {
            unreachable!()
        };
        let p = Params(map);
        assert_eq!(p.str("startDate").as_deref(), Some("2025/01/08"));
        assert_eq!(p.i64("id"), Some(42));
        assert_eq!(p.i64("N"), Some(7));
        assert_eq!(p.bool("flag"), Some(true));
        assert_eq!(p.str("empty"), None);
        assert_eq!(p.str("missing"), None);
    }
}
