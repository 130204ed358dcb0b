//! Kalender (protocol §4.3): `getentries` with both date formats and its 500 without dates, the exact
//! CalendarEntry fields, attachments, appData, and the iCal subscription URI with its RFC 5545 feed.

use chrono::{Datelike as _, NaiveDate, TimeDelta, Utc, Weekday};
use serde_json::{Value, json};

use crate::support::*;

const ENTRIES: &str = "/calendarv2/calendarv2/getentries";

const FIELDS: [&str; 20] = [
    "id",
    "o365EventId",
    "googleEventId",
    "title",
    "text",
    "description",
    "calendarEntryTypeId",
    "isAllDayEvent",
    "startDateFull",
    "endDateFull",
    "startDate",
    "endDate",
    "formattedStartDate",
    "formattedEndDate",
    "startTime",
    "endTime",
    "hasAttachments",
    "subjects",
    "courses",
    "url",
];

fn range(fmt: &str) -> Value {
    let today = Utc::now().date_naive();
    json!({
        "startDate": (today - TimeDelta::days(40)).format(fmt).to_string(),
        "endDate": (today + TimeDelta::days(60)).format(fmt).to_string(),
    })
}

fn entries(page: &Page) -> Vec<Value> {
    page.json().as_array().expect("getentries answers a bare array").clone()
}

fn titles(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect()
}

fn swedish_short(d: NaiveDate) -> String {
    let day = match d.weekday() {
        Weekday::Mon => "mån",
        Weekday::Tue => "tis",
        Weekday::Wed => "ons",
        Weekday::Thu => "tors",
        Weekday::Fri => "fre",
        Weekday::Sat => "lör",
        Weekday::Sun => "sön",
    };
    let month = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ][d.month0() as usize];
    format!("{day} {:02} {month}", d.day())
}

#[tokio::test]
async fn entries_have_every_field_and_follow_the_pupil() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let elsa = entries(&hub_json(&client, &emu.urls, ENTRIES, range("%Y/%m/%d")).await);
    assert!(!elsa.is_empty());
    for e in &elsa {
        assert_keys(e, &FIELDS);
        let start = e["startDateFull"].as_str().unwrap();
        assert!(
            is_local_iso(start) && is_local_iso(e["endDateFull"].as_str().unwrap()),
            "{e}"
        );
        assert_eq!(e["startDate"].as_str().unwrap(), &start[..10]);
        let date = NaiveDate::parse_from_str(&start[..10], "%Y-%m-%d").unwrap();
        assert_eq!(e["formattedStartDate"], json!(swedish_short(date)));
        assert!(e["o365EventId"].is_null() && e["googleEventId"].is_null());
        assert_eq!(e["courses"], json!([]));
        if e["isAllDayEvent"] == json!(true) {
            assert_eq!((e["startTime"].as_str(), e["endTime"].as_str()), (Some(""), Some("")));
        } else {
            assert_eq!(e["startTime"].as_str().unwrap(), &start[11..16]);
        }
    }
    let names = titles(&elsa);
    assert!(names.iter().filter(|t| *t == "Studiedag").count() >= 1, "{names:?}");
    assert!(names.iter().any(|t| t.ends_with("lov")), "a lov: {names:?}");
    assert!(names.contains(&"Biblioteksbesök".to_owned()));
    assert!(
        !names.iter().any(|t| t.starts_with("Nationellt prov")),
        "grade-5/8 tests are not Elsa's"
    );

    // The ISO date format and a GET with a query string give the same answer.
    let iso = entries(&hub_json(&client, &emu.urls, ENTRIES, range("%Y-%m-%d")).await);
    assert_eq!(iso, elsa);
    let q = range("%Y-%m-%d");
    let got = get(
        &client,
        &format!(
            "{}{ENTRIES}?startDate={}&endDate={}",
            emu.urls.hub,
            q["startDate"].as_str().unwrap(),
            q["endDate"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(entries(&got), elsa);

    switch_to(&client, &emu.urls, "Nils").await;
    let nils = entries(&hub_json(&client, &emu.urls, ENTRIES, range("%Y/%m/%d")).await);
    let names = titles(&nils);
    assert!(
        names.contains(&"Nationellt prov i matematik, åk 5".to_owned()),
        "{names:?}"
    );
    let trip = nils.iter().find(|e| e["title"] == "Utflykt till Kilsbergen").unwrap();
    assert_eq!(trip["hasAttachments"], json!(true));
    assert_eq!(trip["isAllDayEvent"], json!(false));
    assert!(
        trip["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"].is_i64() && s["title"].is_string())
    );

    switch_to(&client, &emu.urls, "Maja").await;
    let maja = entries(&hub_json(&client, &emu.urls, ENTRIES, range("%Y/%m/%d")).await);
    assert!(titles(&maja).contains(&"Nationellt prov i engelska, åk 8".to_owned()));
    assert!(
        maja.iter()
            .any(|e| e["url"].as_str().is_some_and(|u| u.starts_with("/task/show/")))
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn missing_dates_fail_with_500() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    for body in [
        json!({}),
        json!({"startDate": "2026/01/01"}),
        json!({"startDate": "igår", "endDate": "imorgon"}),
    ] {
        let page = hub_json(&client, &emu.urls, ENTRIES, body.clone()).await;
        assert_eq!(page.status, 500, "{body}");
        assert!(page.body.contains("Server Error"), "an HTML error page");
    }
    let empty = post_empty(&client, &format!("{}{ENTRIES}", emu.urls.hub)).await;
    assert_eq!(empty.status, 500);
    emu.shutdown().await;
}

#[tokio::test]
async fn attachments_and_app_data() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    switch_to(&client, &emu.urls, "Nils").await;
    let nils = entries(&hub_json(&client, &emu.urls, ENTRIES, range("%Y/%m/%d")).await);
    let trip = nils.iter().find(|e| e["hasAttachments"] == json!(true)).unwrap();
    let att = hub_json(
        &client,
        &emu.urls,
        "/calendarv2/calendarv2/getattachments",
        json!({"id": trip["id"]}),
    )
    .await
    .json();
    let first = &att[0];
    assert_keys(first, &["title", "url", "fileType"]);
    assert_eq!(first["fileType"], "txt");
    let url = first["url"].as_str().unwrap();
    assert!(url.starts_with("/Resources/Resource/Download/"), "{url}");
    let file = client.get(format!("{}{url}", emu.urls.hub)).send().await.unwrap();
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"Packlista utflykt Kilsbergen.txt\"",
        "an ASCII name needs no filename*"
    );
    assert!(file.text().await.unwrap().contains("Packlista"));
    // A string id (ML) works too.
    let as_string = hub_json(
        &client,
        &emu.urls,
        "/calendarv2/calendarv2/getattachments",
        json!({"id": trip["id"].to_string()}),
    )
    .await
    .json();
    assert_eq!(as_string, att);

    // Elsa cannot read 5A's attachments.
    switch_to(&client, &emu.urls, "Elsa").await;
    let none = hub_json(
        &client,
        &emu.urls,
        "/calendarv2/calendarv2/getattachments",
        json!({"id": trip["id"]}),
    )
    .await;
    assert_eq!(none.json(), json!([]));

    let app = post_empty(
        &client,
        &format!(
            "{}/calendarv2/calendarv2/appData?codename=calendarv2&tab=whole_week&_=1",
            emu.urls.hub
        ),
    )
    .await
    .json();
    assert!(is_local_iso(app["todayDate"].as_str().unwrap()));
    for t in app["calendarEntryTypes"].as_array().unwrap() {
        assert_keys(t, &["id", "name", "colour", "className", "isCustomType"]);
    }
    for key in [
        "getEntries",
        "getAttachments",
        "exportCalendar",
        "getEstablishmentLogo",
        "getIcalSubscriptionUri",
        "getO365EventDescription",
    ] {
        assert!(app["urls"][key].is_string(), "urls.{key}");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn ical_subscription_serves_an_rfc5545_feed() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let page = post_empty(
        &client,
        &format!("{}/calendarv2/calendarv2/geticalsubscriptionuri", emu.urls.hub),
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.starts_with("\"webcal://"),
        "a JSON-quoted string: {}",
        page.body
    );
    let uri: String = serde_json::from_str(&page.body).unwrap();
    assert!(uri.contains("/V1/CalendarV2/IcalSubscription/Subscription/"), "{uri}");
    let again: String = page_json_string(&client, &emu.urls).await;
    assert_eq!(again, uri, "one subscription per account and pupil");

    // Calendar apps fetch the feed without cookies.
    let http = uri.replacen("webcal://", "http://", 1);
    install_tls_provider();
    let resp = reqwest::get(&http).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = resp.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        ics.matches('\n').count(),
        ics.matches("\r\n").count(),
        "CRLF line endings only"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "folded lines: {line}");
    }
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"));
    assert!(ics.contains("SUMMARY:Studiedag\r\n"));
    assert!(ics.contains("DTSTART;VALUE=DATE:"));
    assert!(ics.contains("DTSTART;TZID=Europe/Stockholm:"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), ics.matches("END:VEVENT").count());
    for block in ics.split("BEGIN:VEVENT").skip(1) {
        for prop in ["UID:", "DTSTAMP:", "DTSTART", "SUMMARY:"] {
            assert!(block.contains(prop), "VEVENT without {prop}");
        }
    }
    let unknown = reqwest::get(format!(
        "{}/V1/CalendarV2/IcalSubscription/Subscription/00000000-0000-0000-0000-000000000000",
        emu.urls.hub
    ))
    .await
    .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    emu.shutdown().await;
}

async fn page_json_string(client: &reqwest::Client, urls: &hub_emulator::Urls) -> String {
    let page = post_empty(
        client,
        &format!("{}/CalendarV2/CalendarV2/GetIcalSubscriptionUri", urls.hub),
    )
    .await;
    serde_json::from_str(&page.body).unwrap()
}

#[tokio::test]
async fn dead_session_relays() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    admin_post(&emu.urls, "/admin/expire-sessions", None).await;
    hub_json(&client, &emu.urls, ENTRIES, range("%Y/%m/%d"))
        .await
        .assert_login_relay();
    emu.shutdown().await;
}
