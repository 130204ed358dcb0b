//! A minimal W3C WebDriver client over reqwest: just the calls the e2e tests use.
//!
//! tauri-driver speaks the standard protocol and forwards to WebKitWebDriver, which drives the app's webview.

use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

/// The W3C key under which an element reference is returned.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// An error from the driver, with its message.
pub type Result<T> = std::result::Result<T, String>;

/// One WebDriver session: one running instance of the app.
pub struct Session {
    http: reqwest::Client,
    base: String,
}

/// A reference to an element in the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Starts the app at `application` through the driver at `driver_url`.
    pub async fn start(driver_url: &str, application: &str, args: &[&str]) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application, "args": args }
                }
            }
        });
        let v = call(
            &http,
            reqwest::Method::POST,
            &format!("{driver_url}/session"),
            Some(caps),
        )
        .await?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {v}"))?
            .to_owned();
        Ok(Self {
            http,
            base: format!("{driver_url}/session/{id}"),
        })
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value> {
        call(&self.http, method, &format!("{}{path}", self.base), body).await
    }

    /// The elements matching `css` now (no waiting). An answer that only says the page moved under the driver
    /// (see [`is_transient`]) is "none yet", so the waiting locators simply ask again.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = match self
            .cmd(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
        {
            Ok(v) => v,
            Err(e) if is_transient(&e) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned())))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn click(&self, el: &Element) -> Result<()> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/click", el.0),
            Some(json!({})),
        )
        .await
        .map(drop)
    }

    pub async fn text(&self, el: &Element) -> Result<String> {
        let v = self
            .cmd(reqwest::Method::GET, &format!("/element/{}/text", el.0), None)
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// An HTML attribute (e.g. `data-date`).
    pub async fn attribute(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/attribute/{name}", el.0),
                None,
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// A DOM property (e.g. an input's current `value`).
    pub async fn property(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/property/{name}", el.0),
                None,
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Whether a checkbox or radio button is checked (W3C "Is Element Selected").
    pub async fn is_selected(&self, el: &Element) -> Result<bool> {
        let v = self
            .cmd(reqwest::Method::GET, &format!("/element/{}/selected", el.0), None)
            .await?;
        v.as_bool().ok_or_else(|| format!("not a boolean: {v}"))
    }

    pub async fn type_text(&self, el: &Element, text: &str) -> Result<()> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/value", el.0),
            Some(json!({"text": text})),
        )
        .await
        .map(drop)
    }

    pub async fn clear(&self, el: &Element) -> Result<()> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/clear", el.0),
            Some(json!({})),
        )
        .await
        .map(drop)
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) in the page and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// The W3C reference of `el`, for passing it to [`Session::execute`] as an argument.
    pub fn element_arg(el: &Element) -> Value {
        json!({ ELEMENT_KEY: el.0 })
    }

    /// Resizes the app window (outer size, CSS pixels).
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.cmd(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"x": 0, "y": 0, "width": width, "height": height})),
        )
        .await
        .map_err(|e| format!("set window size {width}×{height}: {e}"))?;
        // The driver can answer before the page has the new width (a layout read right after it saw the old
        // 1280 px once): wait, up to 5 s, until the page is no wider than asked.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            let inner = self
                .execute("return window.innerWidth;", vec![])
                .await?
                .as_u64()
                .unwrap_or(0);
            if inner > 0 && inner <= u64::from(width) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// The handles of the app's open windows (the main window and, e.g., the login window).
    pub async fn window_handles(&self) -> Result<Vec<String>> {
        let v = self.cmd(reqwest::Method::GET, "/window/handles", None).await?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect())
            .unwrap_or_default())
    }

    /// The handle of the window commands go to now.
    pub async fn window_handle(&self) -> Result<String> {
        let v = self.cmd(reqwest::Method::GET, "/window", None).await?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no window handle in {v}"))
    }

    /// Sends the following commands to the window `handle`.
    pub async fn switch_to_window(&self, handle: &str) -> Result<()> {
        self.cmd(reqwest::Method::POST, "/window", Some(json!({ "handle": handle })))
            .await
            .map(drop)
            .map_err(|e| format!("switch to window {handle}: {e}"))
    }

    /// A PNG of the webview.
    pub async fn screenshot(&self) -> Result<Vec<u8>> {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await?;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())
    }

    /// Closes the app.
    pub async fn end(self) -> Result<()> {
        self.cmd(reqwest::Method::DELETE, "", None).await.map(drop)
    }
}

/// Whether a driver error only says that the page changed while the driver looked at it, so asking again
/// may succeed: a page navigating away ("Callback was not called before the unload event"), or an element that
/// a re-render replaced (the cached answer, then the school's) between finding it and using it ("Node with
/// identifier … was not found", "Stale element found when trying to create the node handle", W3C "stale
/// element reference" / "no such element").
pub fn is_transient(error: &str) -> bool {
    const ANSWERS: [&str; 5] = [
        "before the unload event",
        "was not found",
        "stale element",
        "no such element",
        "node handle",
    ];
    let error = error.to_lowercase();
    ANSWERS.iter().any(|a| error.contains(a))
}

async fn call(http: &reqwest::Client, method: reqwest::Method, url: &str, body: Option<Value>) -> Result<Value> {
    let mut req = http.request(method, url);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.map_err(|e| format!("webdriver request failed: {e}"))?;
    let status = resp.status();
    let v: Value = resp
        .json()
        .await
        .map_err(|e| format!("webdriver reply is not json: {e}"))?;
    if !status.is_success() {
        return Err(format!("webdriver error {status}: {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}
