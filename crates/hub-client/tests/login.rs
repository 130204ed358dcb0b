//! Password login, the start page and child switching against the in-process emulator.

use hub_client::{Error, Hosts, HubClient};
use hub_emulator::{Config, EmulatorHandle, demo};

async fn start(cfg: Config) -> (EmulatorHandle, HubClient) {
    let emu = EmulatorHandle::start(cfg).await.expect("emulator starts");
    let client = client_for(&emu);
    (emu, client)
}

fn client_for(emu: &EmulatorHandle) -> HubClient {
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    HubClient::builder().hosts(hosts).build().expect("client builds")
}

#[tokio::test]
async fn demo_guardian_logs_in_and_sees_three_children_with_their_modules() {
    let (emu, client) = start(Config::default()).await;
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    assert!(client.is_authenticated().await.unwrap());

    let account = client.account().await.unwrap();
    let firsts: Vec<_> = account.children.iter().map(|c| c.name.first.as_str()).collect();
    assert_eq!(firsts, demo::CHILDREN);
    assert!(account.children.iter().all(|c| c.name.last == "Björklund"));
    let apps = |i: usize| {
        account.children[i]
            .apps
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(apps(0).contains(&"timeregistration".to_owned()));
    assert!(
        !apps(0).contains(&"meeting".to_owned()),
        "the åk 2 child has no conference slots"
    );
    assert!(
        apps(1).contains(&"meeting".to_owned()),
        "the åk 5 child has bookable slots"
    );
    assert!(apps(2).contains(&"assessmentsv2".to_owned()));
    // Lekeberg reports absence and shows timetables in Edlevo.
    assert!(
        account
            .children
            .iter()
            .all(|c| !c.apps.iter().any(|a| a.as_str() == "attendance"))
    );

    // The overview switched through every child and restored the original selection.
    let home = client.home().await.unwrap();
    let selected: Vec<_> = home.account.pupils.iter().filter(|p| p.selected).collect();
    assert_eq!(selected.len(), 1);
    assert_eq!(selected[0].id, account.children[0].id);
    emu.shutdown().await;
}

#[tokio::test]
async fn wrong_password_carries_the_schools_swedish_text() {
    let (emu, client) = start(Config::default()).await;
    let err = client.login_password(demo::GUARDIAN_USERNAME, "fel").await.unwrap_err();
    match err {
        Error::LoginFailed { message } => assert_eq!(
            message,
            "Inloggning misslyckades - vänligen kontrollera användarnamn och lösenord eller kontakta skolan."
        ),
        other => panic!("expected LoginFailed, got {other:?}"),
    }
    assert!(!client.is_authenticated().await.unwrap());
    emu.shutdown().await;
}

#[tokio::test]
async fn empty_password_is_its_own_error() {
    let (emu, client) = start(Config::default()).await;
    let err = client.login_password(demo::GUARDIAN_USERNAME, "").await.unwrap_err();
    assert!(
        matches!(&err, Error::EmptyPassword { message } if message == "Ange lösenord"),
        "{err:?}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn selecting_a_child_is_verified_from_home_data() {
    let (emu, client) = start(Config::default()).await;
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let account = client.account().await.unwrap();
    let nils = &account.children[1];
    let home = client.select_child(&nils.id).await.unwrap();
    assert!(home.account.pupils.iter().any(|p| p.id == nils.id && p.selected));
    assert!(home.apps.iter().any(|a| a.code_name == "meeting"));
    // An id that is not one of the account's children is refused, never silently ignored.
    assert!(matches!(
        client.select_child("0000000000").await,
        Err(Error::SwitchFailed)
    ));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_switch_answered_with_500_that_worked_is_accepted() {
    let cfg = Config {
        switch_pupil_returns_500: true,
        ..Config::default()
    };
    let (emu, client) = start(cfg).await;
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let account = client.account().await.unwrap();
    assert_eq!(account.children.len(), 3);
    assert!(account.children[2].apps.iter().any(|a| a.as_str() == "assessmentsv2"));
    emu.shutdown().await;
}

#[tokio::test]
async fn the_pin_interstitial_is_skipped() {
    let cfg = Config {
        pin_interstitial: true,
        ..Config::default()
    };
    let (emu, client) = start(cfg).await;
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    assert!(client.is_authenticated().await.unwrap());
    emu.shutdown().await;
}

#[tokio::test]
async fn a_second_login_ends_the_first_session_and_logout_ends_the_second() {
    let (emu, first) = start(Config::default()).await;
    first
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let second = client_for(&emu);
    second
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    assert!(!first.is_authenticated().await.unwrap());
    // With its password the first client would renew (and end the second session); without it, it reports.
    first.forget_credentials();
    assert!(matches!(first.home().await, Err(Error::SessionExpired)));
    assert!(second.is_authenticated().await.unwrap());
    second.logout().await.unwrap();
    assert!(!second.is_authenticated().await.unwrap());
    emu.shutdown().await;
}

#[tokio::test]
async fn the_student_account_sees_only_herself() {
    let (emu, client) = start(Config::default()).await;
    client
        .login_password(demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD)
        .await
        .unwrap();
    let account = client.account().await.unwrap();
    assert_eq!(account.role, hub_model::Role::Student);
    assert_eq!(account.children.len(), 1);
    assert!(account.children[0].apps.iter().any(|a| a.as_str() == "onlinetest"));
    emu.shutdown().await;
}
