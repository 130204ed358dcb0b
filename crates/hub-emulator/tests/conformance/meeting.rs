//! Utvecklingssamtal: the recorded availability read (protocol §4.10), the designed booking API
//! (`docs/protocol-extensions.md`) with its refusal codes and deadlines, the box rule for `meeting` in
//! homeData, and 100 guardians racing for one slot.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::support::*;

const AVAILABILITIES: &str = "/Home/meeting/GetPupilAvailabilities";
const BOOKINGS: &str = "/meeting/meeting/GetBookings";
const BOOK: &str = "/meeting/meeting/Book";
const REBOOK: &str = "/meeting/meeting/Rebook";
const CANCEL: &str = "/meeting/meeting/Cancel";

const AVAILABILITY_FIELDS: [&str; 11] = [
    "availabilityId",
    "date",
    "timeFrom",
    "stringDate",
    "timeRange",
    "registeredBy",
    "meetingType",
    "location",
    "meetingId",
    "meetingLink",
    "bookingsCloseBefore",
];

async fn availabilities(client: &reqwest::Client, urls: &hub_emulator::Urls) -> Vec<Value> {
    let body = hub_json(client, urls, AVAILABILITIES, json!({})).await.json();
    assert_keys(&body, &["totalCount", "totalPages", "availabilities"]);
    let list = body["availabilities"].as_array().unwrap().clone();
    assert_eq!(body["totalCount"], json!(list.len()));
    list
}

fn refused_with(answer: &Value, code: &str) {
    assert_eq!(answer["success"], json!(false), "{answer}");
    let note = &answer["notifications"][0];
    assert_keys(note, &["type", "title", "message", "code"]);
    assert_eq!(note["type"], "Error");
    assert_eq!(note["code"], code, "{answer}");
    assert!(!note["message"].as_str().unwrap().is_empty());
}

async fn apps_of(client: &reqwest::Client, urls: &hub_emulator::Urls) -> Vec<String> {
    app_codes(&home_data(&home(client, urls).await.body))
}

#[tokio::test]
async fn availabilities_have_the_recorded_shape_and_follow_the_box_rule() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    assert!(
        !apps_of(&client, &emu.urls).await.contains(&"meeting".to_owned()),
        "Elsa has no slots"
    );
    hub_json(&client, &emu.urls, AVAILABILITIES, json!({}))
        .await
        .assert_module_disabled();

    switch_to(&client, &emu.urls, "Nils").await;
    assert!(apps_of(&client, &emu.urls).await.contains(&"meeting".to_owned()));
    let slots = availabilities(&client, &emu.urls).await;
    assert!(slots.len() >= 2);
    for s in &slots {
        assert_keys(s, &AVAILABILITY_FIELDS);
        assert!(s["meetingId"].is_null());
        assert!(s["availabilityId"].is_i64());
        assert!(is_local_iso(s["date"].as_str().unwrap()) && is_local_iso(s["bookingsCloseBefore"].as_str().unwrap()));
        let range = s["timeRange"].as_str().unwrap();
        assert!(
            range.starts_with(&format!("{} - ", s["timeFrom"].as_str().unwrap())),
            "{range}"
        );
        assert_eq!(s["registeredBy"], "Jonas Berg");
    }
    assert!(slots.iter().any(|s| s["meetingLink"].is_string()), "one digital talk");
    let app = post_empty(&client, &format!("{}/meeting/meeting/appData", emu.urls.hub))
        .await
        .json();
    assert_eq!(app["canBook"], json!(true));
    for key in ["getPupilAvailabilities", "getBookings", "book", "rebook", "cancel"] {
        assert!(app["urls"][key].is_string(), "urls.{key}");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn book_rebook_and_cancel() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    switch_to(&client, &emu.urls, "Nils").await;
    let slots = availabilities(&client, &emu.urls).await;
    let (first, second) = (slots[0]["availabilityId"].clone(), slots[1]["availabilityId"].clone());

    let booked = hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": first}))
        .await
        .json();
    assert_eq!(booked["success"], json!(true), "{booked}");
    let meeting_id = booked["meetingId"].as_i64().expect("meetingId");
    let after = availabilities(&client, &emu.urls).await;
    let mine = after.iter().find(|s| s["availabilityId"] == first).unwrap();
    assert_eq!(mine["meetingId"], json!(meeting_id));

    let bookings = hub_json(&client, &emu.urls, BOOKINGS, json!({})).await.json();
    let b = &bookings["bookings"][0];
    assert_keys(
        b,
        &[
            "meetingId",
            "availabilityId",
            "date",
            "timeFrom",
            "timeTo",
            "stringDate",
            "timeRange",
            "location",
            "meetingType",
            "meetingLink",
            "teacherName",
            "bookedBy",
            "canChange",
            "canCancel",
            "changeDeadline",
        ],
    );
    assert_eq!(b["bookedBy"], hub_emulator::demo::GUARDIAN_NAME);
    assert_eq!(
        (b["canChange"].clone(), b["canCancel"].clone()),
        (json!(true), json!(true))
    );
    let app = post_empty(&client, &format!("{}/meeting/meeting/appData", emu.urls.hub))
        .await
        .json();
    assert_eq!(app["canBook"], json!(false));

    refused_with(
        &hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": second}))
            .await
            .json(),
        "AlreadyBooked",
    );
    refused_with(
        &hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": first}))
            .await
            .json(),
        "AlreadyBooked",
    );
    refused_with(
        &hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": 1}))
            .await
            .json(),
        "NotFound",
    );
    assert_eq!(
        hub_json(&client, &emu.urls, BOOK, json!({})).await.status,
        500,
        "missing parameter"
    );

    // Rebook moves the booking atomically, form-encoded works as for other hub actions.
    let moved = post_form(
        &client,
        &format!("{}{REBOOK}", emu.urls.hub),
        &[
            ("meetingId".into(), meeting_id.to_string()),
            ("availabilityId".into(), second.to_string()),
        ],
    )
    .await
    .json();
    assert_eq!(moved["success"], json!(true), "{moved}");
    let after = availabilities(&client, &emu.urls).await;
    assert!(after.iter().find(|s| s["availabilityId"] == first).unwrap()["meetingId"].is_null());
    assert_eq!(
        after.iter().find(|s| s["availabilityId"] == second).unwrap()["meetingId"],
        json!(meeting_id)
    );

    // The family hears about it.
    let notes = hub_json(
        &client,
        &emu.urls,
        "/NotificationApp/NotificationApp/GetNotifications",
        json!({}),
    )
    .await
    .json();
    assert!(
        notes["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["appType"] == "ParentMeeting"
                && n["title"] == "Utvecklingssamtal bokat för Nils"
                && n["state"] == "New")
    );

    let cancelled = hub_json(&client, &emu.urls, CANCEL, json!({"meetingId": meeting_id}))
        .await
        .json();
    assert_eq!(cancelled["success"], json!(true));
    assert_eq!(
        hub_json(&client, &emu.urls, BOOKINGS, json!({})).await.json(),
        json!({"bookings": []})
    );
    refused_with(
        &hub_json(&client, &emu.urls, CANCEL, json!({"meetingId": meeting_id}))
            .await
            .json(),
        "NotFound",
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn deadlines_close_booking_and_cancelling() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    switch_to(&client, &emu.urls, "Nils").await;
    let closed = admin_post(
        &emu.urls,
        "/admin/meeting-slots",
        Some(json!({"className": "5A", "date": "2020-03-02", "timeFrom": "08:00", "timeTo": "08:20", "closesAt": "2020-02-28T23:59:00"})),
    )
    .await;
    let closed_id = closed["availabilityId"].clone();
    assert!(
        !availabilities(&client, &emu.urls)
            .await
            .iter()
            .any(|s| s["availabilityId"] == closed_id),
        "closed slots are not offered"
    );
    refused_with(
        &hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": closed_id}))
            .await
            .json(),
        "BookingClosed",
    );

    let slot = availabilities(&client, &emu.urls).await[0]["availabilityId"].clone();
    let meeting_id = hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": slot}))
        .await
        .json()["meetingId"]
        .clone();
    assert!(meeting_id.is_i64());

    // Forty days on every free slot has closed; the booking keeps the box.
    admin_post(
        &emu.urls,
        "/admin/clock",
        Some(json!({"advanceSeconds": 40 * 24 * 3600})),
    )
    .await;
    login_guardian(&client, &emu.urls).await;
    switch_to(&client, &emu.urls, "Nils").await;
    assert!(apps_of(&client, &emu.urls).await.contains(&"meeting".to_owned()));
    let listed = availabilities(&client, &emu.urls).await;
    assert_eq!(listed.len(), 1, "only the booked slot: {listed:?}");
    let b = hub_json(&client, &emu.urls, BOOKINGS, json!({})).await.json();
    assert_eq!(b["bookings"][0]["canCancel"], json!(false));
    refused_with(
        &hub_json(&client, &emu.urls, CANCEL, json!({"meetingId": meeting_id}))
            .await
            .json(),
        "CancelClosed",
    );
    refused_with(
        &hub_json(
            &client,
            &emu.urls,
            REBOOK,
            json!({"meetingId": meeting_id, "availabilityId": closed_id}),
        )
        .await
        .json(),
        "CancelClosed",
    );

    // Without a booking and without open slots the box and its endpoints are gone.
    admin_post(
        &emu.urls,
        "/admin/meeting-slots/remove",
        Some(json!({"availabilityId": slot})),
    )
    .await;
    assert!(!apps_of(&client, &emu.urls).await.contains(&"meeting".to_owned()));
    hub_json(&client, &emu.urls, AVAILABILITIES, json!({}))
        .await
        .assert_module_disabled();
    hub_json(&client, &emu.urls, BOOK, json!({"availabilityId": closed_id}))
        .await
        .assert_module_disabled();
    emu.shutdown().await;
}

#[tokio::test]
async fn hundred_guardians_race_for_one_slot() {
    let emu = start().await;
    let karin = browser();
    let page = login_guardian(&karin, &emu.urls).await;
    let nils_id = pupils(&home_data(&page.body))
        .iter()
        .find(|p| p["name"] == "Björklund, Nils")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = admin_post(
        &emu.urls,
        "/admin/guardians",
        Some(json!({"pupilId": nils_id, "count": 100})),
    )
    .await;
    let usernames: Vec<String> = added["usernames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(usernames.len(), 100);
    let password = added["password"].as_str().unwrap().to_owned();

    // 100 separate logins (separate accounts, so the one-session rule ends none of them).
    let mut logins = JoinSet::new();
    for username in usernames {
        let urls = emu.urls.clone();
        let password = password.clone();
        logins.spawn(async move {
            let client = browser();
            let home = login(&client, &urls, &username, &password).await;
            assert_eq!(selected_name(&home_data(&home.body)), "Björklund, Nils");
            client
        });
    }
    let clients: Vec<reqwest::Client> = logins.join_all().await;
    let slot = availabilities(&clients[0], &emu.urls).await[2]["availabilityId"].clone();

    let barrier = Arc::new(Barrier::new(clients.len()));
    let mut attempts = JoinSet::new();
    for client in clients {
        let urls = emu.urls.clone();
        let barrier = Arc::clone(&barrier);
        let slot = slot.clone();
        attempts.spawn(async move {
            barrier.wait().await;
            hub_json(&client, &urls, BOOK, json!({"availabilityId": slot}))
                .await
                .json()
        });
    }
    let answers = attempts.join_all().await;
    let winners: Vec<&Value> = answers.iter().filter(|a| a["success"] == json!(true)).collect();
    assert_eq!(winners.len(), 1, "exactly one booking succeeds");
    for loser in answers.iter().filter(|a| a["success"] != json!(true)) {
        let code = loser["notifications"][0]["code"].as_str().unwrap();
        assert!(["AlreadyBooked", "SlotTaken"].contains(&code), "{loser}");
    }
    let rows = reqwest::get(format!("{}/admin/meeting-bookings", emu.urls.admin))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let rows = rows["bookings"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "one row in the database: {rows:?}");
    assert_eq!(rows[0]["availabilityId"], slot);
    assert_eq!(rows[0]["meetingId"], winners[0]["meetingId"]);
    assert_eq!(rows[0]["pupilId"], json!(nils_id));

    // Karin (still logged in) sees the booking the winner made.
    switch_to(&karin, &emu.urls, "Nils").await;
    let bookings = hub_json(&karin, &emu.urls, BOOKINGS, json!({})).await.json();
    assert_eq!(bookings["bookings"].as_array().unwrap().len(), 1);
    emu.shutdown().await;
}
