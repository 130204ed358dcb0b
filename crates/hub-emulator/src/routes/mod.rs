//! One router per emulated host, each wrapped in the same outer layers: tracing (method and path only; the
//! query can carry relay tokens and is never logged) and path normalization (case-insensitive paths,
//! tolerated trailing slashes), which must run before routing.

pub(crate) mod admin;
pub(crate) mod api;
pub(crate) mod assessment;
pub(crate) mod attendance;
pub(crate) mod auth;
pub(crate) mod blog;
pub(crate) mod calendar;
pub(crate) mod classlist;
pub(crate) mod communication;
pub(crate) mod documentation;
pub(crate) mod etest;
pub(crate) mod gate;
pub(crate) mod home;
pub(crate) mod learnlog;
pub(crate) mod meeting;
pub(crate) mod mentor;
pub(crate) mod messages;
pub(crate) mod notifications;
pub(crate) mod oauth;
pub(crate) mod pair;
pub(crate) mod stepup;
pub(crate) mod task;
pub(crate) mod timereg;
pub(crate) mod timetable;
pub(crate) mod weeklyplan;

use std::collections::HashMap;

use axum::Router;
use axum::extract::Request;
use axum::http::uri::PathAndQuery;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tower_http::trace::TraceLayer;

use crate::error::EmuError;
use crate::faults::FaultInjector;
use crate::html;
use crate::state::EmuState;

/// The hub (`hub.infomentor.se`): login relay and callback, session check, logout, start page, pupil switch.
pub fn hub_router(state: EmuState) -> Router {
    let routes = auth::router()
        .merge(home::router())
        .merge(gate::router())
        .merge(notifications::router())
        .merge(communication::router())
        .merge(calendar::router())
        .merge(timereg::router())
        .merge(meeting::router())
        .merge(pair::router())
        .merge(stepup::router())
        .merge(assessment::router())
        .merge(task::router())
        .merge(classlist::router())
        .merge(weeklyplan::router())
        .merge(blog::router())
        .merge(documentation::router())
        .merge(etest::router())
        .merge(learnlog::router())
        .merge(timetable::router())
        .merge(messages::router())
        .merge(attendance::router())
        .fallback(home::fallback);
    let faults = state.faults.clone();
    host("hub", routes, state, Some(faults))
}

/// The IM1 "mentor" site (`infomentor.se/swedish/production/mentor/`): the WebForms password login.
pub fn mentor_router(state: EmuState) -> Router {
    host("mentor", mentor::router().fallback(not_found), state, None)
}

/// The mobile OAuth server (`im.infomentor.se`).
pub fn oauth_router(state: EmuState) -> Router {
    host("oauth", oauth::router().fallback(not_found), state, None)
}

/// The mobile API (`api-im.infomentor.se`).
pub fn api_router(state: EmuState) -> Router {
    host("api", api::router().fallback(not_found), state, None)
}

/// The admin API for tests and demos, on its own port so no hub route can reach it.
pub fn admin_router(state: EmuState) -> Router {
    host("admin", admin::router(), state, None)
}

fn host(name: &'static str, routes: Router<EmuState>, state: EmuState, faults: Option<FaultInjector>) -> Router {
    let inner = routes.with_state(state);
    // Middleware added with `Router::layer` runs after routing, so the rewrite wraps the inner router as
    // the fallback of an outer one, whose layers see the request first. Fault injection sits inside path
    // normalization (it matches normalized paths) and outside every handler.
    let mut outer = Router::new().fallback_service(inner);
    if let Some(faults) = faults {
        outer = outer.layer(middleware::from_fn_with_state(faults, crate::faults::layer));
    }
    outer
        .layer(middleware::from_fn(normalize_path))
        .layer(TraceLayer::new_for_http().make_span_with(move |req: &Request| {
            tracing::debug_span!(
                "request",
                host = name,
                method = %req.method(),
                path = %req.uri().path()
            )
        }))
}

/// Lowercases the path and strips trailing slashes, keeping the query, so `/Communication/News/X/`
/// routes like `/communication/news/x`.
async fn normalize_path(mut req: Request, next: Next) -> Response {
    if let Some(uri) = normalized_uri(req.uri()) {
        *req.uri_mut() = uri;
    }
    next.run(req).await
}

fn normalized_uri(uri: &Uri) -> Option<Uri> {
    let lower = uri.path().to_ascii_lowercase();
    let trimmed = lower.trim_end_matches('/');
    let path = if trimmed.is_empty() { "/" } else { trimmed };
    if path == uri.path() {
        return None;
    }
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(PathAndQuery::try_from(path_and_query).ok()?);
    Uri::from_parts(parts).ok()
}

/// A 302 the way IIS sends it: `Location` plus a tiny "Object moved" body.
pub(crate) fn found(location: &str) -> Response {
    let body = format!(
        "<html><head><title>Object moved</title></head><body>\n<h2>Object moved to <a href=\"{}\">here</a>.</h2>\n</body></html>\n",
        html::escape(location)
    );
    let mut resp = (StatusCode::FOUND, Html(body)).into_response();
    match HeaderValue::try_from(location) {
        Ok(value) => {
            resp.headers_mut().insert(header::LOCATION, value);
        }
        Err(_) => {
            tracing::error!("refusing to redirect to a location that is not a valid header");
            return EmuError::BadRequest("invalid redirect".into()).into_response();
        }
    }
    resp
}

/// Percent-encodes a query value (`/` becomes `%2F`, as in `ReturnUrl=%2F`).
pub(crate) fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Decodes a form-encoded body or query leniently: malformed pairs are skipped, the last duplicate wins.
pub(crate) fn form_fields(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

async fn not_found() -> EmuError {
    EmuError::NotFound
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use tower::ServiceExt as _;

    use super::*;
    use crate::config::{Config, Urls};

    fn state() -> EmuState {
        EmuState::new(Config::default(), Urls::on_loopback(1, 2, 3, 4, 5)).unwrap()
    }

    async fn body_text(resp: Response) -> String {
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn hub_routes_are_case_insensitive_and_guarded() {
        let hub = hub_router(state());
        let req = Request::get("/").body(Body::empty()).unwrap();
        let resp = hub.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::FOUND);
        assert_eq!(resp.headers()[header::LOCATION], auth::LOGIN_RELAY_PATH);

        let req = Request::post("/Authentication/Authentication/IsAuthenticated/?_=1")
            .body(Body::empty())
            .unwrap();
        let resp = hub.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(body_text(resp).await, "false");

        // Unknown pages keep their original casing in ReturnUrl.
        let req = Request::get("/Communication/News/X").body(Body::empty()).unwrap();
        let resp = hub.oneshot(req).await.unwrap();
        assert_eq!(
            resp.headers()[header::LOCATION],
            "/Authentication/Authentication/Login?ReturnUrl=%2FCommunication%2FNews%2FX"
        );
    }

    #[tokio::test]
    async fn relay_page_posts_to_the_configured_mentor_url() {
        let req = Request::get("/authentication/authentication/login?apitype=im1&forceOAuth=true")
            .body(Body::empty())
            .unwrap();
        let resp = hub_router(state()).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let html = body_text(resp).await;
        assert!(html.contains(
            r#"<form id="openid_message" method="post" action="http://127.0.0.1:2/swedish/production/mentor/">"#
        ));
    }

    #[tokio::test]
    async fn mentor_sets_its_session_cookie_under_its_path() {
        let req = Request::get("/Swedish/Production/mentor/").body(Body::empty()).unwrap();
        let resp = mentor_router(state()).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let cookie = resp.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("ASP.NET_SessionId="));
        assert!(cookie.ends_with("; path=/swedish/production/mentor; HttpOnly"));
    }

    #[tokio::test]
    async fn admin_has_no_hub_routes() {
        let req = Request::get("/").body(Body::empty()).unwrap();
        let resp = admin_router(state()).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn normalizes_case_and_trailing_slash_but_keeps_query() {
        let uri: Uri = "/Authentication/Authentication/IsAuthenticated/?_=1700000000000"
            .parse()
            .unwrap();
        assert_eq!(
            normalized_uri(&uri).unwrap().to_string(),
            "/authentication/authentication/isauthenticated?_=1700000000000"
        );
        let root: Uri = "/".parse().unwrap();
        assert!(normalized_uri(&root).is_none());
        let root_query: Uri = "/?ReturnUrl=%2F".parse().unwrap();
        assert!(normalized_uri(&root_query).is_none());
        let slashes: Uri = "//".parse().unwrap();
        assert_eq!(normalized_uri(&slashes).unwrap().path(), "/");
    }

    #[test]
    fn found_sets_location() {
        let resp = found("/Authentication/Authentication/Login?ReturnUrl=%2F");
        assert_eq!(resp.status(), StatusCode::FOUND);
        assert_eq!(
            resp.headers()[header::LOCATION],
            "/Authentication/Authentication/Login?ReturnUrl=%2F"
        );
        assert_eq!(encode("/"), "%2F");
    }
}
