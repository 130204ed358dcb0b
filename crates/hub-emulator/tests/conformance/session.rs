//! Session rules (protocol §3.4, §5): isauthenticated, one session per login, lifetime, expiry, logout and
//! the IMHome cookie.

use std::time::Duration;

use hub_emulator::{Config, demo};
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::json;

use crate::support::*;

const RELAY: &str = "/Authentication/Authentication/Login?ReturnUrl=%2F";

/// Follows the hub's relay to the mentor site; true when it ends at the password form.
async fn relay_asks_for_password(client: &reqwest::Client, urls: &hub_emulator::Urls) -> bool {
    let root = get(client, &format!("{}/", urls.hub)).await;
    root.assert_redirect_to(RELAY);
    let relay = get(client, &root.redirect_url()).await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(client, &action, &[("oauth_token".into(), token)]).await;
    hop.status == 200 && hidden(&hop.body, "__VIEWSTATE").is_some()
}

#[tokio::test]
async fn isauthenticated_answers_false_then_true() {
    let emu = start().await;
    let client = browser();
    assert!(!is_authenticated(&client, &emu.urls).await);
    login_guardian(&client, &emu.urls).await;
    assert!(is_authenticated(&client, &emu.urls).await);
    // Casing, the trailing slash and the cache buster do not matter.
    for path in [
        "/Authentication/Authentication/IsAuthenticated",
        "/authentication/authentication/isauthenticated/?_=1",
    ] {
        let page = post_empty(&client, &format!("{}{path}", emu.urls.hub)).await;
        assert_eq!((page.status, page.body.as_str()), (200, "true"), "{path}");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn second_login_invalidates_the_first_session() {
    let emu = start().await;
    let first = browser();
    let second = browser();
    login_guardian(&first, &emu.urls).await;
    assert!(is_authenticated(&first, &emu.urls).await);
    login_guardian(&second, &emu.urls).await;
    assert!(is_authenticated(&second, &emu.urls).await);
    assert!(!is_authenticated(&first, &emu.urls).await, "one session per login");
    // The first browser must enter its password again.
    assert!(relay_asks_for_password(&first, &emu.urls).await);
    assert!(is_authenticated(&second, &emu.urls).await);

    // Another account's login leaves this one alone.
    let student = browser();
    login(&student, &emu.urls, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD).await;
    assert!(is_authenticated(&second, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn relay_renews_the_hub_session_while_the_im1_login_lives() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    // The forceOAuth relay of §3.1 yields a new hub session without the password.
    let home = finish_relay(
        &client,
        &emu.urls,
        &format!(
            "{}/authentication/authentication/login?apitype=im1&forceOAuth=true",
            emu.urls.hub
        ),
    )
    .await;
    assert_eq!(selected_name(&home_data(&home.body)), "Björklund, Elsa");
    assert!(is_authenticated(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn admin_expire_sessions_logs_everyone_out() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let answer = admin_post(&emu.urls, "/admin/expire-sessions", None).await;
    assert_eq!(answer["hubSessions"], 1);
    assert!(!is_authenticated(&client, &emu.urls).await);
    assert!(
        relay_asks_for_password(&client, &emu.urls).await,
        "no cookie-only renewal"
    );
    // A new password login works on the same cookie jar.
    login_guardian(&client, &emu.urls).await;
    assert!(is_authenticated(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn session_expires_after_its_lifetime_on_the_emulator_clock() {
    let emu = start_with(Config {
        session_lifetime: Duration::from_secs(60 * 60),
        ..Config::default()
    })
    .await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let clock = admin_post(&emu.urls, "/admin/clock", Some(json!({ "advanceSeconds": 59 * 60 }))).await;
    assert!(clock["offsetSeconds"].as_i64().unwrap() >= 59 * 60 - 1);
    assert!(is_authenticated(&client, &emu.urls).await, "still inside the lifetime");
    admin_post(&emu.urls, "/admin/clock", Some(json!({ "advanceSeconds": 2 * 60 }))).await;
    assert!(!is_authenticated(&client, &emu.urls).await, "lifetime is not sliding");
    let root = get(&client, &format!("{}/", emu.urls.hub)).await;
    root.assert_redirect_to(RELAY);
    assert!(relay_asks_for_password(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn logout_ends_the_session_and_the_im1_login() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let out = get(
        &client,
        &format!(
            "{}/Authentication/Authentication/LogOut?ApiType=IM1&ApiInstance=",
            emu.urls.hub
        ),
    )
    .await;
    out.assert_redirect_to(RELAY);
    let cleared = out.cookie(".ASPXAUTH").expect("cookie cleared");
    assert!(cleared.contains("1970"), "{cleared}");
    assert!(!is_authenticated(&client, &emu.urls).await);
    assert!(relay_asks_for_password(&client, &emu.urls).await);
    emu.shutdown().await;
}

/// The cookies a response sets, as `name=value` pairs.
fn cookie_pairs(resp: &reqwest::Response) -> Vec<String> {
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn hub_session_needs_imhome_and_dropping_it_does_not_renew() {
    let emu = start().await;
    let client = browser();
    // Log in through the jar, then replay the chain's end by hand to learn the hub cookies.
    login_guardian(&client, &emu.urls).await;
    let relay = get(&client, &format!("{}{RELAY}", emu.urls.hub)).await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(&client, &action, &[("oauth_token".into(), token)]).await;
    install_tls_provider();
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let landed = bare.get(hop.redirect_url()).send().await.unwrap();
    let cookies = cookie_pairs(&landed);
    let aspxauth = cookies.iter().find(|c| c.starts_with(".ASPXAUTH=")).unwrap();
    let both = cookies.join("; ");

    let check = |cookie: String| {
        let bare = bare.clone();
        let url = format!("{}/authentication/authentication/isauthenticated/", emu.urls.hub);
        async move {
            bare.post(url)
                .header(COOKIE, cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    assert_eq!(check(both.clone()).await, "true");
    assert_eq!(check(aspxauth.clone()).await, "false", ".ASPXAUTH alone is not enough");
    assert_eq!(check(both).await, "false", "the session did not survive that");
    emu.shutdown().await;
}
