//! User actions made of several steps: open the demo, pick a child, open a box, go back.

use crate::Ctx;
use crate::check::ensure;
use crate::find::{self, testid};
use crate::webdriver::{Result, Session};

/// Runs `body` in a fresh app instance and always closes the app, whatever `body` returned.
pub async fn with_app<F, Fut>(ctx: &Ctx, body: F) -> Result<()>
where
    F: FnOnce(Session) -> Fut,
    Fut: std::future::Future<Output = (Session, Result<()>)>,
{
    // The app is single-instance: a launch while the previous instance is still exiting would hand over to
    // it and quit, so wait until no earlier instance is left (also for restarts within one scenario).
    crate::harness::wait_app_exit(&ctx.app, &ctx.app_env, std::time::Duration::from_secs(15))?;
    let s = Session::start(&ctx.driver_url, &ctx.app, &[]).await?;
    let (s, result) = body(s).await;
    if result.is_err() {
        // Evidence for the failure report: what the window showed when the scenario gave up.
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let _ = crate::check::screenshot(&s, &format!("failed-{stamp}")).await;
    }
    let _ = s.end().await;
    result
}

/// Runs `body` in a fresh app instance opened in the demo school (its own emulator), and always closes the app.
pub async fn in_demo<F, Fut>(ctx: &Ctx, body: F) -> Result<()>
where
    F: FnOnce(Session) -> Fut,
    Fut: std::future::Future<Output = (Session, Result<()>)>,
{
    with_app(ctx, |s| async move {
        if let Err(e) = open_demo(&s).await {
            return (s, Err(e));
        }
        body(s).await
    })
    .await
}

/// Clicks the first element matching `css`, once it is there.
pub async fn click(s: &Session, css: &str) -> Result<()> {
    // A view that re-renders (the cached answer, then the school's) may replace the element between finding
    // and clicking it: find it again, a few times.
    let mut tries = 0;
    loop {
        let el = find::one(s, css).await?;
        match s.click(&el).await {
            Ok(()) => return Ok(()),
            Err(e) if tries < 3 && crate::webdriver::is_transient(&e) => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => return Err(format!("clicking {css}: {e}")),
        }
    }
}

/// Clicks the first element matching `css` whose text contains `text`, once there is one. Elements replaced by a
/// re-render while they are read or clicked are looked up again.
pub async fn click_text(s: &Session, css: &str, text: &str) -> Result<()> {
    let deadline = std::time::Instant::now() + find::TIMEOUT;
    loop {
        match click_text_now(s, css, text).await {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) if crate::webdriver::is_transient(&e) => {}
            Err(e) => return Err(format!("clicking {css} {text:?}: {e}")),
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no {css} contains {text:?} after {:?}", find::TIMEOUT));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// One try of [`click_text`]: whether an element was found and clicked.
async fn click_text_now(s: &Session, css: &str, text: &str) -> Result<bool> {
    for el in s.find_all(css).await? {
        if s.text(&el).await?.contains(text) {
            s.click(&el).await?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Switches the UI to language `code` ("sv" or "en") with the language button, unless it is already on.
pub async fn set_lang(s: &Session, code: &str) -> Result<()> {
    let lang = s.execute("return document.documentElement.lang;", vec![]).await?;
    if lang.as_str() != Some(code) {
        click(s, &testid("lang-toggle")).await?;
    }
    // The switch waits for the language's texts (English is a module of its own in the shipped build).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let lang = s.execute("return document.documentElement.lang;", vec![]).await?;
        if lang.as_str() == Some(code) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return ensure(false, format!("language is {lang}, not {code}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// "Prova demo" from the start screen; waits until the three children are shown.
pub async fn open_demo(s: &Session) -> Result<()> {
    let demo = find::one(s, &testid("btn-demo")).await?;
    s.click(&demo).await?;
    find::exactly(s, &testid("child-tab"), 3).await.map(drop)
}

/// Selects the child whose tab reads `full_name`.
pub async fn select_child(s: &Session, full_name: &str) -> Result<()> {
    find::exactly(s, &testid("child-tab"), 3).await?;
    click_text(s, &testid("child-tab"), full_name).await?;
    // The heading of the start page names the selected child.
    find::wait_text(s, "h2", full_name).await
}

/// Opens the box of module `app` from the start page and waits for its view.
///
/// Tiles can still move when the click lands (a tile that appears once its read answers, such as
/// Utvecklingssamtal, shifts the ones after it), so a click may open a neighbour or nothing: then it goes back
/// and clicks again.
pub async fn open_box(s: &Session, app: &str) -> Result<()> {
    let tile = format!("{}[data-app='{app}']", testid("box-tile"));
    let view = format!("{}[data-app='{app}']", testid("box-view"));
    for _ in 0..3 {
        click(s, &tile).await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if !s.find_all(&view).await?.is_empty() {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if !s.find_all(&view).await?.is_empty() {
            return Ok(());
        }
        if !s.find_all(&testid("box-view")).await?.is_empty() {
            back(s).await?;
        }
    }
    find::one(s, &view).await.map(drop)
}

/// Leaves a box view for the start page.
pub async fn back(s: &Session) -> Result<()> {
    let back = find::one(s, &testid("back")).await?;
    s.click(&back).await?;
    find::one(s, &testid("start-page")).await.map(drop)
}

/// The trimmed texts of every element matching `css`, once at least one is there.
pub async fn texts_of(s: &Session, css: &str) -> Result<Vec<String>> {
    find::some_texts(s, css).await
}

/// `Err` unless `texts` contains `wanted`.
pub fn ensure_listed(texts: &[String], wanted: &str, what: &str) -> Result<()> {
    ensure(
        texts.iter().any(|t| t.contains(wanted)),
        format!("{what}: {wanted:?} not among {texts:?}"),
    )
}

/// `Err` if `texts` contains `unwanted` (another child's data).
pub fn ensure_not_listed(texts: &[String], unwanted: &str, what: &str) -> Result<()> {
    ensure(
        !texts.iter().any(|t| t.contains(unwanted)),
        format!("{what}: {unwanted:?} belongs to another child but is shown"),
    )
}

/// Posts `body` to the standalone emulator's admin API at `base` (faults, reset, publishing).
pub async fn admin_post(base: &str, path: &str, body: serde_json::Value) -> Result<()> {
    admin_send(base, path, body).await.map(drop)
}

/// Posts `body` to the emulator's admin API at `base` and returns its JSON answer (e.g. a new slot's id).
pub async fn admin_json(base: &str, path: &str, body: serde_json::Value) -> Result<serde_json::Value> {
    let resp = admin_send(base, path, body).await?;
    resp.json().await.map_err(|e| format!("admin {path}: {e}"))
}

/// The admin API's answer to `body` at `path`, `Err` unless it succeeded.
async fn admin_send(base: &str, path: &str, body: serde_json::Value) -> Result<reqwest::Response> {
    let resp = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("admin {path}: {e}"))?;
    crate::check::ensure(
        resp.status().is_success(),
        format!("admin {path} answered {}", resp.status()),
    )?;
    Ok(resp)
}
