//! The shell around the window: desktop notifications for new hub items (seen on the private D-Bus, never
//! repeated after a restart) and a second launch handing over to the running app.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hub_client::{Hosts, HubClient};

use crate::Ctx;
use crate::action::with_app;
use crate::check::ensure;
use crate::find::{self, testid};
use crate::webdriver::Session;

/// The standalone emulator's hosts, from the app's `SKOLHUB_HOSTS`.
fn hosts(ctx: &Ctx) -> Result<Hosts, String> {
    let v = ctx
        .app_env
        .iter()
        .find(|(k, _)| k == "SKOLHUB_HOSTS")
        .map(|(_, v)| v.clone())
        .ok_or("no SKOLHUB_HOSTS")?;
    let p: Vec<&str> = v.split_whitespace().collect();
    Hosts::parse(p[0], p[1], p[2], p[3]).map_err(|e| e.to_string())
}

/// Books the first free conference slot of a child who has one, as the guardian would in another browser;
/// the hub then notifies the pupil's guardians ("Utvecklingssamtal bokat för …").
///
/// The hub keeps one session per login: this login ends the app's session, and the app's silent renewal in
/// turn ends this one. When the renewal falls between this login and the booking, the booking meets the
/// login page; the other browser then logs in again, as its user would.
async fn book_a_conference(ctx: &Ctx) -> Result<String, String> {
    let mut last = String::new();
    for _ in 0..4 {
        match try_book_a_conference(ctx).await {
            Ok(child) => return Ok(child),
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(format!("booking on the other device failed four times; last: {last}"))
}

async fn try_book_a_conference(ctx: &Ctx) -> Result<String, String> {
    let hosts = hosts(ctx)?;
    let jar = Arc::new(hub_client::CookieJar::default());
    let client = HubClient::builder()
        .hosts(hosts.clone())
        .cookie_jar(jar.clone())
        .build()
        .map_err(|e| e.to_string())?;
    client
        .login_password(
            hub_emulator::demo::GUARDIAN_USERNAME,
            hub_emulator::demo::GUARDIAN_PASSWORD,
        )
        .await
        .map_err(|e| e.to_string())?;
    let account = client.account().await.map_err(|e| e.to_string())?;
    let http = reqwest::Client::builder()
        .cookie_provider(jar)
        .build()
        .map_err(|e| e.to_string())?;
    for child in &account.children {
        let Ok(slots) = client.meeting_availabilities(&child.id).await else {
            continue;
        };
        let slots = serde_json::to_value(&slots).map_err(|e| e.to_string())?;
        // A child with a booking already (an earlier run of this scenario) cannot book another.
        let booked = slots["availabilities"]
            .as_array()
            .is_some_and(|a| a.iter().any(|s| !s["meetingId"].is_null()));
        if booked {
            continue;
        }
        let free = slots["availabilities"].as_array().and_then(|a| {
            a.iter().filter(|s| s["meetingId"].is_null()).find_map(|s| {
                let id = &s["availabilityId"];
                id.as_i64().or_else(|| id.as_str().and_then(|t| t.parse().ok()))
            })
        });
        let Some(id) = free else { continue };
        client.select_child(&child.id).await.map_err(|e| e.to_string())?;
        let response = http
            .post(hosts.hub.join("meeting/meeting/book").map_err(|e| e.to_string())?)
            .header("X-Requested-With", "XMLHttpRequest")
            .json(&serde_json::json!({ "availabilityId": id }))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.url().path().starts_with("/Authentication/") {
            return Err("the other device's session ended before it booked".into());
        }
        let answer: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
        ensure(answer["success"] == true, format!("booking refused: {answer}"))?;
        return Ok(child.name.first.clone());
    }
    Err("no child with a free conference slot".into())
}

/// The `Notify` calls recorded so far, each as the text of its arguments.
fn all_notify_calls(ctx: &Ctx) -> Vec<String> {
    let log = std::fs::read_to_string(&ctx.notifications).unwrap_or_default();
    log.split("method call")
        .filter(|c| c.contains("member=Notify"))
        .map(str::to_owned)
        .collect()
}

/// Waits up to 20 s until one of the `Notify` calls `calls` returns contains `needle`, and answers them.
async fn wait_notified(calls: impl Fn() -> Vec<String>, needle: &str) -> Result<Vec<String>, String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = calls();
        if now.iter().any(|c| c.contains(needle)) {
            return Ok(now);
        }
        ensure(
            Instant::now() < deadline,
            format!("no notification {needle:?} on the bus; saw {now:?}"),
        )?;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Password login through the start screen, without "Kom ihåg mig".
async fn log_in(s: &Session) -> Result<(), String> {
    s.click(&find::one(s, &testid("btn-password")).await?).await?;
    let user = find::one(s, &testid("login-username")).await?;
    s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
    let pw = find::one(s, &testid("login-password")).await?;
    s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
    s.click(&find::one(s, &testid("login-submit")).await?).await?;
    find::exactly(s, &testid("child-tab"), 3).await.map(drop)
}

/// A conference booked elsewhere reaches the desktop as one notification naming the box and the child, and the
/// open window shows the booking by itself; school-wide news published while Information is open appears in it
/// and once on the desktop for all three children; a teacher's reply shows in the open task dialogue without
/// touching what the guardian is writing there; a restart of the app does not show any of them again.
pub async fn new_items_become_desktop_notifications_once(ctx: Ctx) -> Result<(), String> {
    // Only calls from this run of the scenario count (a retried run finds the first one's on the bus).
    let earlier = all_notify_calls(&ctx).len();
    let notify_calls = move |ctx: &Ctx| all_notify_calls(ctx).split_off(earlier);
    let first = ctx.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            log_in(&s).await?;
            // The first polls only record what is already there.
            tokio::time::sleep(Duration::from_secs(4)).await;
            let before = notify_calls(&first).len();
            ensure(
                before == 0,
                format!("old items were notified: {:?}", notify_calls(&first)),
            )?;
            // The open window shows Nils's start page, without a booked talk yet.
            crate::action::select_child(&s, "Nils Björklund").await?;
            find::one(&s, &testid("box-tile")).await?;
            ensure(
                s.find_all(&testid("meeting-banner")).await?.is_empty(),
                "a booked talk is shown before anyone booked",
            )?;
            let child = book_a_conference(&first).await?;
            ensure(
                child == "Nils",
                format!("the other device booked for {child}, not Nils"),
            )?;
            let wanted = format!("Utvecklingssamtal för {child}");
            let calls = wait_notified(|| notify_calls(&first), &wanted).await?;
            let call = calls.iter().find(|c| c.contains(&wanted)).ok_or("the call went away")?;
            ensure(
                call.contains(&format!("Utvecklingssamtal bokat för {child}")),
                format!("notification body: {call}"),
            )?;
            ensure(calls.len() == 1, format!("expected one notification, got {calls:?}"))?;
            // The same poll tells the open window, which reads again: the booked talk shows without a tap.
            find::wait_text(&s, &testid("meeting-banner"), "Bokat utvecklingssamtal").await?;

            // An open box follows too: news published while Information is open appears in its list.
            crate::action::open_box(&s, "communication").await?;
            let title = format!("Ändrad hämtningstid {}", std::process::id());
            crate::action::admin_post(
                &first.emulator.admin,
                "/admin/news",
                serde_json::json!({ "title": title }),
            )
            .await?;
            find::wait_text(&s, &testid("news-title"), &title).await?;
            wait_notified(|| notify_calls(&first), &title).await?;
            // The hub sends school-wide news once per child; the desktop gets it once, for all three.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let news: Vec<String> = notify_calls(&first)
                .into_iter()
                .filter(|c| c.contains(&title))
                .collect();
            ensure(
                news.len() == 1 && news[0].contains("Information för Elsa, Nils och Maja"),
                format!("the news was notified as {news:?}"),
            )?;

            // A view with its own read follows too, and keeps what the user is writing: the teacher answers
            // in a task's dialogue while the guardian writes there.
            crate::action::back(&s).await?;
            crate::action::open_box(&s, "task").await?;
            crate::action::click(&s, &format!("{}[data-id='6101']", testid("task-item"))).await?;
            find::wait_text(&s, &testid("task-detail-title"), "Bokrecension").await?;
            let draft = "Vi har läst boken tillsammans och";
            let input = find::one(&s, &testid("task-message-input")).await?;
            s.type_text(&input, draft).await?;
            let reply = format!("Bra jobbat, lämna in på fredag. ({})", std::process::id());
            crate::action::admin_post(
                &first.emulator.admin,
                "/admin/task-messages",
                serde_json::json!({ "taskId": 6101, "text": reply }),
            )
            .await?;
            find::wait_text(&s, &testid("task-message"), &reply).await?;
            let input = find::one(&s, &testid("task-message-input")).await?;
            let left = s.property(&input, "value").await?.unwrap_or_default();
            ensure(left == draft, format!("the half-written message became {left:?}"))?;
            wait_notified(|| notify_calls(&first), "Uppgifter för Nils")
                .await
                .map(drop)
        }
        .await;
        (s, r)
    })
    .await?;

    // A restart (same account, not logged out) polls the same items and stays quiet; then log out.
    crate::harness::wait_app_exit(&ctx.app, &ctx.app_env, Duration::from_secs(15))?;
    let second = ctx.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            log_in(&s).await?;
            tokio::time::sleep(Duration::from_secs(4)).await;
            let calls = notify_calls(&second);
            ensure(calls.len() == 3, format!("notified again after a restart: {calls:?}"))?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await
}

/// Starting the app while it runs hands over to the running one: the second process exits at once and the
/// first window keeps working.
pub async fn a_second_launch_hands_over_to_the_running_app(ctx: Ctx) -> Result<(), String> {
    let env = ctx.app_env.clone();
    let app = ctx.app.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            find::one(&s, &testid("btn-demo")).await?;
            let mut second = std::process::Command::new(&app)
                .envs(env.iter().cloned())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .map_err(|e| format!("second launch: {e}"))?;
            let deadline = Instant::now() + Duration::from_secs(20);
            let status = loop {
                if let Some(status) = second.try_wait().map_err(|e| e.to_string())? {
                    break status;
                }
                if Instant::now() > deadline {
                    let _ = second.kill();
                    let _ = second.wait();
                    return Err("the second instance kept running next to the first".into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            ensure(status.success(), format!("the second instance exited with {status}"))?;
            // The first window still answers.
            s.click(&find::one(&s, &testid("btn-demo")).await?).await?;
            find::exactly(&s, &testid("child-tab"), 3).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await
}
