//! Fault injection on the hub host, driven through `/admin/faults` (and `Config::faults` at start): latency,
//! 500s, dead sessions, malformed bodies, 429 with Retry-After; clearing restores the well-behaved hub.

use std::time::{Duration, Instant};

use hub_emulator::{Config, Faults};
use serde_json::{Value, json};

use crate::support::*;

const NOTIFICATIONS: &str = "/NotificationApp/NotificationApp/GetNotifications";
const DOCUMENTS: &str = "/Communication/Documents/GetDocumentsList";

async fn set_faults(urls: &hub_emulator::Urls, faults: Value) -> Value {
    admin_post(urls, "/admin/faults", Some(faults)).await
}

async fn clear_faults(urls: &hub_emulator::Urls) {
    let cleared = admin_post(urls, "/admin/faults/clear", None).await;
    assert_eq!(cleared["errorRate"], 0.0);
    assert_eq!(cleared["malformedPaths"], json!([]));
}

async fn get_faults(urls: &hub_emulator::Urls) -> Value {
    reqwest::get(format!("{}/admin/faults", urls.admin))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn notifications(client: &reqwest::Client, urls: &hub_emulator::Urls) -> Page {
    hub_json(client, urls, NOTIFICATIONS, json!({})).await
}

#[tokio::test]
async fn latency_is_added_to_hub_requests_only() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let set = set_faults(&emu.urls, json!({"latencyMs": 300, "jitterMs": 50})).await;
    assert_eq!(set["latencyMs"], 300);
    let started = Instant::now();
    notifications(&client, &emu.urls).await.json();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );

    // The admin API is never slowed down.
    let started = Instant::now();
    get_faults(&emu.urls).await;
    assert!(started.elapsed() < Duration::from_millis(300));

    clear_faults(&emu.urls).await;
    let started = Instant::now();
    notifications(&client, &emu.urls).await.json();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn error_rate_answers_the_html_error_page_reproducibly() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    set_faults(&emu.urls, json!({"errorRate": 1.0})).await;
    let page = notifications(&client, &emu.urls).await;
    assert_eq!(page.status, 500);
    assert!(page.body.contains("Runtime Error"), "{}", page.body);
    assert!(page.body.trim_start().starts_with("<!DOCTYPE html>"));
    // The admin host is untouched.
    assert_eq!(get_faults(&emu.urls).await["errorRate"], 1.0);

    // Half the requests fail, the same half for the same seed.
    let mut runs = Vec::new();
    for _ in 0..2 {
        set_faults(&emu.urls, json!({"errorRate": 0.5, "seed": 42})).await;
        let mut statuses = Vec::new();
        for _ in 0..24 {
            statuses.push(notifications(&client, &emu.urls).await.status);
        }
        assert!(statuses.iter().all(|s| [200, 500].contains(s)), "{statuses:?}");
        assert!(statuses.contains(&200) && statuses.contains(&500), "{statuses:?}");
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "same seed, same faults");

    clear_faults(&emu.urls).await;
    for _ in 0..5 {
        notifications(&client, &emu.urls).await.json();
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn forced_expiry_makes_the_next_requests_find_the_session_dead() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    set_faults(&emu.urls, json!({"expireSessions": 3})).await;
    // Each endpoint answers a dead session its own way: empty 200, or the login relay.
    let empty = notifications(&client, &emu.urls).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.is_empty(), "{}", empty.body);
    assert_eq!(get_faults(&emu.urls).await["expireSessions"], 2, "counts down");
    hub_json(&client, &emu.urls, DOCUMENTS, json!({}))
        .await
        .assert_login_relay();
    assert!(!is_authenticated(&client, &emu.urls).await);
    assert_eq!(get_faults(&emu.urls).await["expireSessions"], 0);
    // Then the session is back: the fault hides it, it does not end it.
    notifications(&client, &emu.urls).await.json();
    assert!(is_authenticated(&client, &emu.urls).await);

    // Requests without a session cookie do not use the counter up.
    set_faults(&emu.urls, json!({"expireSessions": 1})).await;
    let stranger = browser();
    assert!(!is_authenticated(&stranger, &emu.urls).await);
    assert_eq!(get_faults(&emu.urls).await["expireSessions"], 1);
    clear_faults(&emu.urls).await;
    assert!(is_authenticated(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn malformed_bodies_are_truncated_or_invalid() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let good = notifications(&client, &emu.urls).await;
    good.json();

    // A named path, any casing and trailing slash: the first half of the real body.
    set_faults(
        &emu.urls,
        json!({"malformedPaths": ["/notificationapp/notificationapp/getnotifications/"], "malformedMode": "truncate"}),
    )
    .await;
    let cut = notifications(&client, &emu.urls).await;
    assert_eq!(cut.status, 200);
    assert!(good.body.starts_with(&cut.body));
    assert!(cut.body.len() <= good.body.len() / 2 && cut.body.len() + 4 >= good.body.len() / 2);
    assert!(serde_json::from_str::<Value>(&cut.body).is_err());
    // Other paths are untouched.
    hub_json(&client, &emu.urls, DOCUMENTS, json!({})).await.json();

    // Every JSON answer replaced by something that is not JSON; HTML pages stay intact.
    set_faults(&emu.urls, json!({"malformedRate": 1.0, "malformedMode": "invalid"})).await;
    for path in [NOTIFICATIONS, DOCUMENTS] {
        let page = hub_json(&client, &emu.urls, path, json!({})).await;
        assert_eq!(page.status, 200);
        assert!(serde_json::from_str::<Value>(&page.body).is_err(), "{}", page.body);
    }
    home_data(&home(&client, &emu.urls).await.body);

    clear_faults(&emu.urls).await;
    assert_eq!(notifications(&client, &emu.urls).await.json(), good.json());
    emu.shutdown().await;
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    set_faults(&emu.urls, json!({"rateLimitNext": 2, "retryAfterSecs": 7})).await;
    for _ in 0..2 {
        let resp = client
            .post(format!("{}{NOTIFICATIONS}", emu.urls.hub))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 429);
        assert_eq!(resp.headers()["retry-after"], "7");
    }
    notifications(&client, &emu.urls).await.json();
    assert_eq!(get_faults(&emu.urls).await["rateLimitNext"], 0);

    // A rate of 1 limits every data request, but never the login chain.
    set_faults(&emu.urls, json!({"rateLimitRate": 1.0})).await;
    assert_eq!(notifications(&client, &emu.urls).await.status, 429);
    let other = browser();
    let relay = get(
        &other,
        &format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", emu.urls.hub),
    )
    .await;
    assert_eq!(relay.status, 200);
    relay_form(&relay.body);

    clear_faults(&emu.urls).await;
    notifications(&client, &emu.urls).await.json();
    emu.shutdown().await;
}

#[tokio::test]
async fn faults_can_be_configured_at_start() {
    let emu = start_with(Config {
        faults: Faults {
            rate_limit_next: 1,
            retry_after_secs: 3,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    assert_eq!(get_faults(&emu.urls).await["rateLimitNext"], 1);
    let client = browser();
    let page = notifications(&client, &emu.urls).await;
    assert_eq!(page.status, 429);
    login_guardian(&client, &emu.urls).await;
    notifications(&client, &emu.urls).await.json();
    emu.shutdown().await;

    let bad = hub_emulator::EmulatorHandle::start(Config {
        faults: Faults {
            error_rate: 2.0,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    assert!(bad.is_err(), "an invalid start configuration is refused");
}

#[tokio::test]
async fn bad_fault_requests_are_refused_without_changing_anything() {
    let emu = start().await;
    set_faults(&emu.urls, json!({"latencyMs": 5})).await;
    let client = plain_client();
    for body in [
        "{not json",
        "[]",
        r#"{"errorRate": 2}"#,
        r#"{"errorRate": -0.1}"#,
        r#"{"latencyMs": -1}"#,
        r#"{"latencyMs": 3600000}"#,
        r#"{"malformedMode": "bogus"}"#,
        r#"{"malformedPaths": ["no-slash"]}"#,
        r#"{"rateLimitNext": "many"}"#,
        r#"{"bogus": 1}"#,
        r#"{"retryAfterSecs": 1e30}"#,
    ] {
        let resp = client
            .post(format!("{}/admin/faults", emu.urls.admin))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400, "{body}");
        let err: Value = resp.json().await.unwrap();
        assert!(err["error"].is_string(), "{body}: {err}");
    }
    let now = get_faults(&emu.urls).await;
    assert_eq!(now["latencyMs"], 5);
    assert_eq!(now["errorRate"], 0.0);
    // An empty body switches everything off, like clear.
    let off = admin_post(&emu.urls, "/admin/faults", None).await;
    assert_eq!(off["latencyMs"], 0);
    emu.shutdown().await;
}
