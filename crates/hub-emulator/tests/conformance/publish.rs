//! New content reaches clients through notifications (§4.1): news, calendar entries and messages published
//! through the admin API appear in the aggregated `GetNotifications` poll (with a `timestamp` too), addressed to
//! the right child, and the item itself is readable where the notification points.

use serde_json::{Value, json};

use crate::support::*;

const NOTIFICATIONS: &str = "/NotificationApp/NotificationApp/GetNotifications";

fn notes(v: &Value) -> Vec<Value> {
    v["notifications"].as_array().expect("notifications").clone()
}

async fn admin_status(urls: &hub_emulator::Urls, path: &str, body: Value) -> u16 {
    plain_client()
        .post(format!("{}{path}", urls.admin))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn published_content_creates_notifications_for_its_audience() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    let home = login_guardian(&client, urls).await;
    let data = home_data(&home.body);
    let source = |first: &str| {
        pupils(&data)
            .iter()
            .find(|p| p["name"].as_str().unwrap().ends_with(first))
            .unwrap()["hybridMappingId"]
            .clone()
    };
    let first = hub_json(&client, urls, NOTIFICATIONS, json!({})).await.json();
    let since = first["timestamp"].as_str().unwrap().to_owned();
    let before = notes(&first).len();

    // News for class 5A: one notification, about Nils, pointing at a news item in Nils's list.
    let news = admin_post(
        urls,
        "/admin/news",
        Some(json!({ "title": "Simskola på torsdag", "content": "<p>Ta med badkläder.</p>", "publishedBy": "Jonas Berg", "className": "5A" })),
    )
    .await;
    assert_eq!(news["notified"], 1, "{news}");
    let news_id = news["newsId"].as_i64().unwrap();
    let polled = hub_json(&client, urls, NOTIFICATIONS, json!({ "timestamp": since }))
        .await
        .json();
    let new: Vec<Value> = notes(&polled)
        .into_iter()
        .filter(|n| n["title"] == "Simskola på torsdag")
        .collect();
    assert_eq!(new.len(), 1);
    let n = &new[0];
    assert_eq!(n["appType"], "News");
    assert_eq!(n["type"], "NewsItem");
    assert_eq!(n["state"], "New");
    assert_eq!(n["subTitle"], "Jonas Berg");
    assert_eq!(n["url"], format!("/#/communication/news/{news_id}"));
    assert_eq!(n["pupilSourceId"], source("Nils"));
    assert!(is_local_iso(n["dateSent"].as_str().unwrap()));
    switch_to(&client, urls, "Nils").await;
    let list = hub_json(
        &client,
        urls,
        "/Communication/News/GetNewsList",
        json!({ "pageSize": -1 }),
    )
    .await
    .json();
    let first_item = &list["items"][0];
    assert_eq!(first_item["id"], news_id, "newest first");
    assert_eq!(first_item["title"], "Simskola på torsdag");
    switch_to(&client, urls, "Elsa").await;
    let elsa_news = hub_json(&client, urls, "/Communication/News/GetNewsList", json!({}))
        .await
        .json();
    assert!(
        elsa_news["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["id"] != news_id)
    );

    // A school-wide calendar entry: the guardian once per child, and Maja's student account.
    let entry = admin_post(
        urls,
        "/admin/calendar",
        Some(json!({ "title": "Skolfotografering", "date": "2030-03-12", "startTime": "08:30", "endTime": "12:00" })),
    )
    .await;
    assert_eq!(entry["notified"], 4, "{entry}");
    let entry_id = entry["entryId"].as_i64().unwrap();
    let all = notes(&hub_json(&client, urls, NOTIFICATIONS, json!({})).await.json());
    let cal: Vec<&Value> = all.iter().filter(|n| n["title"] == "Skolfotografering").collect();
    assert_eq!(cal.len(), 3);
    for n in &cal {
        assert_eq!(n["appType"], "CalendarV2");
        assert_eq!(
            n["url"],
            format!("/#/calendarv2/whole_week?selectedYear=2030&selectedWeek=11&eventId={entry_id}")
        );
    }
    let entries = hub_json(
        &client,
        urls,
        "/calendarv2/calendarv2/getentries",
        json!({ "startDate": "2030/03/12", "endDate": "2030/03/12" }),
    )
    .await
    .json();
    let found = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == entry_id)
        .expect("entry in the calendar");
    assert_eq!(found["startTime"], "08:30");

    // A message to Elsa's guardians.
    let elsa_id = pupil_id(&client, urls, "Elsa").await;
    let msg = admin_post(
        urls,
        "/admin/messages",
        Some(json!({ "pupilId": elsa_id, "subject": "Glömda vantar", "body": "Elsa har glömt sina vantar.", "senderName": "Lena Holm" })),
    )
    .await;
    assert_eq!(msg["notified"], 1);
    let message_id = msg["messageId"].as_i64().unwrap();
    let all = notes(&hub_json(&client, urls, NOTIFICATIONS, json!({})).await.json());
    let m = all
        .iter()
        .find(|n| n["title"] == "Glömda vantar")
        .expect("message notification");
    assert_eq!(m["type"], "MessageCreated");
    assert_eq!(m["url"], format!("/#/communication/messages/{message_id}"));
    assert_eq!(m["pupilSourceId"], source("Elsa"));
    let inbox = hub_json(&client, urls, "/Message/message/GetMessages", json!({}))
        .await
        .json();
    assert_eq!(inbox["items"][0]["id"], message_id);
    assert_eq!(inbox["items"][0]["isNew"], true);
    assert_eq!(all.len(), before + 1 + 3 + 1);

    // The student (Maja) got the school-wide entry but not the 5A news or Elsa's message.
    let student = browser();
    login(
        &student,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let own = notes(&hub_json(&student, urls, NOTIFICATIONS, json!({})).await.json());
    assert!(own.iter().any(|n| n["title"] == "Skolfotografering"));
    assert!(
        !own.iter()
            .any(|n| n["title"] == "Simskola på torsdag" || n["title"] == "Glömda vantar")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn publishing_rejects_bad_input_and_changes_nothing() {
    let emu = start().await;
    let urls = &emu.urls;
    for (path, body) in [
        ("/admin/news", json!({})),
        ("/admin/news", json!({ "title": "  " })),
        ("/admin/news", json!({ "title": "X", "className": "5A", "grade": 5 })),
        ("/admin/news", json!({ "title": "X", "bogus": 1 })),
        ("/admin/calendar", json!({ "title": "X", "date": "den 3:e" })),
        (
            "/admin/calendar",
            json!({ "title": "X", "date": "2030-01-01", "startTime": "10:00" }),
        ),
        (
            "/admin/calendar",
            json!({ "title": "X", "date": "2030-01-01", "startTime": "10:00", "endTime": "09:00" }),
        ),
        (
            "/admin/calendar",
            json!({ "title": "X", "date": "2030-01-01", "typeId": 999 }),
        ),
        (
            "/admin/messages",
            json!({ "pupilId": "5102376841", "subject": "X", "body": "" }),
        ),
        (
            "/admin/messages",
            json!({ "pupilId": "5102376841", "subject": "X", "body": "Y", "toGuardians": false }),
        ),
    ] {
        assert_eq!(admin_status(urls, path, body.clone()).await, 400, "{path} {body}");
    }
    for (path, body) in [
        ("/admin/news", json!({ "title": "X", "className": "9Z" })),
        (
            "/admin/messages",
            json!({ "pupilId": "0000000000", "subject": "X", "body": "Y" }),
        ),
    ] {
        assert_eq!(admin_status(urls, path, body.clone()).await, 404, "{path} {body}");
    }
    let client = browser();
    login_guardian(&client, urls).await;
    let all = notes(&hub_json(&client, urls, NOTIFICATIONS, json!({})).await.json());
    assert!(all.iter().all(|n| n["title"] != "X"), "nothing was published");
    emu.shutdown().await;
}

#[tokio::test]
async fn reset_forgets_published_content_module_switches_and_read_state() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    let elsa = pupil_id(&client, urls, "Elsa").await;
    set_module(urls, &elsa, "timetable", true).await;
    admin_post(urls, "/admin/news", Some(json!({ "title": "Före återställning" }))).await;
    let inbox = hub_json(&client, urls, "/Message/message/GetMessages", json!({}))
        .await
        .json();
    let unread = inbox["items"][0]["id"].clone();
    assert_eq!(inbox["items"][0]["isNew"], true);
    hub_json(&client, urls, "/Message/message/GetMessage", json!({ "id": unread }))
        .await
        .json();

    admin_post(urls, "/admin/reset", None).await;
    let client = browser();
    login_guardian(&client, urls).await;
    assert!(!app_codes(&home_data(&home(&client, urls).await.body)).contains(&"timetable".to_owned()));
    let all = notes(&hub_json(&client, urls, NOTIFICATIONS, json!({})).await.json());
    assert!(all.iter().all(|n| n["title"] != "Före återställning"));
    let inbox = hub_json(&client, urls, "/Message/message/GetMessages", json!({}))
        .await
        .json();
    assert_eq!(inbox["items"][0]["id"], unread);
    assert_eq!(inbox["items"][0]["isNew"], true, "read state is part of the seed again");
    emu.shutdown().await;
}
