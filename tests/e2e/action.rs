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
            Err(e) if tries < 3 && (e.contains("stale") || e.contains("not found") || e.contains("no such")) => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => return Err(format!("clicking {css}: {e}")),
        }
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
    let tabs = find::exactly(s, &testid("child-tab"), 3).await?;
    for tab in &tabs {
        if s.text(tab).await?.trim() == full_name {
            s.click(tab).await?;
            // The heading of the start page names the selected child.
            return find::wait_text(s, "h2", full_name).await;
        }
    }
    Err(format!("no child tab reads {full_name:?}"))
}

/// Opens the box of module `app` from the start page and waits for its view.
pub async fn open_box(s: &Session, app: &str) -> Result<()> {
    click(s, &format!("{}[data-app='{app}']", testid("box-tile"))).await?;
    find::one(s, &format!("{}[data-app='{app}']", testid("box-view")))
        .await
        .map(drop)
}

/// Leaves a box view for the start page.
pub async fn back(s: &Session) -> Result<()> {
    let back = find::one(s, &testid("back")).await?;
    s.click(&back).await?;
    find::one(s, &testid("start-page")).await.map(drop)
}

/// The trimmed texts of every element matching `css`, once at least one is there.
pub async fn texts_of(s: &Session, css: &str) -> Result<Vec<String>> {
    find::one(s, css).await?;
    let els = s.find_all(css).await?;
    find::texts(s, &els).await
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
    let resp = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("admin {path}: {e}"))?;
    crate::check::ensure(
        resp.status().is_success(),
        format!("admin {path} answered {}", resp.status()),
    )
}
