//! The start page as a dashboard: the user's box order and hidden boxes (by drag, buttons and keyboard)
//! survive a restart of the app and "Återställ" undoes them; the theme is remembered too; the family
//! overview, "Att göra", the Edlevo hand-off and the session banner show what they should. The last scenario
//! writes the screenshot matrix: sv/en × light/dark × phone/desktop, start page and every box view.
//!
//! All scenarios of one run share one HOME, so every scenario here deletes the preferences it wrote when it
//! ends, whatever happened: the other scenarios start from the default layout.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::Ctx;
use crate::action::{back, ensure_listed, open_box, open_demo, select_child, set_lang, texts_of, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::{Result, Session};

/// Where the shell keeps the UI preferences in this run (the harness's XDG_CONFIG_HOME, tauri.conf.json's
/// identifier).
fn prefs_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../target/e2e/run-{}/config/se.skolhub.client/ui-prefs.json",
        std::process::id()
    ))
}

/// Waits until the last app instance has exited: the app is single-instance, so a start while it still
/// exits would hand over to it and quit.
fn restart_gap(ctx: &Ctx) -> Result<()> {
    crate::harness::wait_app_exit(&ctx.app, &ctx.app_env, Duration::from_secs(15))
}

/// Runs `scenario`, then removes the preferences it saved (also when it failed).
async fn clean_prefs_after(scenario: impl std::future::Future<Output = Result<()>>) -> Result<()> {
    let result = scenario.await;
    let _ = std::fs::remove_file(prefs_file());
    result
}

/// The `data-app` of every start-page tile, in screen order.
async fn tile_order(s: &Session) -> Result<Vec<String>> {
    find::one(s, &testid("box-tile")).await?;
    let mut out = Vec::new();
    for el in s.find_all(&testid("box-tile")).await? {
        out.push(s.attribute(&el, "data-app").await?.unwrap_or_default());
    }
    Ok(out)
}

/// The `data-app` of every row in "Anpassa" mode, in order.
async fn edit_order(s: &Session) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for el in s.find_all(&testid("dash-item")).await? {
        out.push(s.attribute(&el, "data-app").await?.unwrap_or_default());
    }
    Ok(out)
}

/// Waits until the edit rows are in `wanted` order.
async fn wait_edit_order(s: &Session, wanted: &[String]) -> Result<()> {
    let deadline = Instant::now() + find::TIMEOUT;
    loop {
        let now = edit_order(s).await?;
        if now == wanted {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("edit order is {now:?}, expected {wanted:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A control (`dash-up`, `dash-hide`, …) in the edit row of box `app`.
async fn row_control(s: &Session, app: &str, control: &str) -> Result<crate::webdriver::Element> {
    find::one(
        s,
        &format!("{}[data-app='{app}'] {}", testid("dash-item"), testid(control)),
    )
    .await
}

/// `<html data-theme>`.
async fn theme(s: &Session) -> Result<String> {
    let v = s
        .execute("return document.documentElement.getAttribute('data-theme');", vec![])
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Waits until the live region announces something containing `wanted`.
async fn announced(s: &Session, wanted: &str) -> Result<()> {
    let deadline = Instant::now() + find::TIMEOUT;
    loop {
        let text = s
            .execute(
                "const e = document.querySelector(\"[data-testid='dash-announce']\"); return e ? e.textContent : '';",
                vec![],
            )
            .await?;
        if text.as_str().is_some_and(|t| t.contains(wanted)) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("no announcement with {wanted:?} (last: {text})"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn moved(order: &[String], from: usize, to: usize) -> Vec<String> {
    let mut v = order.to_vec();
    let x = v.remove(from);
    v.insert(to, x);
    v
}

/// Hide a box and reorder by keyboard, buttons and drag; restart: the layout and the dark theme are kept;
/// "Återställ" brings the school's order back, and that too survives a restart.
pub async fn layout_survives_a_restart_and_resets(ctx: Ctx) -> Result<()> {
    let _ = std::fs::remove_file(prefs_file());
    clean_prefs_after(async {
        let (default_order, custom_order) = first_run(&ctx).await?;
        let saved = std::fs::read_to_string(prefs_file()).map_err(|e| format!("no preferences file: {e}"))?;
        ensure(
            saved.contains("calendarv2"),
            format!("the saved layout lacks the hidden box: {saved}"),
        )?;

        // A new app instance: same HOME, new WebDriver session.
        restart_gap(&ctx)?;
        let expected = custom_order.clone();
        with_app(&ctx, |s| async move {
            let r = async {
                open_demo(&s).await?;
                let order = tile_order(&s).await?;
                ensure(
                    order == expected,
                    format!("after restart the order is {order:?}, expected {expected:?}"),
                )?;
                ensure(theme(&s).await? == "dark", "the dark theme was not kept")?;
                s.click(&find::one(&s, &testid("dash-edit")).await?).await?;
                find::one(&s, &format!("{}[data-app='calendarv2']", testid("dash-hidden-item"))).await?;
                s.click(&find::one(&s, &testid("dash-reset")).await?).await?;
                announced(&s, "återställd").await?;
                ensure(
                    s.find_all(&testid("dash-hidden-item")).await?.is_empty(),
                    "hidden boxes after Återställ",
                )?;
                s.click(&find::one(&s, &testid("dash-edit")).await?).await?;
                s.click(&find::one(&s, &testid("theme-toggle")).await?).await?;
                Ok(())
            }
            .await;
            (s, r)
        })
        .await?;

        restart_gap(&ctx)?;
        let expected = default_order.clone();
        with_app(&ctx, |s| async move {
            let r = async {
                open_demo(&s).await?;
                let order = tile_order(&s).await?;
                ensure(
                    order == expected,
                    format!("after Återställ and a restart: {order:?}, expected {expected:?}"),
                )?;
                ensure(theme(&s).await? == "light", "the light theme was not kept")
            }
            .await;
            (s, r)
        })
        .await
    })
    .await
}

/// The first instance: customise, return (the school's order, the customised order).
async fn first_run(ctx: &Ctx) -> Result<(Vec<String>, Vec<String>)> {
    let out = std::sync::Arc::new(std::sync::Mutex::new(None));
    let result = out.clone();
    with_app(ctx, |s| async move {
        let r = async {
            open_demo(&s).await?;
            let default_order = tile_order(&s).await?;
            ensure(
                default_order.len() >= 4 && default_order.contains(&"calendarv2".to_owned()),
                format!("Elsa's boxes: {default_order:?}"),
            )?;
            s.click(&find::one(&s, &testid("dash-edit")).await?).await?;
            find::exactly(&s, &testid("dash-item"), default_order.len()).await?;

            // Hide Kalender.
            s.click(&row_control(&s, "calendarv2", "dash-hide").await?).await?;
            find::one(&s, &format!("{}[data-app='calendarv2']", testid("dash-hidden-item"))).await?;
            announced(&s, "Kalender").await?;
            screenshot(&s, "dashboard-editing").await?;
            let mut order: Vec<String> = default_order.iter().filter(|a| *a != "calendarv2").cloned().collect();
            wait_edit_order(&s, &order).await?;

            // Keyboard: Alt+Arrow Down on the first box's handle moves it one place down.
            let first = order[0].clone();
            let handle = row_control(&s, &first, "dash-handle").await?;
            s.type_text(&handle, "\u{E00A}\u{E015}").await?;
            order = moved(&order, 0, 1);
            wait_edit_order(&s, &order).await?;
            announced(&s, "plats 2 av").await?;

            // Buttons: "Flytta upp" on the last box.
            let last = order.last().cloned().unwrap_or_default();
            s.click(&row_control(&s, &last, "dash-up").await?).await?;
            let n = order.len();
            order = moved(&order, n - 1, n - 2);
            wait_edit_order(&s, &order).await?;
            let top_up = row_control(&s, &order[0], "dash-up").await?;
            ensure(
                s.attribute(&top_up, "disabled").await?.is_some(),
                "the first box's Flytta upp is not disabled",
            )?;

            // Drag: the third box dropped on the first.
            let rows = s.find_all(&testid("dash-item")).await?;
            s.execute(
                "const [from, to] = arguments;
                 from.dispatchEvent(new DragEvent('dragstart', {bubbles: true}));
                 to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true}));
                 to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true}));
                 from.dispatchEvent(new DragEvent('dragend', {bubbles: true}));",
                vec![Session::element_arg(&rows[2]), Session::element_arg(&rows[0])],
            )
            .await?;
            order = moved(&order, 2, 0);
            wait_edit_order(&s, &order).await?;

            s.click(&find::one(&s, &testid("dash-edit")).await?).await?;
            let shown = tile_order(&s).await?;
            ensure(shown == order, format!("start page shows {shown:?}, edited {order:?}"))?;
            screenshot(&s, "dashboard-customised").await?;

            // Dark theme, to be remembered with the layout.
            ensure(
                theme(&s).await? == "light",
                "the demo should start in the light theme under Xvfb",
            )?;
            s.click(&find::one(&s, &testid("theme-toggle")).await?).await?;
            ensure(theme(&s).await? == "dark", "the theme toggle did not switch to dark")?;
            // Give the shell a moment to write the file.
            tokio::time::sleep(Duration::from_millis(500)).await;
            *result.lock().unwrap() = Some((default_order, order));
            Ok(())
        }
        .await;
        (s, r)
    })
    .await?;
    let taken = out.lock().unwrap().take();
    taken.ok_or_else(|| "the first run returned no order".to_owned())
}

/// The family overview lists every child, "Att göra" offers Nils's talk booking (and opens it) and his
/// tasks, Elsa's
/// absence box hands off to Edlevo, and the session banner follows the shell's event.
pub async fn family_overview_todo_edlevo_and_banner(ctx: Ctx) -> Result<()> {
    clean_prefs_after(with_app(&ctx, |s| async move {
        let r = async {
            open_demo(&s).await?;
            let names = find::exact_texts(&s, &testid("family-child"), 3).await?;
            for name in ["Elsa Björklund", "Nils Björklund"] {
                ensure_listed(&names, name, "family overview")?;
            }
            // Every card says something once the notifications are in: unread items or "Inget nytt".
            find::exactly(&s, &testid("family-next"), 3).await?;

            // Elsa: Edlevo hand-offs with the seed's words.
            let edlevo = find::one(&s, &format!("{}[data-app='edlevo-attendance']", testid("box-tile"))).await?;
            let text = s.text(&edlevo).await?;
            ensure(
                text.contains("Frånvaroanmälan sker i appen Edlevo"),
                format!("Edlevo tile: {text:?}"),
            )?;
            ensure(
                text.contains("Öppna Edlevo"),
                format!("Edlevo tile has no action: {text:?}"),
            )?;
            ensure(
                s.attribute(&edlevo, "type").await?.as_deref() == Some("button"),
                "the Edlevo tile is not a button",
            )?;
            find::one(&s, &testid("todo")).await?;

            // Nils: "Att göra" offers the talk booking; it opens Utvecklingssamtal.
            select_child(&s, "Nils Björklund").await?;
            find::wait_text(
                &s,
                &format!("{}[aria-pressed='true']", testid("family-child")),
                "Nils Björklund",
            )
            .await
            .map_err(|e| format!("the family card does not follow the child: {e}"))?;
            find::wait_text(&s, &testid("todo-item"), "Boka utvecklingssamtal").await?;
            // Nils has one overdue and one coming task in the demo school.
            find::wait_text(&s, &testid("todo-item"), "1 uppgift är försenad").await?;
            find::wait_text(&s, &testid("todo-item"), "1 uppgift ska lämnas in").await?;
            let todos = texts_of(&s, &testid("todo-item")).await?;
            ensure_listed(&todos, "6 lediga tider", "Nils's Att göra")?;
            screenshot(&s, "start-page-todo").await?;
            let item = find::one(&s, &format!("{}[data-app='meeting']", testid("todo-item"))).await?;
            s.click(&item).await?;
            find::one(&s, &format!("{}[data-app='meeting']", testid("box-view"))).await?;
            back(&s).await?;

            // The session banner follows the shell's session-state event.
            ensure(
                s.find_all(&testid("session-banner")).await?.is_empty(),
                "a banner while all is well",
            )?;
            for (state, words) in [("offline", "Ingen kontakt med skolan"), ("needsLogin", "Logga in igen")] {
                s.execute(
                    "window.__TAURI__.event.emit('session-state', arguments[0]);",
                    vec![json!(state)],
                )
                .await?;
                find::one(&s, &format!("{}[data-state='{state}']", testid("session-banner"))).await?;
                find::wait_text(&s, &testid("session-banner"), words).await?;
            }
            s.execute("window.__TAURI__.event.emit('session-state', 'ok');", vec![])
                .await?;
            let deadline = Instant::now() + find::TIMEOUT;
            while !s.find_all(&testid("session-banner")).await?.is_empty() {
                ensure(
                    Instant::now() < deadline,
                    "the banner stays after the state is ok again",
                )?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Ok(())
        }
        .await;
        (s, r)
    }))
    .await
}

/// Sets `<html data-theme>` to `wanted` with the theme button.
async fn set_theme(s: &Session, wanted: &str) -> Result<()> {
    if theme(s).await? != wanted {
        s.click(&find::one(s, &testid("theme-toggle")).await?).await?;
    }
    ensure(theme(s).await? == wanted, format!("theme is not {wanted}"))
}

/// Every box view the demo guardian can open, once each: (child, box), the first child that has the box.
async fn every_box(s: &Session) -> Result<Vec<(&'static str, String)>> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for child in CHILDREN {
        to_top(s).await?;
        select_by_card(s, child).await?;
        for app in tile_order(s).await? {
            if !app.starts_with("edlevo-") && !out.iter().any(|(_, a)| *a == app) {
                out.push((child, app));
            }
        }
    }
    Ok(out)
}

/// Selects a child with its family-overview card, which is full width on a phone (the third chip of the
/// child switcher sits outside a 360 px window, in a row that scrolls sideways).
async fn select_by_card(s: &Session, name: &str) -> Result<()> {
    find::exactly(s, &testid("family-child"), 3).await?;
    crate::action::click_text(s, &testid("family-child"), name).await?;
    find::wait_text(s, "h2", name).await
}

/// The demo guardian's children.
const CHILDREN: [&str; 3] = ["Elsa Björklund", "Nils Björklund", "Maja Björklund"];

/// Start page and every box view in sv and en, light and dark, phone (360×740) and desktop (1280×800).
pub async fn screenshots_in_every_language_theme_and_size(ctx: Ctx) -> Result<()> {
    let display = ctx.display.clone();
    clean_prefs_after(with_app(&ctx, |s| async move {
        let r = async {
            open_demo(&s).await?;
            let boxes = every_box(&s).await?;
            ensure(boxes.len() >= 8, format!("the demo family has few boxes: {boxes:?}"))?;
            for (size, w, h) in [("desktop", 1280, 800), ("phone", 360, 740)] {
                s.set_window_size(w, h).await?;
                for lang in ["sv", "en"] {
                    set_lang(&s, lang)
                        .await
                        .map_err(|e| format!("{size} {lang}: language: {e}"))?;
                    for theme_name in ["light", "dark"] {
                        set_theme(&s, theme_name)
                            .await
                            .map_err(|e| format!("{size} {lang} {theme_name}: theme: {e}"))?;
                        let tag = format!("{lang}-{theme_name}-{size}");
                        to_top(&s).await?;
                        select_by_card(&s, CHILDREN[0]).await?;
                        find::exactly(&s, &testid("family-next"), 3).await?;
                        to_top(&s).await?;
                        screenshot(&s, &format!("start-{tag}")).await?;
                        if size == "desktop" && lang == "sv" && theme_name == "light" {
                            window_screenshot(&display, &format!("start-{tag}"))?;
                        }
                        for (child, app) in &boxes {
                            let step = |what: &'static str| {
                                let tag = tag.clone();
                                move |e: String| format!("{tag} {app}: {what}: {e}")
                            };
                            to_top(&s).await?;
                            select_by_card(&s, child).await.map_err(step("select child"))?;
                            open_box(&s, app).await.map_err(step("open"))?;
                            // Wait for the view's data rather than its skeleton.
                            wait_loaded(&s).await.map_err(step("load"))?;
                            screenshot(&s, &format!("box-{app}-{tag}"))
                                .await
                                .map_err(step("screenshot"))?;
                            back(&s).await.map_err(step("back"))?;
                        }
                    }
                }
            }
            s.set_window_size(1280, 800).await?;
            set_lang(&s, "sv").await?;
            Ok(())
        }
        .await;
        (s, r)
    }))
    .await
}

/// Scrolls to the top, so no control is hidden under the sticky header when it is clicked. Waits a moment
/// first: coming back from a box view, focus returns to its tile (and scrolls to it) in the next frame.
async fn to_top(s: &Session) -> Result<()> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.execute("window.scrollTo(0, 0);", vec![]).await.map(drop)
}

/// Waits until no skeleton is on screen.
async fn wait_loaded(s: &Session) -> Result<()> {
    let deadline = Instant::now() + find::TIMEOUT;
    while !s.find_all(&testid("loading")).await?.is_empty() {
        ensure(Instant::now() < deadline, "the view is still loading")?;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
