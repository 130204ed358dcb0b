//! Notifications (protocol §4.1): aggregated across all children, the exact Notification fields, states,
//! `appData` as POST only, and the dead-session answers of §5.

use serde_json::{Value, json};

use crate::support::*;

const GET_NOTIFICATIONS: &str = "/NotificationApp/NotificationApp/GetNotifications";
const APP_DATA: &str = "/NotificationApp/NotificationApp/appData";
const UPDATE_STATE: &str = "/NotificationApp/NotificationApp/UpdateNotificationState";

const FIELDS: [&str; 14] = [
    "id",
    "title",
    "subTitle",
    "subjectsCourses",
    "dateSent",
    "appType",
    "state",
    "type",
    "url",
    "orderDate",
    "pupilIM2Id",
    "pupilSourceId",
    "currentlySelectedPupil",
    "entityTypeString",
];

fn list(page: &Page) -> Vec<Value> {
    page.json()["notifications"]
        .as_array()
        .expect("notifications array")
        .clone()
}

#[tokio::test]
async fn notifications_are_aggregated_across_children() {
    let emu = start().await;
    let client = browser();
    let home = login_guardian(&client, &emu.urls).await;
    let data = home_data(&home.body);
    let mapping = |first: &str| {
        pupils(&data)
            .iter()
            .find(|p| p["name"].as_str().unwrap().ends_with(first))
            .unwrap()["hybridMappingId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (elsa, nils, maja) = (mapping("Elsa"), mapping("Nils"), mapping("Maja"));

    let page = hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await;
    let body = page.json();
    assert!(is_local_iso(body["timestamp"].as_str().unwrap()), "{body}");
    let items = list(&page);
    assert!(items.len() >= 8, "{} notifications", items.len());
    for n in &items {
        assert_keys(n, &FIELDS);
        assert!(
            is_local_iso(n["dateSent"].as_str().unwrap()),
            "dateSent {}",
            n["dateSent"]
        );
        assert!(["New", "Seen", "Read"].contains(&n["state"].as_str().unwrap()));
        assert!(n["id"].is_i64() && n["pupilIM2Id"].is_i64());
        let source = n["pupilSourceId"].as_str().unwrap();
        assert!(
            [&elsa, &nils, &maja].contains(&&source.to_owned()),
            "pupilSourceId {source}"
        );
        assert_eq!(n["currentlySelectedPupil"], json!(source == elsa), "{n}");
    }
    for source in [&elsa, &nils, &maja] {
        assert!(
            items.iter().any(|n| n["pupilSourceId"] == json!(source)),
            "nothing for {source}"
        );
    }
    let dates: Vec<&str> = items.iter().map(|n| n["dateSent"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");

    let of_type = |app: &str| items.iter().filter(|n| n["appType"] == app).collect::<Vec<_>>();
    for app in ["News", "CalendarV2", "ParentMeeting", "Assessment", "Timeline"] {
        assert!(!of_type(app).is_empty(), "no {app} notification");
    }
    let meeting = of_type("ParentMeeting")[0];
    assert_eq!(meeting["url"], "#/meeting");
    assert_eq!(meeting["pupilSourceId"], json!(nils));
    assert_eq!(of_type("Assessment")[0]["pupilSourceId"], json!(maja));
    for news in of_type("News") {
        let url = news["url"].as_str().unwrap();
        let id = url.strip_prefix("/#/communication/news/").expect("news route");
        assert!(id.parse::<i64>().is_ok(), "{url}");
    }
    for cal in of_type("CalendarV2") {
        let url = cal["url"].as_str().unwrap();
        assert!(
            url.starts_with("/#/calendarv2/whole_week?selectedYear=")
                && url.contains("&selectedWeek=")
                && url.contains("&eventId="),
            "{url}"
        );
    }
    assert!(items.iter().any(|n| n["state"] == "New"));

    // The selection moves the flag, not the list.
    switch_to(&client, &emu.urls, "Nils").await;
    let again = list(&hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await);
    assert_eq!(again.len(), items.len());
    for n in &again {
        assert_eq!(n["currentlySelectedPupil"], json!(n["pupilSourceId"] == json!(nils)));
    }

    // An empty body and a `timestamp` of epoch 0 mean everything; a future one means nothing new.
    let empty = post_empty(&client, &format!("{}{GET_NOTIFICATIONS}", emu.urls.hub)).await;
    assert_eq!(list(&empty).len(), items.len());
    let epoch = hub_json(
        &client,
        &emu.urls,
        GET_NOTIFICATIONS,
        json!({"timestamp": "1970-01-01T00:00:00.000Z"}),
    )
    .await;
    assert_eq!(list(&epoch).len(), items.len());
    let future = hub_json(
        &client,
        &emu.urls,
        GET_NOTIFICATIONS,
        json!({"timestamp": "2999-01-01T00:00:00"}),
    )
    .await;
    assert!(list(&future).is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn student_sees_only_own_notifications() {
    let emu = start().await;
    let client = browser();
    login(
        &client,
        &emu.urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let items = list(&hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await);
    assert!(!items.is_empty());
    assert!(items.iter().all(|n| n["currentlySelectedPupil"] == json!(true)));
    emu.shutdown().await;
}

#[tokio::test]
async fn app_data_is_post_only() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let page = post_empty(&client, &format!("{}{APP_DATA}?_=1767225600000", emu.urls.hub)).await;
    let data = page.json();
    assert!(!data["notifications"].as_array().unwrap().is_empty());
    assert!(data["timestamp"].is_string());
    for key in [
        "title",
        "notificationsCleared",
        "noNotifications",
        "pupilName",
        "clearList",
        "undo",
        "new",
    ] {
        assert!(data["translations"][key].is_string(), "translations.{key}");
    }
    assert!(data["urls"]["getAppNotifications"].is_string() && data["urls"]["updateState"].is_string());

    let got = get(&client, &format!("{}{APP_DATA}", emu.urls.hub)).await;
    assert_ne!(got.status, 200);
    assert!(
        got.body.contains("Server Error"),
        "GET answers the error page: {}",
        got.body
    );
    assert!(serde_json::from_str::<Value>(&got.body).is_err());
    emu.shutdown().await;
}

#[tokio::test]
async fn state_updates_persist_and_cleared_ones_disappear() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let items = list(&hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await);
    let new: Vec<i64> = items
        .iter()
        .filter(|n| n["state"] == "New")
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert!(new.len() >= 2);

    let answer = hub_json(
        &client,
        &emu.urls,
        UPDATE_STATE,
        json!({"ids": [new[0]], "state": "Read"}),
    )
    .await;
    assert_eq!(answer.json(), json!({"success": true}));
    // Form bodies bind too.
    let form = post_form(
        &client,
        &format!("{}{UPDATE_STATE}", emu.urls.hub),
        &[("ids".into(), new[1].to_string()), ("state".into(), "Cleared".into())],
    )
    .await;
    assert_eq!(form.json(), json!({"success": true}));
    let bad = hub_json(
        &client,
        &emu.urls,
        UPDATE_STATE,
        json!({"ids": [new[0]], "state": "Gone"}),
    )
    .await;
    assert_eq!(bad.json(), json!({"success": false}));

    let after = list(&hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await);
    let state = |id: i64| after.iter().find(|n| n["id"] == json!(id)).map(|n| n["state"].clone());
    assert_eq!(state(new[0]), Some(json!("Read")));
    assert_eq!(state(new[1]), None, "cleared notifications leave the list");
    assert_eq!(after.len(), items.len() - 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn dead_session_gets_empty_200_or_relay() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    admin_post(&emu.urls, "/admin/expire-sessions", None).await;
    let list = hub_json(&client, &emu.urls, GET_NOTIFICATIONS, json!({})).await;
    assert_eq!(
        (list.status, list.body.as_str()),
        (200, ""),
        "GetNotifications: empty 200"
    );
    let app = post_empty(&client, &format!("{}{APP_DATA}", emu.urls.hub)).await;
    app.assert_login_relay();
    assert_eq!(
        app.location.as_deref(),
        Some("/Authentication/Authentication/Login?ReturnUrl=%2FNotificationApp%2FNotificationApp%2FappData")
    );
    hub_json(&client, &emu.urls, UPDATE_STATE, json!({"ids": [1], "state": "Read"}))
        .await
        .assert_login_relay();
    // Never logged in at all: the same answers.
    let stranger = browser();
    let page = hub_json(&stranger, &emu.urls, GET_NOTIFICATIONS, json!({})).await;
    assert_eq!((page.status, page.body.as_str()), (200, ""));
    emu.shutdown().await;
}
