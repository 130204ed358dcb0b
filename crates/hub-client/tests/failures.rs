//! The §5 failure shapes the emulator does not produce on demand (429, a 500 naming
//! `HandleUnauthorizedRequest`, the app shell instead of JSON, an empty body from a live session,
//! malformed JSON), each served by a tiny canned hub on loopback.

use std::sync::Arc;
use std::time::Duration;

use hub_client::{Error, Hosts, HubClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A canned answer: status line, extra headers, body.
#[derive(Clone)]
struct Canned {
    status: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
}

fn canned(status: &'static str, body: &'static str) -> Canned {
    Canned {
        status,
        headers: Vec::new(),
        body,
    }
}

/// Serves `data` for every data call and `auth` for `isauthenticated`, until the test ends.
async fn fake_hub(data: Canned, auth: &'static str) -> HubClient {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let data = Arc::new(data);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let data = data.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head and the announced body, then answer and close.
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let answer = if head.contains("isauthenticated") {
                    canned("200 OK", auth)
                } else {
                    (*data).clone()
                };
                let mut out = format!(
                    "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    answer.status,
                    answer.body.len()
                );
                for (k, v) in &answer.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(answer.body);
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    let hub = format!("http://127.0.0.1:{port}");
    let hosts = Hosts::parse(
        &hub,
        "http://127.0.0.1:9/m/",
        "http://127.0.0.1:9",
        "http://127.0.0.1:9",
    )
    .unwrap();
    HubClient::builder().hosts(hosts).build().unwrap()
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let mut answer = canned("429 Too Many Requests", "");
    answer.headers.push(("Retry-After", "120"));
    let client = fake_hub(answer, "true").await;
    match client.notifications().await {
        Err(Error::RateLimited { retry_after }) => assert_eq!(retry_after, Some(Duration::from_secs(120))),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_500_naming_handle_unauthorized_request_is_a_disabled_module() {
    let client = fake_hub(
        canned(
            "500 Internal Server Error",
            "<html><body>Server Error: /Authentication/Authentication/HandleUnauthorizedRequest</body></html>",
        ),
        "true",
    )
    .await;
    assert!(matches!(
        client.notifications().await,
        Err(Error::ModuleDisabled { .. })
    ));
}

#[tokio::test]
async fn a_redirect_to_handle_unauthorized_request_is_a_disabled_module() {
    let mut answer = canned("302 Found", "");
    answer.headers.push((
        "Location",
        "/Authentication/Authentication/HandleUnauthorizedRequest?ReturnUrl=%2F",
    ));
    let client = fake_hub(answer, "true").await;
    match client.notifications().await {
        Err(Error::ModuleDisabled { app }) => assert_eq!(app, "notifications"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_to_the_login_relay_is_expiry() {
    let mut answer = canned("302 Found", "");
    answer
        .headers
        .push(("Location", "/Authentication/Authentication/Login?ReturnUrl=%2F"));
    let client = fake_hub(answer, "false").await;
    assert!(matches!(client.notifications().await, Err(Error::SessionExpired)));
}

#[tokio::test]
async fn the_app_shell_instead_of_json_depends_on_the_session() {
    let shell = "<!DOCTYPE html><html><head><title>InfoMentor</title></head><body><div id=\"app\"></div></body></html>";
    let alive = fake_hub(canned("200 OK", shell), "true").await;
    assert!(matches!(alive.notifications().await, Err(Error::ModuleDisabled { .. })));
    let dead = fake_hub(canned("200 OK", shell), "false").await;
    assert!(matches!(dead.notifications().await, Err(Error::SessionExpired)));
}

#[tokio::test]
async fn the_relay_page_instead_of_json_is_expiry() {
    let relay = include_str!("fixtures/relay.html");
    let client = fake_hub(canned("200 OK", relay), "true").await;
    assert!(matches!(client.notifications().await, Err(Error::SessionExpired)));
}

#[tokio::test]
async fn an_empty_body_is_expiry_only_when_the_hub_says_so() {
    let dead = fake_hub(canned("200 OK", ""), "false").await;
    assert!(matches!(dead.notifications().await, Err(Error::SessionExpired)));
    let alive = fake_hub(canned("200 OK", "  "), "true").await;
    assert!(matches!(alive.notifications().await, Err(Error::EmptyBody { .. })));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_naming_the_field() {
    let client = fake_hub(
        canned("200 OK", r#"{"notifications":[{"id":1,"title":"x","state":7}]}"#),
        "true",
    )
    .await;
    match client.notifications().await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "notifications[0].state"),
        other => panic!("{other:?}"),
    }
    let truncated = fake_hub(canned("200 OK", r#"{"notifications":[{"id":1,"#), "true").await;
    assert!(matches!(truncated.notifications().await, Err(Error::Decode { .. })));
}

#[tokio::test]
async fn other_statuses_are_typed() {
    let client = fake_hub(canned("503 Service Unavailable", "{}"), "true").await;
    assert!(matches!(
        client.notifications().await,
        Err(Error::Status { status: 503, .. })
    ));
}

#[tokio::test]
async fn a_refused_state_update_is_rejected() {
    let client = fake_hub(canned("200 OK", r#"{"success":false}"#), "true").await;
    let err = client
        .update_notification_state(&[1], hub_model::notifications::NotificationState::Read)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Rejected { .. }), "{err:?}");
}

#[tokio::test]
async fn downloads_take_the_rfc_5987_name_and_follow_no_redirect() {
    let mut file = canned("200 OK", "%PDF-1.4 fake");
    file.headers.push(("Content-Type", "application/pdf"));
    file.headers.push((
        "Content-Disposition",
        "attachment; filename=\"Veckobrev.pdf\"; filename*=UTF-8''Veckobrev%20%C3%A5k%202.pdf",
    ));
    let client = fake_hub(file, "true").await;
    let got = client
        .download("/Resources/Resource/Download/4711?api=IM2&ModuleType=NewsItem&ConnectionId=1")
        .await
        .unwrap();
    assert_eq!(got.filename.as_deref(), Some("Veckobrev åk 2.pdf"));
    assert_eq!(got.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(got.bytes, b"%PDF-1.4 fake");

    let mut away = canned("302 Found", "");
    away.headers.push(("Location", "https://evil.example/payload.exe"));
    let client = fake_hub(away, "true").await;
    assert!(matches!(
        client.download("/Resources/Resource/Download/1").await,
        Err(Error::Redirect(_))
    ));

    let mut login = canned("302 Found", "");
    login
        .headers
        .push(("Location", "/Authentication/Authentication/Login?ReturnUrl=%2F"));
    let client = fake_hub(login, "false").await;
    assert!(matches!(
        client.download("/Resources/Resource/Download/1").await,
        Err(Error::SessionExpired)
    ));
}
