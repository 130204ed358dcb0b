//! Mobile pairing and tokens (protocol §3.3): GetAuthenticationData → LoginOAuth2 → Token, rotating refresh
//! tokens with reuse detection, access-token expiry, revoke, the SSO bridge back to a hub session and
//! `NA1/account/Account`; plus the device-authorization pairing of `docs/protocol-extensions.md`.

use hub_emulator::Urls;
use serde_json::{Value, json};

use crate::support::*;

const REDIRECT: &str = "InfomentorNotification://oauth2Callback";

/// `POST tokenUrl` form-encoded; (status, body).
async fn token_call(urls: &Urls, fields: &[(&str, &str)]) -> (u16, Value) {
    let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    let page = post_form(
        &browser(),
        &format!("{}/Authentication/OAuth2/Token", urls.oauth),
        &fields,
    )
    .await;
    let body = serde_json::from_str(&page.body).unwrap_or(Value::Null);
    (page.status, body)
}

async fn refresh(urls: &Urls, refresh_token: &str) -> (u16, Value) {
    token_call(
        urls,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", "notificationapp"),
            ("client_secret", "NONE"),
            ("scope", "IM2-API-NOTIFICATION"),
        ],
    )
    .await
}

fn assert_tokens(status: u16, body: &Value) -> (String, String) {
    assert_eq!(status, 200, "{body}");
    assert_keys(body, &["access_token", "refresh_token", "expires_in", "token_type"]);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], json!(600));
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

fn assert_oauth_error(status: u16, body: &Value, error: &str) {
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], error, "{body}");
}

/// `GET {api}<path>` with a bearer token; (status, body text).
async fn api_get(urls: &Urls, path: &str, token: &str) -> (u16, String) {
    install_tls_provider();
    let resp = reqwest::Client::new()
        .get(format!("{}{path}", urls.api))
        .bearer_auth(token)
        .header("X-IMHomeApp-Version", "Android_V_1.0.85")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// Steps 1–4 of §3.3 for the demo guardian; returns (access, refresh) and the browser.
async fn pair(urls: &Urls) -> (reqwest::Client, String, String) {
    let client = browser();
    login_guardian(&client, urls).await;
    let data = hub_json(&client, urls, "/account/pair/GetAuthenticationData", json!({}))
        .await
        .json();
    assert_keys(
        &data,
        &[
            "apiUrl",
            "authenticationUrl",
            "tokenUrl",
            "clientId",
            "expirationTime",
            "revokeRefreshTokenUrl",
        ],
    );
    assert_eq!(data["clientId"], "notificationapp");
    assert_eq!(data["apiUrl"], urls.api.as_str());
    assert_eq!(data["tokenUrl"], format!("{}/Authentication/OAuth2/Token", urls.oauth));
    assert!(is_local_iso(data["expirationTime"].as_str().unwrap()));
    let template = data["authenticationUrl"].as_str().unwrap();
    assert!(template.starts_with(&format!(
        "{}/Authentication/Authentication/LoginOAuth2?authGuid=",
        urls.oauth
    )));
    for placeholder in ["{DeviceIdentifier}", "{DeviceFriendlyName}", "{DeviceType}"] {
        assert!(template.contains(placeholder), "{template}");
    }
    let login_url = format!(
        "{}&scope=IM2-API-NOTIFICATION&redirect_uri={REDIRECT}&client_id=notificationapp&response_type=code\
         &DevicePlatform=Android&isSandBox=false",
        template
            .replace("{DeviceIdentifier}", "b7e1c2d4")
            .replace("{DeviceFriendlyName}", "Karins%20telefon")
            .replace("{DeviceType}", "Android")
    );
    // No cookies: the GUID is the credential.
    let app = browser();
    let redirect = get(&app, &login_url).await;
    assert_eq!(redirect.status, 302, "{}", redirect.body);
    let location = redirect.location.clone().unwrap();
    let code = location
        .strip_prefix(&format!("{REDIRECT}?code="))
        .unwrap_or_else(|| panic!("custom-scheme redirect: {location}"));
    // The GUID works once.
    assert_eq!(get(&app, &login_url).await.status, 400);
    let (status, body) = token_call(
        urls,
        &[
            ("code", code),
            ("client_id", "notificationapp"),
            ("client_secret", "NONE"),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ],
    )
    .await;
    let (access, refresh) = assert_tokens(status, &body);
    // The code works once; presenting it again ends the family it created.
    let (status, body) = token_call(
        urls,
        &[
            ("code", code),
            ("client_id", "notificationapp"),
            ("client_secret", "NONE"),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ],
    )
    .await;
    assert_oauth_error(status, &body, "invalid_grant");
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 401);
    // Pair again, cleanly, for the caller.
    let data = hub_json(&client, urls, "/account/pair/GetAuthenticationData", json!({}))
        .await
        .json();
    let login_url = format!(
        "{}&scope=IM2-API-NOTIFICATION&redirect_uri={REDIRECT}&client_id=notificationapp&response_type=code",
        data["authenticationUrl"]
            .as_str()
            .unwrap()
            .replace("{DeviceIdentifier}", "b7e1c2d4")
            .replace("{DeviceFriendlyName}", "Karins%20telefon")
            .replace("{DeviceType}", "Android")
    );
    let location = get(&app, &login_url).await.location.unwrap();
    let code = location.split("code=").nth(1).unwrap().to_owned();
    let (status, body) = token_call(
        urls,
        &[
            ("code", &code),
            ("client_id", "notificationapp"),
            ("client_secret", "NONE"),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ],
    )
    .await;
    let _ = (access, refresh);
    let (access, refresh) = assert_tokens(status, &body);
    (client, access, refresh)
}

#[tokio::test]
async fn pairing_gives_tokens_account_and_an_sso_bridge_to_a_hub_session() {
    let emu = start().await;
    let urls = &emu.urls;
    let (_, access, _) = pair(urls).await;

    let (status, body) = api_get(urls, "/NA1/account/Account", &access).await;
    assert_eq!(status, 200, "{body}");
    let account: Value = serde_json::from_str(&body).unwrap();
    assert_keys(&account, &["UserId", "FirstName", "LastName", "Pupils"]);
    assert_eq!(account["FirstName"], "Karin");
    let pupils = account["Pupils"].as_array().unwrap();
    assert_eq!(pupils.len(), 3);
    for p in pupils {
        assert_keys(p, &["UserRoleId", "FirstName", "LastName"]);
    }
    assert_eq!(pupils[1]["FirstName"], "Nils");

    // The SSO bridge: a JSON-quoted one-time URL on the mentor site, which leads to a hub session.
    let (status, body) = api_get(urls, "/NA1/Authentication/sso", &access).await;
    assert_eq!(status, 200);
    let sso: String = serde_json::from_str(&body).expect("a JSON string");
    assert!(sso.starts_with(&urls.mentor), "{sso}");
    let fresh = browser();
    let hop = get(&fresh, &sso).await;
    assert_eq!(
        hop.redirect_url(),
        format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", urls.hub)
    );
    let home = finish_relay(&fresh, urls, &hop.redirect_url()).await;
    let data = home_data(&home.body);
    assert_eq!(data["account"]["currentUser"]["name"], "Karin Björklund");
    // UserRoleId is the SwitchPupil id.
    let switch_url = pupils_switch_ids(&data);
    assert!(
        switch_url.contains(&pupils[1]["UserRoleId"].to_string()),
        "{switch_url:?}"
    );
    // The URL is one-time: a second browser lands on the password form.
    let again = get(&browser(), &sso).await;
    assert_eq!(again.status, 200);
    assert!(hidden(&again.body, "__VIEWSTATE").is_some());

    for bad in ["", "nonsense"] {
        assert_eq!(api_get(urls, "/NA1/Authentication/sso", bad).await.0, 401);
    }
    emu.shutdown().await;
}

fn pupils_switch_ids(data: &Value) -> Vec<String> {
    pupils(data)
        .iter()
        .filter_map(|p| p["switchPupilUrl"].as_str())
        .map(|u| u.rsplit('/').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    let emu = start().await;
    let urls = &emu.urls;
    let (_, _, first) = pair(urls).await;
    let (status, body) = refresh(urls, &first).await;
    let (access2, second) = assert_tokens(status, &body);
    assert_ne!(second, first, "the refresh token rotates");
    assert_eq!(api_get(urls, "/NA1/account/Account", &access2).await.0, 200);

    // Presenting the used token again: rejected, and the whole family ends.
    let (status, body) = refresh(urls, &first).await;
    assert_oauth_error(status, &body, "invalid_grant");
    let (status, body) = refresh(urls, &second).await;
    assert_oauth_error(status, &body, "invalid_grant");
    assert_eq!(api_get(urls, "/NA1/account/Account", &access2).await.0, 401);
    emu.shutdown().await;
}

/// The grace rule of `docs/protocol-extensions.md`: a spent refresh token is accepted again while its
/// successor was never used (the answer carrying it was lost); the unused successor is retired.
#[tokio::test]
async fn a_lost_rotation_answer_is_forgiven_while_the_successor_is_unused() {
    let emu = start().await;
    let urls = &emu.urls;
    let (_, _, first) = pair(urls).await;
    // The answer carrying `lost` never reaches the device, twice in a row.
    let (status, body) = refresh(urls, &first).await;
    let (lost_access, lost) = assert_tokens(status, &body);
    let (status, body) = refresh(urls, &first).await;
    let (_, lost_again) = assert_tokens(status, &body);
    let (status, body) = refresh(urls, &first).await;
    let (access, second) = assert_tokens(status, &body);
    assert!(lost != lost_again && lost_again != second && second != first);
    // The retired successors and their access tokens are dead; the latest pair works.
    assert_eq!(api_get(urls, "/NA1/account/Account", &lost_access).await.0, 401);
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 200);
    // Once the successor was used, replaying the spent token is theft again: the family ends.
    let (status, body) = refresh(urls, &first).await;
    assert_oauth_error(status, &body, "invalid_grant");
    let (status, body) = refresh(urls, &second).await;
    assert_oauth_error(status, &body, "invalid_grant");
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 401);
    emu.shutdown().await;
}

/// A successor that was itself refreshed counts as used; so does presenting a retired successor later.
#[tokio::test]
async fn the_grace_ends_when_the_successor_was_refreshed_or_a_retired_one_comes_back() {
    let emu = start().await;
    let urls = &emu.urls;
    let (_, _, first) = pair(urls).await;
    let (_, second) = assert_tokens_of(refresh(urls, &first).await);
    let (_, third) = assert_tokens_of(refresh(urls, &second).await);
    let (status, body) = refresh(urls, &first).await;
    assert_oauth_error(status, &body, "invalid_grant");
    let (status, body) = refresh(urls, &third).await;
    assert_oauth_error(status, &body, "invalid_grant");

    // A stolen spent token replayed while the device's successor sat unused: the thief gets tokens, but the
    // device's (retired) successor ends the family as soon as the device presents it.
    let (_, _, first) = pair(urls).await;
    let (_, devices) = assert_tokens_of(refresh(urls, &first).await);
    let (thief_access, _) = assert_tokens_of(refresh(urls, &first).await);
    assert_eq!(api_get(urls, "/NA1/account/Account", &thief_access).await.0, 200);
    let (status, body) = refresh(urls, &devices).await;
    assert_oauth_error(status, &body, "invalid_grant");
    assert_eq!(api_get(urls, "/NA1/account/Account", &thief_access).await.0, 401);
    emu.shutdown().await;
}

fn assert_tokens_of((status, body): (u16, Value)) -> (String, String) {
    assert_tokens(status, &body)
}

#[tokio::test]
async fn access_tokens_expire_and_revoke_ends_the_device() {
    let emu = start().await;
    let urls = &emu.urls;
    let (client, access, refresh_token) = pair(urls).await;
    admin_post(urls, "/admin/clock", Some(json!({ "advanceSeconds": 601 }))).await;
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 401);
    let (status, body) = refresh(urls, &refresh_token).await;
    let (access, refresh_token) = assert_tokens(status, &body);
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 200);
    let expired = admin_post(urls, "/admin/tokens/expire", None).await;
    assert_eq!(expired["accessTokens"], json!(1));
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 401);
    let (status, body) = refresh(urls, &refresh_token).await;
    let (_, refresh_token) = assert_tokens(status, &body);

    // The device is listed on the hub until revoked through the revoke URL.
    admin_post(urls, "/admin/clock", Some(json!({ "advanceSeconds": -601 }))).await;
    let devices = hub_json(&client, urls, "/account/pair/GetDevices", json!({}))
        .await
        .json();
    let list = devices.as_array().unwrap();
    assert_eq!(list.len(), 1, "{devices}");
    assert_keys(
        &list[0],
        &["deviceId", "friendlyName", "deviceType", "pairedAt", "lastUsed"],
    );
    assert_eq!(list[0]["friendlyName"], "Karins telefon");
    let revoke = post_form(
        &browser(),
        &format!("{}/Authentication/OAuth2/Revoke", urls.oauth),
        &[("token".into(), refresh_token.clone())],
    )
    .await;
    assert_eq!(revoke.status, 200);
    let (status, body) = refresh(urls, &refresh_token).await;
    assert_oauth_error(status, &body, "invalid_grant");
    let devices = hub_json(&client, urls, "/account/pair/GetDevices", json!({}))
        .await
        .json();
    assert_eq!(devices, json!([]));
    emu.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_refuses_bad_clients_and_grants() {
    let emu = start().await;
    let urls = &emu.urls;
    let (status, body) = token_call(urls, &[("grant_type", "refresh_token"), ("refresh_token", "x")]).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
    let (status, body) = token_call(urls, &[("grant_type", "password"), ("client_id", "notificationapp")]).await;
    assert_oauth_error(status, &body, "unsupported_grant_type");
    let (status, body) = refresh(urls, "never-issued").await;
    assert_oauth_error(status, &body, "invalid_grant");
    // GetAuthenticationData needs a hub session.
    let page = hub_json(&browser(), urls, "/account/pair/GetAuthenticationData", json!({})).await;
    page.assert_login_relay();
    emu.shutdown().await;
}

async fn device_authorization(urls: &Urls) -> Value {
    let page = post_form(
        &browser(),
        &format!("{}/Authentication/OAuth2/DeviceAuthorization", urls.oauth),
        &[
            ("client_id".into(), "notificationapp".into()),
            ("scope".into(), "IM2-API-NOTIFICATION".into()),
            ("device_identifier".into(), "ipad-42".into()),
            ("device_friendly_name".into(), "Majas iPad".into()),
            ("device_type".into(), "iPad".into()),
        ],
    )
    .await;
    let body = page.json();
    assert_keys(
        &body,
        &[
            "device_code",
            "user_code",
            "verification_uri",
            "verification_uri_complete",
            "expires_in",
            "interval",
        ],
    );
    assert_eq!(body["verification_uri"], format!("{}/account/pair/device", urls.hub));
    assert_eq!(body["expires_in"], json!(600));
    assert_eq!(body["interval"], json!(5));
    let user_code = body["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    assert_eq!(&user_code[4..5], "-");
    body
}

async fn poll(urls: &Urls, device_code: &str) -> (u16, Value) {
    token_call(
        urls,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code),
            ("client_id", "notificationapp"),
        ],
    )
    .await
}

async fn advance(urls: &Urls, seconds: i64) {
    admin_post(urls, "/admin/clock", Some(json!({ "advanceSeconds": seconds }))).await;
}

#[tokio::test]
async fn device_flow_pending_slow_down_approval_on_the_hub_page_and_tokens() {
    let emu = start().await;
    let urls = &emu.urls;
    let auth = device_authorization(urls).await;
    let device_code = auth["device_code"].as_str().unwrap();
    let user_code = auth["user_code"].as_str().unwrap();

    let (status, body) = poll(urls, device_code).await;
    assert_oauth_error(status, &body, "authorization_pending");
    let (status, body) = poll(urls, device_code).await;
    assert_oauth_error(status, &body, "slow_down");
    // The interval is now 10 s.
    advance(urls, 6).await;
    let (status, body) = poll(urls, device_code).await;
    assert_oauth_error(status, &body, "slow_down");
    // Each slow_down adds 5 s: the interval is 15 s now.
    advance(urls, 16).await;
    let (status, body) = poll(urls, device_code).await;
    assert_oauth_error(status, &body, "authorization_pending");

    // The approval page needs a session.
    let client = browser();
    let complete = auth["verification_uri_complete"].as_str().unwrap();
    get(&client, complete).await.assert_login_relay();
    login_guardian(&client, urls).await;
    let page = get(&client, complete).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Majas iPad") && page.body.contains("iPad"));
    assert!(page.body.contains(">Godkänn<") && page.body.contains(">Neka<"));
    let (_, _, action) = forms(&page.body)
        .into_iter()
        .find(|(id, _, _)| id.as_deref() == Some("approve-device"))
        .expect("approval form");
    let mut fields = hidden_fields(&page.body);
    fields.push(("approve".into(), "true".into()));
    let posted = post_form(&client, &format!("{}{}", urls.hub, action.unwrap()), &fields).await;
    assert_eq!(posted.status, 302);
    let result = get(&client, &posted.redirect_url()).await;
    assert!(result.body.contains("Enheten är godkänd."), "{}", result.body);

    advance(urls, 16).await;
    let (status, body) = poll(urls, device_code).await;
    let (access, _) = assert_tokens(status, &body);
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 200);
    advance(urls, 16).await;
    let (status, body) = poll(urls, device_code).await;
    assert_oauth_error(status, &body, "invalid_grant");

    // The same code cannot be approved twice.
    let again = hub_json(
        &client,
        urls,
        "/account/pair/ApproveDevice",
        json!({ "userCode": user_code, "approve": true }),
    )
    .await
    .json();
    assert_eq!(again["success"], json!(false));
    assert_eq!(again["notifications"][0]["code"], "AlreadyHandled");

    // Revoking the device on the hub ends its tokens.
    let devices = hub_json(&client, urls, "/account/pair/GetDevices", json!({}))
        .await
        .json();
    let ipad = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["friendlyName"] == "Majas iPad")
        .expect("paired device listed")
        .clone();
    assert_eq!(ipad["deviceType"], "iPad");
    let revoked = hub_json(
        &client,
        urls,
        "/account/pair/RevokeDevice",
        json!({ "deviceId": ipad["deviceId"] }),
    )
    .await
    .json();
    assert_eq!(revoked["success"], json!(true));
    assert_eq!(api_get(urls, "/NA1/account/Account", &access).await.0, 401);
    let unknown = hub_json(&client, urls, "/account/pair/RevokeDevice", json!({ "deviceId": "x" }))
        .await
        .json();
    assert_eq!(unknown["notifications"][0]["code"], "NotFound");
    emu.shutdown().await;
}

#[tokio::test]
async fn device_flow_denied_and_expired() {
    let emu = start().await;
    let urls = &emu.urls;
    let denied = device_authorization(urls).await;
    let expired = device_authorization(urls).await;
    let code = denied["user_code"].as_str().unwrap().replace('-', " ").to_lowercase();
    admin_post(
        urls,
        "/admin/device/approve",
        Some(json!({ "userCode": code, "approve": false })),
    )
    .await;
    let (status, body) = poll(urls, denied["device_code"].as_str().unwrap()).await;
    assert_oauth_error(status, &body, "access_denied");

    advance(urls, 601).await;
    let (status, body) = poll(urls, expired["device_code"].as_str().unwrap()).await;
    assert_oauth_error(status, &body, "expired_token");
    let client = browser();
    login_guardian(&client, urls).await;
    let late = hub_json(
        &client,
        urls,
        "/account/pair/ApproveDevice",
        json!({ "userCode": expired["user_code"], "approve": true }),
    )
    .await
    .json();
    assert_eq!(late["notifications"][0]["code"], "InvalidCode");
    emu.shutdown().await;
}
