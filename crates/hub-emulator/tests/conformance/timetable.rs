//! Schema (protocol §4.4): the module is off in the Lekeberg demo (Edlevo) and answers like a disabled module;
//! once the school turns it on, `gettimetablelist` takes form or JSON `{UTCOffset, start, end}` and returns a
//! bare array of Lesson, and appData a five-school-day window.

use chrono::{Datelike as _, NaiveDate, TimeDelta};
use serde_json::{Value, json};

use crate::support::*;

const LIST: &str = "/timetable/timetable/gettimetablelist";
const APP_DATA: &str = "/timetable/timetable/appData";

fn date_of(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&iso[..10], "%Y-%m-%d").unwrap_or_else(|e| panic!("{iso}: {e}"))
}

#[tokio::test]
async fn timetable_is_gated_then_reads_lessons_in_both_body_styles() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    let maja = pupil_id(&client, urls, "Maja").await;

    // Off in the demo: the hub's disabled-module answer, and no tile.
    switch_to(&client, urls, "Maja").await;
    assert!(!app_codes(&home_data(&home(&client, urls).await.body)).contains(&"timetable".to_owned()));
    hub_form(&client, urls, LIST, &[("start", "2026-09-07"), ("end", "2026-09-11")])
        .await
        .assert_module_disabled();

    set_module(urls, &maja, "timetable", true).await;
    assert!(app_codes(&home_data(&home(&client, urls).await.body)).contains(&"timetable".to_owned()));

    // appData: a rolling window of five school days with the lessons in it; date parameters are ignored.
    let app = hub_json(&client, urls, APP_DATA, json!({ "start": "2001-01-01" }))
        .await
        .json();
    assert_keys(
        &app,
        &[
            "items",
            "minDate",
            "maxDate",
            "startingHour",
            "endingHour",
            "numberOfDays",
            "shortDatePattern",
            "appendRoomNameToTitle",
            "translations",
        ],
    );
    assert_eq!(app["numberOfDays"], 5);
    let (min, max) = (app["minDate"].as_str().unwrap(), app["maxDate"].as_str().unwrap());
    assert!(is_local_iso(min) && is_local_iso(max), "{min} {max}");
    let (first, last) = (date_of(min), date_of(max));
    assert!(first.weekday().number_from_monday() <= 5);
    assert!((last - first).num_days() >= 4 && (last - first).num_days() <= 6);
    let items = app["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        let day = date_of(item["start"].as_str().unwrap());
        assert!(day >= first && day <= last, "{item}");
    }

    // A week well ahead, form-encoded as EP/DM/AN send it.
    let monday = first - TimeDelta::days(i64::from(first.weekday().num_days_from_monday())) + TimeDelta::weeks(3);
    let friday = monday + TimeDelta::days(4);
    let (from, to) = (monday.to_string(), (friday + TimeDelta::days(2)).to_string());
    let form = hub_form(
        &client,
        urls,
        LIST,
        &[("UTCOffset", "-120"), ("start", &from), ("end", &to)],
    )
    .await
    .json();
    let lessons = form.as_array().expect("a bare array");
    assert!(!lessons.is_empty());
    let lesson = &lessons[0];
    assert_keys(
        lesson,
        &[
            "start",
            "end",
            "title",
            "startTime",
            "endTime",
            "notes",
            "allDay",
            "establishmentName",
            "details",
        ],
    );
    assert_keys(&lesson["notes"], &["roomInfo", "timetableNotes", "tutors"]);
    assert_eq!(lesson["allDay"], false);
    let mut previous = String::new();
    for l in lessons {
        let (start, end) = (l["start"].as_str().unwrap(), l["end"].as_str().unwrap());
        assert!(is_local_iso(start) && is_local_iso(end), "{l}");
        assert!(start < end && start >= previous.as_str(), "lessons in time order: {l}");
        assert_eq!(&start[11..16], l["startTime"].as_str().unwrap());
        assert_eq!(&end[11..16], l["endTime"].as_str().unwrap());
        let day = date_of(start);
        assert!(day >= monday && day <= friday, "no weekend lessons: {l}");
        previous = start.to_owned();
    }
    assert!(lessons.iter().any(|l| l["title"] == "Lunch"), "breaks are lessons");
    assert!(
        lessons
            .iter()
            .any(|l| l["notes"]["tutors"] == "Ekström, Sara" && l["title"] == "Matematik"),
        "tutors are \"Efternamn, Förnamn\""
    );

    // The same request as JSON (C14/CG) gives the same answer; slashes in dates are accepted too.
    let as_json = hub_json(
        &client,
        urls,
        LIST,
        json!({ "UTCOffset": 60, "start": monday.format("%Y/%m/%d").to_string(), "end": to }),
    )
    .await
    .json();
    assert_eq!(as_json, form);

    // The class pattern repeats: the week after has the same lessons, a week later.
    let next: Vec<Value> = hub_json(
        &client,
        urls,
        LIST,
        json!({ "start": (monday + TimeDelta::weeks(1)).to_string(), "end": (friday + TimeDelta::weeks(1)).to_string() }),
    )
    .await
    .json()
    .as_array()
    .unwrap()
    .clone();
    let titles = |ls: &[Value]| ls.iter().map(|l| l["title"].clone()).collect::<Vec<_>>();
    assert_eq!(titles(&next), titles(lessons));

    // The seeded note on the next school day's first lesson.
    let soon = hub_json(
        &client,
        urls,
        LIST,
        json!({ "start": first.to_string(), "end": (first + TimeDelta::days(7)).to_string() }),
    )
    .await
    .json();
    assert!(
        soon.as_array()
            .unwrap()
            .iter()
            .any(|l| l["notes"]["timetableNotes"] == "Lektionen hålls i biblioteket."),
        "{soon}"
    );

    // Another child's class has another timetable.
    let nils = pupil_id(&client, urls, "Nils").await;
    set_module(urls, &nils, "timetable", true).await;
    switch_to(&client, urls, "Nils").await;
    let nils_week = hub_json(&client, urls, LIST, json!({ "start": from, "end": to }))
        .await
        .json();
    assert_ne!(nils_week, form);
    assert!(
        nils_week
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["notes"]["tutors"] != "Ekström, Sara")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn timetable_bad_input_fails_like_the_hub() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    let elsa = pupil_id(&client, urls, "Elsa").await;
    set_module(urls, &elsa, "timetable", true).await;

    // Missing or unreadable dates and absurd ranges: HTTP 500, like getentries without dates.
    for body in [
        json!({}),
        json!({ "start": "2026-09-07" }),
        json!({ "start": "i morgon", "end": "2026-09-11" }),
        json!({ "start": "2026-02-30", "end": "2026-03-02" }),
        json!({ "start": "2020-01-01", "end": "2026-01-01" }),
    ] {
        assert_eq!(hub_json(&client, urls, LIST, body.clone()).await.status, 500, "{body}");
    }
    let not_object = client
        .post(format!("{}{LIST}", urls.hub))
        .header("Content-Type", "application/json")
        .body("[1, 2]")
        .send()
        .await
        .unwrap();
    assert_eq!(not_object.status().as_u16(), 500);
    // End before start is an empty week, not an error.
    let empty = hub_json(
        &client,
        urls,
        LIST,
        json!({ "start": "2026-09-11", "end": "2026-09-07" }),
    )
    .await
    .json();
    assert_eq!(empty, json!([]));

    // Turning the module off again gates it again; a dead session gets the login relay.
    set_module(urls, &elsa, "timetable", false).await;
    hub_json(&client, urls, APP_DATA, json!({}))
        .await
        .assert_module_disabled();
    set_module(urls, &elsa, "timetable", true).await;
    admin_post(urls, "/admin/expire-sessions", None).await;
    hub_json(&client, urls, APP_DATA, json!({})).await.assert_login_relay();

    // The admin toggle rejects unknown pupils and modules.
    let admin = plain_client();
    for body in [
        json!({ "pupilId": "0000000000", "codeName": "timetable", "enabled": true }),
        json!({ "pupilId": elsa, "codeName": "nosuchapp", "enabled": true }),
    ] {
        let resp = admin
            .post(format!("{}/admin/apps", urls.admin))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{body}");
    }
    let resp = admin
        .post(format!("{}/admin/apps", urls.admin))
        .json(&json!({ "pupilId": elsa }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    emu.shutdown().await;
}
