//! The full refresh plan against the in-process emulator: its request cost (one switch and one parallel
//! batch per child, notifications once), that every box lands under its own child, and that a failing
//! child or an expired session loses nothing else.

use chrono::NaiveDate;
use hub_client::{ChildSnapshot, Error, Hosts, HubClient, RefreshPlan, apps};
use hub_emulator::{Config, EmulatorHandle, demo};
use hub_model::{Account, Child};

async fn logged_in() -> (EmulatorHandle, HubClient, Account) {
    let emu = EmulatorHandle::start(Config::default()).await.expect("emulator starts");
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    let client = HubClient::builder().hosts(hosts).build().expect("client builds");
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .expect("demo login");
    let account = client.account().await.expect("account");
    (emu, client, account)
}

fn plan(emu: &EmulatorHandle) -> RefreshPlan {
    let today: NaiveDate = emu
        .state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    RefreshPlan::on(today)
}

fn has(child: &Child, app: &str) -> bool {
    child.apps.iter().any(|a| a.as_str() == app)
}

/// The boxes the plan reads for a child: three for `communication`, one per other module.
fn boxes(child: &Child) -> u64 {
    3 * u64::from(has(child, apps::COMMUNICATION))
        + u64::from(has(child, apps::CALENDAR))
        + u64::from(has(child, apps::TIME_REGISTRATION))
        + u64::from(has(child, apps::MEETING))
}

fn by_first<'a>(account: &'a Account, first: &str) -> &'a Child {
    account
        .children
        .iter()
        .find(|c| c.name.first == first)
        .expect("demo child")
}

async fn expire_sessions(emu: &EmulatorHandle) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/expire-sessions", emu.urls.admin))
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "expire-sessions: {}", resp.status());
}

/// Every box of `snap` equals what the single-child read returns for that child, read afterwards.
async fn assert_matches_single_reads(client: &HubClient, snap: &ChildSnapshot, plan: &RefreshPlan) {
    let id = snap.child.id.as_str();
    let (from, to) = plan.calendar_range();
    let who = &snap.child.name.first;
    if let Some(news) = &snap.news {
        assert_eq!(news.as_ref().unwrap(), &client.news(id).await.unwrap(), "news of {who}");
    }
    if let Some(docs) = &snap.documents {
        assert_eq!(
            docs.as_ref().unwrap(),
            &client.documents(id).await.unwrap(),
            "documents of {who}"
        );
    }
    if let Some(links) = &snap.links {
        assert_eq!(
            links.as_ref().unwrap(),
            &client.links(id).await.unwrap(),
            "links of {who}"
        );
    }
    if let Some(cal) = &snap.calendar {
        let single = client.calendar(id, from, to).await.unwrap();
        assert_eq!(cal.as_ref().unwrap(), &single, "calendar of {who}");
    }
    if let Some(week) = &snap.fritids {
        let single = client.fritids_week(id, plan.today).await.unwrap();
        assert_eq!(week.as_ref().unwrap(), &single, "fritids of {who}");
    }
    if let Some(slots) = &snap.meetings {
        let single = client.meeting_availabilities(id).await.unwrap();
        assert_eq!(slots.as_ref().unwrap(), &single, "meetings of {who}");
    }
}

#[tokio::test]
async fn a_full_refresh_costs_one_switch_and_one_batch_per_child() {
    let (emu, client, account) = logged_in().await;
    assert_eq!(account.children.len(), 3, "the demo guardian has three children");
    let plan = plan(&emu);
    // Start from the last child selected: the plan takes it first, without a switch.
    let last = account.children.last().unwrap();
    client.select_child(&last.id).await.unwrap();

    let before = client.request_count();
    let snapshot = client.refresh_with(&account, &plan).await.expect("refresh");
    let spent = client.request_count() - before;

    // Notifications once; per child a switch (the switch itself + reading homeData back) unless already
    // selected, then one request per enabled box, all in one parallel batch.
    let expected: u64 = 1 + account
        .children
        .iter()
        .map(|c| {
            let switch = if c.id == last.id {
                0
            } else if c.switch_id.is_some() {
                2
            } else {
                3
            };
            switch + boxes(c)
        })
        .sum::<u64>();
    assert_eq!(spent, expected, "requests of one full refresh");
    // Elsa: communication ×3, calendar, fritids; Nils: communication ×3, calendar, meeting; Maja:
    // communication ×3, calendar. Two switches.
    assert_eq!(expected, 1 + 2 * 2 + 5 + 5 + 4);

    let notifications = snapshot.notifications.as_ref().expect("notifications");
    assert!(!notifications.notifications.is_empty());
    let ids: Vec<&str> = snapshot.children.iter().map(|c| c.child.id.as_str()).collect();
    let want: Vec<&str> = account.children.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, want, "children come back in the account's order");
    for (snap, child) in snapshot.children.iter().zip(&account.children) {
        snap.selection.as_ref().expect("selected");
        assert!(snap.box_errors().is_empty(), "{:?}", snap.box_errors());
        assert_eq!(snap.boxes_read() as u64, boxes(child), "boxes of {}", child.name.first);
        assert_eq!(snap.news.is_some(), has(child, apps::COMMUNICATION));
        assert_eq!(snap.calendar.is_some(), has(child, apps::CALENDAR));
        assert_eq!(snap.fritids.is_some(), has(child, apps::TIME_REGISTRATION));
        assert_eq!(snap.meetings.is_some(), has(child, apps::MEETING));
    }
    assert!(
        by_first(&account, "Elsa")
            .apps
            .iter()
            .any(|a| a.as_str() == apps::TIME_REGISTRATION)
    );

    // No child's data under another child: every box equals the single-child read, and the children's
    // news differ from each other.
    for snap in &snapshot.children {
        assert_matches_single_reads(&client, snap, &plan).await;
    }
    let news: Vec<_> = snapshot
        .children
        .iter()
        .map(|c| c.news.as_ref().unwrap().as_ref().unwrap().clone())
        .collect();
    assert!(
        news[0] != news[1] && news[1] != news[2] && news[0] != news[2],
        "news are per child"
    );
    drop(emu);
}

#[tokio::test]
async fn a_refresh_starting_on_the_selected_child_switches_only_for_the_others() {
    let (emu, client, account) = logged_in().await;
    let plan = plan(&emu);
    let first = &account.children[0];
    client.select_child(&first.id).await.unwrap();
    let before = client.request_count();
    let snapshot = client.refresh_with(&account, &plan).await.unwrap();
    let spent = client.request_count() - before;
    let boxes: u64 = account.children.iter().map(boxes).sum();
    assert_eq!(spent, 1 + 2 * 2 + boxes);
    // A second refresh starts on the child the first one ended on.
    let before = client.request_count();
    let again = client.refresh_with(&account, &plan).await.unwrap();
    assert_eq!(client.request_count() - before, 1 + 2 * 2 + boxes);
    for (a, b) in snapshot.children.iter().zip(&again.children) {
        assert_eq!(
            a.news.as_ref().unwrap().as_ref().unwrap(),
            b.news.as_ref().unwrap().as_ref().unwrap()
        );
    }
}

#[tokio::test]
async fn a_child_that_cannot_be_selected_loses_nothing_of_the_others() {
    let (emu, client, mut account) = logged_in().await;
    let plan = plan(&emu);
    // A stale switch id: the hub silently keeps the old selection, which the verification catches.
    let nils = account.children.iter().position(|c| c.name.first == "Nils").unwrap();
    account.children[nils].switch_id = Some("9999999".into());
    client.select_child(&account.children[0].id).await.unwrap();
    let snapshot = client.refresh_with(&account, &plan).await.expect("refresh");
    for (i, snap) in snapshot.children.iter().enumerate() {
        if i == nils {
            assert!(
                matches!(snap.selection, Err(Error::SwitchFailed)),
                "{:?}",
                snap.selection
            );
            assert_eq!(
                snap.boxes_read(),
                0,
                "nothing is read for a child the hub did not select"
            );
        } else {
            snap.selection.as_ref().expect("selected");
            assert!(snap.box_errors().is_empty());
            assert_matches_single_reads(&client, snap, &plan).await;
        }
    }
}

#[tokio::test]
async fn a_session_expiring_before_the_refresh_is_renewed_once() {
    let (emu, client, account) = logged_in().await;
    let plan = plan(&emu);
    expire_sessions(&emu).await;
    let snapshot = client.refresh_with(&account, &plan).await.expect("refresh renews");
    assert_eq!(client.session_renewals(), 1, "one renewal for the whole plan");
    snapshot.notifications.as_ref().expect("notifications after renewal");
    for snap in &snapshot.children {
        snap.selection.as_ref().expect("selected");
        assert!(snap.box_errors().is_empty(), "{:?}", snap.box_errors());
        assert_matches_single_reads(&client, snap, &plan).await;
    }
}

#[tokio::test]
async fn a_lost_session_fails_the_refresh_as_a_whole() {
    let (emu, client, account) = logged_in().await;
    client.forget_credentials();
    expire_sessions(&emu).await;
    let err = client.refresh_with(&account, &plan(&emu)).await.unwrap_err();
    assert!(matches!(err, Error::SessionExpired), "{err:?}");
}
