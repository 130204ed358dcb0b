//! Session renewal (protocol §3.4) against the emulator: a dead session is renewed once with the
//! remembered password, the account is checked, the selected child restored and the read replayed; writes
//! are re-read before anything is sent again; concurrent reads share one renewal.

use chrono::{Duration, NaiveDate, NaiveTime};
use hub_client::{Credentials, Error};
use hub_emulator::{EmulatorHandle, demo};
use hub_model::timeregistration::SaveDay;
use hub_model::{Account, LocalDateTime};

mod common;
use common::{child, logged_in};

fn with_news(account: &Account) -> Vec<String> {
    account
        .children
        .iter()
        .filter(|c| c.apps.iter().any(|a| a.as_str() == hub_client::apps::COMMUNICATION))
        .map(|c| c.id.clone())
        .collect()
}

fn today(emu: &EmulatorHandle) -> NaiveDate {
    emu.state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

async fn admin(emu: &EmulatorHandle, path: &str, body: serde_json::Value) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", emu.urls.admin))
        .json(&body)
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
}

async fn expire_sessions(emu: &EmulatorHandle) {
    admin(emu, "/admin/expire-sessions", serde_json::json!({})).await;
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_and_the_read_replayed() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    let news = client.news(elsa).await.unwrap();
    let d = today(&emu);
    let entries = client.calendar(elsa, d, d + Duration::days(30)).await.unwrap();
    expire_sessions(&emu).await;
    // GetNewsList answers a dead session with an empty 200.
    assert_eq!(client.news(elsa).await.unwrap(), news);
    assert_eq!(client.session_renewals(), 1);
    expire_sessions(&emu).await;
    // getentries answers with the login relay instead of JSON.
    assert_eq!(client.calendar(elsa, d, d + Duration::days(30)).await.unwrap(), entries);
    expire_sessions(&emu).await;
    client.notifications().await.unwrap();
    assert_eq!(client.session_renewals(), 3);
    assert_eq!(client.account_id().as_deref(), Some(account.user_id.as_str()));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_session_past_its_lifetime_is_renewed() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    let news = client.news(elsa).await.unwrap();
    admin(&emu, "/admin/clock", serde_json::json!({"advanceSeconds": 4 * 3600})).await;
    assert_eq!(client.news(elsa).await.unwrap(), news);
    assert_eq!(client.session_renewals(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn renewal_restores_the_selected_child() {
    let (emu, client, account) = logged_in().await;
    // Select a child that is not the one a fresh login starts with.
    let default = client.home().await.unwrap();
    let other = account
        .children
        .iter()
        .find(|c| !default.account.pupils.iter().any(|p| p.selected && p.id == c.id))
        .expect("a second child");
    client.select_child(&other.id).await.unwrap();
    expire_sessions(&emu).await;
    let home = client.home().await.unwrap();
    let selected = home.account.pupils.iter().find(|p| p.selected).unwrap();
    assert_eq!(
        selected.id, other.id,
        "the renewal switched back to the child selected before"
    );
    assert_eq!(client.session_renewals(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn concurrent_reads_that_meet_expiry_share_one_renewal() {
    let (emu, client, account) = logged_in().await;
    let ids = with_news(&account);
    let mut alone = Vec::new();
    for id in &ids {
        alone.push(client.news(id).await.unwrap());
    }
    // Stay on one child so that all reads run in parallel and meet the dead session together.
    expire_sessions(&emu).await;
    let first = ids[0].clone();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (client, id) = (client.clone(), first.clone());
        tasks.push(tokio::spawn(async move { client.news(&id).await }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), alone[0]);
    }
    assert_eq!(client.session_renewals(), 1, "one renewal for all concurrent reads");
    emu.shutdown().await;
}

#[tokio::test]
async fn expiry_mid_refresh_never_returns_data_under_the_wrong_child() {
    let (emu, client, account) = logged_in().await;
    let ids = with_news(&account);
    let mut alone = Vec::new();
    for id in &ids {
        alone.push(client.news(id).await.unwrap());
    }
    assert!(alone.windows(2).any(|w| w[0] != w[1]), "children see different news");
    for round in 0..4 {
        // Every child several times over, in parallel, while the sessions are expired under them.
        let many: Vec<usize> = (0..ids.len()).cycle().take(ids.len() * 4).collect();
        let mut tasks = Vec::new();
        for &i in &many {
            let (client, id) = (client.clone(), ids[i].clone());
            tasks.push(tokio::spawn(async move { (i, client.news(&id).await) }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(5 * round)).await;
        expire_sessions(&emu).await;
        for t in tasks {
            let (i, got) = t.await.unwrap();
            assert_eq!(
                got.unwrap(),
                alone[i],
                "round {round}: read for child {i} came back wrong"
            );
        }
    }
    // A sequential refresh with an expiry after the first child.
    for (i, id) in ids.iter().enumerate() {
        if i == 1 {
            expire_sessions(&emu).await;
        }
        assert_eq!(&client.news(id).await.unwrap(), &alone[i]);
    }
    assert!(client.session_renewals() >= 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn renewal_into_another_account_is_refused() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    client.news(elsa).await.unwrap();
    // The remembered credentials now belong to someone else (e.g. a shared device's other login).
    client.set_credentials(Credentials::password(demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD));
    expire_sessions(&emu).await;
    assert!(matches!(client.news(elsa).await, Err(Error::AccountChanged)));
    // The other account's session was discarded, not kept.
    assert!(!client.is_authenticated().await.unwrap());
    assert_eq!(client.session_renewals(), 0);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_failed_renewal_is_session_expired() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    client.set_credentials(Credentials::password(demo::GUARDIAN_USERNAME, "fel-lösenord"));
    expire_sessions(&emu).await;
    assert!(matches!(client.news(elsa).await, Err(Error::SessionExpired)));
    assert!(matches!(client.account().await, Err(Error::SessionExpired)));
    assert_eq!(client.session_renewals(), 0);
    emu.shutdown().await;
}

#[tokio::test]
async fn credentials_never_show_in_debug() {
    let c = Credentials::password("karin.bjorklund", "hemligt-lösen");
    let text = format!("{c:?}");
    assert!(!text.contains("hemligt") && !text.contains("karin"), "{text}");
}

#[tokio::test]
async fn a_save_after_expiry_is_reread_before_it_is_sent() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    let date = today(&emu) + Duration::days(7);
    let week = client.fritids_week(elsa, date).await.unwrap();
    let day = week
        .days
        .iter()
        .find(|d| d.write_block().is_none())
        .expect("an editable day")
        .clone();
    let d = day.date.date();
    let at = |h, m| LocalDateTime(d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()));
    let (start, end) = if day.start_date_time == Some(at(7, 45)) {
        (at(8, 15), at(15, 30))
    } else {
        (at(7, 45), at(15, 30))
    };
    // Not yet on the hub: renewed, re-read, sent once and confirmed.
    expire_sessions(&emu).await;
    let saved = client
        .save_fritids(elsa, &[SaveDay::times(&day, start, end)])
        .await
        .unwrap();
    assert_eq!(saved[0].start_date_time, Some(start));
    assert_eq!(client.session_renewals(), 1);
    // Already on the hub (as after a save whose answer was lost to the expiry): confirmed by the re-read.
    expire_sessions(&emu).await;
    let again = client
        .save_fritids(elsa, &[SaveDay::times(&day, start, end)])
        .await
        .unwrap();
    assert_eq!(again[0].end_date_time, Some(end));
    assert_eq!(client.session_renewals(), 2);
    emu.shutdown().await;
}
