//! Locators that wait: the UI renders asynchronously, so every lookup polls until a deadline.

use std::time::{Duration, Instant};

use crate::webdriver::{Element, Result, Session, is_transient};

/// How long a locator waits before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// CSS for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid='{id}']")
}

/// The first element matching `css`, waiting for it to appear.
pub async fn one(s: &Session, css: &str) -> Result<Element> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(el) = s.find_all(css).await?.into_iter().next() {
            return Ok(el);
        }
        if Instant::now() > deadline {
            return Err(format!("no element matches {css} after {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until exactly `n` elements match `css` and returns them.
pub async fn exactly(s: &Session, css: &str, n: usize) -> Result<Vec<Element>> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let all = s.find_all(css).await?;
        if all.len() == n {
            return Ok(all);
        }
        if Instant::now() > deadline {
            return Err(format!("expected {n} elements for {css}, found {}", all.len()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element matching `css` has non-empty text and returns it.
pub async fn text_of(s: &Session, css: &str) -> Result<String> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(el) = s.find_all(css).await?.into_iter().next() {
            let text = settled(s.text(&el).await)?.unwrap_or_default();
            if !text.trim().is_empty() {
                return Ok(text.trim().to_owned());
            }
        }
        if Instant::now() > deadline {
            return Err(format!("no text in {css} after {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until exactly `n` elements match `css` and their texts can be read, and returns the trimmed texts.
/// A re-render that replaces the elements meanwhile just means reading them again.
pub async fn exact_texts(s: &Session, css: &str, n: usize) -> Result<Vec<String>> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let all = s.find_all(css).await?;
        if all.len() == n
            && let Some(texts) = settled(texts(s, &all).await)?
        {
            return Ok(texts);
        }
        if Instant::now() > deadline {
            return Err(format!("expected {n} readable elements for {css}, found {}", all.len()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until at least one element matches `css` and all their texts can be read; returns the trimmed texts.
pub async fn some_texts(s: &Session, css: &str) -> Result<Vec<String>> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let all = s.find_all(css).await?;
        if !all.is_empty()
            && let Some(texts) = settled(texts(s, &all).await)?
        {
            return Ok(texts);
        }
        if Instant::now() > deadline {
            return Err(format!("no readable element matches {css} after {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The trimmed texts of `els`.
pub async fn texts(s: &Session, els: &[Element]) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(els.len());
    for el in els {
        out.push(s.text(el).await?.trim().to_owned());
    }
    Ok(out)
}

/// Waits until some element matching `css` contains `wanted` in its text.
pub async fn wait_text(s: &Session, css: &str, wanted: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        for el in s.find_all(css).await? {
            if settled(s.text(&el).await)?.is_some_and(|t| t.contains(wanted)) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(format!("no {css} contains {wanted:?} after {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `Ok(None)` for a driver answer that only says the element was replaced meanwhile (ask again), else the
/// answer.
fn settled<T>(answer: Result<T>) -> Result<Option<T>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_transient(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Waits until a window that is not in `known` opens and returns its handle.
pub async fn new_window(s: &Session, known: &[String]) -> Result<String> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(handle) = s.window_handles().await?.into_iter().find(|h| !known.contains(h)) {
            return Ok(handle);
        }
        if Instant::now() > deadline {
            return Err(format!("no new window opened after {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
