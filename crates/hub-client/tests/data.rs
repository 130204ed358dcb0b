//! The data areas against the in-process emulator: notifications, communication, downloads, calendar,
//! fritidsschema and meetings, plus the §5 failure shapes (expiry, disabled modules) as the emulator
//! serves them.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use hub_client::{Error, HubClient};
use hub_emulator::EmulatorHandle;
use hub_model::notifications::NotificationState;
use hub_model::timeregistration::SaveDay;
use hub_model::{Account, LocalDateTime};

mod common;
use common::{child, logged_in};

fn has_app(account: &Account, pupil_id: &str, app: &str) -> bool {
    account
        .children
        .iter()
        .any(|c| c.id == pupil_id && c.apps.iter().any(|a| a.as_str() == app))
}

/// The emulator's "today" in Stockholm.
fn today(emu: &EmulatorHandle) -> NaiveDate {
    emu.state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

async fn expire_sessions(emu: &EmulatorHandle) {
    // reqwest has no default TLS provider in this workspace; install ring as HubClient does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/expire-sessions", emu.urls.admin))
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "expire-sessions: {}", resp.status());
}

#[tokio::test]
async fn notifications_cover_every_child_and_states_can_be_updated() {
    let (emu, client, account) = logged_in().await;
    let list = client.notifications().await.unwrap();
    assert!(!list.notifications.is_empty(), "the demo school has notifications");
    for n in &list.notifications {
        if let Some(pupil) = n.pupil_id() {
            assert!(account.children.iter().any(|c| c.id == pupil), "{pupil} is one of ours");
        }
    }
    let target = list
        .notifications
        .iter()
        .find(|n| n.state != NotificationState::Read)
        .map(|n| n.id);
    if let Some(id) = target {
        client
            .update_notification_state(&[id], NotificationState::Read)
            .await
            .unwrap();
        let again = client.notifications().await.unwrap();
        let n = again.notifications.iter().find(|n| n.id == id).expect("still listed");
        assert_eq!(n.state, NotificationState::Read);
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn news_documents_and_links_for_each_child() {
    let (emu, client, account) = logged_in().await;
    let mut news_seen = 0;
    for c in &account.children {
        if !has_app(&account, &c.id, hub_client::apps::COMMUNICATION) {
            assert!(matches!(client.news(&c.id).await, Err(Error::ModuleDisabled { .. })));
            continue;
        }
        news_seen += client.news(&c.id).await.unwrap().len();
        client.documents(&c.id).await.unwrap();
        client.links(&c.id).await.unwrap();
    }
    assert!(news_seen > 0, "the demo school has news");
    emu.shutdown().await;
}

#[tokio::test]
async fn reads_for_different_children_in_parallel_never_mix() {
    let (emu, client, account) = logged_in().await;
    let ids: Vec<_> = account
        .children
        .iter()
        .filter(|c| has_app(&account, &c.id, hub_client::apps::COMMUNICATION))
        .map(|c| c.id.clone())
        .collect();
    // Each child read alone, then all at once: the answers must be identical.
    let mut alone = Vec::new();
    for id in &ids {
        alone.push(client.news(id).await.unwrap());
    }
    assert!(
        alone.windows(2).any(|w| w[0] != w[1]),
        "the demo children see different news, so a mix-up would show"
    );
    // Interleaved three times over, so switches and same-child reads contend.
    let many: Vec<String> = ids.iter().cycle().take(ids.len() * 3).cloned().collect();
    let together = futures_join(&client, &many).await;
    for (i, got) in together.iter().enumerate() {
        assert_eq!(got, &alone[i % ids.len()], "read {i} came back under the wrong child");
    }
    emu.shutdown().await;
}

async fn futures_join(client: &HubClient, ids: &[String]) -> Vec<Vec<hub_model::news::NewsItem>> {
    let mut tasks = Vec::new();
    for id in ids {
        let (client, id) = (client.clone(), id.clone());
        tasks.push(tokio::spawn(async move { client.news(&id).await.unwrap() }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn an_attachment_downloads_with_its_file_name() {
    let (emu, client, account) = logged_in().await;
    let mut link = None;
    for c in &account.children {
        if !has_app(&account, &c.id, hub_client::apps::COMMUNICATION) {
            continue;
        }
        let news = client.news(&c.id).await.unwrap();
        link = news.iter().flat_map(|n| &n.attachments).map(|a| a.url.clone()).next();
        if link.is_none() {
            link = client
                .documents(&c.id)
                .await
                .unwrap()
                .into_iter()
                .find_map(|d| d.file_url);
        }
        if link.is_some() {
            break;
        }
    }
    let link = link.expect("the demo school has an attachment or document");
    let file = client.download(&link).await.unwrap();
    assert!(!file.bytes.is_empty());
    assert!(file.filename.is_some_and(|n| !n.is_empty()));
    emu.shutdown().await;
}

#[tokio::test]
async fn off_hub_download_links_are_refused_without_a_request() {
    let (emu, client, _) = logged_in().await;
    for bad in [
        format!("{}/Resources/Resource/Download/1", emu.urls.hub),
        "https://evil.example/Resources/Resource/Download/1".to_owned(),
        "/Account/PupilSwitcher/SwitchPupil/1".to_owned(),
    ] {
        assert!(
            matches!(client.download(&bad).await, Err(Error::InvalidInput(_))),
            "{bad}"
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn calendar_for_a_month_and_the_ical_address() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    assert!(has_app(&account, elsa, hub_client::apps::CALENDAR));
    let from = today(&emu) - Duration::days(14);
    let to = from + Duration::days(42);
    let entries = client.calendar(elsa, from, to).await.unwrap();
    for e in &entries {
        if let Some(start) = e.start_date_full {
            assert!(start.date() >= from - Duration::days(1) && start.date() <= to + Duration::days(1));
        }
    }
    assert!(matches!(
        client.calendar(elsa, to, from).await,
        Err(Error::InvalidInput(_))
    ));
    let uri = client.ical_uri(elsa).await.unwrap();
    assert!(uri.starts_with("webcal://"), "{uri}");
    emu.shutdown().await;
}

#[tokio::test]
async fn fritids_week_save_is_confirmed_and_locked_days_are_refused() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    // Next week: far enough ahead that the school has not locked it.
    let date = today(&emu) + Duration::days(7);
    let week = client.fritids_week(elsa, date).await.unwrap();
    assert!(!week.days.is_empty());
    let monday = date - Duration::days(date.weekday().num_days_from_monday().into());
    assert!(week.days.iter().all(|d| (d.date.date() - monday).num_days().abs() < 7));

    let day = week
        .days
        .iter()
        .find(|d| d.write_block().is_none())
        .expect("an editable day");
    let d = day.date.date();
    let at = |h, m| LocalDateTime(d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()));
    let (start, end) = if day.start_date_time == Some(at(8, 0)) {
        (at(8, 15), at(15, 0))
    } else {
        (at(8, 0), at(15, 0))
    };
    let saved = client
        .save_fritids(elsa, &[SaveDay::times(day, start, end)])
        .await
        .unwrap();
    assert_eq!(saved[0].start_date_time, Some(start));
    assert_eq!(saved[0].end_date_time, Some(end));

    // Times outside opening hours: the school's Swedish reason comes back.
    let night = SaveDay::times(&saved[0], at(2, 0), at(3, 0));
    match client.save_fritids(elsa, &[night]).await {
        Err(Error::Rejected { messages }) => assert!(!messages.is_empty()),
        other => panic!("expected Rejected, got {other:?}"),
    }

    // Any day the hub marks unwritable in the current week is refused before sending.
    let now = client.fritids_week(elsa, today(&emu)).await.unwrap();
    if let Some(blocked) = now.days.iter().find(|d| d.write_block().is_some()) {
        let err = client.save_fritids(elsa, &[SaveDay::leave(blocked)]).await.unwrap_err();
        assert!(matches!(err, Error::NotEditable { .. }), "{err:?}");
    }
    client.fritids_comments(elsa, date).await.unwrap();
    emu.shutdown().await;
}

#[tokio::test]
async fn meeting_slots_for_a_child_with_the_module() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let slots = client.meeting_availabilities(nils).await.unwrap();
    assert!(slots.total_count >= 0);
    assert!(slots.availabilities.iter().filter(|a| a.is_booked()).count() <= 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn modules_a_child_lacks_are_refused_up_front() {
    let (emu, client, account) = logged_in().await;
    for c in &account.children {
        if !has_app(&account, &c.id, hub_client::apps::TIME_REGISTRATION) {
            let err = client.fritids_week(&c.id, today(&emu)).await.unwrap_err();
            assert!(
                matches!(&err, Error::ModuleDisabled { app } if app == "timeregistration"),
                "{err:?}"
            );
        }
    }
    let elsa = child(&account, "Elsa");
    match client.meeting_availabilities(elsa).await {
        Err(Error::ModuleDisabled { app }) => assert_eq!(app, "meeting"),
        other => panic!("expected ModuleDisabled, got {other:?}"),
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn an_expired_session_is_reported_whatever_shape_the_hub_uses() {
    let (emu, client, account) = logged_in().await;
    // Without credentials there is no renewal, so the raw shapes surface as SessionExpired.
    client.forget_credentials();
    let elsa = child(&account, "Elsa");
    client.news(elsa).await.unwrap();
    expire_sessions(&emu).await;
    // GetNewsList answers a dead session with an empty 200, getentries with the login relay.
    assert!(matches!(client.news(elsa).await, Err(Error::SessionExpired)));
    assert!(matches!(client.notifications().await, Err(Error::SessionExpired)));
    let d = today(&emu);
    assert!(matches!(client.calendar(elsa, d, d).await, Err(Error::SessionExpired)));
    emu.shutdown().await;
}
