//! Fritidsschema (protocol §4.5): the week read with every Day field, saving with the server's validation
//! (locked days, closed school, opening hours, end before start), day comments, and module gating (§5).

use serde_json::{Value, json};

use crate::support::*;

const GET: &str = "/TimeRegistration/TimeRegistration/GetTimeRegistrations/";
const SAVE: &str = "/TimeRegistration/TimeRegistration/SaveTimeRegistrations/";
const GET_COMMENTS: &str = "/TimeRegistration/TimeRegistration/GetComments/";
const SAVE_COMMENT: &str = "/TimeRegistration/TimeRegistration/SaveComment/";

const DAY_FIELDS: [&str; 14] = [
    "timeRegistrationId",
    "date",
    "startDateTime",
    "endDateTime",
    "onLeave",
    "isLocked",
    "isSchoolClosed",
    "schoolClosedReason",
    "canEdit",
    "schoolOpeningTime",
    "schoolClosingTime",
    "hasUnreadComments",
    "hasComments",
    "canEditComment",
];

async fn week(client: &reqwest::Client, urls: &hub_emulator::Urls, body: Value) -> Value {
    hub_json(client, urls, GET, body).await.json()
}

fn day_of(iso: &str) -> String {
    iso[..10].to_owned()
}

/// Days from last week to the week after next, in order.
async fn days_around(client: &reqwest::Client, urls: &hub_emulator::Urls) -> Vec<Value> {
    let current = week(client, urls, json!({})).await;
    let monday =
        chrono::NaiveDate::parse_from_str(&day_of(current["startDate"].as_str().unwrap()), "%Y-%m-%d").unwrap();
    let mut all = Vec::new();
    for offset in [-7i64, 0, 7, 14] {
        let date = monday + chrono::TimeDelta::days(offset);
        let w = week(client, urls, json!({ "date": format!("{date}T00:00:00") })).await;
        all.extend(w["days"].as_array().unwrap().iter().cloned());
    }
    all
}

/// The SaveDay a client sends for `day` with new times.
fn save_day(day: &Value, start: Option<&str>, end: Option<&str>) -> Value {
    let date = day_of(day["date"].as_str().unwrap());
    let mut d = day.clone();
    d["startDateTime"] = start.map_or(Value::Null, |t| json!(format!("{date}T{t}:00")));
    d["endDateTime"] = end.map_or(Value::Null, |t| json!(format!("{date}T{t}:00")));
    d["hasChanged"] = json!(true);
    d["registrationType"] = json!("TimeReg");
    d["commentText"] = json!("");
    d["isCommentUpdated"] = json!(false);
    d["commentId"] = json!(0);
    d
}

async fn save(client: &reqwest::Client, urls: &hub_emulator::Urls, days: Vec<Value>) -> Value {
    hub_json(client, urls, SAVE, json!({ "days": days, "series": null }))
        .await
        .json()
}

fn assert_refused(answer: &Value, needle: &str) {
    assert_eq!(answer["success"], json!(false), "{answer}");
    let notes = answer["notifications"].as_array().unwrap();
    assert!(!notes.is_empty());
    for n in notes {
        assert_keys(n, &["message", "title", "type"]);
        assert_eq!(n["type"], "Error");
    }
    assert!(
        notes.iter().any(|n| n["message"].as_str().unwrap().contains(needle)),
        "no message with {needle:?}: {answer}"
    );
}

#[tokio::test]
async fn week_has_every_day_field() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let current = week(&client, &emu.urls, json!({})).await;
    assert_keys(&current, &["startDate", "endDate", "days"]);
    let days = current["days"].as_array().unwrap();
    assert_eq!(days.len(), 5, "Monday to Friday");
    assert_eq!(current["startDate"], days[0]["date"]);
    assert_eq!(current["endDate"], days[4]["date"]);
    let monday =
        chrono::NaiveDate::parse_from_str(&day_of(current["startDate"].as_str().unwrap()), "%Y-%m-%d").unwrap();
    assert_eq!(chrono::Datelike::weekday(&monday), chrono::Weekday::Mon);
    for d in days {
        assert_keys(d, &DAY_FIELDS);
        assert!(is_local_iso(d["date"].as_str().unwrap()));
        assert!(d["timeRegistrationId"].as_i64().unwrap() > 0);
        assert_eq!(d["schoolOpeningTime"], "06:30");
        assert_eq!(d["schoolClosingTime"], "18:00");
        for key in ["startDateTime", "endDateTime"] {
            assert!(d[key].is_null() || is_local_iso(d[key].as_str().unwrap()), "{d}");
        }
        let blocked = d["isLocked"] == json!(true) || d["isSchoolClosed"] == json!(true);
        assert_eq!(d["canEdit"], json!(!blocked));
    }

    // Date variants of the clients: local, with milliseconds and Z, a form body.
    let wednesday = days[2]["date"].as_str().unwrap().to_owned();
    let date = day_of(&wednesday);
    for body in [
        json!({ "date": wednesday }),
        json!({ "date": format!("{date}T00:00:00.000Z") }),
        json!({ "date": date }),
    ] {
        assert_eq!(week(&client, &emu.urls, body.clone()).await, current, "{body}");
    }
    let form = post_form(
        &client,
        &format!("{}{GET}", emu.urls.hub),
        &[("date".into(), wednesday.clone())],
    )
    .await;
    assert_eq!(form.json(), current);

    // Last week: locked, with check-ins and comments; a studiedag is closed.
    let all = days_around(&client, &emu.urls).await;
    let last_week = &all[..5];
    assert!(
        last_week
            .iter()
            .all(|d| d["isLocked"] == json!(true) && d["canEdit"] == json!(false))
    );
    assert!(last_week.iter().any(|d| d["onLeave"] == json!(true)));
    assert!(all.iter().any(|d| d["hasUnreadComments"] == json!(true)));
    let closed = all
        .iter()
        .find(|d| d["isSchoolClosed"] == json!(true))
        .expect("a studiedag in range");
    assert_eq!(closed["schoolClosedReason"], "Studiedag");
    assert!(closed["startDateTime"].is_null());
    emu.shutdown().await;
}

#[tokio::test]
async fn save_validates_like_the_hub_and_persists() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let all = days_around(&client, &emu.urls).await;
    let open: Vec<&Value> = all.iter().filter(|d| d["canEdit"] == json!(true)).collect();
    assert!(open.len() >= 2, "editable days ahead");
    let (a, b) = (open[open.len() - 1], open[open.len() - 2]);
    let locked = all.iter().find(|d| d["isLocked"] == json!(true)).unwrap();
    let closed = all
        .iter()
        .find(|d| d["isSchoolClosed"] == json!(true) && d["isLocked"] == json!(false));

    assert_refused(
        &save(&client, &emu.urls, vec![save_day(a, Some("06:00"), Some("16:00"))]).await,
        "öppettider",
    );
    assert_refused(
        &save(&client, &emu.urls, vec![save_day(a, Some("07:00"), Some("18:30"))]).await,
        "öppettider",
    );
    assert_refused(
        &save(&client, &emu.urls, vec![save_day(a, Some("15:00"), Some("08:00"))]).await,
        "Sluttiden",
    );
    assert_refused(
        &save(&client, &emu.urls, vec![save_day(a, Some("08:00"), None)]).await,
        "både start- och sluttid",
    );
    assert_refused(
        &save(&client, &emu.urls, vec![save_day(locked, Some("08:00"), Some("15:00"))]).await,
        "låsta",
    );
    if let Some(closed) = closed {
        assert_refused(
            &save(&client, &emu.urls, vec![save_day(closed, Some("08:00"), Some("15:00"))]).await,
            "stängt",
        );
    }
    // One bad day spoils the request: nothing is saved.
    let mixed = save(
        &client,
        &emu.urls,
        vec![
            save_day(b, Some("09:00"), Some("13:00")),
            save_day(a, Some("05:00"), Some("13:00")),
        ],
    )
    .await;
    assert_refused(&mixed, "öppettider");
    let find = |days: &[Value], id: &Value| days.iter().find(|d| d["timeRegistrationId"] == *id).unwrap().clone();
    let after = days_around(&client, &emu.urls).await;
    assert_eq!(find(&after, &b["timeRegistrationId"]), *b, "no partial save");

    let ok = save(&client, &emu.urls, vec![save_day(a, Some("07:45"), Some("15:15"))]).await;
    assert_eq!(ok, json!({"success": true, "notifications": []}));
    let mut leave = save_day(b, None, None);
    leave["registrationType"] = json!("OnLeave");
    leave["onLeave"] = json!(true);
    assert_eq!(save(&client, &emu.urls, vec![leave]).await["success"], json!(true));

    let after = days_around(&client, &emu.urls).await;
    let saved = find(&after, &a["timeRegistrationId"]);
    let date = day_of(a["date"].as_str().unwrap());
    assert_eq!(saved["startDateTime"], json!(format!("{date}T07:45:00")));
    assert_eq!(saved["endDateTime"], json!(format!("{date}T15:15:00")));
    let on_leave = find(&after, &b["timeRegistrationId"]);
    assert_eq!(
        (on_leave["onLeave"].clone(), on_leave["startDateTime"].clone()),
        (json!(true), Value::Null)
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn comments_follow_parent_comment_id_and_locking() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let all = days_around(&client, &emu.urls).await;
    let commented: Vec<&Value> = all.iter().filter(|d| d["hasComments"] == json!(true)).collect();
    assert!(commented.len() >= 2);
    let mut saw_teacher = false;
    let mut saw_own = false;
    for day in &commented {
        let c = hub_json(
            &client,
            &emu.urls,
            GET_COMMENTS,
            json!({ "date": day_of(day["date"].as_str().unwrap()) }),
        )
        .await
        .json();
        assert_keys(
            &c,
            &[
                "date",
                "teacherComment",
                "teacherName",
                "teacherCommentDate",
                "userComment",
                "userName",
                "userCommentDate",
                "checkedIn",
                "checkedOut",
                "canEdit",
                "timesLockedBySchool",
                "parentCommentId",
                "checkInUserDisplayName",
                "checkOutUserDisplayName",
                "canEditComment",
            ],
        );
        assert_eq!(c["canEditComment"], json!(false), "past days are locked");
        assert_eq!(c["timesLockedBySchool"], json!(true));
        saw_teacher |= c["teacherComment"].is_string() && c["teacherName"] == "Lena Holm";
        if c["userComment"].is_string() {
            saw_own = true;
            assert!(c["parentCommentId"].is_i64());
            let refused = hub_json(
                &client,
                &emu.urls,
                SAVE_COMMENT,
                json!({"commentId": c["parentCommentId"], "commentText": "Ändrat", "timeRegistrationId": day["timeRegistrationId"]}),
            )
            .await
            .json();
            assert_refused(&refused, "låst");
        }
        assert!(
            c["checkedIn"].as_str().unwrap().len() == 5,
            "check-in HH:MM on a past day: {c}"
        );
    }
    assert!(saw_teacher && saw_own);
    // Reading marks the staff comment read.
    let again = days_around(&client, &emu.urls).await;
    assert!(again.iter().all(|d| d["hasUnreadComments"] == json!(false)));

    // A new comment on an open day, then an edit through parentCommentId, sent form-encoded like SX.
    let open = all.iter().rev().find(|d| d["canEditComment"] == json!(true)).unwrap();
    let date = day_of(open["date"].as_str().unwrap());
    let before = hub_json(&client, &emu.urls, GET_COMMENTS, json!({ "date": date }))
        .await
        .json();
    assert!(before["parentCommentId"].is_null() && before["userComment"].is_null());
    assert_eq!(before["canEditComment"], json!(true));
    let created = hub_json(
        &client,
        &emu.urls,
        SAVE_COMMENT,
        json!({"commentId": 0, "commentText": "Elsa går hem med Ebba.", "timeRegistrationId": open["timeRegistrationId"]}),
    )
    .await
    .json();
    assert_eq!(created, json!({"success": true, "notifications": []}));
    let mid = hub_json(
        &client,
        &emu.urls,
        GET_COMMENTS,
        json!({ "date": format!("{date}T00:00:00") }),
    )
    .await
    .json();
    assert_eq!(mid["userComment"], "Elsa går hem med Ebba.");
    assert_eq!(mid["userName"], hub_emulator::demo::GUARDIAN_NAME);
    let parent = mid["parentCommentId"].as_i64().unwrap();
    let edited = post_form(
        &client,
        &format!("{}{SAVE_COMMENT}", emu.urls.hub),
        &[
            ("commentId".into(), parent.to_string()),
            ("commentText".into(), "Elsa går hem med Ebbas pappa.".into()),
            ("timeRegistrationId".into(), open["timeRegistrationId"].to_string()),
        ],
    )
    .await
    .json();
    assert_eq!(edited["success"], json!(true));
    let end = hub_json(&client, &emu.urls, GET_COMMENTS, json!({ "date": date }))
        .await
        .json();
    assert_eq!(end["userComment"], "Elsa går hem med Ebbas pappa.");
    assert_eq!(end["parentCommentId"], json!(parent), "an edit keeps the comment");
    let foreign = hub_json(
        &client,
        &emu.urls,
        SAVE_COMMENT,
        json!({"commentId": 987654, "commentText": "x", "timeRegistrationId": open["timeRegistrationId"]}),
    )
    .await
    .json();
    assert_eq!(foreign["success"], json!(false));
    let missing = hub_json(&client, &emu.urls, GET_COMMENTS, json!({})).await;
    assert_eq!(missing.status, 500);
    emu.shutdown().await;
}

#[tokio::test]
async fn module_gating_and_expiry() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    assert_eq!(hub_json(&client, &emu.urls, GET, json!({})).await.status, 200);
    switch_to(&client, &emu.urls, "Nils").await;
    for path in [
        GET,
        SAVE,
        GET_COMMENTS,
        SAVE_COMMENT,
        "/timeregistration/timeregistration/appData",
    ] {
        let page = hub_json(&client, &emu.urls, path, json!({})).await;
        page.assert_module_disabled();
        assert!(
            page.location.as_deref().unwrap().contains("ReturnUrl="),
            "{:?}",
            page.location
        );
    }
    let page = hub_json(&client, &emu.urls, GET, json!({})).await;
    let landing = get(&client, &page.redirect_url()).await;
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("Behörighet saknas"));

    // The student account of a pupil without fritids is refused too.
    let student = browser();
    login(
        &student,
        &emu.urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    hub_json(&student, &emu.urls, GET, json!({}))
        .await
        .assert_module_disabled();

    // A dead session wins over gating: the login relay.
    switch_to(&client, &emu.urls, "Elsa").await;
    let app = post_empty(
        &client,
        &format!("{}/timeregistration/timeregistration/appData", emu.urls.hub),
    )
    .await
    .json();
    assert_eq!(app["currentCulture"], "sv-SE");
    assert!(app["urls"]["saveTimeRegistrations"].is_string());
    admin_post(&emu.urls, "/admin/expire-sessions", None).await;
    hub_json(&client, &emu.urls, GET, json!({})).await.assert_login_relay();
    hub_json(&student, &emu.urls, GET, json!({})).await.assert_login_relay();
    emu.shutdown().await;
}
