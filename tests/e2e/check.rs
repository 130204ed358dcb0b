//! Assertions and evidence: failures carry a message, screenshots land under `target/e2e/screenshots`.

use std::path::PathBuf;

use crate::webdriver::{Result, Session};

/// `Err` with `msg` unless `cond`.
pub fn ensure(cond: bool, msg: impl Into<String>) -> Result<()> {
    if cond { Ok(()) } else { Err(msg.into()) }
}

/// Where screenshots go: `<workspace>/target/e2e/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e/screenshots");
    std::fs::create_dir_all(&dir).expect("create screenshot dir");
    dir
}

/// Saves a PNG of the webview as `<name>.png` and returns its path.
pub async fn screenshot(s: &Session, name: &str) -> Result<PathBuf> {
    settle().await;
    let png = s.screenshot().await?;
    ensure(png.starts_with(b"\x89PNG"), "screenshot is not a png")?;
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Saves a PNG of the whole X screen (the real window as a user sees it, sticky header included).
pub fn window_screenshot(display: &str, name: &str) -> Result<PathBuf> {
    // Called right after `screenshot`, which already let the page paint.
    let path = screenshot_dir().join(format!("{name}.window.png"));
    let status = std::process::Command::new("import")
        .args(["-display", display, "-window", "root", &path.to_string_lossy()])
        .status()
        .map_err(|e| format!("import: {e}"))?;
    ensure(status.success(), format!("import failed: {status}"))?;
    Ok(path)
}

/// WebKit paints asynchronously: the DOM can be ahead of the pixels for a moment, so evidence waits briefly.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
}
