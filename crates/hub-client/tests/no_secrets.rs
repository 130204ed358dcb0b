//! No password, session cookie or relay token may reach the logs: all tracing output of a full session
//! (login, account overview, data reads, a failed login) is captured and searched for them.

use std::io::Write;
use std::sync::{Arc, Mutex};

use hub_client::{CookieJar, Hosts, HubClient};
use hub_emulator::{Config, EmulatorHandle, demo};
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
    errors.push(format!("{client:?}"));
    errors.push(format!("{builder:?}"));

    let secrets = session_cookies(&jar);
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
