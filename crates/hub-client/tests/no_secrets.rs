//! No password, session cookie or relay token may reach the logs: all tracing output of a full session
//! (login, account overview, data reads, a full refresh, the BankID step-up, writes across a renewal, a failed
//! login) is captured and searched for them.

use std::io::Write;
use std::sync::{Arc, Mutex};

use hub_client::{CookieJar, Hosts, HubClient};
use hub_emulator::{Config, EmulatorHandle, demo};
use hub_model::classlist::ContactVisibility;
use hub_model::stepup::{StepUpMethod, StepUpState};
use tracing_subscriber::fmt::MakeWriter;

/// A `MakeWriter` that appends everything to one shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// One thread, so the thread-local subscriber also sees the emulator's and the HTTP stack's events.
#[tokio::test(flavor = "current_thread")]
async fn a_full_session_logs_no_secrets() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(capture.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emu = EmulatorHandle::start(Config {
        pin_interstitial: true,
        ..Config::default()
    })
    .await
    .expect("emulator starts");
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    let jar = Arc::new(CookieJar::default());
    let builder = HubClient::builder().hosts(hosts).cookie_jar(jar.clone());
    let client = builder.clone().build().expect("client builds");

    let mut errors = Vec::new();
    // A failed attempt first: the wrong password must not be logged either.
    let wrong = "fel-lösenord-1234";
    errors.push(
        client
            .login_password(demo::GUARDIAN_USERNAME, wrong)
            .await
            .unwrap_err()
            .to_string(),
    );
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .expect("login");
    let account = client.account().await.expect("account");
    let _ = client.notifications().await.expect("notifications");
    for c in &account.children {
        for result in [
            client.news(&c.id).await.map(drop),
            client
                .calendar(&c.id, chrono_day(2025, 1, 6), chrono_day(2025, 1, 12))
                .await
                .map(drop),
            client.meeting_availabilities(&c.id).await.map(drop),
        ] {
            if let Err(e) = result {
                errors.push(e.to_string());
                errors.push(format!("{e:?}"));
            }
        }
    }
    // The boxes of issue 4: a full refresh, the BankID step-up with Bedömningar, and writes (a booking that
    // meets a dead session, a task message, the contact visibility).
    let snapshot = client.refresh_all(&account).await.expect("refresh");
    for c in &snapshot.children {
        for (_, e) in c.box_errors() {
            errors.push(e.to_string());
            errors.push(format!("{e:?}"));
        }
    }
    let order = client.stepup_start(StepUpMethod::OtherDevice).await.expect("step-up");
    let mut stepup_secrets: Vec<String> = [order.auto_start_token.clone(), order.qr_start_token.clone()]
        .into_iter()
        .flatten()
        .collect();
    let admin = reqwest::Client::new();
    let drive = serde_json::json!({"orderRef": order.order_ref, "outcome": "complete"});
    admin
        .post(format!("{}/admin/bankid", emu.urls.admin))
        .json(&drive)
        .send()
        .await
        .unwrap();
    if let StepUpState::Pending { qr_data: Some(q), .. } = client.stepup_collect(&order.order_ref).await.unwrap() {
        stepup_secrets.push(q);
    }
    for c in &account.children {
        if let Err(e) = client.assessments(&c.id).await {
            errors.push(format!("{e:?}"));
        }
    }
    let nils = &account
        .children
        .iter()
        .find(|c| c.name.first == "Nils")
        .expect("Nils")
        .id;
    let slots = client.meeting_availabilities(nils).await.expect("slots");
    let free = slots
        .availabilities
        .iter()
        .find(|s| !s.is_booked())
        .expect("a free slot");
    admin
        .post(format!("{}/admin/expire-sessions", emu.urls.admin))
        .send()
        .await
        .unwrap();
    client
        .book_meeting(nils, free.availability_id.as_str())
        .await
        .expect("booking renews");
    errors.push(format!(
        "{:?}",
        client.book_meeting(nils, free.availability_id.as_str()).await
    ));
    let task = client.tasks(nils).await.expect("tasks").items[0].id;
    client.send_task_message(nils, task, "En fråga").await.expect("message");
    let visibility = ContactVisibility::from(&client.contact_visibility().await.expect("privacy"));
    client.set_contact_visibility(visibility).await.expect("privacy saved");

    errors.push(format!("{client:?}"));
    errors.push(format!("{builder:?}"));

    let mut secrets = session_cookies(&jar);
    secrets.extend(stepup_secrets.into_iter().map(|v| ("step-up token".to_owned(), v)));
    assert!(
        client.session_renewals() >= 1,
        "the booking met a dead session and renewed"
    );
    for name in ["IMHome", ".ASPXAUTH", "ASP.NET_SessionId"] {
        assert!(secrets.iter().any(|(n, _)| n == name), "the jar holds {name}");
    }
    client.logout().await.expect("logout");
    emu.shutdown().await;

    let logs = capture.text();
    assert!(logs.contains("hub call"), "the client's own events were captured");
    assert!(
        logs.lines().count() > 50,
        "the HTTP stack and the emulator were captured too"
    );
    let haystacks = [logs.as_str(), &errors.join("\n")];
    for hay in haystacks {
        // The demo password ("demo") is too common a word to search for; the wrong one is unique.
        assert!(!hay.contains(wrong), "a password reached the output");
        assert!(
            !hay.contains("fel-l%C3%B6senord-1234") && !hay.contains("fel-l%F6senord-1234"),
            "a form-encoded password reached the output"
        );
        for (name, value) in &secrets {
            assert!(
                !hay.contains(value.as_str()),
                "the value of cookie {name} reached the output"
            );
        }
        assert!(!hay.contains("oauth_token"), "a relay token reached the output");
        assert!(!hay.contains("__VIEWSTATE"), "WebForms state reached the output");
    }
}

fn chrono_day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every cookie value in the jar that is long enough to be a secret (not a flag like `1`).
fn session_cookies(jar: &CookieJar) -> Vec<(String, String)> {
    jar.lock()
        .unwrap()
        .iter_any()
        .filter(|c| c.value().len() >= 8)
        .map(|c| (c.name().to_owned(), c.value().to_owned()))
        .collect()
}

/// The OAuth side: pairing, the SSO bridge, a renewal that refreshes (rotation), device-code pairing and
/// revoke; no access or refresh token, and no session cookie of any of the sessions, reaches the output.
#[tokio::test(flavor = "current_thread")]
async fn an_oauth_session_logs_no_secrets() {
    use hub_client::{DevicePoll, OAuthSession, TokenStore};

    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(capture.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emu = EmulatorHandle::start(Config::default()).await.expect("emulator starts");
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    let web_jar = Arc::new(CookieJar::default());
    let web = HubClient::builder()
        .hosts(hosts.clone())
        .cookie_jar(web_jar.clone())
        .build()
        .unwrap();
    web.login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let mut secrets: Vec<String> = session_cookies(&web_jar).into_iter().map(|(_, v)| v).collect();
    let tokens = web.pair_this_device("dev-1", "Dator", "Desktop").await.unwrap();
    secrets.push(tokens.access_token.clone());
    secrets.push(tokens.refresh_token.clone());

    let stored = Arc::new(Mutex::new(Vec::<String>::new()));
    let s = stored.clone();
    let store: TokenStore = Arc::new(move |t: &str| {
        s.lock().unwrap().push(t.to_owned());
        Ok(())
    });
    let session = OAuthSession::new(tokens, store);
    let app_jar = Arc::new(CookieJar::default());
    let app = HubClient::builder()
        .hosts(hosts)
        .cookie_jar(app_jar.clone())
        .build()
        .unwrap();
    app.sso_login(&session).await.unwrap();
    secrets.extend(session_cookies(&app_jar).into_iter().map(|(_, v)| v));
    let mut errors = vec![format!("{session:?}"), format!("{:?}", session.tokens().await)];

    // Past the access token and the web session: the renewal refreshes and bridges again.
    let admin = reqwest::Client::new();
    for (path, body) in [
        ("/admin/clock", serde_json::json!({"advanceSeconds": 4 * 3600})),
        ("/admin/expire-sessions", serde_json::json!({})),
    ] {
        admin
            .post(format!("{}{path}", emu.urls.admin))
            .json(&body)
            .send()
            .await
            .unwrap();
    }
    let account = app.account().await.unwrap();
    secrets.extend(session_cookies(&app_jar).into_iter().map(|(_, v)| v));
    let now = session.tokens().await;
    secrets.push(now.access_token.clone());
    secrets.extend(stored.lock().unwrap().iter().cloned());
    app.account_from_api(&session).await.unwrap();

    let mut pairing = app.start_device_pairing("dev-2", "Telefon", "Android").await.unwrap();
    // The prompt (user code and its page) is meant to be shown; the device code must not be.
    let shown = format!("{pairing:?}").replace(&format!("{:?}", pairing.prompt), "");
    errors.push(shown);
    // The web session expired too; a read renews it (approving is a write and is not replayed).
    web.home().await.unwrap();
    secrets.extend(session_cookies(&web_jar).into_iter().map(|(_, v)| v));
    web.approve_device(&pairing.prompt.user_code, true).await.unwrap();
    if let DevicePoll::Paired(t) = app.poll_device_pairing(&mut pairing).await.unwrap() {
        secrets.push(t.access_token.clone());
        secrets.push(t.refresh_token.clone());
        errors.push(format!("{t:?}"));
    }
    app.revoke(&session).await.unwrap();
    errors.push(app.refresh(&session).await.unwrap_err().to_string());
    errors.push(format!("{app:?}"));
    assert!(!account.children.is_empty());
    emu.shutdown().await;

    let logs = capture.text();
    assert!(
        logs.contains("refreshing the access token"),
        "the client's own events were captured"
    );
    for hay in [logs.as_str(), &errors.join("\n")] {
        for secret in secrets.iter().filter(|s| s.len() >= 8) {
            assert!(!hay.contains(secret.as_str()), "a token or cookie reached the output");
        }
        assert!(
            !hay.to_lowercase().contains("authguid="),
            "a pairing GUID reached the output"
        );
        assert!(!hay.contains("code="), "an authorization code reached the output");
    }
}
