//! Meddelanden (protocol §4.11): `GetMessages` form-encoded (SX/FM) and JSON (DX), scoped to the selected child,
//! with paging that always reports `page:0`; `GetMessage` with body and recipients, marking the message read;
//! notifications `MessageCreated` pointing at `/#/communication/messages/<id>`.

use serde_json::{Value, json};

use crate::support::*;

const LIST: &str = "/Message/message/GetMessages";
const ONE: &str = "/Message/message/GetMessage";

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().expect("items").clone()
}

#[tokio::test]
async fn messages_per_child_with_read_state() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;

    // Elsa is selected after login: SX's form body.
    let form = [
        ("page", "1"),
        ("pageSize", "100"),
        ("messageText", ""),
        ("inbox", "true"),
        ("sentItems", "false"),
    ];
    let elsa = hub_form(&client, urls, LIST, &form).await.json();
    assert_keys(&elsa, &["items", "more", "page"]);
    assert_eq!(elsa["page"], 0);
    assert_eq!(elsa["more"], false);
    let list = items(&elsa);
    assert_eq!(list.len(), 2);
    for m in &list {
        assert_keys(
            m,
            &[
                "id",
                "messageContextType",
                "sentUser",
                "isNew",
                "messageSubject",
                "timeSent",
            ],
        );
        assert_keys(&m["sentUser"], &["id", "displayName"]);
        assert!(m["id"].is_i64() && m["sentUser"]["id"].is_i64());
        let sent = m["timeSent"].as_str().unwrap();
        assert!(chrono::NaiveDate::parse_from_str(sent, "%Y-%m-%d").is_ok(), "{sent}");
    }
    assert!(
        list[0]["timeSent"].as_str() >= list[1]["timeSent"].as_str(),
        "newest first"
    );
    assert_eq!(list[0]["isNew"], true);
    assert_eq!(list[1]["isNew"], false);
    assert_eq!(list[0]["sentUser"]["displayName"], "Lena Holm");

    // Opening it gives body, recipients and folder, and marks it read.
    let id = list[0]["id"].as_i64().unwrap();
    let one = hub_form(&client, urls, ONE, &[("id", &id.to_string())]).await.json();
    assert_keys(
        &one,
        &[
            "id",
            "messageContextType",
            "sentUser",
            "isNew",
            "messageSubject",
            "timeSent",
            "messageBodyPlainText",
            "toUsers",
            "messageFolder",
        ],
    );
    assert!(one["messageBodyPlainText"].as_str().unwrap().contains("fritids"));
    assert!(
        !one["messageBodyPlainText"].as_str().unwrap().contains('<'),
        "plain text"
    );
    assert_eq!(one["messageFolder"], "Inbox");
    let to = one["toUsers"].as_array().unwrap();
    assert_eq!(to.len(), 1);
    assert_eq!(to[0]["displayName"], "Karin Björklund");
    let again = items(&hub_json(&client, urls, LIST, json!({ "page": 1 })).await.json());
    assert_eq!(again[0]["id"], id);
    assert_eq!(again[0]["isNew"], false);

    // Another child's messages are not reachable while Elsa is selected.
    switch_to(&client, urls, "Maja").await;
    let maja = items(&hub_json(&client, urls, LIST, json!({})).await.json());
    assert_eq!(maja.len(), 2, "the guardian sees the two messages to guardians");
    let maja_ids: Vec<i64> = maja.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(!maja_ids.contains(&id));
    assert_eq!(hub_json(&client, urls, ONE, json!({ "id": id })).await.status, 500);

    // Search, paging (page stays 0, `more` tells), and the empty sent folder.
    let prao = items(&hub_form(&client, urls, LIST, &[("messageText", "PRAO")]).await.json());
    assert_eq!(prao.len(), 2);
    let first = hub_json(&client, urls, LIST, json!({ "page": 1, "pageSize": 1 }))
        .await
        .json();
    assert_eq!(
        (items(&first).len(), &first["more"], &first["page"]),
        (1, &json!(true), &json!(0))
    );
    let second = hub_json(&client, urls, LIST, json!({ "page": 2, "pageSize": 1 }))
        .await
        .json();
    assert_eq!(second["more"], false);
    assert_ne!(items(&first)[0]["id"], items(&second)[0]["id"]);
    let beyond = hub_json(&client, urls, LIST, json!({ "page": 9, "pageSize": 1 }))
        .await
        .json();
    assert!(items(&beyond).is_empty());
    let sent = hub_form(&client, urls, LIST, &[("inbox", "false"), ("sentItems", "true")])
        .await
        .json();
    assert!(items(&sent).is_empty());

    // Notifications point at the messages, aggregated across children.
    let notes = hub_json(
        &client,
        urls,
        "/NotificationApp/NotificationApp/GetNotifications",
        json!({}),
    )
    .await
    .json();
    let message_notes: Vec<&Value> = notes["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "MessageCreated")
        .collect();
    assert!(message_notes.len() >= 4, "{message_notes:?}");
    for n in &message_notes {
        let url = n["url"].as_str().unwrap();
        assert!(
            url.strip_prefix("/#/communication/messages/")
                .is_some_and(|i| i.parse::<i64>().is_ok())
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn the_student_sees_messages_to_the_pupil_and_bad_input_fails() {
    let emu = start().await;
    let urls = &emu.urls;
    let student = browser();
    login(
        &student,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let own = items(&hub_json(&student, urls, LIST, json!({})).await.json());
    let subjects: Vec<&str> = own.iter().map(|m| m["messageSubject"].as_str().unwrap()).collect();
    assert!(subjects.contains(&"Teknikprojektet"), "{subjects:?}");
    assert!(
        !subjects.contains(&"Föräldramöte i 8C"),
        "guardian-only message: {subjects:?}"
    );
    assert!(
        own.iter().all(|m| m["isNew"] == true),
        "the student has read nothing yet"
    );

    for body in [json!({}), json!({ "id": "abc" }), json!({ "id": 424242 })] {
        assert_eq!(hub_json(&student, urls, ONE, body.clone()).await.status, 500, "{body}");
    }
    for body in [
        json!({ "pageSize": -5, "page": -1 }),
        json!({ "pageSize": 100000 }),
        json!({ "page": "x" }),
    ] {
        let page = hub_json(&student, urls, LIST, body.clone()).await;
        assert_eq!(page.status, 200, "{body}");
    }
    let bad = student
        .post(format!("{}{LIST}", urls.hub))
        .header("Content-Type", "application/json")
        .body("{\"page\":")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 500);

    admin_post(urls, "/admin/expire-sessions", None).await;
    hub_json(&student, urls, LIST, json!({})).await.assert_login_relay();
    emu.shutdown().await;
}
