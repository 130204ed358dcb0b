//! The start page (protocol §3.5) and pupil switching (§3.6).

use hub_emulator::{Config, demo};
use serde_json::Value;

use crate::support::*;

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

#[tokio::test]
async fn home_data_lists_three_children_with_one_selected() {
    let emu = start().await;
    let client = browser();
    let home = login_guardian(&client, &emu.urls).await;
    let data = home_data(&home.body);

    let user = &data["account"]["currentUser"];
    assert_eq!(user["role"], "Guardian");
    assert_eq!(user["name"], demo::GUARDIAN_NAME);
    assert!(all_digits(user["id"].as_str().unwrap(), 10));

    let pupils = pupils(&data);
    let names: Vec<&str> = pupils.iter().map(|p| p["name"].as_str().unwrap()).collect();
    let expected: Vec<String> = demo::CHILDREN
        .iter()
        .map(|first| format!("{}, {first}", demo::FAMILY_NAME))
        .collect();
    assert_eq!(names, expected, "\"Efternamn, Förnamn\" in hub order");
    assert_eq!(selected_name(&data), "Björklund, Elsa", "the first child after login");

    for pupil in pupils {
        let id = pupil["id"].as_str().unwrap();
        assert!(all_digits(id, 10), "pupil id {id}");
        let mapping = pupil["hybridMappingId"].as_str().unwrap();
        let parts: Vec<&str> = mapping.split('|').collect();
        assert_eq!(parts.len(), 3, "{mapping}");
        assert!(parts[0].bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(parts[1], id);
        assert_eq!(parts[2], "NEMANDI_SKOLI");
        if pupil["selected"] == Value::Bool(true) {
            assert!(pupil["switchPupilUrl"].is_null());
        } else {
            let url = pupil["switchPupilUrl"].as_str().unwrap();
            let switch_id = url
                .strip_prefix("/Account/PupilSwitcher/SwitchPupil/")
                .unwrap_or_else(|| panic!("switch URL {url}"));
            assert!(all_digits(switch_id, 7), "switch id {switch_id}");
        }
    }

    let mut apps = app_codes(&data);
    apps.sort();
    let mut elsa = vec![
        "communication",
        "calendarv2",
        "timeregistration",
        "classlist",
        "documentation",
        "weeklyplan",
        "grouptimeline",
    ];
    elsa.sort();
    assert_eq!(apps, elsa);
    for app in data["apps"].as_array().unwrap() {
        assert!(!app["title"].as_str().unwrap().is_empty());
    }

    // The page itself: JSON-escaped slashes, the init call and the name check clients use.
    assert!(home.body.contains(r"\/Account\/PupilSwitcher\/SwitchPupil\/"));
    assert!(!home.body.contains(r#""switchPupilUrl":"/"#));
    assert!(home.body.contains("IMHome.home.init("));
    assert!(home.body.contains("selectedPupilName: 'Elsa Björklund'"));
    assert!(home.body.contains(r#"class="pupilText""#));
    emu.shutdown().await;
}

async fn switch_url_of(client: &reqwest::Client, hub: &str, first_name: &str) -> String {
    let data = home_data(&home(client, &hub_urls(hub)).await.body);
    let pupil = pupils(&data)
        .iter()
        .find(|p| p["name"].as_str().unwrap().ends_with(first_name))
        .unwrap()
        .clone();
    format!("{hub}{}", pupil["switchPupilUrl"].as_str().unwrap())
}

fn hub_urls(hub: &str) -> hub_emulator::Urls {
    hub_emulator::Urls {
        hub: hub.to_owned(),
        mentor: String::new(),
        oauth: String::new(),
        api: String::new(),
        admin: String::new(),
    }
}

#[tokio::test]
async fn switch_with_switch_id_selects_that_pupil() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let url = switch_url_of(&client, &emu.urls.hub, "Nils").await;
    let switched = get(&client, &url).await;
    switched.assert_redirect_to("/");

    let page = home(&client, &emu.urls).await;
    let data = home_data(&page.body);
    assert_eq!(selected_name(&data), "Björklund, Nils");
    assert!(page.body.contains("selectedPupilName: 'Nils Björklund'"));
    let apps = app_codes(&data);
    assert!(apps.contains(&"meeting".to_owned()) && apps.contains(&"uolv2".to_owned()));
    assert!(!apps.contains(&"timeregistration".to_owned()));
    // Elsa is now switchable, Nils is not.
    for pupil in pupils(&data) {
        let is_nils = pupil["name"] == "Björklund, Nils";
        assert_eq!(pupil["switchPupilUrl"].is_null(), is_nils);
    }

    // Case and trailing slash do not matter.
    let maja = switch_url_of(&client, &emu.urls.hub, "Maja").await;
    let shouting = maja.replace(
        "/Account/PupilSwitcher/SwitchPupil/",
        "/account/PUPILSWITCHER/switchpupil/",
    );
    get(&client, &format!("{shouting}/")).await.assert_redirect_to("/");
    let data = home_data(&home(&client, &emu.urls).await.body);
    assert_eq!(selected_name(&data), "Björklund, Maja");
    let apps = app_codes(&data);
    assert!(apps.contains(&"assessmentsv2".to_owned()));
    assert!(!apps.contains(&"onlinetest".to_owned()), "eTest only for the student");
    emu.shutdown().await;
}

#[tokio::test]
async fn switch_with_pupil_id_or_foreign_id_silently_does_not_switch() {
    let emu = start().await;
    let client = browser();
    let page = login_guardian(&client, &emu.urls).await;
    let data = home_data(&page.body);
    let nils_pupil_id = pupils(&data).iter().find(|p| p["name"] == "Björklund, Nils").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for id in [nils_pupil_id.as_str(), "9999999", "abc"] {
        let answer = get(
            &client,
            &format!("{}/Account/PupilSwitcher/SwitchPupil/{id}", emu.urls.hub),
        )
        .await;
        answer.assert_redirect_to("/");
        let data = home_data(&home(&client, &emu.urls).await.body);
        assert_eq!(selected_name(&data), "Björklund, Elsa", "after switching to {id}");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn switch_that_answers_500_still_switches() {
    let emu = start_with(Config {
        switch_pupil_returns_500: true,
        ..Config::default()
    })
    .await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let url = switch_url_of(&client, &emu.urls.hub, "Nils").await;
    let answer = get(&client, &url).await;
    assert_eq!(answer.status, 500);
    assert!(answer.body.contains("Server Error"));
    let data = home_data(&home(&client, &emu.urls).await.body);
    assert_eq!(selected_name(&data), "Björklund, Nils");
    emu.shutdown().await;
}

#[tokio::test]
async fn switch_requires_a_session() {
    let emu = start().await;
    let client = browser();
    let answer = get(
        &client,
        &format!("{}/Account/PupilSwitcher/SwitchPupil/2047129", emu.urls.hub),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert!(
        answer
            .location
            .unwrap()
            .starts_with("/Authentication/Authentication/Login?ReturnUrl=%2FAccount%2FPupilSwitcher")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn student_account_sees_itself_and_etest() {
    let emu = start().await;
    let client = browser();
    let page = login(&client, &emu.urls, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD).await;
    let data = home_data(&page.body);
    assert_eq!(data["account"]["currentUser"]["role"], "Pupil");
    let pupils = pupils(&data);
    assert_eq!(pupils.len(), 1);
    assert_eq!(pupils[0]["name"], "Björklund, Maja");
    assert_eq!(pupils[0]["selected"], true);
    assert!(pupils[0]["switchPupilUrl"].is_null());
    let apps = app_codes(&data);
    assert!(apps.contains(&"onlinetest".to_owned()));
    assert!(apps.contains(&"assessmentsv2".to_owned()));
    assert!(!apps.contains(&"meeting".to_owned()));
    emu.shutdown().await;
}
