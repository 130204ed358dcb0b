//! Starting offline: a remembered login shows the last account and its cached views, marked with when they
//! were fetched, under the offline banner; when the school answers again the views refresh by themselves.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::Ctx;
use crate::action::admin_post as post;
use crate::action::{open_box, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// Longer than the shell's 30 s request timeout: every call to the school times out, as on a dead network.
const UNREACHABLE_MS: u64 = 45_000;

/// Log in with "Kom ihåg mig", read Information, quit; start again with the school unreachable: the news
/// shows with "Uppdaterad hh:mm" and the offline banner. Then the school answers again: banner and stamp go.
pub async fn offline_start_shows_the_cached_news_with_its_time(ctx: Ctx) -> Result<(), String> {
    let news = Rc::new(RefCell::new(Vec::new()));
    let online = news.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            log_in_remembered(&s).await?;
            open_box(&s, "communication").await?;
            *online.borrow_mut() = titles(&s).await?;
            ensure(
                s.find_all(&testid("updated-at")).await?.is_empty(),
                "fresh news must not carry an 'Uppdaterad' stamp",
            )
        }
        .await;
        (s, r)
    })
    .await?;

    let admin_base = ctx.emulator.admin.clone();
    post(&admin_base, "/admin/faults", json!({ "latencyMs": UNREACHABLE_MS })).await?;
    let display = ctx.display.clone();
    let offline = with_app(&ctx, |s| async move {
        let r = async {
            let news = news.borrow().clone();
            // The remembered login cannot reach the school (one request timeout), then the last account shows.
            wait_for(&s, &testid("child-tab"), Duration::from_secs(90)).await?;
            let banner = find::one(&s, &testid("session-banner")).await?;
            let state = s.attribute(&banner, "data-state").await?;
            ensure(state.as_deref() == Some("offline"), format!("banner state {state:?}"))?;
            open_box(&s, "communication").await?;
            ensure(
                titles(&s).await? == news,
                "the cached news differs from what was read online",
            )?;
            let stamp = find::text_of(&s, &testid("updated-at")).await?;
            ensure(is_updated_today(&stamp), format!("stamp reads {stamp:?}"))?;
            screenshot(&s, "offline-start-information").await?;
            window_screenshot(&display, "offline-start-information")?;

            // The school answers again: the background task logs in, the views refresh, banner and stamp go.
            post(&admin_base, "/admin/faults/clear", json!({})).await?;
            wait_gone(&s, &testid("session-banner"), Duration::from_secs(120)).await?;
            wait_gone(&s, &testid("updated-at"), Duration::from_secs(30)).await?;
            ensure(titles(&s).await? == news, "the refreshed news differs")?;
            screenshot(&s, "offline-start-back-online").await?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await;
    // Whatever happened, the shared school must answer again for the scenarios after this one.
    let cleared = post(&ctx.emulator.admin, "/admin/faults/clear", json!({})).await;
    if offline.is_err() {
        // Nor may the remembered login outlive a failure: log out once the school answers.
        let _ = with_app(&ctx, |s| async move {
            let r = async {
                wait_for(&s, &testid("logout"), Duration::from_secs(60)).await?;
                s.click(&find::one(&s, &testid("logout")).await?).await
            }
            .await;
            (s, r)
        })
        .await;
    }
    offline.and(cleared)
}

/// Password login as the demo guardian with "Kom ihåg mig" ticked; waits for the three children.
async fn log_in_remembered(s: &Session) -> Result<(), String> {
    s.click(&find::one(s, &testid("btn-password")).await?).await?;
    let user = find::one(s, &testid("login-username")).await?;
    s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
    let pw = find::one(s, &testid("login-password")).await?;
    s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
    s.click(&find::one(s, &testid("login-remember")).await?).await?;
    s.click(&find::one(s, &testid("login-submit")).await?).await?;
    find::exactly(s, &testid("child-tab"), 3).await.map(drop)
}

async fn titles(s: &Session) -> Result<Vec<String>, String> {
    crate::action::texts_of(s, &testid("news-title")).await
}

/// "Uppdaterad 21:07": the time only, since the news was fetched today.
fn is_updated_today(stamp: &str) -> bool {
    let Some(time) = stamp.strip_prefix("Uppdaterad ") else {
        return false;
    };
    let b = time.as_bytes();
    b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
}

async fn wait_for(s: &Session, css: &str, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while s.find_all(css).await?.is_empty() {
        if Instant::now() > deadline {
            return Err(format!("no element matches {css} after {timeout:?}"));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Ok(())
}

async fn wait_gone(s: &Session, css: &str, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while !s.find_all(css).await?.is_empty() {
        if Instant::now() > deadline {
            return Err(format!("{css} still shown after {timeout:?}"));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Ok(())
}
