//! The IM1 "mentor" site (protocol §3.1 steps 2–5): the ASP.NET WebForms password login, the relay-token
//! hop to the hub's `LoginCallback`, and the optional PIN-enrolment interstitial.
//!
//! State lives in the mentor session (`ASP.NET_SessionId`, scoped to the mentor path because all hosts share
//! the loopback cookie domain). A post must carry the `__VIEWSTATE`/`__EVENTVALIDATION` of a page this
//! session was served, as WebForms requires; otherwise the form simply comes back.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use rusqlite::Connection;

use crate::config::MENTOR_PATH;
use crate::cookies;
use crate::db::{self, FormPage, MentorSession, MentorState};
use crate::demo;
use crate::error::EmuError;
use crate::html::{self, Idp, LoginPage};
use crate::routes::{encode, form_fields, found};
use crate::state::EmuState;
use crate::token;

/// The error text for wrong credentials, verbatim from the real site (SC).
pub(crate) const LOGIN_FAILED: &str =
    "Inloggning misslyckades - vänligen kontrollera användarnamn och lösenord eller kontakta skolan.";
/// The error text for an empty password.
pub(crate) const ENTER_PASSWORD: &str = "Ange lösenord";
/// The error text for an empty user name.
pub(crate) const ENTER_USERNAME: &str = "Ange användarnamn";

const FIELD_USERNAME: &str = "login_ascx$txtNotandanafn";
const FIELD_PASSWORD: &str = "login_ascx$txtLykilord";
const FIELD_LOGIN_BUTTON: &str = "login_ascx$btnLogin";

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(MENTOR_PATH, get(login_get).post(login_post))
        .route(
            &format!("{MENTOR_PATH}/oryggi/pinlogin/enablepin.aspx"),
            get(pin_get).post(pin_post),
        )
        .route(&format!("{MENTOR_PATH}/oryggi/gleymtlykilord.aspx"), get(new_password))
        .route(&format!("{MENTOR_PATH}/oryggi/ssologin.aspx"), get(sso_login))
}

/// The municipality choices of the login page; their hidden `$url` fields must be posted back.
fn idps() -> [Idp; 3] {
    let idp = demo::SCHOOL.idp;
    [
        Idp {
            label: "Lekebergs kommun - vårdnadshavare",
            url: format!("https://sso.infomentor.se/login.ashx?idp={idp}"),
        },
        Idp {
            label: "Lekebergs kommun - elever",
            url: "https://sso.infomentor.se/login.ashx?idp=lekeberg_stu".to_owned(),
        },
        Idp {
            label: "BankID",
            url: "https://ims-grandid-api.infomentor.se/login/initial".to_owned(),
        },
    ]
}

fn idp_field(index: usize) -> String {
    format!("IdpListRepeater$ctl{index:02}$url")
}

/// The mentor session of this request and whether its cookie must be set.
fn load_session(st: &EmuState, conn: &Connection, headers: &HeaderMap) -> Result<(MentorSession, bool), EmuError> {
    let cookie = cookies::get(headers, cookies::ASP_SESSION);
    Ok(db::mentor_session(
        conn,
        cookie.as_deref(),
        st.now_ms(),
        st.lifetime_ms(),
    )?)
}

fn with_session_cookie(mut resp: Response, session: &MentorSession, new: bool) -> Response {
    if new {
        resp.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(cookies::ASP_SESSION, &session.id, MENTOR_PATH),
        );
    }
    resp
}

fn render_login(
    st: &EmuState,
    conn: &Connection,
    session: &MentorSession,
    username: &str,
    errors: &[&str],
) -> Result<Response, EmuError> {
    let (viewstate, event_validation) = db::issue_form(conn, &session.id, FormPage::Login, st.now_ms())?;
    let new_password_url = format!("{}Oryggi/GleymtLykilord.aspx", st.urls.mentor);
    let page = html::login_page(&LoginPage {
        action: &st.urls.mentor,
        viewstate: &viewstate,
        event_validation: &event_validation,
        idps: &idps(),
        username,
        errors,
        new_password_url: &new_password_url,
    });
    Ok(Html(page).into_response())
}

/// Where a session goes when it arrives without anything to post: the form, the PIN page or on to the hub.
fn landing(st: &EmuState, conn: &Connection, session: &MentorSession) -> Result<Response, EmuError> {
    match session.state {
        MentorState::Anonymous => render_login(st, conn, session, "", &[]),
        MentorState::PinPending => Ok(found(&st.urls.mentor_enable_pin())),
        MentorState::Authenticated => Ok(found(&st.urls.hub_login_relay())),
    }
}

async fn login_get(State(st): State<EmuState>, headers: HeaderMap) -> Result<Response, EmuError> {
    let conn = st.db();
    let (session, new) = load_session(&st, &conn, &headers)?;
    let resp = landing(&st, &conn, &session)?;
    Ok(with_session_cookie(resp, &session, new))
}

async fn login_post(State(st): State<EmuState>, headers: HeaderMap, body: Bytes) -> Result<Response, EmuError> {
    let form = form_fields(&body);
    let conn = st.db();
    let (session, new) = load_session(&st, &conn, &headers)?;
    let is_credentials = [FIELD_LOGIN_BUTTON, FIELD_USERNAME, FIELD_PASSWORD]
        .iter()
        .any(|field| form.contains_key(*field));
    let resp = if is_credentials {
        credentials(&st, &conn, &session, &form)?
    } else if let Some(token) = form.get("oauth_token") {
        relay(&st, &conn, &session, token)?
    } else {
        landing(&st, &conn, &session)?
    };
    Ok(with_session_cookie(resp, &session, new))
}

/// A posted relay token: bound and sent on to `LoginCallback` when this session is logged in, otherwise
/// remembered while the password form is shown.
fn relay(st: &EmuState, conn: &Connection, session: &MentorSession, oauth_token: &str) -> Result<Response, EmuError> {
    match session.state {
        MentorState::Authenticated => {
            match db::bind_relay_token(conn, oauth_token, session, st.now_ms())? {
                Some(verifier) => Ok(found(&format!(
                    "{}/Authentication/Authentication/LoginCallback?apitype=im1&oauth_token={}&oauth_verifier={}",
                    st.urls.hub,
                    encode(oauth_token),
                    encode(&verifier)
                ))),
                None => {
                    // An unknown or spent token: fetch a fresh one from the hub, as a browser would.
                    tracing::debug!("relay token unknown or already used");
                    Ok(found(&st.urls.hub_login_relay()))
                }
            }
        }
        MentorState::PinPending => Ok(found(&st.urls.mentor_enable_pin())),
        MentorState::Anonymous => {
            db::set_pending_token(conn, &session.id, oauth_token)?;
            render_login(st, conn, session, "", &[])
        }
    }
}

/// A posted login form (protocol §3.1 step 3).
fn credentials(
    st: &EmuState,
    conn: &Connection,
    session: &MentorSession,
    form: &HashMap<String, String>,
) -> Result<Response, EmuError> {
    let field = |name: &str| form.get(name).map(String::as_str);
    let current = match (field("__VIEWSTATE"), field("__EVENTVALIDATION")) {
        (Some(viewstate), Some(event_validation)) => {
            db::form_is_current(conn, &session.id, FormPage::Login, viewstate, event_validation)?
        }
        _ => false,
    };
    if !current {
        tracing::debug!("stale or missing __VIEWSTATE; serving the form again");
        return render_login(st, conn, session, "", &[]);
    }
    let username = field(FIELD_USERNAME).unwrap_or_default().trim();
    let password = field(FIELD_PASSWORD).unwrap_or_default();
    let mut errors = Vec::new();
    if username.is_empty() {
        errors.push(ENTER_USERNAME);
    }
    if password.is_empty() {
        errors.push(ENTER_PASSWORD);
    }
    if !errors.is_empty() {
        return render_login(st, conn, session, username, &errors);
    }
    let Some(user) = db::user_by_credentials(conn, username, password)? else {
        tracing::debug!("password login rejected");
        return render_login(st, conn, session, username, &[LOGIN_FAILED]);
    };
    let idp_fields_present = (0..idps().len()).all(|i| form.contains_key(&idp_field(i)));
    if !idp_fields_present {
        tracing::debug!("login without the IdP hidden fields; session lands in the wrong municipality");
    }
    let (state, location) = if st.cfg.pin_interstitial {
        (MentorState::PinPending, st.urls.mentor_enable_pin())
    } else {
        (MentorState::Authenticated, st.urls.hub_login_relay())
    };
    db::set_mentor_state(
        conn,
        &session.id,
        state,
        Some(&user.id),
        !idp_fields_present,
        st.now_ms(),
        st.lifetime_ms(),
    )?;
    tracing::info!(user = %user.id, "IM1 password login");
    let mut resp = found(&location);
    resp.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::NOTANDA, &token::opaque(32), MENTOR_PATH),
    );
    Ok(resp)
}

fn render_pin(st: &EmuState, conn: &Connection, session: &MentorSession) -> Result<Response, EmuError> {
    let (viewstate, event_validation) = db::issue_form(conn, &session.id, FormPage::Pin, st.now_ms())?;
    let page = html::pin_page(&st.urls.mentor_enable_pin(), &viewstate, &event_validation);
    Ok(Html(page).into_response())
}

async fn pin_get(State(st): State<EmuState>, headers: HeaderMap) -> Result<Response, EmuError> {
    let conn = st.db();
    let (session, new) = load_session(&st, &conn, &headers)?;
    let resp = match session.state {
        MentorState::PinPending => render_pin(&st, &conn, &session)?,
        MentorState::Authenticated => found(&st.urls.hub_login_relay()),
        MentorState::Anonymous => found(&st.urls.mentor),
    };
    Ok(with_session_cookie(resp, &session, new))
}

/// Posting the PIN page back with `__EVENTTARGET=aDontActivatePin` completes the login without a PIN.
async fn pin_post(State(st): State<EmuState>, headers: HeaderMap, body: Bytes) -> Result<Response, EmuError> {
    let form = form_fields(&body);
    let field = |name: &str| form.get(name).map(String::as_str);
    let conn = st.db();
    let (session, new) = load_session(&st, &conn, &headers)?;
    let resp = match session.state {
        MentorState::PinPending => {
            let current = match (field("__VIEWSTATE"), field("__EVENTVALIDATION")) {
                (Some(viewstate), Some(event_validation)) => {
                    db::form_is_current(&conn, &session.id, FormPage::Pin, viewstate, event_validation)?
                }
                _ => false,
            };
            if current && field("__EVENTTARGET") == Some("aDontActivatePin") {
                db::set_mentor_state(
                    &conn,
                    &session.id,
                    MentorState::Authenticated,
                    session.user_id.as_deref(),
                    session.wrong_municipality,
                    st.now_ms(),
                    st.lifetime_ms(),
                )?;
                found(&st.urls.hub_login_relay())
            } else {
                render_pin(&st, &conn, &session)?
            }
        }
        MentorState::Authenticated => found(&st.urls.hub_login_relay()),
        MentorState::Anonymous => found(&st.urls.mentor),
    };
    Ok(with_session_cookie(resp, &session, new))
}

/// The "Nytt lösenord" link target.
async fn new_password(State(st): State<EmuState>) -> Html<String> {
    Html(html::new_password_page(&st.urls.mentor))
}

/// The one-time URL of `NA1/Authentication/sso` (protocol §3.3 step 6): logs this mentor session in as the
/// token's user and sends the browser on to the hub login relay, whose normal hop ends in `LoginCallback`.
/// A used or expired URL lands on the password form.
async fn sso_login(
    State(st): State<EmuState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, EmuError> {
    let params = form_fields(query.unwrap_or_default().as_bytes());
    let sso_token = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("token"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let conn = st.db();
    let (session, new) = load_session(&st, &conn, &headers)?;
    let resp = match db::oauth::redeem_sso(&conn, &sso_token, st.now_ms())? {
        Some(user_id) => {
            db::set_mentor_state(
                &conn,
                &session.id,
                MentorState::Authenticated,
                Some(&user_id),
                false,
                st.now_ms(),
                st.lifetime_ms(),
            )?;
            tracing::info!(user = %user_id, "IM1 login through the SSO bridge");
            found(&st.urls.hub_login_relay())
        }
        None => {
            tracing::debug!("SSO URL unknown, used or expired");
            render_login(&st, &conn, &session, "", &[])?
        }
    };
    Ok(with_session_cookie(resp, &session, new))
}
