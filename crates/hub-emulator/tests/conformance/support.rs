//! Test helpers that act like a careful non-browser client: a cookie jar, redirects taken by hand, and a
//! tiny HTML reader for forms. They deliberately know the wire format only from the protocol doc.

use std::time::Duration;

use hub_emulator::{Config, EmulatorHandle, Urls, demo};
use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::Value;

/// Starts an emulator with the default configuration.
pub async fn start() -> EmulatorHandle {
    start_with(Config::default()).await
}

pub async fn start_with(cfg: Config) -> EmulatorHandle {
    EmulatorHandle::start(cfg).await.expect("emulator starts")
}

/// In a whole-workspace build reqwest is compiled without a default TLS provider (the client uses ring, for
/// Android), and reqwest refuses to build a client until one is installed, even for plain http.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A client without cookies that follows redirects (reqwest's defaults).
pub fn plain_client() -> reqwest::Client {
    install_tls_provider();
    reqwest::Client::new()
}

/// A client with its own cookie jar that never follows redirects.
pub fn browser() -> reqwest::Client {
    install_tls_provider();
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

/// One HTTP answer, read completely.
#[derive(Debug)]
pub struct Page {
    pub url: String,
    pub status: u16,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub body: String,
}

impl Page {
    async fn read(url: &str, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let location = resp.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let set_cookies = resp
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let body = resp.text().await.expect("body reads");
        Page {
            url: url.to_owned(),
            status,
            location,
            set_cookies,
            body,
        }
    }

    /// The redirect target resolved against the request URL.
    pub fn redirect_url(&self) -> String {
        let location = self
            .location
            .as_deref()
            .unwrap_or_else(|| panic!("expected a redirect from {}, got {}", self.url, self.status));
        url::Url::parse(&self.url).unwrap().join(location).unwrap().to_string()
    }

    /// The `Set-Cookie` line for cookie `name`, if any.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .map(String::as_str)
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    pub fn assert_redirect_to(&self, expected: &str) {
        assert_eq!(self.status, 302, "status of {}: {}", self.url, self.body);
        assert_eq!(self.location.as_deref(), Some(expected), "Location of {}", self.url);
    }
}

pub async fn get(client: &reqwest::Client, url: &str) -> Page {
    let resp = client.get(url).send().await.expect("GET succeeds");
    Page::read(url, resp).await
}

pub async fn post_form(client: &reqwest::Client, url: &str, fields: &[(String, String)]) -> Page {
    let resp = client.post(url).form(fields).send().await.expect("POST succeeds");
    Page::read(url, resp).await
}

pub async fn post_empty(client: &reqwest::Client, url: &str) -> Page {
    let resp = client.post(url).send().await.expect("POST succeeds");
    Page::read(url, resp).await
}

/// `POST /authentication/authentication/isauthenticated/?_=<ms>` as the web app sends it.
pub async fn is_authenticated(client: &reqwest::Client, urls: &Urls) -> bool {
    let page = post_empty(
        client,
        &format!(
            "{}/authentication/authentication/isauthenticated/?_=1767225600000",
            urls.hub
        ),
    )
    .await;
    assert_eq!(page.status, 200, "isauthenticated always answers 200");
    serde_json::from_str::<bool>(&page.body).expect("isauthenticated answers a JSON boolean")
}

/// Undoes the HTML escaping the emulator may apply to attribute values.
pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The opening tags `<name ...>` in document order.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let tail = &rest[start..];
        let end = tail.find('>').expect("tag closes");
        out.push(&tail[..=end]);
        rest = &tail[end..];
    }
    out
}

/// All `<input>` elements as (type, name, value).
pub fn inputs(html: &str) -> Vec<(String, String, String)> {
    tags(html, "input")
        .into_iter()
        .filter_map(|tag| {
            Some((
                attr(tag, "type").unwrap_or_else(|| "text".into()),
                attr(tag, "name")?,
                attr(tag, "value").unwrap_or_default(),
            ))
        })
        .collect()
}

/// The hidden inputs as (name, value) — what a client posts back.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    inputs(html)
        .into_iter()
        .filter(|(kind, _, _)| kind == "hidden")
        .map(|(_, name, value)| (name, value))
        .collect()
}

pub fn hidden(html: &str, name: &str) -> Option<String> {
    hidden_fields(html).into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// (id, method, action) of every form.
pub fn forms(html: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    tags(html, "form")
        .into_iter()
        .map(|tag| (attr(tag, "id"), attr(tag, "method"), attr(tag, "action")))
        .collect()
}

/// The texts of `<span class="error-message">` elements.
pub fn error_messages(html: &str) -> Vec<String> {
    let open = r#"<span class="error-message">"#;
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            unescape(&rest[..rest.find("</span>").expect("span closes")])
        })
        .collect()
}

/// Takes the `openid_message` relay form of a hub page apart: (action, oauth_token).
pub fn relay_form(html: &str) -> (String, String) {
    assert!(
        html.contains(r#"<body onload="document.forms[0].submit()">"#),
        "relay page submits itself: {html}"
    );
    let (id, method, action) = forms(html).into_iter().next().expect("relay page has a form");
    assert_eq!(id.as_deref(), Some("openid_message"));
    assert_eq!(method.as_deref(), Some("post"));
    let token = hidden(html, "oauth_token").expect("relay form carries oauth_token");
    assert!(!token.is_empty());
    (action.expect("form has an action"), token)
}

/// The login form filled in like the real web page: all hidden inputs plus credentials and the button.
pub fn login_fields(html: &str, username: &str, password: &str) -> Vec<(String, String)> {
    let mut fields = hidden_fields(html);
    for (name, value) in [
        ("__EVENTTARGET", ""),
        ("__EVENTARGUMENT", ""),
        ("login_ascx$txtNotandanafn", username),
        ("login_ascx$txtLykilord", password),
        ("login_ascx$btnLogin", "Logga in"),
    ] {
        fields.retain(|(n, _)| n != name);
        fields.push((name.to_owned(), value.to_owned()));
    }
    fields
}

/// `IMHome.home.homeData` parsed from the start page.
pub fn home_data(html: &str) -> Value {
    let marker = "IMHome.home.homeData = ";
    let start = html.find(marker).expect("start page assigns homeData") + marker.len();
    let mut values = serde_json::Deserializer::from_str(&html[start..]).into_iter::<Value>();
    let data = values.next().expect("a JSON value").expect("valid JSON");
    let after = &html[start + values.byte_offset()..];
    assert!(
        after.trim_start().starts_with(";"),
        "homeData assignment ends with a semicolon"
    );
    let init = after.find("IMHome.home.init(").expect("init follows homeData");
    assert!(after[..init].trim_start_matches(';').trim().is_empty());
    data
}

/// The pupils of homeData.
pub fn pupils(data: &Value) -> &Vec<Value> {
    data["account"]["pupils"].as_array().expect("pupils array")
}

/// The one selected pupil's `name`.
pub fn selected_name(data: &Value) -> String {
    let selected: Vec<&Value> = pupils(data)
        .iter()
        .filter(|p| p["selected"] == Value::Bool(true))
        .collect();
    assert_eq!(selected.len(), 1, "exactly one selected pupil: {data}");
    selected[0]["name"].as_str().unwrap().to_owned()
}

pub fn app_codes(data: &Value) -> Vec<String> {
    data["apps"]
        .as_array()
        .expect("apps array")
        .iter()
        .map(|a| a["codeName"].as_str().expect("codeName").to_owned())
        .collect()
}

/// The whole password chain of protocol §3.1, step by step, asserting each hop. Returns the `/` page.
pub async fn login(client: &reqwest::Client, urls: &Urls, username: &str, password: &str) -> Page {
    // 1. The hub sends an unauthenticated visitor to its login relay.
    let root = get(client, &format!("{}/", urls.hub)).await;
    root.assert_redirect_to("/Authentication/Authentication/Login?ReturnUrl=%2F");
    let relay = get(client, &root.redirect_url()).await;
    assert_eq!(relay.status, 200);
    let (action, token) = relay_form(&relay.body);
    assert_eq!(action, urls.mentor);

    // 2. The relay token reaches the mentor site, which has no login yet: the WebForms page.
    let form = post_form(client, &action, &[("oauth_token".into(), token)]).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(hidden(&form.body, "__VIEWSTATE").is_some());

    // 3. Credentials with every hidden field.
    let posted = post_form(client, &urls.mentor, &login_fields(&form.body, username, password)).await;
    assert_eq!(
        posted.status,
        302,
        "credentials accepted: {:?}",
        error_messages(&posted.body)
    );
    assert!(posted.cookie("NotandaUppl").is_some());
    let back = posted.redirect_url();
    assert_eq!(
        back,
        format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", urls.hub)
    );

    // 5. A new relay form, posted to the mentor site, which now answers with LoginCallback.
    finish_relay(client, urls, &back).await
}

/// From a hub login relay URL to the start page, for a browser whose IM1 login is live.
pub async fn finish_relay(client: &reqwest::Client, urls: &Urls, relay_url: &str) -> Page {
    let relay = get(client, relay_url).await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(client, &action, &[("oauth_token".into(), token.clone())]).await;
    let callback = hop.redirect_url();
    let prefix = format!(
        "{}/Authentication/Authentication/LoginCallback?apitype=im1&oauth_token={token}&oauth_verifier=",
        urls.hub
    );
    assert!(callback.starts_with(&prefix), "callback URL {callback}");
    let landed = get(client, &callback).await;
    landed.assert_redirect_to("/");
    let aspxauth = landed.cookie(".ASPXAUTH").expect(".ASPXAUTH is set");
    let imhome = landed.cookie("IMHome").expect("IMHome is set");
    for cookie in [aspxauth, imhome] {
        assert!(cookie.contains("path=/;") && cookie.contains("HttpOnly"), "{cookie}");
    }
    let home = get(client, &landed.redirect_url()).await;
    assert_eq!(home.status, 200, "{}", home.body);
    home
}

/// Logs the demo guardian in and returns the start page.
pub async fn login_guardian(client: &reqwest::Client, urls: &Urls) -> Page {
    login(client, urls, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD).await
}

/// The start page of a logged-in client.
pub async fn home(client: &reqwest::Client, urls: &Urls) -> Page {
    let page = get(client, &format!("{}/", urls.hub)).await;
    assert_eq!(page.status, 200, "start page: {:?}", page.location);
    page
}

pub async fn admin_post(urls: &Urls, path: &str, body: Option<Value>) -> Value {
    let client = plain_client();
    let mut req = client.post(format!("{}{path}", urls.admin));
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("admin call");
    assert_eq!(resp.status().as_u16(), 200, "admin {path}");
    resp.json().await.expect("admin answers JSON")
}

/// `POST` with a JSON body and the headers the hub's own scripts send.
pub async fn post_json(client: &reqwest::Client, url: &str, body: &Value) -> Page {
    let resp = client
        .post(url)
        .header("X-Requested-With", "XMLHttpRequest")
        .header("Accept", "application/json, text/javascript, */*; q=0.01")
        .json(body)
        .send()
        .await
        .expect("POST succeeds");
    Page::read(url, resp).await
}

/// `POST <hub><path>` with a JSON body.
pub async fn hub_json(client: &reqwest::Client, urls: &Urls, path: &str, body: Value) -> Page {
    post_json(client, &format!("{}{path}", urls.hub), &body).await
}

impl Page {
    /// The body as JSON, asserting a 200.
    pub fn json(&self) -> Value {
        assert_eq!(
            self.status, 200,
            "status of {}: {:?} {}",
            self.url, self.location, self.body
        );
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{} is not JSON ({e}): {}", self.url, self.body))
    }

    /// Asserts a redirect to the login relay for a dead session.
    pub fn assert_login_relay(&self) {
        assert_eq!(self.status, 302, "{}: {}", self.url, self.body);
        let location = self.location.as_deref().unwrap();
        assert!(
            location.starts_with("/Authentication/Authentication/Login?ReturnUrl="),
            "{} went to {location}",
            self.url
        );
    }

    /// Asserts the hub's "module not enabled" answer.
    pub fn assert_module_disabled(&self) {
        assert_eq!(self.status, 302, "{}: {}", self.url, self.body);
        let location = self.location.as_deref().unwrap();
        assert!(
            location.contains("HandleUnauthorizedRequest"),
            "{} went to {location}",
            self.url
        );
    }
}

/// Selects the child whose first name is `first_name` through its `switchPupilUrl`.
pub async fn switch_to(client: &reqwest::Client, urls: &Urls, first_name: &str) {
    let data = home_data(&home(client, urls).await.body);
    let pupil = pupils(&data)
        .iter()
        .find(|p| p["name"].as_str().unwrap().ends_with(first_name))
        .unwrap_or_else(|| panic!("no pupil {first_name}"))
        .clone();
    if pupil["selected"] == Value::Bool(true) {
        return;
    }
    let url = format!("{}{}", urls.hub, pupil["switchPupilUrl"].as_str().unwrap());
    get(client, &url).await.assert_redirect_to("/");
}

/// The sorted keys of a JSON object.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// Asserts that `value` has exactly these keys.
pub fn assert_keys(value: &Value, expected: &[&str]) {
    let mut expected: Vec<String> = expected.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(keys(value), expected, "keys of {value}");
}

/// True for a local ISO date-time without zone or fraction, `2025-01-08T08:15:00`.
pub fn is_local_iso(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok() && s.len() == 19
}

/// The `pupils[].id` of the child whose first name is `first_name`, read from the start page.
pub async fn pupil_id(client: &reqwest::Client, urls: &Urls, first_name: &str) -> String {
    let data = home_data(&home(client, urls).await.body);
    pupils(&data)
        .iter()
        .find(|p| p["name"].as_str().unwrap().ends_with(first_name))
        .unwrap_or_else(|| panic!("no pupil {first_name}"))["id"]
        .as_str()
        .expect("pupil id")
        .to_owned()
}

/// Turns a module on or off for a pupil through the admin API.
pub async fn set_module(urls: &Urls, pupil_id: &str, code_name: &str, enabled: bool) {
    let answer = admin_post(
        urls,
        "/admin/apps",
        Some(serde_json::json!({ "pupilId": pupil_id, "codeName": code_name, "enabled": enabled })),
    )
    .await;
    assert_eq!(answer["enabled"], enabled);
}

/// `POST <hub><path>` with a form-encoded body.
pub async fn hub_form(client: &reqwest::Client, urls: &Urls, path: &str, fields: &[(&str, &str)]) -> Page {
    let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    post_form(client, &format!("{}{path}", urls.hub), &fields).await
}
