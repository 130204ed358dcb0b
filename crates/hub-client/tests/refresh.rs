//! The full refresh plan against the in-process emulator: its request cost (one switch and one parallel
//! batch per child, notifications once), that every box lands under its own child, and that a failing
//! child or an expired session loses nothing else.

use chrono::NaiveDate;
use hub_client::{ChildSnapshot, Error, HubClient, RefreshPlan, apps};
use hub_emulator::EmulatorHandle;
use hub_model::{Account, Child};

mod common;
use common::logged_in;

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
        + [
            apps::CALENDAR,
            apps::TIME_REGISTRATION,
            apps::MEETING,
            apps::TASKS,
            apps::PLANS,
            apps::WEEKLY_PLAN,
            apps::BLOG,
            apps::CLASS_LIST,
            apps::ASSESSMENTS,
            apps::ETEST,
            apps::DOCUMENTATION,
            apps::TIMETABLE,
            apps::ATTENDANCE,
        ]
        .into_iter()
        .map(|app| u64::from(has(child, app)))
        .sum::<u64>()
        // Messages have no module code name: always read.
        + 1
}

/// The box errors other than Bedömningar waiting for the BankID step-up, which a plain login always has.
fn errors(snap: &ChildSnapshot) -> Vec<(&'static str, &Error)> {
    let mut errors = snap.box_errors();
    errors.retain(|(name, e)| !(*name == "assessments" && matches!(e, Error::StepUpRequired)));
    errors
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
    if let Some(tasks) = &snap.tasks {
        assert_eq!(
            tasks.as_ref().unwrap(),
            &client.tasks(id).await.unwrap(),
            "tasks of {who}"
        );
    }
    if let Some(plans) = &snap.plans {
        assert_eq!(
            plans.as_ref().unwrap(),
            &client.plans(id).await.unwrap(),
            "plans of {who}"
        );
    }
    if let Some(week) = &snap.weekly_plan {
        let single = client.weekly_plan_for(id, plan.today).await.unwrap();
        assert_eq!(week.as_ref().unwrap(), &single, "weekly plan of {who}");
    }
    if let Some(blog) = &snap.blog {
        assert_eq!(
            blog.as_ref().unwrap(),
            &client.blog(id, 1).await.unwrap(),
            "blog of {who}"
        );
    }
    if let Some(list) = &snap.class_list {
        assert_eq!(
            list.as_ref().unwrap(),
            &client.class_list(id).await.unwrap(),
            "class list of {who}"
        );
    }
    if let Some(portfolio) = &snap.portfolio {
        let single = client.portfolio(id).await.unwrap();
        assert_eq!(portfolio.as_ref().unwrap(), &single, "portfolio of {who}");
    }
    let (monday, sunday) = plan.week_range();
    if let Some(lessons) = &snap.timetable {
        let single = client.timetable(id, monday, sunday).await.unwrap();
        assert_eq!(lessons.as_ref().unwrap(), &single, "timetable of {who}");
    }
    if let Some(overview) = &snap.attendance {
        assert_eq!(
            overview.as_ref().unwrap(),
            &client.attendance(id).await.unwrap(),
            "attendance of {who}"
        );
    }
    if let Some(inbox) = &snap.messages {
        assert_eq!(
            inbox.as_ref().unwrap(),
            &client.messages(id, 1).await.unwrap(),
            "messages of {who}"
        );
    }
    if let Some(assessments) = &snap.assessments {
        assert!(
            matches!(assessments, Err(Error::StepUpRequired)),
            "{who}: {assessments:?}"
        );
        assert!(snap.needs_stepup());
        assert!(matches!(client.assessments(id).await, Err(Error::StepUpRequired)));
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
    // Elsa: communication ×3, calendar, fritids, class list, documentation, weekly plan, blog; Nils: the
    // same without fritids, plus plans, tasks and meeting; Maja: as Nils with assessments for meeting.
    // Two switches.
    // Messages once per child.
    assert_eq!(expected, 1 + 2 * 2 + 9 + 11 + 11 + 3);

    let notifications = snapshot.notifications.as_ref().expect("notifications");
    assert!(!notifications.notifications.is_empty());
    let ids: Vec<&str> = snapshot.children.iter().map(|c| c.child.id.as_str()).collect();
    let want: Vec<&str> = account.children.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, want, "children come back in the account's order");
    for (snap, child) in snapshot.children.iter().zip(&account.children) {
        snap.selection.as_ref().expect("selected");
        assert!(errors(snap).is_empty(), "{:?}", errors(snap));
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
            assert!(errors(snap).is_empty());
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
        assert!(errors(snap).is_empty(), "{:?}", errors(snap));
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

async fn set_faults(emu: &EmulatorHandle, faults: serde_json::Value) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/faults", emu.urls.admin))
        .json(&faults)
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "set faults: {}", resp.status());
}

#[tokio::test]
async fn one_child_s_boxes_are_read_in_parallel() {
    let (emu, client, account) = logged_in().await;
    let plan = plan(&emu);
    client.select_child(&account.children[0].id).await.unwrap();
    let latency = 150u64;
    set_faults(&emu, serde_json::json!({ "latencyMs": latency })).await;
    let started = std::time::Instant::now();
    let snapshot = client.refresh_with(&account, &plan).await.unwrap();
    let took = started.elapsed().as_millis() as u64;
    for snap in &snapshot.children {
        assert!(errors(snap).is_empty(), "{:?}", errors(snap));
    }
    // Round trips: notifications alongside the first child's batch (1), then per other child the switch,
    // homeData and the batch (3 each): 7. Sequentially the 39 requests would take 39.
    assert!(took >= 7 * latency, "{took} ms is less than the latency allows");
    assert!(took < 12 * latency, "{took} ms: the boxes were not read in parallel");
}

#[tokio::test]
async fn a_failing_box_loses_nothing_else() {
    let (emu, client, account) = logged_in().await;
    let plan = plan(&emu);
    set_faults(
        &emu,
        serde_json::json!({ "malformedPaths": ["/communication/links/getlinkslist"] }),
    )
    .await;
    let snapshot = client.refresh_with(&account, &plan).await.expect("refresh");
    snapshot.notifications.as_ref().expect("notifications");
    for snap in &snapshot.children {
        let errors = errors(snap);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "links");
        assert!(matches!(errors[0].1, Error::Decode { .. }), "{:?}", errors[0].1);
        assert!(snap.news.as_ref().unwrap().is_ok() && snap.documents.as_ref().unwrap().is_ok());
        assert!(snap.calendar.as_ref().unwrap().is_ok());
    }
}

#[tokio::test]
async fn a_429_stops_the_plan_without_further_requests() {
    let (emu, client, account) = logged_in().await;
    let plan = plan(&emu);
    let first = &account.children[0];
    client.select_child(&first.id).await.unwrap();
    set_faults(&emu, serde_json::json!({ "rateLimitNext": 1000, "retryAfterSecs": 60 })).await;
    let before = client.request_count();
    let snapshot = client
        .refresh_with(&account, &plan)
        .await
        .expect("rate limits are reported per box");
    // Notifications and the selected child's batch were already under way; nothing after them is sent.
    assert_eq!(client.request_count() - before, 1 + boxes(first));
    assert!(matches!(snapshot.notifications, Err(Error::RateLimited { .. })));
    let (head, rest) = snapshot.children.split_first().unwrap();
    assert_eq!(head.child.id, first.id);
    assert!(head.box_errors().iter().all(|(_, e)| matches!(
        e,
        Error::RateLimited { retry_after: Some(d) } if d.as_secs() == 60
    )));
    for snap in rest {
        assert!(
            matches!(snap.selection, Err(Error::RateLimited { .. })),
            "{:?}",
            snap.selection
        );
        assert_eq!(snap.boxes_read(), 0);
    }
}

#[tokio::test]
async fn a_session_dying_under_one_request_mid_refresh_is_renewed_and_nothing_is_lost() {
    for dead_after in [0u64, 3, 6, 7, 8, 12, 20, 30] {
        let (emu, client, account) = logged_in().await;
        let plan = plan(&emu);
        // Let `dead_after` requests through, then one request finds the session dead.
        set_faults(&emu, serde_json::json!({ "latencyMs": 1 })).await;
        let start = client.request_count();
        let done = std::sync::atomic::AtomicBool::new(false);
        let refresh = async {
            let snapshot = client.refresh_with(&account, &plan).await;
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            snapshot
        };
        let expire = async {
            while client.request_count() < start + dead_after {
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    panic!("the refresh sent fewer than {dead_after} requests");
                }
                tokio::task::yield_now().await;
            }
            set_faults(&emu, serde_json::json!({ "expireSessions": 1 })).await;
        };
        let (snapshot, ()) = tokio::join!(refresh, expire);
        let snapshot = snapshot.expect("refresh renews");
        assert!(client.session_renewals() <= 1, "at most one renewal");
        snapshot.notifications.as_ref().expect("notifications");
        for snap in &snapshot.children {
            snap.selection.as_ref().expect("selected");
            assert!(errors(snap).is_empty(), "after {dead_after}: {:?}", errors(snap));
            assert_matches_single_reads(&client, snap, &plan).await;
        }
    }
}
