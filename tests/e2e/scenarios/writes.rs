//! The write queue as a user meets it: a message written while the school does not answer is kept on the
//! device, shown as waiting, and reaches the school once, by itself, when the school answers again.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::Ctx;
use crate::action::{admin_json, admin_post as post};
use crate::action::{click, open_box, select_child, set_lang, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// Nils's book review task in the demo school.
const TASK: &str = "6101";

/// Password login as the demo guardian; the school then answers 429 to everything (as when it is out of
/// reach, without waiting for timeouts). A task message is queued: "Väntar på att skickas" and the draft is
/// cleared; back to the task list and into the task again, it is still there, still waiting (the view reads
/// the shell's queue, not its own memory). The school answers again: the background task sends it, the open
/// task re-reads by itself and shows it exactly once, no longer waiting, and so does reading it back later.
pub async fn a_message_written_offline_is_sent_once_when_the_school_is_back(ctx: Ctx) -> Result<(), String> {
    let admin = ctx.emulator.admin.clone();
    let display = ctx.display.clone();
    let text = format!("Skickat utan nät {}", std::process::id());
    let result = with_app(&ctx, |s| async move {
        let r = async {
            log_in(&s).await?;
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "task").await?;
            open_task(&s).await?;

            post(&admin, "/admin/faults", json!({ "rateLimitRate": 1.0 })).await?;
            let before = hub_model::time::stockholm_wall_clock(chrono::Utc::now());
            let input = find::one(&s, &testid("task-message-input")).await?;
            s.type_text(&input, &text).await?;
            click(&s, &testid("task-message-send")).await?;
            find::wait_text(&s, &testid("write-pending"), "Väntar på att skickas").await?;
            let pending = format!("{}[data-pending='true']", testid("task-message"));
            find::wait_text(&s, &pending, &text).await?;
            let left = s.property(&input, "value").await?.unwrap_or_default();
            ensure(left.is_empty(), format!("the queued text stayed in the box: {left:?}"))?;
            let errors = crate::action::texts_of(&s, &testid("task-message-error"))
                .await
                .unwrap_or_default();
            ensure(
                errors.iter().all(String::is_empty),
                format!("error for a queued message: {errors:?}"),
            )?;
            screenshot(&s, "writes-queued-message").await?;
            window_screenshot(&display, "writes-queued-message")?;

            // Leave the task and open it again while the school still answers 429: the message still waits.
            click(&s, &testid("task-back")).await?;
            open_task(&s).await?;
            find::wait_text(&s, &pending, &text).await?;
            find::wait_text(&s, &testid("write-pending"), "Väntar på att skickas").await?;
            let waiting = waiting_copies(&s, &text).await?;
            ensure(
                waiting == 1,
                format!("after reopening, the message waits {waiting} times"),
            )?;
            // It says when it was written, in Swedish time, from the shell's queue.
            let written = find::text_of(&s, &format!("{pending} {}", testid("write-written"))).await?;
            let after = hub_model::time::stockholm_wall_clock(chrono::Utc::now());
            let hm = |t: chrono::NaiveDateTime| t.format("%H:%M").to_string();
            ensure(
                written.contains(&hm(before)) || written.contains(&hm(after)),
                format!(
                    "the waiting message says it was written {written:?}, not at {}",
                    hm(before)
                ),
            )?;
            screenshot(&s, "writes-queued-message-reopened").await?;

            // The school answers again: the background task (every second here) sends the queued message and
            // the open task re-reads on `writes-sent`, without the user doing anything.
            post(&admin, "/admin/faults/clear", json!({})).await?;
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                // The dialogue re-renders while it is read again: an element gone mid-count counts again.
                let (shown, waiting) = match (sent_copies(&s, &text).await, waiting_copies(&s, &text).await) {
                    (Ok(shown), Ok(waiting)) => (shown, waiting),
                    (Err(e), _) | (_, Err(e)) if e.contains("was not found") || e.contains("stale") => {
                        ensure(Instant::now() < deadline, e)?;
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        continue;
                    }
                    (Err(e), _) | (_, Err(e)) => return Err(e),
                };
                if shown == 1 && waiting == 0 {
                    break;
                }
                ensure(shown <= 1, format!("the message shows {shown} times"))?;
                ensure(
                    Instant::now() < deadline,
                    format!("the open task never showed the sent message (sent {shown}, waiting {waiting})"),
                )?;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            // And it stays once: later replays do not send it again.
            tokio::time::sleep(Duration::from_secs(3)).await;
            click(&s, &testid("task-back")).await?;
            open_task(&s).await?;
            let shown = sent_copies(&s, &text).await?;
            ensure(
                shown == 1,
                format!("after more replays the message shows {shown} times"),
            )?;
            let waiting = waiting_copies(&s, &text).await?;
            ensure(
                waiting == 0,
                format!("the sent message is still marked waiting {waiting} times"),
            )?;
            screenshot(&s, "writes-sent-after-reconnect").await?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await;
    // Whatever happened, the shared school must answer again for the scenarios after this one.
    let cleared = post(&ctx.emulator.admin, "/admin/faults/clear", json!({})).await;
    result.and(cleared)
}

/// A refusal the school sends in Swedish reaches an English user in English: while the app offers a talk time,
/// the school withdraws it; booking it is refused (`NotFound`) and the app says so in the user's language, not
/// the school's.
pub async fn a_refusal_reads_in_the_users_language(ctx: Ctx) -> Result<(), String> {
    let admin = ctx.emulator.admin.clone();
    // The standalone school is shared: start from its seed (an earlier scenario books a talk) and leave it so.
    post(&admin, "/admin/reset", json!({})).await?;
    let tomorrow = hub_model::time::stockholm_wall_clock(chrono::Utc::now()).date() + chrono::TimeDelta::days(1);
    let slot = admin_json(
        &admin,
        "/admin/meeting-slots",
        json!({"className": "5A", "date": tomorrow.to_string(), "timeFrom": "07:05", "timeTo": "07:25",
               "closesAt": format!("{}T00:00:00", tomorrow + chrono::TimeDelta::days(1))}),
    )
    .await?;
    let result = with_app(&ctx, |s| async move {
        let r = async {
            log_in(&s).await?;
            set_lang(&s, "en").await?;
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "meeting").await?;
            let slots = find::exactly(&s, &testid("meeting-slot"), 7).await?;
            let first = s.text(&slots[0]).await?;
            ensure(
                first.contains("07:05"),
                format!("the added time is not first: {first:?}"),
            )?;

            // The school withdraws the time while the app still offers it; then the user books it.
            post(
                &admin,
                "/admin/meeting-slots/remove",
                json!({"availabilityId": slot["availabilityId"]}),
            )
            .await?;
            click(&s, &testid("book")).await?;
            click(&s, &testid("confirm-yes")).await?;
            find::wait_text(&s, &testid("booking-error"), "It no longer exists").await?;
            let shown = find::text_of(&s, &testid("booking-error")).await?;
            ensure(
                !shown.contains("finns"),
                format!("the refusal is shown in Swedish: {shown:?}"),
            )?;
            screenshot(&s, "writes-refusal-en").await?;
            set_lang(&s, "sv").await
        }
        .await;
        (s, r)
    })
    .await;
    let reset = post(&ctx.emulator.admin, "/admin/reset", json!({})).await;
    result.and(reset)
}

/// Password login as the demo guardian, without "Kom ihåg mig".
async fn log_in(s: &Session) -> Result<(), String> {
    s.click(&find::one(s, &testid("btn-password")).await?).await?;
    let user = find::one(s, &testid("login-username")).await?;
    s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
    let pw = find::one(s, &testid("login-password")).await?;
    s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
    s.click(&find::one(s, &testid("login-submit")).await?).await?;
    find::exactly(s, &testid("child-tab"), 3).await.map(drop)
}

async fn open_task(s: &Session) -> Result<(), String> {
    click(s, &format!("{}[data-id='{TASK}']", testid("task-item"))).await?;
    find::wait_text(s, &testid("task-detail-title"), "Bokrecension").await
}

/// How many messages of the school's dialogue (not waiting on the device) read `text`.
async fn sent_copies(s: &Session, text: &str) -> Result<usize, String> {
    // The teacher's first message shows once the dialogue is loaded.
    find::wait_text(
        s,
        &testid("task-message"),
        "Kom ihåg att skriva vad du tyckte om slutet!",
    )
    .await?;
    let mut n = 0;
    for el in s.find_all(&testid("task-message")).await? {
        let pending = s.attribute(&el, "data-pending").await?;
        if pending.as_deref() != Some("true") && s.text(&el).await?.contains(text) {
            n += 1;
        }
    }
    Ok(n)
}

/// How many messages of the dialogue marked waiting on the device read `text`.
async fn waiting_copies(s: &Session, text: &str) -> Result<usize, String> {
    let pending = format!("{}[data-pending='true']", testid("task-message"));
    let mut n = 0;
    for el in s.find_all(&pending).await? {
        if s.text(&el).await?.contains(text) {
            n += 1;
        }
    }
    Ok(n)
}
