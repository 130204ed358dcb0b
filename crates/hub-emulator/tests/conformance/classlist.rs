//! Kontaktlista (protocol §4.13) and account preferences (§4.17) with the designed `SavePrivacy`, which the
//! class list honours at once for other guardians.

use serde_json::{Value, json};

use crate::support::*;

async fn nils_parent_view(client: &reqwest::Client, urls: &hub_emulator::Urls) -> Value {
    let pupil = hub_json(
        client,
        urls,
        "/ClassList/classlist/GetPupil",
        json!({ "id": "5102376858", "establishmentId": null }),
    )
    .await
    .json();
    assert_keys(&pupil, &["details", "parents"]);
    pupil["parents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["relation"] == "Mamma")
        .expect("Karin among Nils's guardians")
        .clone()
}

#[tokio::test]
async fn class_list_shape_staff_and_contact_visibility() {
    let emu = start().await;
    let urls = &emu.urls;
    let karin = browser();
    login_guardian(&karin, urls).await;
    switch_to(&karin, urls, "Nils").await;

    let app = hub_json(&karin, urls, "/classlist/classlist/appData", json!({}))
        .await
        .json();
    for key in ["groupConfig", "urls", "userConfig", "fileUploadConfig", "translations"] {
        assert!(app.get(key).is_some(), "appData has {key}");
    }
    let groups = app["groupConfig"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_keys(&groups[0], &["id", "title", "isStaffGroup", "items"]);
    let pupils = groups[0]["items"].as_array().unwrap();
    assert_keys(
        &pupils[0],
        &[
            "id",
            "name",
            "address",
            "phone",
            "email",
            "canReceiveEmail",
            "establishmentId",
        ],
    );
    let names: Vec<&str> = pupils.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"Nils Björklund") && names.contains(&"Saga Nyström"),
        "{names:?}"
    );
    assert_eq!(pupils.len(), 4);
    let staff = &groups[1];
    assert_eq!(staff["isStaffGroup"], json!(true));
    let jonas = staff["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Jonas Berg")
        .unwrap();
    let details = hub_json(
        &karin,
        urls,
        "/ClassList/classlist/GetStaff",
        json!({ "id": jonas["id"], "establishmentId": jonas["establishmentId"] }),
    )
    .await
    .json();
    assert_eq!(details["details"]["appointmentHours"], "Tis 14.00–15.30");
    assert_eq!(details["parents"], json!([]));

    // A classmate's guardian.
    let saga = pupils.iter().find(|p| p["name"] == "Saga Nyström").unwrap();
    let other = hub_json(
        &karin,
        urls,
        "/ClassList/classlist/GetPupil",
        json!({ "id": saga["id"] }),
    )
    .await
    .json();
    assert_eq!(other["parents"][0]["name"], "Maria Nyström");
    for key in [
        "relation",
        "canEmail",
        "canViewName",
        "canViewMobile",
        "id",
        "name",
        "groups",
        "address",
        "phone",
        "mobile",
        "isTutor",
    ] {
        assert!(other["parents"][0].get(key).is_some(), "parent has {key}");
    }

    // Karin sees all her own details.
    let own = nils_parent_view(&karin, urls).await;
    assert_eq!(own["address"], "Storgatan 12, 716 31 Fjugesta");

    // A second guardian of Nils sees what Karin's privacy allows: the address is hidden by default.
    let added = admin_post(
        urls,
        "/admin/guardians",
        Some(json!({ "pupilId": "5102376858", "count": 1 })),
    )
    .await;
    let other_parent = browser();
    login(&other_parent, urls, added["usernames"][0].as_str().unwrap(), "demo").await;
    let seen = nils_parent_view(&other_parent, urls).await;
    assert_eq!(seen["address"], Value::Null);
    assert_eq!(seen["canViewAddress"], json!(false));
    assert_eq!(seen["phone"], "0585-123 45");

    // Preferences and SavePrivacy.
    let prefs = hub_json(&karin, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    assert_keys(&prefs, &["translations", "privacyUrl", "sections"]);
    let privacy = &prefs["sections"]["privacy"];
    assert_eq!(privacy["showPhone"], json!(true));
    assert_eq!(privacy["isChildVisibleInContactList"], json!(true));
    assert_eq!(prefs["sections"]["accountSettings"]["username"], "karin.bjorklund");
    let saved = hub_json(
        &karin,
        urls,
        "/account/preferences/SavePrivacy",
        json!({ "showName": true, "showAddress": true, "showPhone": false, "showMobile": false, "showEmail": true }),
    )
    .await
    .json();
    assert_eq!(saved["success"], json!(true));
    let seen = nils_parent_view(&other_parent, urls).await;
    assert_eq!(seen["phone"], Value::Null);
    assert_eq!(seen["mobile"], Value::Null);
    assert_eq!(seen["address"], "Storgatan 12, 716 31 Fjugesta");
    let prefs = hub_json(&karin, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    assert_eq!(prefs["sections"]["privacy"]["showPhone"], json!(false));

    // Hiding the child from other families' lists: Nils stays visible to his own guardians.
    hub_json(
        &karin,
        urls,
        "/account/preferences/SavePrivacy",
        json!({ "isChildVisibleInContactList": false }),
    )
    .await
    .json();
    let list = hub_json(&karin, urls, "/ClassList/classlist/GetClassList", json!({ "id": "-1" }))
        .await
        .json();
    assert_eq!(list["groupConfig"][0]["items"].as_array().unwrap().len(), 4);
    emu.shutdown().await;
}

#[tokio::test]
async fn students_cannot_change_privacy() {
    let emu = start().await;
    let urls = &emu.urls;
    let maja = browser();
    login(
        &maja,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let prefs = hub_json(&maja, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    assert_eq!(prefs["sections"]["privacy"]["onlyShowPrivacyPolicy"], json!(true));
    let refused = hub_json(
        &maja,
        urls,
        "/account/preferences/SavePrivacy",
        json!({ "showPhone": false }),
    )
    .await
    .json();
    assert_eq!(refused["notifications"][0]["code"], "NotAllowed");
    let app = hub_json(&maja, urls, "/classlist/classlist/appData", json!({}))
        .await
        .json();
    assert_eq!(app["userConfig"]["isPupil"], json!(true));
    emu.shutdown().await;
}

#[tokio::test]
async fn preferences_language_and_push_settings_persist() {
    let emu = start().await;
    let urls = &emu.urls;
    let karin = browser();
    login_guardian(&karin, urls).await;
    let prefs = hub_json(&karin, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    let settings = &prefs["sections"]["accountSettings"];
    for option in settings["languageOptions"].as_array().unwrap() {
        assert_keys(option, &["key", "value", "cultureCode", "selected"]);
    }
    assert_eq!(settings["languageOptions"][0]["selected"], json!(true));
    let push = prefs["sections"]["pushNotifications"]["notifications"]
        .as_array()
        .unwrap();
    for n in push {
        assert_keys(n, &["id", "appCodeName", "typeName", "typeDescription", "isSelected"]);
        assert_eq!(n["isSelected"], json!(true));
    }
    let save = settings["urls"]["save"].as_str().unwrap();
    let update = prefs["sections"]["pushNotifications"]["urls"]["updateNotification"]
        .as_str()
        .unwrap();

    // The paths appData names work: English, and news pushes off.
    let saved = hub_form(&karin, urls, save, &[("cultureCode", "en-GB")]).await.json();
    assert_eq!(saved["success"], json!(true));
    let news_id = push[0]["id"].as_i64().unwrap();
    let off = hub_json(&karin, urls, update, json!({ "id": news_id, "isSelected": false }))
        .await
        .json();
    assert_eq!(off["success"], json!(true));
    let prefs = hub_json(&karin, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    let languages = prefs["sections"]["accountSettings"]["languageOptions"]
        .as_array()
        .unwrap();
    let selected: Vec<&str> = languages
        .iter()
        .filter(|o| o["selected"] == json!(true))
        .map(|o| o["cultureCode"].as_str().unwrap())
        .collect();
    assert_eq!(selected, ["en-GB"]);
    let push = prefs["sections"]["pushNotifications"]["notifications"]
        .as_array()
        .unwrap();
    assert_eq!(push[0]["isSelected"], json!(false));
    assert!(push[1..].iter().all(|n| n["isSelected"] == json!(true)));

    // Settings are per account: the student still has the defaults.
    let maja = browser();
    login(
        &maja,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let own = hub_json(&maja, urls, "/account/preferences/appData", json!({}))
        .await
        .json();
    assert_eq!(
        own["sections"]["accountSettings"]["languageOptions"][0]["selected"],
        json!(true)
    );

    // Refusals and missing fields.
    let bad = hub_json(&karin, urls, save, json!({ "cultureCode": "tlh-KL" }))
        .await
        .json();
    assert_eq!(bad["notifications"][0]["code"], "InvalidLanguage");
    let bad = hub_json(&karin, urls, update, json!({ "id": 999, "isSelected": true }))
        .await
        .json();
    assert_eq!(bad["notifications"][0]["code"], "NotFound");
    assert_eq!(hub_json(&karin, urls, save, json!({})).await.status, 500);
    assert_eq!(hub_json(&karin, urls, update, json!({ "id": 1 })).await.status, 500);
    emu.shutdown().await;
}
