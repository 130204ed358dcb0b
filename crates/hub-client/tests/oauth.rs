//! Pairing and token login (protocol §3.3) and device-code pairing (docs/protocol-extensions.md) against
//! the emulator's OAuth server, mobile API and pairing pages: rotation, reuse rejection, the SSO bridge,
//! renewal through it, revoke.

use std::sync::{Arc, Mutex};

use hub_client::{Credentials, DevicePoll, Error, Hosts, HubClient, OAuthSession, TokenSet, TokenStore};
use hub_emulator::{Config, EmulatorHandle, demo};
use hub_model::Account;

fn client_for(emu: &EmulatorHandle) -> HubClient {
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    HubClient::builder().hosts(hosts).build().expect("client builds")
}

async fn logged_in() -> (EmulatorHandle, HubClient, Account) {
    let emu = EmulatorHandle::start(Config::default()).await.expect("emulator starts");
    let client = client_for(&emu);
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .expect("demo login");
    let account = client.account().await.expect("account");
    (emu, client, account)
}

/// A store that records every refresh token it is handed.
fn recording_store() -> (TokenStore, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let store: TokenStore = Arc::new(move |t: &str| {
        s.lock().unwrap().push(t.to_owned());
        Ok(())
    });
    (store, seen)
}

async fn admin(emu: &EmulatorHandle, path: &str, body: serde_json::Value) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", emu.urls.admin))
        .json(&body)
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
}

async fn paired() -> (EmulatorHandle, HubClient, Account, TokenSet) {
    let (emu, client, account) = logged_in().await;
    let tokens = client
        .pair_this_device("skolhub-test-1", "Karins dator", "Desktop")
        .await
        .expect("pairing");
    (emu, client, account, tokens)
}

#[tokio::test]
async fn pairing_from_a_web_session_gives_tokens_that_reach_the_api() {
    let (emu, client, account, tokens) = paired().await;
    assert!(!tokens.access_token.is_empty() && !tokens.refresh_token.is_empty());
    assert!(!tokens.needs_refresh());
    let debug = format!("{tokens:?}");
    assert!(
        !debug.contains(&tokens.access_token) && !debug.contains(&tokens.refresh_token),
        "{debug}"
    );

    let (store, _) = recording_store();
    let session = OAuthSession::new(tokens.clone(), store);
    let api = client.account_from_api(&session).await.unwrap();
    assert_eq!(api.pupils.len(), account.children.len());
    // The selected child has no switch link in homeData; every other one must match a UserRoleId.
    for c in account.children.iter().filter(|c| c.switch_id.is_some()) {
        assert!(
            api.pupils
                .iter()
                .any(|p| c.switch_id.as_deref() == Some(p.user_role_id.as_str())),
            "UserRoleId is the switch id"
        );
    }
    let devices = client.paired_devices().await.unwrap();
    assert!(
        devices
            .iter()
            .any(|d| d.friendly_name.as_deref() == Some("Karins dator"))
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_sso_bridge_logs_a_fresh_client_in_as_the_same_account() {
    let (emu, _web, account, tokens) = paired().await;
    let (store, _) = recording_store();
    let session = OAuthSession::new(tokens, store);
    let app = client_for(&emu);
    app.sso_login(&session).await.unwrap();
    let again = app.account().await.unwrap();
    assert_eq!(again.user_id, account.user_id);
    assert_eq!(again.children.len(), account.children.len());
    emu.shutdown().await;
}

#[tokio::test]
async fn refresh_rotates_stores_first_and_a_reused_token_ends_the_family() {
    let (emu, client, _account, tokens) = paired().await;
    let (store, seen) = recording_store();
    let session = OAuthSession::new(tokens.clone(), store);
    let fresh = client.refresh(&session).await.unwrap();
    assert_ne!(fresh.refresh_token, tokens.refresh_token, "the refresh token rotates");
    assert_ne!(fresh.access_token, tokens.access_token);
    assert_eq!(*seen.lock().unwrap(), vec![fresh.refresh_token.clone()]);
    assert_eq!(session.tokens().await, fresh);
    // The new access token is used, so the spent refresh token's grace (a lost answer) is over.
    client.account_from_api(&session).await.unwrap();

    // Someone replays the spent token: refused, and the whole family is revoked.
    let (store2, _) = recording_store();
    let stale = OAuthSession::new(tokens, store2);
    assert!(matches!(client.refresh(&stale).await, Err(Error::NeedsPairing)));
    assert!(matches!(client.refresh(&session).await, Err(Error::NeedsPairing)));
    emu.shutdown().await;
}

/// A crash between the school's answer and the keychain write leaves the spent token in the keychain; the
/// school's grace rule accepts it once more because its successor was never used (nothing used it before it
/// was stored), so the device stays paired.
#[tokio::test]
async fn a_rotation_lost_before_the_store_is_recovered_from_the_old_token() {
    let (emu, client, _account, tokens) = paired().await;
    let lost: TokenStore = Arc::new(|_: &str| Err("the process died here".into()));
    let crashed = OAuthSession::new(TokenSet::from_refresh_token(tokens.refresh_token.clone()), lost);
    assert!(matches!(
        client.account_from_api(&crashed).await,
        Err(Error::Persist(_))
    ));
    // The restarted app has only the old token.
    let (store, seen) = recording_store();
    let restarted = OAuthSession::new(TokenSet::from_refresh_token(tokens.refresh_token.clone()), store);
    client.account_from_api(&restarted).await.unwrap();
    assert_eq!(seen.lock().unwrap().len(), 1);
    // The stored successor keeps working after another restart.
    let (store, _) = recording_store();
    let again = OAuthSession::new(TokenSet::from_refresh_token(seen.lock().unwrap()[0].clone()), store);
    client.account_from_api(&again).await.unwrap();
    emu.shutdown().await;
}

#[tokio::test]
async fn a_failing_store_keeps_the_new_tokens_unused_until_stored() {
    let (emu, client, _account, tokens) = paired().await;
    // The keychain is locked once, then works.
    let calls = Arc::new(Mutex::new(Vec::<String>::new()));
    let c = calls.clone();
    let store: TokenStore = Arc::new(move |t: &str| {
        let mut calls = c.lock().unwrap();
        calls.push(t.to_owned());
        if calls.len() == 1 {
            Err("nyckelringen är låst".into())
        } else {
            Ok(())
        }
    });
    let session = OAuthSession::new(TokenSet::from_refresh_token(tokens.refresh_token.clone()), store);
    match client.account_from_api(&session).await {
        Err(Error::Persist(msg)) => assert!(msg.contains("låst")),
        other => panic!("expected Persist, got {other:?}"),
    }
    // The next use stores the same new token first (no second refresh, the spent one is never resent).
    client.account_from_api(&session).await.unwrap();
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0], calls[1]);
    assert_ne!(calls[0], tokens.refresh_token);
    emu.shutdown().await;
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_web_session_renewed_through_sso() {
    let (emu, _web, account, tokens) = paired().await;
    let (store, seen) = recording_store();
    let session = OAuthSession::new(tokens, store);
    let app = client_for(&emu);
    app.sso_login(&session).await.unwrap();
    let elsa = &account.children.iter().find(|c| c.name.first == "Elsa").unwrap().id;
    let news = app.news(elsa).await.unwrap();
    // Past the access token (10 min) and the web session: renewal refreshes, bridges, replays.
    admin(&emu, "/admin/clock", serde_json::json!({"advanceSeconds": 4 * 3600})).await;
    admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
    assert_eq!(app.news(elsa).await.unwrap(), news);
    assert_eq!(app.session_renewals(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1, "one rotation, stored");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_revoked_device_needs_pairing() {
    let (emu, client, _account, tokens) = paired().await;
    let (store, _) = recording_store();
    let session = OAuthSession::new(tokens, store);
    let app = client_for(&emu);
    app.sso_login(&session).await.unwrap();
    assert!(app.can_renew());
    app.revoke(&session).await.unwrap();
    assert!(!app.can_renew(), "the revoked session no longer renews this client");
    assert!(matches!(client.refresh(&session).await, Err(Error::NeedsPairing)));
    emu.shutdown().await;
}

#[tokio::test]
async fn oauth_renewal_failure_is_needs_pairing() {
    let (emu, client, account, tokens) = paired().await;
    let (store, _) = recording_store();
    let session = OAuthSession::new(TokenSet::from_refresh_token(tokens.refresh_token.clone()), store);
    client.set_credentials(Credentials::oauth(session.clone()));
    // Spend the refresh token elsewhere and use its successor, then reuse it: the family is gone.
    let (store2, _) = recording_store();
    let elsewhere = OAuthSession::new(TokenSet::from_refresh_token(tokens.refresh_token.clone()), store2);
    client.account_from_api(&elsewhere).await.unwrap();
    admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
    let elsa = &account.children[0].id;
    assert!(matches!(client.news(elsa).await, Err(Error::NeedsPairing)));
    emu.shutdown().await;
}

#[tokio::test]
async fn device_code_pairing_pending_slow_down_approved() {
    let (emu, web, account) = logged_in().await;
    let device = client_for(&emu);
    let mut pairing = device
        .start_device_pairing("skolhub-phone", "Karins telefon", "Android")
        .await
        .unwrap();
    assert_eq!(pairing.prompt.user_code.len(), 9);
    assert!(pairing.prompt.verification_uri.ends_with("/account/pair/device"));
    assert!(!format!("{pairing:?}").to_lowercase().contains("device_code"));
    assert!(matches!(
        device.poll_device_pairing(&mut pairing).await.unwrap(),
        DevicePoll::Pending
    ));
    let before = pairing.interval();
    // Polling again at once is too fast.
    assert!(matches!(
        device.poll_device_pairing(&mut pairing).await.unwrap(),
        DevicePoll::SlowDown
    ));
    assert_eq!(pairing.interval(), before + std::time::Duration::from_secs(5));

    web.approve_device(&pairing.prompt.user_code, true).await.unwrap();
    admin(&emu, "/admin/clock", serde_json::json!({"advanceSeconds": 30})).await;
    let tokens = match device.poll_device_pairing(&mut pairing).await.unwrap() {
        DevicePoll::Paired(t) => t,
        other => panic!("expected Paired, got {other:?}"),
    };
    let (store, _) = recording_store();
    let api = device
        .account_from_api(&OAuthSession::new(tokens, store))
        .await
        .unwrap();
    assert_eq!(api.pupils.len(), account.children.len());
    emu.shutdown().await;
}

#[tokio::test]
async fn device_code_pairing_denied_and_expired() {
    let (emu, web, _account) = logged_in().await;
    let device = client_for(&emu);
    let mut denied = device.start_device_pairing("d1", "Surfplatta", "iPad").await.unwrap();
    web.approve_device(&denied.prompt.user_code, false).await.unwrap();
    assert!(matches!(
        device.poll_device_pairing(&mut denied).await.unwrap(),
        DevicePoll::Denied
    ));

    let mut late = device
        .start_device_pairing("d2", "Gammal telefon", "Android")
        .await
        .unwrap();
    admin(&emu, "/admin/clock", serde_json::json!({"advanceSeconds": 601})).await;
    assert!(matches!(
        device.poll_device_pairing(&mut late).await.unwrap(),
        DevicePoll::Expired
    ));
    // A used or unknown code is refused as such.
    match web.approve_device("ZZZZ-ZZZZ", true).await {
        Err(Error::Rejected { messages }) => assert!(!messages.is_empty()),
        other => panic!("expected Rejected, got {other:?}"),
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn concurrent_reads_after_expiry_share_one_refresh_and_one_renewal() {
    let (emu, _web, account, tokens) = paired().await;
    let (store, seen) = recording_store();
    let session = OAuthSession::new(tokens, store);
    let app = client_for(&emu);
    app.sso_login(&session).await.unwrap();
    let elsa = account
        .children
        .iter()
        .find(|c| c.name.first == "Elsa")
        .unwrap()
        .id
        .clone();
    let news = app.news(&elsa).await.unwrap();
    admin(&emu, "/admin/clock", serde_json::json!({"advanceSeconds": 4 * 3600})).await;
    admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let (app, elsa) = (app.clone(), elsa.clone());
        tasks.push(tokio::spawn(async move { app.news(&elsa).await }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), news);
    }
    assert_eq!(app.session_renewals(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1, "one refresh, one stored rotation");
    emu.shutdown().await;
}

/// What a login window does with [`HubClient::authorization_url`]: open it without following the redirect and
/// read the navigation target.
async fn open_without_following(url: &url::Url) -> url::Url {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let window = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = window.get(url.clone()).send().await.expect("LoginOAuth2 reachable");
    assert!(resp.status().is_redirection(), "{}", resp.status());
    let location = resp.headers()[reqwest::header::LOCATION].to_str().unwrap();
    url::Url::parse(location).expect("a URL")
}

#[tokio::test]
async fn a_login_window_pairs_with_the_authorization_url_and_the_code() {
    let (emu, client, account) = logged_in().await;
    let request = client
        .authorization_url("skolhub-window-1", "Karins dator", "Desktop")
        .await
        .expect("authorization url");
    let oauth = url::Url::parse(&emu.urls.oauth).unwrap();
    assert_eq!(request.url.origin(), oauth.origin(), "on the OAuth host");
    assert_eq!(request.redirect_uri, hub_client::REDIRECT_URI);
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("DeviceIdentifier"), Some("skolhub-window-1"));
    assert_eq!(get("DeviceFriendlyName"), Some("Karins dator"));
    assert_eq!(get("client_id"), Some(hub_client::CLIENT_ID));
    assert_eq!(get("response_type"), Some("code"));
    assert!(get("authGuid").is_some_and(|g| !g.is_empty()));
    assert!(!format!("{request:?}").contains(get("authGuid").unwrap()));

    // Any other navigation of the window is not the callback.
    assert!(hub_client::callback_code(&request.url).is_none());
    let target = open_without_following(&request.url).await;
    let code = hub_client::callback_code(&target)
        .expect("the app callback")
        .expect("a code");

    // A fresh client (no web session, as at the Autentisering screen) trades the code.
    let app = client_for(&emu);
    let tokens = app.exchange_code(&code).await.expect("tokens");
    assert!(!tokens.needs_refresh());
    let (store, _) = recording_store();
    let session = OAuthSession::new(tokens, store);
    app.sso_login(&session).await.expect("sso");
    assert_eq!(app.account().await.unwrap().user_id, account.user_id);

    // The code works once.
    assert!(matches!(
        app.exchange_code(&code).await,
        Err(Error::OAuth { ref error }) if error == "invalid_grant"
    ));
    assert!(matches!(app.exchange_code("made-up").await, Err(Error::OAuth { .. })));
    assert!(matches!(app.exchange_code("").await, Err(Error::InvalidInput(_))));
    // The authGuid in the URL is single-use too.
    let again = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(request.url.clone())
        .send()
        .await
        .unwrap();
    assert!(!again.status().is_redirection(), "{}", again.status());
}

#[tokio::test]
async fn the_authorization_url_needs_a_web_session() {
    let emu = EmulatorHandle::start(Config::default()).await.expect("emulator starts");
    let client = client_for(&emu);
    let err = client
        .authorization_url("skolhub-window-2", "Dator", "Desktop")
        .await
        .expect_err("no session");
    assert!(matches!(err, Error::SessionExpired), "{err:?}");
}

#[tokio::test]
async fn a_web_session_taken_over_by_its_cookies_can_pair_this_device() {
    let emu = EmulatorHandle::start(Config::default()).await.expect("emulator starts");
    let jar = Arc::new(hub_client::CookieJar::default());
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    let window = HubClient::builder()
        .hosts(hosts.clone())
        .cookie_jar(jar.clone())
        .build()
        .expect("client builds");
    window
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .expect("demo login");
    let hub_cookies: Vec<(String, String)> = {
        let store = jar.lock().unwrap();
        store
            .matches(&hosts.hub)
            .iter()
            .map(|c| (c.name().to_owned(), c.value().to_owned()))
            .collect()
    };
    assert!(!hub_cookies.is_empty(), "the login leaves hub cookies");

    let fresh = client_for(&emu);
    assert!(
        !fresh.is_authenticated().await.expect("check"),
        "a new client starts logged out"
    );
    assert_eq!(fresh.adopt_cookies(&hosts.hub, &hub_cookies), hub_cookies.len());
    assert!(
        fresh.is_authenticated().await.expect("check"),
        "the adopted cookies are the session"
    );
    let request = fresh
        .authorization_url("dev-1", "Skolhub test", "linux")
        .await
        .expect("pairing data from the adopted session");
    assert_eq!(request.url.origin(), hosts.oauth.origin());
}
