//! The admin API: its own port, health, clock, reset; and the emulator's lifecycle.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn admin_is_not_reachable_through_the_hub() {
    let emu = start().await;
    let client = browser();
    let via_hub = get(&client, &format!("{}/admin/health", emu.urls.hub)).await;
    assert_eq!(via_hub.status, 302, "the hub treats it as any unknown page");
    let health: serde_json::Value = reqwest::get(format!("{}/admin/health", emu.urls.admin))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["urls"]["hub"], emu.urls.hub.as_str());
    assert_eq!(health["urls"]["mentor"], emu.urls.mentor.as_str());
    emu.shutdown().await;
}

#[tokio::test]
async fn admin_clock_can_be_set_and_rejects_nonsense() {
    let emu = start().await;
    let set = admin_post(
        &emu.urls,
        "/admin/clock",
        Some(json!({ "now": "2031-09-01T08:00:00+02:00" })),
    )
    .await;
    assert!(set["now"].as_str().unwrap().starts_with("2031-09-01T06:00:0"), "{set}");
    let client = plain_client();
    for body in [
        json!({ "now": "yesterday" }),
        json!({ "offsetSeconds": 1, "advanceSeconds": 1 }),
        json!({ "bogus": 1 }),
    ] {
        let resp = client
            .post(format!("{}/admin/clock", emu.urls.admin))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400, "{body}");
        let err: serde_json::Value = resp.json().await.unwrap();
        assert!(err["error"].is_string());
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn admin_reset_forgets_all_sessions() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    admin_post(&emu.urls, "/admin/clock", Some(json!({ "advanceSeconds": 60 }))).await;
    let answer = admin_post(&emu.urls, "/admin/reset", None).await;
    assert_eq!(answer["status"], "ok");
    assert!(!is_authenticated(&client, &emu.urls).await);
    let clock: serde_json::Value = reqwest::get(format!("{}/admin/clock", emu.urls.admin))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["offsetSeconds"], 0);
    // The demo school is back.
    login_guardian(&client, &emu.urls).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_every_listener() {
    let emu = start().await;
    let urls = emu.urls.clone();
    let client = browser();
    assert_eq!(get(&client, &urls.mentor).await.status, 200);
    emu.shutdown().await;
    for url in [&urls.hub, &urls.mentor, &urls.oauth, &urls.api, &urls.admin] {
        assert!(reqwest::get(url.as_str()).await.is_err(), "{url} still answers");
    }
}

#[tokio::test]
async fn other_hosts_answer_404_for_now() {
    let emu = start().await;
    for base in [&emu.urls.oauth, &emu.urls.api] {
        let resp = reqwest::get(format!("{base}/nothing")).await.unwrap();
        assert_eq!(resp.status().as_u16(), 404);
    }
    emu.shutdown().await;
}

/// The user ids of the live hub sessions (`GET /admin/sessions`).
async fn live_sessions(urls: &hub_emulator::Urls) -> Vec<serde_json::Value> {
    let answer: serde_json::Value = reqwest::get(format!("{}/admin/sessions", urls.admin))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["hubSessions"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn admin_lists_the_live_sessions_and_logout_ends_one() {
    let emu = start().await;
    assert!(live_sessions(&emu.urls).await.is_empty());
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let first = live_sessions(&emu.urls).await;
    assert_eq!(first.len(), 1, "{first:?}");
    // One session per login: the same guardian on a second device ends the first.
    let other = browser();
    login_guardian(&other, &emu.urls).await;
    assert_eq!(live_sessions(&emu.urls).await, first);
    let out = get(
        &other,
        &format!(
            "{}/Authentication/Authentication/LogOut?ApiType=IM1&ApiInstance=",
            emu.urls.hub
        ),
    )
    .await;
    assert_eq!(out.status, 302);
    assert!(live_sessions(&emu.urls).await.is_empty());
    emu.shutdown().await;
}
