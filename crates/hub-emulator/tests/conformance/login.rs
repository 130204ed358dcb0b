//! The password login chain (protocol §3.1): relay form, WebForms page, error texts, stale view state,
//! PIN interstitial, IdP fields and the one-time LoginCallback.

use hub_emulator::{Config, demo};

use crate::support::*;

#[tokio::test]
async fn unauthenticated_root_redirects_to_a_self_submitting_relay_form() {
    let emu = start().await;
    let client = browser();
    let root = get(&client, &format!("{}/", emu.urls.hub)).await;
    root.assert_redirect_to("/Authentication/Authentication/Login?ReturnUrl=%2F");

    let relay = get(&client, &root.redirect_url()).await;
    assert_eq!(relay.status, 200);
    let (action, first) = relay_form(&relay.body);
    assert_eq!(action, emu.urls.mentor);

    // The forceOAuth variants serve the same page, each time with a fresh one-time token.
    for path in [
        "/authentication/authentication/login?apitype=im1&forceOAuth=true",
        "/Authentication/Authentication/Login?apiType=IM1&forceOAuth=true&apiInstance=",
    ] {
        let again = get(&client, &format!("{}{path}", emu.urls.hub)).await;
        assert_eq!(again.status, 200, "{path}");
        let (action, token) = relay_form(&again.body);
        assert_eq!(action, emu.urls.mentor);
        assert_ne!(token, first, "relay tokens are fresh");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn mentor_page_is_a_webforms_login_form() {
    let emu = start().await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    assert_eq!(page.status, 200);
    let session_cookie = page.cookie("ASP.NET_SessionId").expect("mentor session cookie");
    assert!(
        session_cookie.contains("path=/swedish/production/mentor"),
        "{session_cookie}"
    );
    assert!(session_cookie.contains("HttpOnly"));

    let forms = forms(&page.body);
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].1.as_deref(), Some("post"));
    assert_eq!(forms[0].2.as_deref(), Some(emu.urls.mentor.as_str()));
    for name in [
        "__VIEWSTATE",
        "__VIEWSTATEGENERATOR",
        "__EVENTVALIDATION",
        "__EVENTTARGET",
        "__EVENTARGUMENT",
    ] {
        assert!(hidden(&page.body, name).is_some(), "hidden {name}");
    }
    assert!(!hidden(&page.body, "__VIEWSTATE").unwrap().is_empty());
    let idps: Vec<(String, String)> = hidden_fields(&page.body)
        .into_iter()
        .filter(|(name, _)| name.contains("IdpListRepeater") && name.ends_with("$url"))
        .collect();
    assert!(idps.len() >= 2, "{idps:?}");
    assert!(idps.iter().any(|(name, url)| name == "IdpListRepeater$ctl00$url"
        && url == "https://sso.infomentor.se/login.ashx?idp=lekeberg_par"));
    let inputs = inputs(&page.body);
    let kind = |name: &str| {
        inputs
            .iter()
            .find(|(_, n, _)| n == name)
            .map(|(kind, _, value)| (kind.clone(), value.clone()))
    };
    assert_eq!(kind("login_ascx$txtNotandanafn").unwrap().0, "text");
    assert_eq!(kind("login_ascx$txtLykilord").unwrap().0, "password");
    assert_eq!(
        kind("login_ascx$btnLogin").unwrap(),
        ("submit".to_owned(), "Logga in".to_owned())
    );
    assert!(page.body.contains(">Nytt lösenord</a>"));
    assert!(error_messages(&page.body).is_empty());

    // A relay token alone, without an IM1 login, gets the same form.
    let relay = get(
        &client,
        &format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", emu.urls.hub),
    )
    .await;
    let (action, token) = relay_form(&relay.body);
    let again = post_form(&client, &action, &[("oauth_token".into(), token)]).await;
    assert_eq!(again.status, 200);
    assert!(hidden(&again.body, "__EVENTVALIDATION").is_some());
    assert!(again.cookie("ASP.NET_SessionId").is_none(), "the session is kept");
    emu.shutdown().await;
}

#[tokio::test]
async fn wrong_password_shows_the_swedish_error() {
    let emu = start().await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    let posted = post_form(
        &client,
        &emu.urls.mentor,
        &login_fields(&page.body, demo::GUARDIAN_USERNAME, "fel-lösenord"),
    )
    .await;
    assert_eq!(posted.status, 200);
    assert!(posted.location.is_none());
    assert!(posted.cookie("NotandaUppl").is_none());
    assert_eq!(
        error_messages(&posted.body),
        ["Inloggning misslyckades - vänligen kontrollera användarnamn och lösenord eller kontakta skolan."]
    );
    assert!(
        hidden(&posted.body, "oauth_token").is_none(),
        "no relay form after a failed login"
    );
    // WebForms keeps the user name in the box.
    let user_box = inputs(&posted.body)
        .into_iter()
        .find(|(_, name, _)| name == "login_ascx$txtNotandanafn")
        .unwrap();
    assert_eq!(user_box.2, demo::GUARDIAN_USERNAME);
    assert!(!is_authenticated(&client, &emu.urls).await);

    // An unknown user gets the same text.
    let posted = post_form(
        &client,
        &emu.urls.mentor,
        &login_fields(&posted.body, "ingen.alls", "demo"),
    )
    .await;
    assert_eq!(error_messages(&posted.body).len(), 1);
    assert!(error_messages(&posted.body)[0].starts_with("Inloggning misslyckades"));
    emu.shutdown().await;
}

#[tokio::test]
async fn empty_password_says_ange_losenord() {
    let emu = start().await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    let posted = post_form(
        &client,
        &emu.urls.mentor,
        &login_fields(&page.body, demo::GUARDIAN_USERNAME, ""),
    )
    .await;
    assert_eq!(posted.status, 200);
    assert_eq!(error_messages(&posted.body), ["Ange lösenord"]);
    emu.shutdown().await;
}

#[tokio::test]
async fn stale_or_foreign_viewstate_gets_the_form_back() {
    let emu = start().await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    let good = login_fields(&page.body, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD);

    let mut stale = good.clone();
    for (name, value) in &mut stale {
        if name == "__VIEWSTATE" {
            value.push('A');
        }
    }
    let posted = post_form(&client, &emu.urls.mentor, &stale).await;
    assert_eq!(posted.status, 200, "no login with a stale view state");
    assert!(posted.cookie("NotandaUppl").is_none());
    assert!(hidden(&posted.body, "__VIEWSTATE").is_some(), "the form comes back");

    let mut missing = good.clone();
    missing.retain(|(name, _)| name != "__EVENTVALIDATION");
    let posted = post_form(&client, &emu.urls.mentor, &missing).await;
    assert_eq!(posted.status, 200, "no login without __EVENTVALIDATION");

    // Fields issued to another browser's session do not count either.
    let other = browser();
    let posted = post_form(&other, &emu.urls.mentor, &good).await;
    assert_eq!(posted.status, 200, "no login with another session's view state");

    // The untouched fields still work, so the rejections above were about the view state.
    let posted = post_form(&client, &emu.urls.mentor, &good).await;
    assert_eq!(posted.status, 302);
    emu.shutdown().await;
}

#[tokio::test]
async fn full_password_chain_reaches_the_start_page() {
    let emu = start().await;
    let client = browser();
    let home = login_guardian(&client, &emu.urls).await;
    assert!(home.body.contains("IMHome.home.homeData = "));
    assert!(is_authenticated(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn login_callback_token_is_one_time() {
    let emu = start().await;
    let client = browser();
    // Walk to the callback by hand to keep its URL.
    let page = get(&client, &emu.urls.mentor).await;
    let posted = post_form(
        &client,
        &emu.urls.mentor,
        &login_fields(&page.body, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD),
    )
    .await;
    let relay = get(&client, &posted.redirect_url()).await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(&client, &action, &[("oauth_token".into(), token.clone())]).await;
    let callback = hop.redirect_url();

    // The same token cannot be bound twice...
    let rebound = post_form(&client, &action, &[("oauth_token".into(), token)]).await;
    assert!(!rebound.redirect_url().contains("LoginCallback"));

    let first = get(&client, &callback).await;
    first.assert_redirect_to("/");
    assert!(first.cookie("IMHome").is_some());

    // ...nor redeemed twice, not even by another client.
    let thief = browser();
    let replay = get(&thief, &callback).await;
    replay.assert_redirect_to("/Authentication/Authentication/Login?ReturnUrl=%2F");
    assert!(replay.cookie("IMHome").is_none());
    assert!(!is_authenticated(&thief, &emu.urls).await);

    // A made-up verifier fails as well.
    let forged = get(
        &thief,
        &format!(
            "{}/Authentication/Authentication/LoginCallback?apitype=im1&oauth_token=abc&oauth_verifier=def",
            emu.urls.hub
        ),
    )
    .await;
    forged.assert_redirect_to("/Authentication/Authentication/Login?ReturnUrl=%2F");
    emu.shutdown().await;
}

#[tokio::test]
async fn pin_interstitial_is_skipped_with_adontactivatepin() {
    let emu = start_with(Config {
        pin_interstitial: true,
        ..Config::default()
    })
    .await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    let posted = post_form(
        &client,
        &emu.urls.mentor,
        &login_fields(&page.body, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD),
    )
    .await;
    let pin_url = posted.redirect_url();
    assert_eq!(pin_url, format!("{}Oryggi/PinLogin/EnablePin.aspx", emu.urls.mentor));

    // Until the interstitial is passed, the IM1 login does not vouch for relay tokens.
    let relay = get(
        &client,
        &format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", emu.urls.hub),
    )
    .await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(&client, &action, &[("oauth_token".into(), token)]).await;
    assert_eq!(hop.redirect_url(), pin_url);

    let pin = get(&client, &pin_url).await;
    assert_eq!(pin.status, 200);
    assert!(pin.body.contains("aDontActivatePin"));
    let fields = hidden_fields(&pin.body);
    assert!(fields.iter().any(|(n, _)| n == "__VIEWSTATE"));

    // Posting back without the event target shows the page again.
    let again = post_form(&client, &pin_url, &fields).await;
    assert_eq!(again.status, 200);

    let mut skip = hidden_fields(&again.body);
    for (name, value) in &mut skip {
        if name == "__EVENTTARGET" {
            *value = "aDontActivatePin".into();
        }
    }
    let skipped = post_form(&client, &pin_url, &skip).await;
    assert_eq!(
        skipped.redirect_url(),
        format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", emu.urls.hub)
    );
    let home = finish_relay(&client, &emu.urls, &skipped.redirect_url()).await;
    assert_eq!(selected_name(&home_data(&home.body)), "Björklund, Elsa");
    emu.shutdown().await;
}

#[tokio::test]
async fn login_without_idp_fields_lands_in_the_wrong_municipality() {
    let emu = start().await;
    let client = browser();
    let page = get(&client, &emu.urls.mentor).await;
    let mut fields = login_fields(&page.body, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD);
    fields.retain(|(name, _)| !name.contains("IdpListRepeater"));
    let posted = post_form(&client, &emu.urls.mentor, &fields).await;
    assert_eq!(posted.status, 302, "the password itself is accepted");

    let relay = get(&client, &posted.redirect_url()).await;
    let (action, token) = relay_form(&relay.body);
    let hop = post_form(&client, &action, &[("oauth_token".into(), token)]).await;
    let landed = get(&client, &hop.redirect_url()).await;
    landed.assert_redirect_to("/");
    assert!(landed.cookie("IMHome").is_some(), "cookies are set");
    // ...but every hub call sends the browser back to the login relay.
    let root = get(&client, &format!("{}/", emu.urls.hub)).await;
    root.assert_redirect_to("/Authentication/Authentication/Login?ReturnUrl=%2F");
    assert!(!is_authenticated(&client, &emu.urls).await);
    emu.shutdown().await;
}

#[tokio::test]
async fn mentor_paths_are_case_insensitive() {
    let emu = start().await;
    let client = browser();
    let upper = emu.urls.mentor.replace("/swedish/production/", "/Swedish/Production/");
    let page = get(&client, &upper).await;
    assert_eq!(page.status, 200);
    assert!(hidden(&page.body, "__VIEWSTATE").is_some());
    let without_slash = emu.urls.mentor.trim_end_matches('/');
    assert_eq!(get(&client, without_slash).await.status, 200);
    emu.shutdown().await;
}
